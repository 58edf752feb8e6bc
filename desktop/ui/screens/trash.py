"""The trash: deleted records, each of which can be restored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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
# Kind -> (service, msgid of the choice, name column, second column)
TRASH_KINDS = {
    "person": ("persons", N_("Participants"), TRASH_COLUMNS),
    "project": ("projects", N_("Projects"), [Column("title_th", N_("Title")), Column("lead_agency_name", N_("Lead agency")),
                                            Column("deleted_at", N_("Deleted on"), format=deleted_when)]),
    "activity": ("activities", N_("Activities"), [Column("title_th", N_("Title")), Column("organiser_name", N_("Organiser")),
                                                 Column("deleted_at", N_("Deleted on"), format=deleted_when)]),
    "course": ("courses", N_("Courses"), [Column("title_th", N_("Title")), Column("organiser_name", N_("Organiser")),
                                         Column("deleted_at", N_("Deleted on"), format=deleted_when)]),
    "cohort": ("cohorts", N_("Cohorts"), [Column("display_name_th", N_("Cohort")), Column("course_title_th", N_("Course")),
                                         Column("deleted_at", N_("Deleted on"), format=deleted_when)]),
    "agency": ("agencies", N_("Agencies"), [Column("name_th", N_("Name")), Column("parent_name", N_("Part of")),
                                           Column("deleted_at", N_("Deleted on"), format=deleted_when)]),
}


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
        self.kind = QComboBox()
        self.kind.setObjectName("trash-kind")
        for kind in TRASH_KINDS:
            self.kind.addItem("", kind)
        bar.addWidget(self.kind)
        self.section = QLabel()
        self.section.setStyleSheet("font-weight: bold;")
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restore")
        bar.addWidget(self.section)
        bar.addStretch(1)
        bar.addWidget(self.restore_button)
        layout.addLayout(bar)
        self.layout_ = layout
        self.table = None
        self._use_kind("person")
        self.restore_button.clicked.connect(self.restore_selected)
        self.kind.currentIndexChanged.connect(lambda _i: self._use_kind(self.kind.currentData()))
        context.records_changed.connect(lambda kind: kind == self.current_kind and self.model.reload())
        self.retranslate()

    def _use_kind(self, kind: str) -> None:
        """Show the deleted records of ``kind`` (a new model and table for its columns)."""
        self.current_kind = kind
        service, _title, columns = TRASH_KINDS[kind]
        self.model = RecordTableModel(getattr(self.context.services, service), columns, self,
                                      tasks=self.context.tasks, deleted=True)
        table = record_table(self.model, f"trash-{service}")
        size_columns(table, (30, None, 24))
        if self.table is not None:
            self.layout_.replaceWidget(self.table, table)
            self.table.deleteLater()
        else:
            self.layout_.addWidget(table, 1)
        self.table = table
        self.table.setAccessibleName(_(TRASH_KINDS[kind][1]))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)
        self.model.loaded.connect(lambda _total: self._show_section())
        self.model.failed.connect(lambda error: show_error(self, error))
        self._selection_changed()
        self.model.reload()

    def retranslate(self) -> None:
        self.heading.setText(_("Trash"))
        self.note.setText(_("Deleted records stay here until you restore them. "
                            "A deletion also reaches headquarters at the next sync."))
        self.restore_button.setText(_("Restore"))
        for row, (_service, title, _columns) in enumerate(TRASH_KINDS.values()):
            self.kind.setItemText(row, _(title))
        self.kind.setAccessibleName(_("Kind of record"))
        self.table.setAccessibleName(_(TRASH_KINDS[self.current_kind][1]))
        self.model.retranslate()
        self._show_section()

    def activate(self) -> None:
        self.model.reload()

    def _show_section(self) -> None:
        total = self.model.total
        if self.current_kind == "person":
            self.section.setText(_("Deleted participants: {count}", count=f"{total:,}"))
        else:
            self.section.setText(_("Deleted: {count}", count=f"{total:,}"))

    def _selection_changed(self, *_args: Any) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        record = self.model.record(rows[0].row()) if rows else None
        if record is None:
            return
        try:
            getattr(self.context.services, TRASH_KINDS[self.current_kind][0]).restore(record["id"])
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        self.context.changed(self.current_kind)
