"""Creating and editing a project (โครงการ / โจทย์): the challenge, target area, phase and
status, dates and budget, indicators and results; its i Team, stakeholders, action plan
and design-thinking artefacts; its photos and documents."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QLineEdit

from desktop.core.enums import (
    ArtefactKind,
    Level,
    Phase,
    ProjectStatus,
    StakeholderKind,
)
from desktop.core.text import N_
from desktop.i18n import _
from desktop.ui.forms.attachments_panel import AttachmentsPanel
from desktop.ui.forms.child_panel import ChildPanel, PersonNames, person_column
from desktop.ui.forms.child_table import ChildColumn
from desktop.ui.forms.choices import cohort_choices
from desktop.ui.forms.fields import AreaPicker, DateEdit, EnumCombo, LongText
from desktop.ui.forms.record_form import RecordForm
from desktop.ui.forms.widgets import RecordPicker, agency_choices

STAKEHOLDER_COLUMNS = [
    ChildColumn("name", N_("Name")), ChildColumn("kind", N_("Kind"), "enum", StakeholderKind),
    ChildColumn("role", N_("Role or interest")), ChildColumn("interest", N_("Interest"), "enum", Level),
    ChildColumn("influence", N_("Influence"), "enum", Level),
]
ACTION_COLUMNS = [
    ChildColumn("activity", N_("Activity")), ChildColumn("responsible", N_("Responsible")),
    ChildColumn("due_date", N_("Due date"), "date"), ChildColumn("budget", N_("Budget (baht)")),
    ChildColumn("indicator", N_("Indicator")), ChildColumn("progress", N_("Progress (%)")),
]
ARTEFACT_COLUMNS = [
    ChildColumn("title", N_("Title")), ChildColumn("kind", N_("Kind"), "enum", ArtefactKind),
    ChildColumn("made_on", N_("Date"), "date"), ChildColumn("body", N_("Notes")),
]


class ProjectForm(RecordForm):
    service = "projects"
    TITLES: ClassVar[dict[str, str]] = {
        "code": N_("Code"), "title_th": N_("Title (Thai)"), "title_en": N_("Title (English)"),
        "topic": N_("Integration topic"), "problem": N_("Problem"), "target_group": N_("Target group"),
        "area_code": N_("Target area"), "lead_agency_id": N_("Lead agency"), "cohort_id": N_("Cohort"),
        "phase": N_("Phase"), "status": N_("Status"), "start_date": N_("Start date"),
        "end_date": N_("End date"), "budget": N_("Budget (baht)"), "indicators": N_("Indicators"),
        "results": N_("Results"), "lessons": N_("Lessons learned"),
    }
    REQUIRED = frozenset({"title_th"})
    NEW_TITLE = N_("New project")
    PROMPT = N_("Save the changes to this project?")

    def build(self) -> None:
        services = self.services
        self.add_field("code", QLineEdit())
        self.add_field("title_th", QLineEdit())
        self.add_field("title_en", QLineEdit())
        self.add_field("topic", QLineEdit())
        self.add_field("problem", LongText(3))
        self.add_field("target_group", QLineEdit())
        self.add_field("area_code", AreaPicker(services))
        self.add_field("lead_agency_id", RecordPicker()).set_choices(agency_choices(services))
        self.add_field("cohort_id", RecordPicker()).set_choices(cohort_choices(services))
        self.add_field("phase", EnumCombo(Phase))
        self.add_field("status", EnumCombo(ProjectStatus))
        self.add_field("start_date", DateEdit())
        self.add_field("end_date", DateEdit())
        self.add_field("budget", QLineEdit())
        self.add_field("indicators", LongText(3))
        self.add_field("results", LongText(3))
        self.add_field("lessons", LongText(2))
        names = PersonNames(services)
        team = [person_column(names, N_("Name")), ChildColumn("role", N_("Role in the team"))]
        self.team = self.add_part(ChildPanel(services, services.team_members, "project_id", team, "team",
                                             tasks=self.tasks, people=True, stretch=1), N_("i Team"))
        self.stakeholders = self.add_part(ChildPanel(services, services.stakeholders, "project_id",
                                                     STAKEHOLDER_COLUMNS, "stakeholders", stretch=2,
                                                     defaults={"kind": StakeholderKind.ORGANISATION.value}),
                                          N_("Stakeholders"))
        self.plan = self.add_part(ChildPanel(services, services.action_items, "project_id",
                                             ACTION_COLUMNS, "action-plan", stretch=0), N_("Action plan"))
        self.artefacts = self.add_part(ChildPanel(services, services.artefacts, "project_id",
                                                  ARTEFACT_COLUMNS, "artefacts", stretch=3,
                                                  defaults={"kind": ArtefactKind.INTERVIEW.value}), N_("Artefacts"))
        self.files = self.add_part(AttachmentsPanel(services, "project", self.tasks), N_("Photos and files"))

    def retranslate(self) -> None:
        super().retranslate()
        for name in ("start_date", "end_date"):
            self.editors[name].setPlaceholderText(_("dd/mm/yyyy (Buddhist Era)"))
        self.editors["budget"].setPlaceholderText(_("such as 150,000"))
