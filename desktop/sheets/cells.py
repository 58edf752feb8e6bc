"""Reading single cells: text as typed, names split into title / first / last, dates in
the forms Thai offices write them, and attendance marks."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel.dates import get_month_names

from desktop.core.digits import to_arabic_digits
from desktop.core.enums import AttendanceStatus
from desktop.core.text import N_
from desktop.core.validation import fail
from desktop.i18n.thai_dates import BE_OFFSET, MONTHS_FULL, MONTHS_SHORT

_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


def cell_text(value: Any) -> str | None:
    """Any cell as stripped text, or None when blank. Whole numbers lose their ``.0`` and
    never turn into an exponent (a national ID stored as a number stays 13 digits);
    a date reads as ISO ``2023-05-19``."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        if value != value:  # NaN
            return None
        if value in (float("inf"), float("-inf")):
            return str(value)
        if value == int(value):
            return str(int(value))
        text = format(Decimal(repr(value)) if isinstance(value, float) else value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if not value.second else "seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip() or None


# ---------------------------------------------------------------------------- names

_NOT_A_WORD_START = "\u0e30-\u0e3a\u0e45\u0e47-\u0e4e"  # vowel signs and marks that follow a consonant


def _squash(text: str) -> str:
    return _SPACES.sub("", text).casefold()


def _pattern(prefix: str) -> str:
    """A prefix as a regex that allows spaces where people put them: ``ผศ. ดร.``, ``ว่าที่ร.ต.``."""
    out = []
    for i, ch in enumerate(prefix):
        if ch.isspace():
            out.append(r"\s*")
        elif ch == "." and i < len(prefix) - 1:
            out.append(r"\.\s*")
        else:
            out.append(re.escape(ch))
    if prefix[-1:].isascii() and prefix[-1:].isalpha():
        out.append(r"(?![A-Za-z])")
    return "".join(out)


@lru_cache(maxsize=16)
def _prefix_finder(prefixes: tuple[str, ...]) -> tuple[dict[str, re.Pattern[str]], dict[str, str]]:
    """One regex per first letter (longest prefixes first), and squashed form -> prefix."""
    known: dict[str, str] = {}
    for p in prefixes:
        p = _SPACES.sub(" ", p or "").strip()
        if p:
            known.setdefault(_squash(p), p)
    by_letter: dict[str, list[str]] = {}
    for p in sorted(known.values(), key=lambda p: (-len(_squash(p)), p)):
        by_letter.setdefault(p[0].casefold(), []).append(_pattern(p))
    # a prefix must leave a first name that starts like a word: นาย + ิกา is not นาย + a name
    end = f"(?=\\s*[^\\s{_NOT_A_WORD_START}])"
    return {letter: re.compile("(?:" + "|".join(alts) + ")" + end, re.IGNORECASE)
            for letter, alts in by_letter.items()}, known


_last_finder: tuple[Any, int, Any] = (None, -1, None)  # (prefixes object, its length, finder): one list, many rows


def _finder_for(prefixes: Sequence[str]) -> tuple[dict[str, re.Pattern[str]], dict[str, str]]:
    global _last_finder
    last = _last_finder
    if prefixes is last[0] and len(prefixes) == last[1]:
        return last[2]
    finder = _prefix_finder(tuple(prefixes))
    _last_finder = (prefixes, len(prefixes), finder)
    return finder


def split_name(text: str, prefixes: Sequence[str]) -> tuple[str | None, str, str | None]:
    """``"นางสาวสมหญิง ใจดี"`` -> ``("นางสาว", "สมหญิง", "ใจดี")``.

    ``prefixes`` are the titles to look for (full and abbreviated forms); the longest one
    that leaves a first name wins, and several may follow each other (``ผศ. ดร.``). The
    title comes back in the reference list's spelling when it is one of them, else as
    written. Everything after the first name is the last name (``ณ อยุธยา``). The same
    list object passed again is taken to be unchanged (its patterns are kept)."""
    clean = _SPACES.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFC", text or ""))).strip()
    finder, known = _finder_for(prefixes)
    parts: list[str] = []
    rest = clean
    while (regex := finder.get(rest[:1].casefold())) and (m := regex.match(rest)):
        part = m.group(0)
        if parts and "." not in part and len(_squash(part)) < 5:
            break  # "นาย คุณวุฒิ": a short plain word after a title is the name, not a second title
        parts.append(part)
        rest = rest[m.end():].lstrip()
    prefix = None
    if parts:
        whole = "".join(parts)
        joined = "".join(p if p.endswith(".") else p + " " for p in parts[:-1]) + parts[-1]
        prefix = known.get(_squash(whole)) or _SPACES.sub(" ", joined).strip()
    words = rest.split(" ") if rest else [""]
    return prefix, words[0], " ".join(words[1:]) or None


# ---------------------------------------------------------------------------- dates

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    for _name in (MONTHS_FULL[_number - 1], MONTHS_SHORT[_number - 1],
                  get_month_names("wide", locale="en")[_number], get_month_names("abbreviated", locale="en")[_number]):
        _MONTHS[re.sub(r"[\s.]", "", _name).casefold()] = _number
_MONTHS["sept"] = 9

_TIME = re.compile(r"(?:\s+|T)\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:น\.?)?$")
_DAY_WORD = re.compile(r"^วันที่\s*")
_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_YMD = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})")
_WORDS = re.compile(r"(\d{1,2})\s*[\-/]?\s*([^\d\s/\-][^\d/\-]*?)\s*[\-/]?\s*"
                    r"(?:(พ|ค)\s*\.?\s*ศ\s*\.?\s*)?(\d{2}|\d{4})")
_SERIAL = re.compile(r"\d{4,6}(?:\.\d+)?")
_COMPACT = re.compile(r"(\d{1,2})(\d{2})(\d{4})")  # 19052566 typed without separators
_SERIALS = (3000, 110_000)  # 18 March 1908 .. 2201: a number outside is no date
_SERIAL_ZERO = date(1899, 12, 30)  # Excel's 1900 date system, right from 1 March 1900 on
_NOT_A_DATE = N_("'{text}' is not a date. Write it as 19/05/2566, 19 พ.ค. 2566, 19 พฤษภาคม 2566 or 2023-05-19.")


def _year(text: str, era: str | None, original: str, field: str) -> int:
    """The Christian-Era year: two digits are พ.ศ. 25xx (20xx beside an English month
    name, era "ค"), 1900-2200 ค.ศ., above 2400 พ.ศ."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if era == "ค" else 2500
    if era != "ค" and year > 2400 and year - BE_OFFSET <= 2200:
        return year - BE_OFFSET
    if era != "พ" and 1900 <= year <= 2200:
        return year
    raise fail(field, N_("'{text}': the year {year} is neither a Buddhist-Era year such as 2566 "
                         "nor a Christian-Era year such as 2023."), text=original, year=year)


def _make(year: int, month: int, day: int, original: str, field: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise fail(field, N_("'{text}' is not a day in the calendar."), text=original) from None


def _from_serial(number: float, original: str, field: str) -> date:
    if not _SERIALS[0] <= number < _SERIALS[1]:
        raise fail(field, N_("{value} is a number, not a date. Write the date as 19/05/2566."), value=original)
    return _SERIAL_ZERO + timedelta(days=int(number))


def parse_sheet_date(value: Any, field: str = "date") -> date:
    """A date cell: a real date, an Excel serial number, or text such as ``19/05/2566``,
    ``19-05-66``, ``๑๙/๐๕/๒๕๖๖``, ``19 พ.ค. 2566``, ``19 พฤษภาคม 2566``, ``19-May-23`` or
    ``2023-05-19``. Raises ValidationFailed naming ``field`` for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _from_serial(float(value), cell_text(value) or "", field)
    original = cell_text(value)
    if not original:
        raise fail(field, N_("Enter a date, such as 19/05/2566."))
    text = _TIME.sub("", _DAY_WORD.sub("", _SPACES.sub(" ", to_arabic_digits(original))))
    if m := _DMY.fullmatch(text):
        return _make(_year(m.group(3), None, original, field), int(m.group(2)), int(m.group(1)), original, field)
    if m := _YMD.fullmatch(text):
        return _make(_year(m.group(1), None, original, field), int(m.group(2)), int(m.group(3)), original, field)
    if m := _WORDS.fullmatch(text):
        day, month_text, era, year_text = m.groups()
        month = _MONTHS.get(re.sub(r"[\s.]", "", month_text).casefold())
        if month is None:
            raise fail(field, N_("'{month}' is not the name of a Thai month."), month=month_text.strip())
        if month_text.isascii() and len(year_text) == 2:
            era = "ค"  # 19-May-23, as Excel writes it in English
        return _make(_year(year_text, era, original, field), month, int(day), original, field)
    if (m := _COMPACT.fullmatch(text)) and len(text) in (7, 8):
        return _make(_year(m.group(3), None, original, field), int(m.group(2)), int(m.group(1)), original, field)
    if _SERIAL.fullmatch(text):
        return _from_serial(float(text), original, field)
    raise fail(field, _NOT_A_DATE, text=original)


# ---------------------------------------------------------------------------- attendance

_MARKS: dict[str, AttendanceStatus] = {}
for _status, _words in (
    (AttendanceStatus.PRESENT, ("มา", "มาประชุม", "เข้าร่วม", "ร่วม", "ลงชื่อ", "ลงชื่อแล้ว", "✓", "✔", "√",
                                "/", "1", "p", "present", "yes", "y", "ใช่", "ม")),
    (AttendanceStatus.ABSENT, ("ไม่มา", "ขาด", "ขาดประชุม", "ไม่เข้าร่วม", "absent", "a", "no", "n", "0", "x",
                               "✗", "✘", "-", "ข")),
    (AttendanceStatus.EXCUSED, ("ลา", "ลากิจ", "ลาป่วย", "ลาพักผ่อน", "leave", "excused", "e", "ล")),
    (AttendanceStatus.LATE, ("สาย", "มาสาย", "late", "l", "ส")),
    (AttendanceStatus.ONLINE, ("ออนไลน์", "online", "zoom", "o", "อ", "เข้าร่วมออนไลน์")),
):
    for _word in _words:
        _MARKS[_squash(_word)] = _status


def parse_attendance_mark(value: Any) -> str | None:
    """An attendance cell -> an AttendanceStatus value ("present", "absent", "excused",
    "late", "online"), or None when blank. A time (signed in at 08:45) counts as present."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return (AttendanceStatus.PRESENT if value else AttendanceStatus.ABSENT).value
    if isinstance(value, time | datetime):
        return AttendanceStatus.PRESENT.value
    text = cell_text(value) or ""
    status = _MARKS.get(_squash(to_arabic_digits(text)).rstrip("."))
    if status is None:
        raise fail("status", N_("'{text}' is not an attendance mark. Use มา, สาย, ขาด, ลา or ออนไลน์."), text=text)
    return status.value
