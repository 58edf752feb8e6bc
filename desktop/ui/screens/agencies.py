"""Agencies: ministries, departments, provincial and district offices, local government
and partners, filtered by kind."""

from __future__ import annotations

from desktop.core.enums import AgencyKind
from desktop.core.text import N_
from desktop.ui.forms.agency_form import AgencyForm
from desktop.ui.forms.fields import enum_text
from desktop.ui.models.record_table import Column
from desktop.ui.screens.record_list import FilterSpec, RecordListScreen

AGENCY_COLUMNS = [
    Column("name_th", N_("Name"), tooltip_key="name_en"),
    Column("abbr_th", N_("Abbreviation")),
    Column("kind", N_("Kind"), format=lambda v: enum_text(AgencyKind, v)),
    Column("parent_name", N_("Part of")),
]


class AgenciesScreen(RecordListScreen):
    KEY = "agencies"
    SERVICE = "agencies"
    COLUMNS = AGENCY_COLUMNS
    COLUMN_CHARS = (None, 12, 22, 40)
    FILTERS = (FilterSpec("kind", N_("Kind"), AgencyKind),)
    HEADING = N_("Agencies")
    NEW = N_("&New agency")
    SEARCH = N_("Search agencies by name")
    NAME_KEY = "name_th"
    DELETE_TITLE = N_("Delete agency")
    DELETE_QUESTION = N_("Move {name} to the trash? You can restore it from the Trash screen.")
    EMPTY = N_("No agencies yet. Add the first one with “New agency” (Ctrl+N).")
    NO_MATCH = N_("No agency matches the search or filters.")
    KINDS = ("agency",)
    FORM = AgencyForm
