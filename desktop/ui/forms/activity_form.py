"""Creating and editing an activity: details, its sessions, who attended each session
(the attendance grid), and its photos and documents."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtWidgets import QLineEdit

from desktop.core.enums import ActivityMode, ActivityType, SessionPart
from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.i18n import _
from desktop.i18n.thai_dates import parse_thai_date
from desktop.ui.forms.attachments_panel import AttachmentsPanel
from desktop.ui.forms.attendance_panel import AttendancePanel
from desktop.ui.forms.child_panel import ChildPanel
from desktop.ui.forms.child_table import ChildColumn
from desktop.ui.forms.choices import cohort_choices, project_choices
from desktop.ui.forms.fields import AreaPicker, DateEdit, EnumCombo, LongText
from desktop.ui.forms.record_form import RecordForm
from desktop.ui.forms.widgets import RecordPicker, agency_choices

SESSION_COLUMNS = [
    ChildColumn("day", N_("Date"), "date"),
    ChildColumn("part", N_("Part of day"), "enum", SessionPart),
    ChildColumn("starts_at", N_("Starts")),
    ChildColumn("ends_at", N_("Ends")),
    ChildColumn("title", N_("Topic")),
]

# A session typed with only its date goes in the first of these parts free on that day.
PARTS_IN_TURN = (SessionPart.MORNING, SessionPart.AFTERNOON, SessionPart.EVENING)


def next_free_part(values: dict[str, Any], sessions: list[dict[str, Any]]) -> dict[str, Any]:
    """A second session typed on a day that has one already is the afternoon, not a
    second morning (the database's default)."""
    if values.get("part") or not values.get("day"):
        return {}
    try:
        day = parse_thai_date(str(values["day"])).isoformat()
    except UserError:
        return {}                      # the service says what is wrong with the date
    taken = {s.get("part") for s in sessions if str(s.get("day") or "")[:10] == day}
    free = [part.value for part in PARTS_IN_TURN if part.value not in taken]
    return {"part": free[0]} if taken and free else {}


class ActivityForm(RecordForm):
    service = "activities"
    TITLES: ClassVar[dict[str, str]] = {
        "title_th": N_("Title (Thai)"), "title_en": N_("Title (English)"), "kind": N_("Type"),
        "mode": N_("Mode"), "venue": N_("Venue"), "area_code": N_("Area"),
        "online_meeting_id": N_("Online meeting ID"), "chair_text": N_("Chair"),
        "organiser_id": N_("Organiser"), "project_id": N_("Project"), "cohort_id": N_("Cohort"),
        "start_date": N_("Start date"), "end_date": N_("End date"), "summary": N_("Summary"),
    }
    REQUIRED = frozenset({"title_th"})
    NEW_TITLE = N_("New activity")
    PROMPT = N_("Save the changes to this activity?")

    def build(self) -> None:
        self.add_field("title_th", QLineEdit())
        self.add_field("title_en", QLineEdit())
        self.add_field("kind", EnumCombo(ActivityType))
        self.add_field("mode", EnumCombo(ActivityMode))
        self.add_field("start_date", DateEdit())
        self.add_field("end_date", DateEdit())
        self.add_field("venue", QLineEdit())
        self.add_field("area_code", AreaPicker(self.services))
        self.add_field("online_meeting_id", QLineEdit())
        self.add_field("chair_text", QLineEdit())
        self.add_field("organiser_id", RecordPicker()).set_choices(agency_choices(self.services))
        self.add_field("project_id", RecordPicker()).set_choices(project_choices(self.services))
        self.add_field("cohort_id", RecordPicker()).set_choices(cohort_choices(self.services))
        self.add_field("summary", LongText(4))
        self.sessions = self.add_part(ChildPanel(self.services, self.services.sessions, "activity_id",
                                                 SESSION_COLUMNS, "sessions", stretch=4,
                                                 defaults=next_free_part), N_("Sessions"))
        self.attendance = self.add_part(AttendancePanel(self.services, self.tasks), N_("Attendance"))
        self.sessions.wrote.connect(lambda _kind: self.attendance.reload())
        self.tabs.currentChanged.connect(self._tab_changed)
        self.files = self.add_part(AttachmentsPanel(self.services, "activity", self.tasks), N_("Photos and files"))

    def retranslate(self) -> None:
        super().retranslate()
        self.editors["online_meeting_id"].setPlaceholderText(
            _("The meeting ID only, such as Zoom 926 2566 0519 — never its passcode"))
        for name in ("start_date", "end_date"):
            self.editors[name].setPlaceholderText(_("dd/mm/yyyy (Buddhist Era)"))

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.attendance:
            self.attendance.view.setFocus()

    def done(self, result: int) -> None:
        self.attendance.flush()
        super().done(result)
