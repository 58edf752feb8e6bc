"""Thai dates, years and numbers as government papers write them.

Babel supplies the Thai month names; the Buddhist-Era year (Gregorian + 543) and Thai
digits (๐-๙) are done here, because Babel gives only Gregorian years and Latin digits.
Every formatter takes ``digits="arabic"`` (default) or ``"thai"``; a ``DigitStyle``
member works as well. The ``format_*`` functions other than ``format_date`` always
write Thai, whatever the interface language, because official papers are Thai.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from desktop.core.digits import to_arabic_digits, to_thai_digits
from desktop.core.errors import Problem, ValidationFailed
from desktop.core.text import N_
from desktop.i18n.catalog import current_language, normalize_language

BE_OFFSET = 543
#: Buddhist-Era years the app accepts (the same range as validation.clean_buddhist_year).
MIN_YEAR_BE, MAX_YEAR_BE = 2400, 2700

# MONTHS_FULL: มกราคม ... ธันวาคม, from Babel's CLDR data.
# MONTHS_SHORT: ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค. (the tests pin these forms).
# Both are read from Babel on first use (module __getattr__), not at import: loading
# Babel's Thai data is a hundredth of a second of every start.


@cache
def _months() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from babel.dates import get_month_names

    return (tuple(get_month_names("wide", locale="th")[m] for m in range(1, 13)),
            tuple(get_month_names("abbreviated", locale="th")[m] for m in range(1, 13)))


def __getattr__(name: str) -> tuple[str, ...]:
    if name == "MONTHS_FULL":
        return _months()[0]
    if name == "MONTHS_SHORT":
        return _months()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _digits(text: str, digits: str) -> str:
    if digits == "thai":
        return to_thai_digits(text)
    if digits == "arabic":
        return text
    raise ValueError(f"digits must be 'arabic' or 'thai', not {digits!r}")


def year_be(d: date) -> int:
    """The Buddhist-Era year of a date: 2023-05-19 -> 2566."""
    return d.year + BE_OFFSET


def fiscal_year_be(d: date) -> int:
    """The government fiscal year (1 October - 30 September), named by the year it ends in.

    2022-10-01 -> 2566, 2023-09-30 -> 2566, 2023-10-01 -> 2567.
    """
    return year_be(d) + (1 if d.month >= 10 else 0)


def format_date_full(d: date, digits: str = "arabic") -> str:
    """``19 พฤษภาคม 2566`` (``๑๙ พฤษภาคม ๒๕๖๖`` with Thai digits)."""
    return _digits(f"{d.day} {_months()[0][d.month - 1]} {year_be(d)}", digits)


def format_date_short(d: date, digits: str = "arabic") -> str:
    """``19 พ.ค. 2566``."""
    return _digits(f"{d.day} {_months()[1][d.month - 1]} {year_be(d)}", digits)


def format_date_numeric(d: date, digits: str = "arabic") -> str:
    """``19/05/2566``."""
    return _digits(f"{d.day:02d}/{d.month:02d}/{year_be(d)}", digits)


def format_datetime(dt: datetime, digits: str = "arabic") -> str:
    """``19 พ.ค. 2566 14:30 น.`` (the wall-clock time stored in ``dt``; no zone conversion)."""
    return _digits(f"{format_date_short(dt)} {dt.hour:02d}:{dt.minute:02d} น.", digits)


def format_fiscal_year(d: date, digits: str = "arabic") -> str:
    """``ปีงบประมาณ พ.ศ. 2566`` for any date in that fiscal year."""
    return _digits(f"ปีงบประมาณ พ.ศ. {fiscal_year_be(d)}", digits)


def format_date(d: date, lang: str | None = None, digits: str = "arabic") -> str:
    """A date for the interface: ``19 พฤษภาคม 2566`` in Thai, ``19 May 2023`` in English.

    ``lang`` defaults to the current interface language.
    """
    code = normalize_language(lang) if lang else current_language()
    if code == "en":
        from babel.dates import format_date as babel_format_date

        return babel_format_date(d, "d MMMM y", locale="en")
    return format_date_full(d, digits)


def format_number(n: int | float | Decimal, digits: str = "arabic", decimals: int | None = None) -> str:
    """``1234567.5`` -> ``1,234,567.5``; ``decimals=2`` gives ``1,234,567.50``."""
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return _digits(format_decimal(n, format=pattern, locale="th"), digits)


# ---------------------------------------------------------------------------- parsing

def _squash(text: str) -> str:
    return re.sub(r"[\s.]", "", text)


@cache
def _month_lookup() -> dict[str, int]:
    lookup: dict[str, int] = {}
    for number, (full, short) in enumerate(zip(*_months()), start=1):
        lookup[_squash(full)] = number
        lookup[_squash(short)] = number
    return lookup

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d+)")
_WORDS = re.compile(r"(\d{1,2})\s*([^\d/\-]+?)\s*(?:(พ|ค)\s*\.?\s*ศ\s*\.?\s*)?(\d+)")
_DAY_PREFIX = re.compile(r"^วันที่\s*")
_NOT_A_DATE = N_("'{text}' is not a date. Write it as 19/05/2566 or 19 พ.ค. 2566.")


def _error(field: str | None, message: str, **params) -> ValidationFailed:
    return ValidationFailed([Problem(field, message, params)])


def _year_from_be(year_text: str, text: str, field: str | None) -> int:
    if len(year_text) <= 2:
        raise _error(field, N_("'{text}': a two-digit year is ambiguous. Write the whole "
                               "Buddhist-Era year, such as 2566."), text=text)
    year = int(year_text)
    if MIN_YEAR_BE - BE_OFFSET <= year <= MAX_YEAR_BE - BE_OFFSET:
        raise _error(field, N_("'{text}': {year} looks like a Christian-Era year. Write the "
                               "Buddhist-Era year ({year_be})."),
                     text=text, year=year, year_be=year + BE_OFFSET)
    if not MIN_YEAR_BE <= year <= MAX_YEAR_BE:
        raise _error(field, N_("The year must be a Buddhist-Era year such as 2566."))
    return year - BE_OFFSET


def _make_date(year: int, month: int, day: int, text: str, field: str | None) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _error(field, N_("'{text}' is not a day in the calendar."), text=text) from None


def parse_thai_date(text: str, field: str | None = None) -> date:
    """Read a date typed the Thai way; years are Buddhist Era unless written ISO.

    Accepts ``19/05/2566`` (also ``-`` or ``.`` between the parts), ``19 พฤษภาคม 2566``,
    ``19 พ.ค. 2566``, ``วันที่ 19 พฤษภาคม พ.ศ. 2566``, the ISO form ``2023-05-19``
    (Christian Era), and any of them in Thai digits. Raises ``ValidationFailed`` (a
    ``UserError``) naming ``field`` for anything else, including two-digit years.
    """
    original = (text or "").strip()
    if not original:
        raise _error(field, N_("Enter a date, such as 19/05/2566."))
    value = re.sub(r"\s+", " ", to_arabic_digits(original))
    value = _DAY_PREFIX.sub("", value)

    if m := _ISO.fullmatch(value):
        year, month, day = (int(part) for part in m.groups())
        if not MIN_YEAR_BE - BE_OFFSET <= year <= MAX_YEAR_BE - BE_OFFSET:
            raise _error(field, N_("'{text}': a date written year-month-day uses the Christian-Era "
                                   "year, such as 2023-05-19."), text=original)
        return _make_date(year, month, day, original, field)

    if m := _NUMERIC.fullmatch(value):
        day, month = int(m.group(1)), int(m.group(2))
        year = _year_from_be(m.group(3), original, field)
        return _make_date(year, month, day, original, field)

    if m := _WORDS.fullmatch(value):
        day_text, month_text, era, year_text = m.groups()
        month = _month_lookup().get(_squash(month_text))
        if month is None:
            raise _error(field, N_("'{month}' is not the name of a Thai month."), month=month_text.strip())
        if era == "ค":  # ค.ศ. written out: a Christian-Era year
            year = int(year_text)
            if not MIN_YEAR_BE - BE_OFFSET <= year <= MAX_YEAR_BE - BE_OFFSET:
                raise _error(field, _NOT_A_DATE, text=original)
        else:
            year = _year_from_be(year_text, original, field)
        return _make_date(year, month, int(day_text), original, field)

    raise _error(field, _NOT_A_DATE, text=original)
