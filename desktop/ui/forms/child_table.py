"""The parts of a record that are lists of small records (sessions of an activity, the
action plan of a project, enrolments of a cohort...): an editable table that writes each
cell through its service as soon as it is edited. The last, empty row adds a record:
typing into it creates one (with the owner's id filled in).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate, QWidget

from desktop.core.errors import UserError
from desktop.i18n import _
from desktop.ui.forms.fields import date_text, enum_text
from desktop.ui.messages import error_text

Index = QModelIndex | QPersistentModelIndex
# Values a new row starts with: fixed, or from what was typed and the rows already there.
Defaults = dict[str, Any] | Callable[[dict[str, Any], list[dict[str, Any]]], dict[str, Any]]


@dataclass(frozen=True)
class ChildColumn:
    key: str
    title: str                           # msgid
    kind: str = "text"                   # text, date, enum, number, readonly
    enum: Any = None
    show: Callable[[dict[str, Any]], str] | None = None   # for readonly columns


class ChildTableModel(QAbstractTableModel):
    problem = Signal(str)     # a translated message, or "" once a write succeeded
    wrote = Signal(str)       # the kind written

    def __init__(self, service: Any, owner_field: str, columns: list[ChildColumn],
                 parent: Any = None, adding: bool = True, defaults: Defaults | None = None) -> None:
        super().__init__(parent)
        self.defaults = defaults if callable(defaults) else dict(defaults or {})
        self.service, self.owner_field, self.columns = service, owner_field, list(columns)
        self.adding = adding
        self.owner_id: str | None = None
        self.rows: list[dict[str, Any]] = []

    # -- loading -------------------------------------------------------------------
    def set_owner(self, owner_id: str | None) -> None:
        self.owner_id = owner_id
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = (self.service.list(filters={self.owner_field: self.owner_id}).rows
                     if self.owner_id else [])
        self.endResetModel()

    def record(self, row: int) -> dict[str, Any] | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # -- writing -------------------------------------------------------------------
    def create(self, values: dict[str, Any]) -> dict[str, Any] | None:
        if not self.owner_id:
            return None
        defaults = self.defaults(values, self.rows) if callable(self.defaults) else self.defaults
        try:
            made = self.service.create({**defaults, self.owner_field: self.owner_id, **values})
        except UserError as error:
            self.problem.emit(error_text(error))
            return None
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(made)
        self.endInsertRows()
        self._done()
        return made

    def remove(self, row: int) -> bool:
        record = self.record(row)
        if record is None:
            return False
        try:
            self.service.delete(record["id"])
        except UserError as error:
            self.problem.emit(error_text(error))
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()
        self._done()
        return True

    def _done(self) -> None:
        self.problem.emit("")
        self.wrote.emit(self.service.kind)

    # -- Qt's model interface ------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self.rows) + (1 if self.adding and self.owner_id else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        record = self.record(index.row())
        if record is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return _("(type here to add)")
            if role == Qt.ItemDataRole.ForegroundRole:
                return Qt.GlobalColor.gray
            return None
        value = record.get(column.key)
        if role == Qt.ItemDataRole.EditRole:
            return date_text(value) if column.kind == "date" else value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column.show is not None:
                return column.show(record)
            if column.kind == "date":
                return date_text(value)
            if column.kind == "enum":
                return enum_text(column.enum, value)
            return "" if value is None else str(value)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.columns[index.column()]
        value = value.strip() if isinstance(value, str) else value
        value = None if value == "" else value
        record = self.record(index.row())
        if record is None:
            return value is not None and self.create({column.key: value}) is not None
        if value == record.get(column.key) or (column.kind == "date" and value == date_text(record.get(column.key))):
            return False
        try:
            updated = self.service.update(record["id"], {column.key: value})
        except UserError as error:
            self.problem.emit(error_text(error))
            return False
        self.rows[index.row()] = updated
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.columns) - 1))
        self._done()
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section].title) if 0 <= section < len(self.columns) else None
        return str(section + 1) if 0 <= section < len(self.rows) else ("+" if section == len(self.rows) else None)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self.columns[index.column()].kind != "readonly":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(self.columns) - 1))


class ChildDelegate(QStyledItemDelegate):
    """Editors by column kind: a drop-down of labels for closed vocabularies, a line
    edit for the rest (dates typed as 19/05/2566)."""

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        column = index.model().columns[index.column()]
        if column.kind == "enum":
            combo = QComboBox(parent)
            combo.addItem("", None)
            for member in column.enum:
                combo.addItem(enum_text(column.enum, member.value), member.value)
            return combo
        editor = QLineEdit(parent)
        if column.kind == "date":
            editor.setPlaceholderText(_("dd/mm/yyyy (Buddhist Era)"))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        else:
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        value = editor.currentData() if isinstance(editor, QComboBox) else editor.text()
        model.setData(index, value, Qt.ItemDataRole.EditRole)
