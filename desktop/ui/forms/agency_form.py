"""Creating and editing an agency: kind, Thai and English names, abbreviation, the
สารบรรณ letter code, the agency above it and its area."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QLineEdit

from desktop.core.enums import AgencyKind
from desktop.core.text import N_
from desktop.ui.forms.fields import AreaPicker, EnumCombo
from desktop.ui.forms.record_form import RecordForm
from desktop.ui.forms.widgets import RecordPicker, agency_choices


class AgencyForm(RecordForm):
    service = "agencies"
    TITLES: ClassVar[dict[str, str]] = {
        "kind": N_("Kind"), "name_th": N_("Name (Thai)"), "name_en": N_("Name (English)"),
        "abbr_th": N_("Abbreviation"), "letter_code": N_("Letter code"),
        "parent_id": N_("Part of"), "area_code": N_("Area"),
    }
    REQUIRED = frozenset({"kind", "name_th"})
    NEW_TITLE = N_("New agency")
    NAME_KEY = "name_th"
    PROMPT = N_("Save the changes to this agency?")

    def build(self) -> None:
        self.add_field("kind", EnumCombo(AgencyKind))
        self.add_field("name_th", QLineEdit())
        self.add_field("name_en", QLineEdit())
        self.add_field("abbr_th", QLineEdit())
        self.add_field("letter_code", QLineEdit())
        own = (self.record or {}).get("id")
        self.add_field("parent_id", RecordPicker()).set_choices(
            [c for c in agency_choices(self.services) if c[0] != own])
        self.add_field("area_code", AreaPicker(self.services))
        self.setMinimumWidth(640)
        self.resize(720, 460)
