"""Activities: workshops, meetings, site visits and training, with their sessions and
attendance (opened in the activity form)."""

from __future__ import annotations

from desktop.core.enums import ActivityMode, ActivityType
from desktop.core.text import N_
from desktop.ui.forms.activity_form import ActivityForm
from desktop.ui.forms.choices import cohort_choices, project_choices
from desktop.ui.forms.fields import date_text, enum_text
from desktop.ui.models.record_table import Column
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
