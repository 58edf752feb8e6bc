"""Creating and editing a course, and a cohort of it (ประจำปี 2566 รุ่นที่ 1) with its
enrolments: people added through the picker, their group, role and completion."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtWidgets import QLineEdit

from desktop.core.enums import Completion, EnrollmentRole
from desktop.core.text import N_
from desktop.i18n import _
from desktop.ui.forms.attachments_panel import AttachmentsPanel
from desktop.ui.forms.child_panel import ChildPanel, PersonNames, person_column
from desktop.ui.forms.child_table import ChildColumn
from desktop.ui.forms.choices import course_choices, programme_choices
from desktop.ui.forms.fields import DateEdit, LongText
from desktop.ui.forms.record_form import RecordForm
from desktop.ui.forms.widgets import RecordPicker, agency_choices


class CourseForm(RecordForm):
    service = "courses"
    TITLES: ClassVar[dict[str, str]] = {"programme_id": N_("Programme"), "title_th": N_("Title (Thai)"),
              "title_en": N_("Title (English)"), "organiser_id": N_("Organiser"),
              "description": N_("Description")}
    REQUIRED = frozenset({"title_th"})
    NEW_TITLE = N_("New course")
    PROMPT = N_("Save the changes to this course?")

    def build(self) -> None:
        self.add_field("programme_id", RecordPicker()).set_choices(programme_choices(self.services))
        self.add_field("title_th", QLineEdit())
        self.add_field("title_en", QLineEdit())
        self.add_field("organiser_id", RecordPicker()).set_choices(agency_choices(self.services))
        self.add_field("description", LongText(5))
        self.resize(760, 480)


class CohortForm(RecordForm):
    service = "cohorts"
    TITLES: ClassVar[dict[str, str]] = {"course_id": N_("Course"), "year_be": N_("Year (B.E.)"), "number": N_("Cohort number"),
              "title_th": N_("Name (Thai)"), "organiser_id": N_("Organiser"),
              "start_date": N_("Start date"), "end_date": N_("End date")}
    REQUIRED = frozenset({"course_id", "year_be"})
    NEW_TITLE = N_("New cohort")
    NAME_KEY = "display_name_th"
    PROMPT = N_("Save the changes to this cohort?")

    def __init__(self, services: Any, record: dict[str, Any] | None = None, parent: Any = None,
                 tasks: Any = None, course_id: str | None = None) -> None:
        super().__init__(services, record, parent, tasks)
        if record is None and course_id:
            self.editors["course_id"].choose(course_id)
            self._initial = self.values()

    def build(self) -> None:
        services = self.services
        self.add_field("course_id", RecordPicker()).set_choices(course_choices(services))
        self.add_field("year_be", QLineEdit())
        self.add_field("number", QLineEdit())
        self.add_field("title_th", QLineEdit())
        self.add_field("organiser_id", RecordPicker()).set_choices(agency_choices(services))
        self.add_field("start_date", DateEdit())
        self.add_field("end_date", DateEdit())
        names = PersonNames(services)
        columns = [person_column(names, N_("Name")), ChildColumn("group_name", N_("Group")),
                   ChildColumn("role", N_("Role"), "enum", EnrollmentRole),
                   ChildColumn("completion", N_("Completion"), "enum", Completion),
                   ChildColumn("certificate_number", N_("Certificate number"))]
        self.enrollments = self.add_part(
            ChildPanel(services, services.enrollments, "cohort_id", columns, "enrollments", tasks=self.tasks,
                       people=True, stretch=1, defaults={"role": EnrollmentRole.PARTICIPANT.value,
                                                         "completion": Completion.ENROLLED.value}),
            N_("Enrolments"))
        self.files = self.add_part(AttachmentsPanel(services, "cohort", self.tasks), N_("Photos and files"))

    def retranslate(self) -> None:
        super().retranslate()
        self.editors["year_be"].setPlaceholderText(_("such as 2566"))
        self.editors["title_th"].setPlaceholderText(_("Leave empty to use “course ประจำปี 2566 รุ่นที่ 1”"))
        for name in ("start_date", "end_date"):
            self.editors[name].setPlaceholderText(_("dd/mm/yyyy (Buddhist Era)"))
