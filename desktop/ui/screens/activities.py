"""Activities: workshops, meetings, site visits and training, with their sessions and
attendance (opened in the activity form)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from desktop.core.enums import ActivityMode, ActivityType
from desktop.core.text import N_
from desktop.i18n import _
from desktop.ui.forms.activity_form import ActivityForm
from desktop.ui.forms.choices import cohort_choices, project_choices
from desktop.ui.forms.fields import date_text, enum_text
from desktop.ui.models.record_table import Column
from desktop.ui.context import UiContext
from desktop.ui.screens.record_list import FilterSpec, RecordListScreen

ACTIVITY_COLUMNS = [
    Column("title_th", N_("Title"), tooltip_key="title_en"),
    Column("kind", N_("Type"), format=lambda v: enum_text(ActivityType, v)),
    Column("mode", N_("Mode"), format=lambda v: enum_text(ActivityMode, v)),
    Column("start_date", N_("Start date"), format=date_text),
    Column("organiser_name", N_("Organiser")),
]


class ActivitiesScreen(RecordListScreen):
    KEY = "activities"
    SERVICE = "activities"
    COLUMNS = ACTIVITY_COLUMNS
    COLUMN_CHARS = (None, 14, 10, 13, 34)
    FILTERS = (
        FilterSpec("kind", N_("Type"), ActivityType),
        FilterSpec("mode", N_("Mode"), ActivityMode),
        FilterSpec("project_id", N_("Project"), choices=project_choices),
        FilterSpec("cohort_id", N_("Cohort"), choices=cohort_choices),
    )
    HEADING = N_("Activities")
    NEW = N_("&New activity")
    SEARCH = N_("Search activities by title")
    DELETE_TITLE = N_("Delete activity")
    DELETE_QUESTION = N_("Move {name} to the trash? You can restore it from the Trash screen.")
    EMPTY = N_("No activities yet. Add the first one with “New activity” (Ctrl+N).")
    NO_MATCH = N_("No activity matches the search or filters.")
    KINDS = ("activity", "agency", "activity_session", "attendance")
    FORM = ActivityForm

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.import_button, self.export_button = QPushButton(), QPushButton()
        for name, button in (("import-sheet", self.import_button), ("export-sheet", self.export_button)):
            button.setObjectName(name)
            self.add_button(button)
        self.import_button.clicked.connect(self.import_sheet)
        self.export_button.clicked.connect(self.export_sheet)
        self.retranslate()
        self._selection_changed()

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "import_button"):
            self.import_button.setText(_("Import attendance from Excel…"))
            self.import_button.setToolTip(_("Record a session's attendance of the chosen activity from an Excel "
                                            "or CSV sign-in list (Ctrl+I)"))
            self.export_button.setText(_("Export attendance to Excel…"))
            self.export_button.setToolTip(_("Save the chosen activity's attendance as an Excel or CSV list (Ctrl+E)"))

    def _selection_changed(self, *_args: Any) -> None:
        super()._selection_changed()
        if hasattr(self, "import_button"):
            has = self.selected() is not None
            self.import_button.setEnabled(has)
            self.export_button.setEnabled(has)

    def import_sheet(self) -> None:
        activity = self.selected()
        if activity is None:
            QMessageBox.information(self, _("GovLab Desk"), _("Choose an activity first: the attendance is "
                                                             "recorded for one of its sessions."))
            return
        from desktop.ui.sheet_import_wizard import import_sheet
        import_sheet(self.context, "attendance", self, activity_id=activity["id"])

    def export_sheet(self) -> None:
        activity = self.selected()
        if activity is None:
            QMessageBox.information(self, _("GovLab Desk"), _("Choose an activity first: its attendance is "
                                                             "exported."))
            return
        from desktop.ui.sheet_export import export_sheet
        export_sheet(self.context, "attendance", self, activity_id=activity["id"])
