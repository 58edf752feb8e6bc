"""Projects and their challenges, filtered by phase, status and province."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from desktop.core.enums import Phase, ProjectStatus
from desktop.core.text import N_
from desktop.i18n import _
from desktop.ui.forms.choices import province_choices
from desktop.ui.forms.fields import enum_text
from desktop.ui.forms.project_form import ProjectForm
from desktop.ui.forms.widgets import agency_choices
from desktop.ui.context import UiContext
from desktop.ui.models.record_table import Column
from desktop.ui.screens.record_list import FilterSpec, RecordListScreen

PROJECT_COLUMNS = [
    Column("code", N_("Code")),
    Column("title_th", N_("Title"), tooltip_key="title_en"),
    Column("phase", N_("Phase"), format=lambda v: enum_text(Phase, v)),
    Column("status", N_("Status"), format=lambda v: enum_text(ProjectStatus, v)),
    Column("lead_agency_name", N_("Lead agency")),
]


class ProjectsScreen(RecordListScreen):
    KEY = "projects"
    SERVICE = "projects"
    COLUMNS = PROJECT_COLUMNS
    COLUMN_CHARS = (9, None, 22, 12, 30)
    FILTERS = (
        FilterSpec("phase", N_("Phase"), Phase),
        FilterSpec("status", N_("Status"), ProjectStatus),
        FilterSpec("area_code", N_("Province"), choices=province_choices),
        FilterSpec("lead_agency_id", N_("Lead agency"), choices=agency_choices),
    )
    HEADING = N_("Projects")
    NEW = N_("&New project")
    SEARCH = N_("Search projects by title or code")
    DELETE_TITLE = N_("Delete project")
    DELETE_QUESTION = N_("Move {name} to the trash? You can restore it from the Trash screen.")
    EMPTY = N_("No projects yet. Add the first one with “New project” (Ctrl+N).")
    NO_MATCH = N_("No project matches the search or filters.")
    KINDS = ("project", "agency", "team_member", "stakeholder", "action_item", "artefact")
    FORM = ProjectForm

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.export_button = QPushButton()
        self.export_button.setObjectName("export-sheet")
        self.add_button(self.export_button)
        self.export_button.clicked.connect(self.export_sheet)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "export_button"):
            self.export_button.setText(_("Export to Excel…"))
            self.export_button.setToolTip(_("Save every project as an Excel or CSV list (Ctrl+E)"))

    def export_sheet(self) -> None:
        from desktop.ui.sheet_export import export_sheet
        export_sheet(self.context, "projects", self)
