"""A tab of a record form holding one list of parts (``ChildTableModel``): the table,
buttons to add people (through the picker) or remove a row, and the last problem."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
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

from desktop.i18n import _
from desktop.ui.forms.child_table import ChildColumn, ChildDelegate, ChildTableModel, Defaults
from desktop.ui.forms.person_picker import PersonPicker
from desktop.ui.language import Retranslating


class PersonNames:
    """Display names of people by id, read once each."""

    def __init__(self, services: Any) -> None:
        self.services, self.names = services, {}

    def __call__(self, record: dict[str, Any]) -> str:
        person_id = record.get("person_id")
        if person_id and person_id not in self.names:
            try:
                self.names[person_id] = self.services.persons.get(person_id)["full_name_th"]
            except Exception:  # noqa: BLE001 - a name that cannot be read shows empty
                self.names[person_id] = ""
        return self.names.get(person_id, "") if person_id else ""


class ChildPanel(Retranslating, QWidget):
    wrote = Signal(str)

    def __init__(self, services: Any, service: Any, owner_field: str, columns: list[ChildColumn],
                 name: str, tasks: Any = None, people: bool = False, stretch: int = 0,
                 defaults: Defaults | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.tasks, self.people = services, tasks, people
        self.setObjectName(f"part-{name}")
        self.model = ChildTableModel(service, owner_field, columns, self, adding=not people, defaults=defaults)
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = QTableView()
        self.table.setObjectName(name)
        self.table.setModel(self.model)
        self.table.setItemDelegate(ChildDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        bar = QHBoxLayout()
        self.problem = QLabel()
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        bar.addWidget(self.problem, 1)
        self.add_button = QPushButton()
        self.add_button.setObjectName("add-people")
        self.add_button.setVisible(people)
        self.add_button.clicked.connect(self.add_people)
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("remove-row")
        self.remove_button.clicked.connect(self.remove_selected)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        layout.addLayout(bar)
        self.model.problem.connect(self.problem.setText)
        self.model.wrote.connect(self.wrote.emit)
        self.set_owner(None)
        self.retranslate()

    def retranslate(self) -> None:
        owned = self.model.owner_id is not None
        if not owned:
            self.note.setText(_("Save the record first (Apply), then add its details here."))
        elif self.people:
            self.note.setText(_("Add people with “Add people…”; double-click a cell to change it."))
        else:
            self.note.setText(_("Type in the last row to add; double-click a cell to change it. "
                                "Changes are saved at once."))
        self.add_button.setText(_("&Add people…"))
        self.remove_button.setText(_("&Remove row"))
        self.model.retranslate()

    def set_owner(self, record: dict[str, Any] | None) -> None:
        self.model.set_owner(record["id"] if record else None)
        for widget in (self.table, self.add_button, self.remove_button):
            widget.setEnabled(record is not None)
        self.retranslate()
        self.fit_columns()

    def fit_columns(self) -> None:
        """Columns as wide as their contents (within limits); the stretching one takes the rest."""
        for column in range(len(self.model.columns)):
            if self.table.horizontalHeader().sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch:
                self.table.resizeColumnToContents(column)
                self.table.setColumnWidth(column, min(max(self.table.columnWidth(column), 90), 260))

    def add_people(self) -> list[dict[str, Any]]:
        picker = PersonPicker(self.services, self.tasks, self)
        if not picker.exec():
            return []
        return self.add_persons(picker.chosen())

    def add_persons(self, people: list[dict[str, Any]]) -> list[dict[str, Any]]:
        have = {row.get("person_id") for row in self.model.rows}
        made = []
        for person in people:
            if person["id"] not in have:
                made.append(self.model.create({"person_id": person["id"]}))
        made = [m for m in made if m]
        if made:
            self.fit_columns()      # the names were not there when the columns were sized
        return made

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.model.remove(rows[0].row())


def person_column(names: PersonNames, title: str) -> ChildColumn:
    return ChildColumn("person_id", title, "readonly", show=names)

