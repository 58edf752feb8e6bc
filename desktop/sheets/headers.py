"""Recognising column headers: which field of a person or enrollment a column holds.

Headers come in many spellings (ชื่อ-สกุล, ชื่อ - นามสกุล, Name ...). ``header_key`` folds
away spacing, dots, dashes, case and Thai digits; ``guess_mapping`` scores every header
against the known spellings of every field and gives each field to its best column.
"""

from __future__ import annotations

import re
from functools import lru_cache

from desktop.core.text import N_
from desktop.sheets.matching import name_key

#: field key -> label (a msgid). "sequence" and "signature" are recognised so they can be ignored.
FIELDS: dict[str, str] = {
    "sequence": N_("Row number (ignored)"),
    "full_name": N_("Full name"),
    "prefix": N_("Prefix"),
    "first_name": N_("First name (Thai)"),
    "last_name": N_("Last name (Thai)"),
    "prefix_en": N_("Prefix (English)"),
    "first_name_en": N_("First name (English)"),
    "last_name_en": N_("Last name (English)"),
    "position": N_("Position"),
    "level": N_("Level"),
    "agency": N_("Agency"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "national_id": N_("National ID"),
    "notes": N_("Notes"),
    "role": N_("Role"),
    "group_name": N_("Group"),
    "completion": N_("Completion"),
    "certificate_number": N_("Certificate number"),
    "status": N_("Attendance"),
    "date": N_("Date"),
    "signature": N_("Signature (ignored)"),
}

#: Fields whose columns carry nothing to import.
IGNORED_FIELDS = frozenset({"sequence", "signature"})

#: Joins a group title to the sub-titles under it in a two-row header.
GROUP_SEPARATOR = " / "

_ALIASES: dict[str, tuple[str, ...]] = {
    "sequence": ("ลำดับ", "ลำดับที่", "ที่", "No", "No.", "#", "Seq", "Item"),
    "full_name": ("ชื่อ-สกุล", "ชื่อ - นามสกุล", "ชื่อ-นามสกุล", "ชื่อและนามสกุล", "ชื่อ-ชื่อสกุล",
                  "ชื่อผู้เข้าร่วม", "ชื่อผู้เข้าอบรม", "ชื่อผู้เข้ารับการอบรม", "รายชื่อ",
                  "Name", "Full name", "Name-Surname", "Name - Last name"),
    "prefix": ("คำนำหน้า", "คำนำหน้านาม", "คำนำหน้าชื่อ", "ยศ", "ยศ/คำนำหน้า", "Title", "Prefix"),
    "first_name": ("ชื่อ", "ชื่อจริง", "First name", "Firstname", "Given name"),
    "last_name": ("นามสกุล", "สกุล", "Surname", "Last name", "Lastname", "Family name"),
    "prefix_en": ("คำนำหน้าภาษาอังกฤษ", "Title (English)"),
    "first_name_en": ("ชื่อภาษาอังกฤษ", "First name (English)"),
    "last_name_en": ("นามสกุลภาษาอังกฤษ", "Last name (English)"),
    "position": ("ตำแหน่ง", "ตำแหน่งงาน", "Position", "Job title"),
    "level": ("ระดับ", "ระดับตำแหน่ง", "Level"),
    "agency": ("หน่วยงาน", "สังกัด", "ส่วนราชการ", "หน่วยงานต้นสังกัด", "กระทรวง/กรม", "Agency",
               "Organization", "Organisation", "Department"),
    "phone": ("โทรศัพท์", "เบอร์โทร", "เบอร์โทรศัพท์", "มือถือ", "เบอร์มือถือ", "โทร.", "หมายเลขโทรศัพท์",
              "Phone", "Telephone", "Tel", "Tel.", "Mobile"),
    "email": ("อีเมล", "อีเมล์", "อีเมลล์", "ไปรษณีย์อิเล็กทรอนิกส์", "E-mail", "Email", "Mail"),
    "national_id": ("เลขประจำตัวประชาชน", "เลขบัตรประชาชน", "เลขที่บัตรประจำตัวประชาชน",
                    "เลขบัตรประจำตัวประชาชน", "บัตรประชาชน", "ID card", "National ID", "Citizen ID"),
    "notes": ("หมายเหตุ", "Note", "Notes", "Remark", "Remarks"),
    "role": ("บทบาท", "ประเภท", "ประเภทผู้เข้าร่วม", "Role"),
    "group_name": ("กลุ่ม", "กลุ่มที่", "กลุ่มโจทย์", "Group", "Team"),
    "completion": ("ผลการอบรม", "สถานะ", "ผลการประเมิน", "Completion", "Result"),
    "certificate_number": ("เลขที่วุฒิบัตร", "เลขวุฒิบัตร", "เลขที่ใบประกาศ", "Certificate No.",
                           "Certificate number"),
    "status": ("การเข้าร่วม", "มา/ไม่มา", "ลงชื่อ", "เข้าร่วม", "Attendance", "Present"),
    "date": ("วันที่", "วัน/เดือน/ปี", "วันเดือนปี", "Date"),
    "signature": ("ลายมือชื่อ", "ลายเซ็น", "ลงลายมือชื่อ", "Signature"),
}

_ENGLISH_FORM = {"prefix": "prefix_en", "first_name": "first_name_en", "last_name": "last_name_en"}
_ENGLISH_MARKS = ("อังกฤษ", "english", "(en)", "(eng)")
_LANGUAGE_WORDS = re.compile(r"\((?:ภาษา)?(?:อังกฤษ|ไทย)\)|\((?:en|eng|english|th|thai)\)|ภาษาอังกฤษ|ภาษาไทย|english")
_EXTRA_MARKS = re.compile(r"[\-\u2010-\u2015_:*]")
_THAI = re.compile("[\u0e00-\u0e7f]")
#: A header counts as recognised from this score up (an exact spelling scores 1).
RECOGNISED = 0.6
_MIN_CONTAINED = 4  # shorter spellings ("ที่", "ยศ", "No") must match the whole header
_MAX_CONTAINING = 32  # a longer text (a title above the table) is not read as a header


def header_key(text: str) -> str:
    """The form a header is compared and remembered in: ``"ชื่อ - นามสกุล"`` -> ``"ชื่อนามสกุล"``."""
    return _EXTRA_MARKS.sub("", name_key(text or ""))


_ALIAS_KEYS: dict[str, tuple[str, ...]] = {
    field: tuple(dict.fromkeys(header_key(a) for a in aliases)) for field, aliases in _ALIASES.items()
}


def _scores(key: str) -> dict[str, float]:
    """Field -> score: 1 for a known spelling; for a known spelling inside a longer header,
    more the more of the header it covers (unless another spelling matches it whole)."""
    key = _LANGUAGE_WORDS.sub("", key)  # the language is read separately
    exact: dict[str, float] = {}
    contained: dict[str, float] = {}
    if not key:
        return exact
    for field, aliases in _ALIAS_KEYS.items():
        for alias in aliases:
            if alias == key:
                exact[field] = 1.0
            elif len(alias) >= _MIN_CONTAINED and len(key) <= _MAX_CONTAINING and alias in key:
                contained[field] = max(contained.get(field, 0.0), 0.5 + 0.5 * len(alias) / len(key))
    return exact or contained


@lru_cache(maxsize=4096)
def field_scores(text: str) -> tuple[tuple[str, float], ...]:
    """Every field ``text`` may name, with a score from 0 to 1, best first."""
    text = text or ""
    parts = text.rsplit(GROUP_SEPARATOR, 1)
    scores = _scores(header_key(parts[-1]))
    if len(parts) == 2 and max(scores.values(), default=0.0) < RECOGNISED:
        scores = _scores(header_key(text))  # the sub-title alone says nothing: read the whole
    key = header_key(text)
    english = any(mark in key for mark in _ENGLISH_MARKS)
    latin = not _THAI.search(text)
    if latin and not english:  # beside a Thai header for the same field, the Thai one wins
        scores = {field: score - 0.01 for field, score in scores.items()}
    for field, english_field in _ENGLISH_FORM.items():
        if field in scores:
            score = scores[field]
            if english:  # "ชื่อ (ภาษาอังกฤษ)": the English form, never the Thai one
                scores[english_field] = max(scores.get(english_field, 0.0), score)
                scores[field] = score * 0.5
            elif latin:  # "First name" beside a Thai "ชื่อ" column holds the English name
                scores[english_field] = max(scores.get(english_field, 0.0), score - 0.04)
    if english:
        for field in ("full_name",):
            if field in scores:
                scores[field] *= 0.55  # an English full name is not taken for the Thai one
    return tuple(sorted(scores.items(), key=lambda item: -item[1]))


def best_field(text: str) -> tuple[str, float] | None:
    """The field ``text`` most likely names, if it is recognised at all."""
    scores = field_scores(text or "")
    return scores[0] if scores and scores[0][1] >= RECOGNISED else None


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Column index -> field key for the columns whose header is recognised; each field
    goes to one column only, the one that names it best (the leftmost on a tie)."""
    candidates = [(score, index, field) for index, text in enumerate(headers)
                  for field, score in field_scores(text or "") if score >= RECOGNISED]
    candidates.sort(key=lambda c: (-c[0], c[1]))
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for _score, index, field in candidates:
        if index not in mapping and field not in taken:
            mapping[index] = field
            taken.add(field)
    if "first_name" in taken and not taken & {"last_name", "full_name"}:
        # a lone "ชื่อ" column with no surname column holds whole names
        index = next(i for i, f in mapping.items() if f == "first_name")
        mapping[index] = "full_name"
    return mapping
