"""Taking attendance quickly: a grid of people by sessions, driven by the keyboard.

Arrow keys move; P, L, A, E, O (or 1-5, or the same keys on a Thai Kedmanee keyboard,
or ม ส ข ล อ for มา สาย ขาด ลา ออนไลน์) mark present, late, absent, excused or online and
move down to the next person; Space cycles through the statuses. Marks are saved a moment
after the last key, off the GUI thread, in one call per session."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.thai_order import person_sort_key
from desktop.i18n import _
from desktop.ui.forms.person_picker import PersonPicker
from desktop.ui.language import Retranslating
from desktop.ui.messages import error_text
from desktop.ui.models.attendance_grid import AttendanceGridModel

SAVE_DELAY_MS = 600
KEYS = {
    "present": "pP1ยมๅ", "late": "lL2ส/", "absent": "aA3ฟข-", "excused": "eE4ำลภ", "online": "oO5นอถ",
}
STATUS_OF_TEXT = {ch: status for status, chars in KEYS.items() for ch in chars}
STATUS_OF_KEY = {Qt.Key.Key_P: "present", Qt.Key.Key_L: "late", Qt.Key.Key_A: "absent",
                 Qt.Key.Key_E: "excused", Qt.Key.Key_O: "online", Qt.Key.Key_1: "present",
                 Qt.Key.Key_2: "late", Qt.Key.Key_3: "absent", Qt.Key.Key_4: "excused",
                 Qt.Key.Key_5: "online"}


class AttendanceView(QTableView):
    marked = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        plain = not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        status = STATUS_OF_TEXT.get(event.text()) or STATUS_OF_KEY.get(Qt.Key(event.key()))
        model = self.model()
        if index.isValid() and plain and event.key() == Qt.Key.Key_Space:
            model.cycle(index.row(), index.column())
            self.marked.emit()
            return
        if index.isValid() and plain and status:
            model.set_status(index.row(), index.column(), status)
            self.marked.emit()
            if index.row() + 1 < model.rowCount():
                self.setCurrentIndex(model.index(index.row() + 1, index.column()))
            return
        super().keyPressEvent(event)


class AttendancePanel(Retranslating, QWidget):
    wrote = Signal(str)
    loaded = Signal()
    saved = Signal()

    def __init__(self, services: Any, tasks: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.tasks = services, tasks
        self.activity: dict[str, Any] | None = None
        self.setObjectName("part-attendance")
        layout = QVBoxLayout(self)
        self.help = QLabel()
        self.help.setWordWrap(True)
        layout.addWidget(self.help)
        self.model = AttendanceGridModel(self)
        self.view = AttendanceView()
        self.view.setObjectName("attendance-grid")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setMinimumSectionSize(110)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 12)
        layout.addWidget(self.view, 1)
        bar = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("attendance-summary")
        self.state = QLabel()
        self.state.setObjectName("attendance-state")
        self.add_button = QPushButton()
        self.add_button.setObjectName("add-attendees")
        self.add_button.clicked.connect(self.add_people)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.state)
        bar.addWidget(self.add_button)
        layout.addLayout(bar)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.view.marked.connect(self._marked)
        self._state = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.help.setText(_("Arrow keys move. P, L, A, E, O (or 1-5) mark present, late, absent, "
                            "excused or online and go to the next person; Space cycles. "
                            "Marks are saved automatically."))
        self.add_button.setText(_("&Add people…"))
        self.view.setAccessibleName(_("Attendance"))
        self.model.retranslate()
        self._show_summary()
        self._show_state(self._state)

    # -- loading -------------------------------------------------------------------
    def set_owner(self, activity: dict[str, Any] | None) -> None:
        self.activity = activity
        self.add_button.setEnabled(activity is not None)
        self.reload()

    def reload(self) -> None:
        if self.activity is None:
            self.model.load([], [], {})
            self._show_summary()
            return
        services, activity = self.services, dict(self.activity)

        def read() -> tuple[list[tuple[str, str]], list[dict[str, Any]], dict[str, dict[str, str]]]:
            grid = services.attendance.grid(activity["id"])
            ids = list(grid["marks"])
            if activity.get("cohort_id"):
                ids += [e["person_id"] for e in services.enrollments.list(
                    filters={"cohort_id": activity["cohort_id"]}).rows]
            people = {}
            for person_id in dict.fromkeys(ids):
                try:
                    people[person_id] = services.persons.get(person_id)
                except Exception:  # noqa: BLE001, S112 - a person deleted since: left out
                    continue
            # The order of the Participants list: first then last name, not the title.
            ordered = sorted(people.items(), key=lambda item: (
                person_sort_key(item[1].get("first_name_th"), item[1].get("last_name_th")), str(item[0])))
            return [(pid, p["full_name_th"]) for pid, p in ordered], grid["sessions"], grid["marks"]

        if self.tasks is None:
            self._loaded(read())
        else:
            self.tasks.run(read, self._loaded, self._failed, key=f"attendance-{id(self)}")

    def _loaded(self, result: tuple) -> None:
        # A reload may finish while marks are being typed: the cursor stays on the same
        # person and session (rows and columns may have moved), or the next key marks
        # someone else.
        current, model = self.view.currentIndex(), self.model
        person = model.people[current.row()][0] if 0 <= current.row() < len(model.people) else None
        session = model.sessions[current.column()]["id"] if 0 <= current.column() < len(model.sessions) else None
        model.load(*result)
        self._show_summary()
        if model.rowCount() and model.columnCount():
            rows = [pid for pid, _name in model.people]
            columns = [s["id"] for s in model.sessions]
            row = rows.index(person) if person in rows else min(max(current.row(), 0), len(rows) - 1)
            column = columns.index(session) if session in columns else min(max(current.column(), 0), len(columns) - 1)
            self.view.setCurrentIndex(model.index(row, column))
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self._show_state("failed", error_text(error))

    def add_people(self) -> int:
        picker = PersonPicker(self.services, self.tasks, self)
        if not picker.exec():
            return 0
        return self.add_persons(picker.chosen())

    def add_persons(self, people: list[dict[str, Any]]) -> int:
        added = self.model.add_people([(p["id"], p["full_name_th"]) for p in people])
        self._show_summary()
        return added

    # -- saving --------------------------------------------------------------------
    def _marked(self) -> None:
        self._show_summary()
        self._show_state("pending")
        self._timer.start()

    def flush(self) -> None:
        """Save the pending marks now (in the background, one call per session)."""
        self._timer.stop()
        pending = self.model.take_pending()
        if not pending:
            return
        attendance = self.services.attendance

        def write() -> int:
            return sum(attendance.mark(session_id, marks) for session_id, marks in pending.items())

        def done(_count: int) -> None:
            self.wrote.emit("attendance")
            self._show_state("saved")
            self.saved.emit()

        def failed(error: BaseException) -> None:
            self.model.restore_pending(pending)
            self._show_state("failed", error_text(error))

        self._show_state("saving")
        if self.tasks is None:
            try:
                done(write())
            except Exception as error:  # noqa: BLE001 - shown in the panel
                failed(error)
        else:
            self.tasks.run(write, done, failed, owner=self)

    def _show_state(self, state: str, detail: str = "") -> None:
        self._state = state
        try:
            texts = {"pending": _("Not saved yet…"), "saving": _("Saving…"), "saved": _("All marks saved."),
                     "failed": _("Not saved: {error}", error=detail), "": ""}
            self.state.setText(texts.get(state, ""))
            self.state.setProperty("role", "error" if state == "failed" else "")
        except RuntimeError:  # the panel was closed before the save finished
            pass

    def _show_summary(self) -> None:
        rate = self.model.rate()
        people, sessions = self.model.rowCount(), self.model.columnCount()
        text = _("{people} people, {sessions} sessions", people=people, sessions=sessions)
        if rate is not None:
            text += " · " + _("attendance rate {rate}%", rate=round(rate * 100))
        self.summary.setText(text)
