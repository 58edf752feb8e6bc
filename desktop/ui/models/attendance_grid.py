"""Attendance as a grid: one row per person, one column per session of an activity, a
status (present, late, absent, excused, online) in each cell.

Marks set in the grid are kept as pending until ``take_pending()`` hands them over to be
saved, grouped by session (one ``attendance.mark`` call each)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.core.enums import AttendanceStatus, SessionPart
from desktop.i18n import _, translate_label
from desktop.i18n.thai_dates import format_date_short

Index = QModelIndex | QPersistentModelIndex
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3
STATUSES = tuple(AttendanceStatus)
COLOURS = {
    AttendanceStatus.PRESENT: "#d7f0dc", AttendanceStatus.LATE: "#fff1c2",
    AttendanceStatus.ABSENT: "#f8d3d3", AttendanceStatus.EXCUSED: "#e4e4f4",
    AttendanceStatus.ONLINE: "#d3e6f8",
}


def session_title(session: dict[str, Any]) -> str:
    day = session.get("day")
    text = format_date_short(date.fromisoformat(day[:10])) if day else ""
    try:
        part = translate_label(SessionPart(session["part"])) if session.get("part") else ""
    except ValueError:
        part = ""
    return f"{text}\n{part}".strip()


class AttendanceGridModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.people: list[tuple[str, str]] = []      # (person id, display name)
        self.sessions: list[dict[str, Any]] = []
        self.marks: dict[str, dict[str, str]] = {}   # person id -> session id -> status
        self.pending: dict[str, dict[str, str]] = {}  # session id -> person id -> status

    def load(self, people: list[tuple[str, str]], sessions: list[dict[str, Any]],
             marks: dict[str, dict[str, str]]) -> None:
        self.beginResetModel()
        self.people, self.sessions = list(people), list(sessions)
        self.marks = {p: dict(m) for p, m in marks.items()}
        for session_id, changes in self.pending.items():   # unsaved marks win
            for person_id, status in changes.items():
                self.marks.setdefault(person_id, {})[session_id] = status
        self.endResetModel()

    def add_people(self, people: list[tuple[str, str]]) -> int:
        have = {p for p, _name in self.people}
        new = [p for p in people if p[0] not in have]
        if new:
            self.beginInsertRows(QModelIndex(), len(self.people), len(self.people) + len(new) - 1)
            self.people.extend(new)
            self.endInsertRows()
        return len(new)

    def status(self, row: int, column: int) -> str | None:
        if not (0 <= row < len(self.people) and 0 <= column < len(self.sessions)):
            return None
        return self.marks.get(self.people[row][0], {}).get(self.sessions[column]["id"])

    def set_status(self, row: int, column: int, status: str) -> bool:
        if not (0 <= row < len(self.people) and 0 <= column < len(self.sessions)):
            return False
        status = AttendanceStatus(status).value
        if self.status(row, column) == status:
            return False
        person_id, session_id = self.people[row][0], self.sessions[column]["id"]
        self.marks.setdefault(person_id, {})[session_id] = status
        self.pending.setdefault(session_id, {})[person_id] = status
        index = self.index(row, column)
        self.dataChanged.emit(index, index)
        return True

    def cycle(self, row: int, column: int) -> bool:
        current = self.status(row, column)
        values = [s.value for s in STATUSES]
        following = values[(values.index(current) + 1) % len(values)] if current in values else values[0]
        return self.set_status(row, column, following)

    def take_pending(self) -> dict[str, dict[str, str]]:
        pending, self.pending = self.pending, {}
        return pending

    def restore_pending(self, pending: dict[str, dict[str, str]]) -> None:
        """Put back marks whose save failed, under any newer ones."""
        for session_id, changes in pending.items():
            merged = dict(changes)
            merged.update(self.pending.get(session_id, {}))
            self.pending[session_id] = merged

    def rate(self) -> float | None:
        """Share of marked cells that count as attending (present, late, online)."""
        marked = [s for m in self.marks.values() for s in m.values()]
        if not marked:
            return None
        attending = {AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ONLINE}
        return sum(1 for s in marked if s in attending) / len(marked)

    # -- Qt's model interface ------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sessions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        status = self.status(index.row(), index.column())
        if role == STATUS_ROLE:
            return status
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = translate_label(AttendanceStatus(status)) if status else ""
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{self.people[index.row()][1]}: {text or _('not marked')}"
            return text
        if role == Qt.ItemDataRole.BackgroundRole and status:
            return QColor(COLOURS[AttendanceStatus(status)])
        if role == Qt.ItemDataRole.ForegroundRole and status:
            return QColor("#1d1d1d")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.sessions):
                return None
            session = self.sessions[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return session.get("title") or None
            return session_title(session)
        return self.people[section][1] if 0 <= section < len(self.people) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def retranslate(self) -> None:
        if self.sessions:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.sessions) - 1)
        if self.people and self.sessions:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.people) - 1, len(self.sessions) - 1))
