"""One spreadsheet row -> the values of a person (and of their enrollment or attendance
mark), with every problem found in it. Pure checks only: the database is not touched
here, the import re-validates through the record services when it writes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from desktop.core import enums
from desktop.core import validation as v
from desktop.core.digits import to_arabic_digits
from desktop.core.errors import Problem, ValidationFailed
from desktop.core.text import N_
from desktop.i18n.catalog import translator
from desktop.sheets.cells import cell_text, parse_attendance_mark, parse_sheet_date, split_name
from desktop.sheets.matching import name_key
from desktop.sheets.table import SheetRow

PERSON_TEXT = {"position": 300, "level": 120, "notes": 10_000, "first_name_en": 120, "last_name_en": 120,
               "prefix_en": 80, "group_name": 200, "certificate_number": 60}

_ROLE_WORDS = {
    "ผู้เข้าร่วม": "participant", "ผู้เข้าอบรม": "participant", "ผู้เรียน": "participant", "นักศึกษา": "participant",
    "iteam": "iteam", "ไอทีม": "iteam", "ทีม": "iteam",
    "โค้ช": "coach", "พี่เลี้ยง": "coach", "วิทยากร": "speaker", "ผู้บรรยาย": "speaker",
}
_COMPLETION_WORDS = {
    "ผ่าน": "completed", "จบ": "completed", "สำเร็จ": "completed", "ไม่ผ่าน": "not_completed",
    "ไม่จบ": "not_completed", "สละสิทธิ์": "withdrawn", "ถอนตัว": "withdrawn", "ลาออก": "withdrawn",
    "ลงทะเบียน": "enrolled", "กำลังอบรม": "enrolled",
}


@dataclass
class Prefixes:
    """The reference prefixes: the texts ``split_name`` looks for, and each one's id."""

    texts: list[str]
    ids: dict[str, uuid.UUID]  # name_key(text) -> prefix id

    @classmethod
    def from_reference(cls, rows: list[dict[str, Any]]) -> Prefixes:
        texts: list[str] = []
        ids: dict[str, uuid.UUID] = {}
        for p in rows:
            for text in (p.get("full_th"), p.get("abbr_th")):
                if text:
                    for variant in {text, text.replace(" ", "")}:
                        texts.append(variant)
                        ids.setdefault(name_key(variant), uuid.UUID(str(p["id"])))
        return cls(sorted(set(texts), key=len, reverse=True), ids)

    def find(self, text: str | None) -> uuid.UUID | None:
        return self.ids.get(name_key(text)) if text else None


@dataclass
class ParsedRow:
    number: int
    person: dict[str, Any] = field(default_factory=dict)   # values for the person service
    agency_text: str | None = None
    national_id: str | None = None                         # 13 digits, checked
    extra: dict[str, Any] = field(default_factory=dict)    # enrollment fields / attendance status / date
    problems: list[Problem] = field(default_factory=list)
    prefix_text: str | None = None                         # the title as written, for showing the name

    @property
    def name(self) -> str:
        p = self.person
        return " ".join(x for x in ((self.prefix_text or "") + (p.get("first_name_th") or ""),
                                    p.get("last_name_th") or "") if x)


@lru_cache(maxsize=None)
def _choices(enum: type, words: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Every way a cell may name a member of ``enum`` (its code, English label, Thai
    label, the extra words), by name_key: built once, looked up per row."""
    th = translator("th").gettext
    found = {name_key(w): value for w, value in words}
    for member in enum:
        for text in (member.value, member.label, th(member.label)):
            found[name_key(text)] = member.value
    return found


def _choice(text: str, enum: type, words: dict[str, str]) -> str | None:
    return _choices(enum, tuple(words.items())).get(name_key(text))


def _phone(text: str) -> str:
    digits = "".join(ch for ch in to_arabic_digits(text) if ch.isdigit())
    if text.strip().isdigit() and len(digits) == 9 and digits[0] in "689":
        text = "0" + digits  # a mobile number stored as a number in Excel loses its leading 0
    return v.clean_phone(text, "phone")


def parse_row(row: SheetRow, mapping: dict[int, str], prefixes: Prefixes) -> ParsedRow:
    """Read the mapped cells of ``row``; problems are collected, never raised."""
    out = ParsedRow(row.number)
    cells: dict[str, Any] = {}
    for index, name in mapping.items():
        if index < len(row.cells) and name not in ("sequence", "signature"):
            cells[name] = row.cells[index]
    text = {name: cell_text(value) for name, value in cells.items()}

    def check(fn, *args) -> Any:
        try:
            return fn(*args)
        except ValidationFailed as error:
            out.problems.extend(error.problems)
            return None

    _names(out, text, prefixes)
    for name, limit in PERSON_TEXT.items():
        if text.get(name):
            value = check(v.optional_text, text[name], name, limit)
            (out.extra if name in ("group_name", "certificate_number") else out.person)[name] = value
    if text.get("phone"):
        out.person["phone"] = check(_phone, text["phone"])
    if text.get("email"):
        out.person["email"] = check(v.clean_email, text["email"], "email")
    if text.get("national_id"):
        out.national_id = check(v.clean_national_id, text["national_id"], "national_id")
    out.agency_text = text.get("agency")
    if text.get("role"):
        out.extra["role"] = _enum_cell(out, text["role"], enums.EnrollmentRole, _ROLE_WORDS, "role")
    if text.get("completion"):
        out.extra["completion"] = _enum_cell(out, text["completion"], enums.Completion, _COMPLETION_WORDS,
                                             "completion")
    if "status" in cells:
        out.extra["status"] = check(parse_attendance_mark, cells["status"])
    if cells.get("date") not in (None, ""):
        out.extra["date"] = check(parse_sheet_date, cells["date"], "date")
    return out


def _names(out: ParsedRow, text: dict[str, str | None], prefixes: Prefixes) -> None:
    prefix, first, last = text.get("prefix"), text.get("first_name"), text.get("last_name")
    if text.get("full_name") and not first:
        found, first, rest = split_name(text["full_name"], prefixes.texts)
        prefix, last = prefix or found, last or rest
    elif first and not prefix:
        found, first_only, rest = split_name(first, prefixes.texts)
        if found:  # "นางสาวสมหญิง" in the first-name column
            prefix, first = found, first_only
            last = last or rest
    if not first:
        out.problems.append(Problem("first_name_th", N_("The row has no name.")))
        return
    out.person["first_name_th"] = first[:120]
    if last:
        out.person["last_name_th"] = last[:120]
    if prefix:
        out.prefix_text = prefix
        prefix_id = prefixes.find(prefix)
        if prefix_id is not None:
            out.person["prefix_id"] = prefix_id
        else:
            out.person["prefix_th"] = prefix[:80]  # a title not in the list is kept as written


def _enum_cell(out: ParsedRow, text: str, enum: type, words: dict[str, str], name: str) -> str | None:
    value = _choice(text, enum, words)
    if value is None:
        out.problems.append(Problem(name, N_("Unknown value '{value}'."), {"value": text}))
    return value
