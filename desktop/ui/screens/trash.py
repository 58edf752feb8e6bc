"""The trash: deleted records, each of which can be restored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.text import N_
from desktop.i18n import _
from desktop.i18n.thai_dates import format_date
from desktop.ui.context import UiContext
from desktop.ui.language import Retranslating
from desktop.ui.messages import show_error
from desktop.ui.models.record_table import Column, RecordTableModel
from desktop.ui.screens.participants import record_table, size_columns


def deleted_when(value: Any) -> str:
    """When a record was deleted, in local time: 19 พฤษภาคม 2566 14:30."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    local = moment.replace(tzinfo=UTC).astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


TRASH_COLUMNS = [
    Column("full_name_th", N_("Full name")),
    Column("agency_name", N_("Agency")),
    Column("deleted_at", N_("Deleted on"), format=deleted_when),
]


class TrashScreen(Retranslating, QWidget):
    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("screen-trash")
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        bar = QHBoxLayout()
        self.section = QLabel()
        self.section.setStyleSheet("font-weight: bold;")
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restore")
        bar.addWidget(self.section)
        bar.addStretch(1)
        bar.addWidget(self.restore_button)
        layout.addLayout(bar)
        self.model = RecordTableModel(context.services.persons, TRASH_COLUMNS, self,
                                      tasks=context.tasks, deleted=True)
        self.table = record_table(self.model, "trash-persons")
        size_columns(self.table, (30, None, 24))
        layout.addWidget(self.table, 1)
        self.restore_button.clicked.connect(self.restore_selected)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)
        self.model.loaded.connect(lambda _total: self._show_section())
        self.model.failed.connect(lambda error: show_error(self, error))
        context.records_changed.connect(lambda kind: kind == "person" and self.model.reload())
        self.retranslate()
        self._selection_changed()
        self.model.reload()

    def retranslate(self) -> None:
        self.heading.setText(_("Trash"))
        self.note.setText(_("Deleted records stay here until you restore them. "
                            "A deletion also reaches headquarters at the next sync."))
        self.restore_button.setText(_("Restore"))
        self.model.retranslate()
        self._show_section()

    def activate(self) -> None:
        self.model.reload()

    def _show_section(self) -> None:
        total = self.model.total
        self.section.setText(_("Deleted participants: {count}", count=f"{total:,}"))

    def _selection_changed(self, *_args: Any) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        record = self.model.record(rows[0].row()) if rows else None
        if record is None:
            return
        try:
            self.context.services.persons.restore(record["id"])
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        self.context.changed("person")
