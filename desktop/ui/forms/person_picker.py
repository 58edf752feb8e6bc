"""Choosing people from all participants: search as you type (off the GUI thread),
select one or several, confirm. Used to add enrolments, team members and attendees."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.core.text import N_
from desktop.i18n import _
from desktop.ui.language import Retranslating
from desktop.ui.models.record_table import Column, RecordTableModel
from desktop.ui.search_box import SearchBox

PICKER_COLUMNS = [
    Column("full_name_th", N_("Full name"), tooltip_key="full_name_en"),
    Column("position", N_("Position")),
    Column("agency_name", N_("Agency")),
]


class PersonPicker(Retranslating, QDialog):
    """``PersonPicker(services, tasks)``; after ``exec()``, ``chosen()`` lists the
    selected people's records."""

    def __init__(self, services: Any, tasks: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.ui.screens.participants import record_table, size_columns
        self.setObjectName("person-picker")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.search = SearchBox(N_("Search by name, position, agency or phone"))
        layout.addWidget(self.search)
        self.model = RecordTableModel(services.persons, PICKER_COLUMNS, self, tasks=tasks)
        self.table = record_table(self.model, "people")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        size_columns(self.table, (28, 26, None))
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.search.search_changed.connect(self.model.set_search)
        self.table.activated.connect(lambda _index: self.accept())
        self.retranslate()
        self.model.reload()
        self.search.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Choose people"))
        self.hint.setText(_("Type part of a name, then select one or more people "
                            "(Ctrl or Shift for several) and press OK."))
        self.table.setAccessibleName(_("Participants"))
        self.model.retranslate()

    def chosen(self) -> list[dict[str, Any]]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [r for r in (self.model.record(row) for row in rows) if r is not None]
