"""Thai dates: Buddhist-Era years, fiscal years, Thai digits, and reading typed dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from desktop.core.enums import DigitStyle
from desktop.core.errors import UserError
from desktop.i18n import current_language, set_language, translate_error
from desktop.i18n.thai_dates import (
    MONTHS_FULL,
    MONTHS_SHORT,
    fiscal_year_be,
    format_date,
    format_date_full,
    format_date_numeric,
    format_date_short,
    format_datetime,
    format_fiscal_year,
    format_number,
    parse_thai_date,
    year_be,
)

MAY_19 = date(2023, 5, 19)


@pytest.fixture(autouse=True)
def _restore_language():
    before = current_language()
    yield
    set_language(before)


# ------------------------------------------------------------------------ formatting

def test_full_date():
    assert format_date_full(MAY_19) == "19 พฤษภาคม 2566"
    assert format_date_full(MAY_19, digits="thai") == "๑๙ พฤษภาคม ๒๕๖๖"
    assert format_date_full(date(2024, 1, 1)) == "1 มกราคม 2567"


def test_leap_day():
    leap = date(2024, 2, 29)
    assert format_date_full(leap) == "29 กุมภาพันธ์ 2567"
    assert format_date_short(leap) == "29 ก.พ. 2567"
    assert parse_thai_date("29 กุมภาพันธ์ 2567") == leap
    assert parse_thai_date("29/02/2567") == leap


def test_short_date_uses_the_government_abbreviations():
    assert format_date_short(MAY_19) == "19 พ.ค. 2566"
    assert format_date_short(MAY_19, digits="thai") == "๑๙ พ.ค. ๒๕๖๖"
    assert MONTHS_SHORT == ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                            "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
    assert [format_date_short(date(2023, m, 1)).split()[1] for m in range(1, 13)] == list(MONTHS_SHORT)
    assert MONTHS_FULL[0] == "มกราคม" and MONTHS_FULL[11] == "ธันวาคม"


def test_numeric_date():
    assert format_date_numeric(MAY_19) == "19/05/2566"
    assert format_date_numeric(date(2024, 1, 2)) == "02/01/2567"
    assert format_date_numeric(MAY_19, digits="thai") == "๑๙/๐๕/๒๕๖๖"


def test_datetime():
    assert format_datetime(datetime(2023, 5, 19, 14, 30)) == "19 พ.ค. 2566 14:30 น."
    assert format_datetime(datetime(2023, 5, 19, 9, 5, 59)) == "19 พ.ค. 2566 09:05 น."
    assert format_datetime(datetime(2023, 5, 19, 14, 30), digits="thai") == "๑๙ พ.ค. ๒๕๖๖ ๑๔:๓๐ น."


def test_digit_style_enum_is_accepted_and_unknown_styles_are_rejected():
    assert format_date_full(MAY_19, digits=DigitStyle.THAI) == "๑๙ พฤษภาคม ๒๕๖๖"
    assert format_date_full(MAY_19, digits=DigitStyle.ARABIC) == "19 พฤษภาคม 2566"
    with pytest.raises(ValueError):
        format_date_full(MAY_19, digits="roman")


def test_year_be():
    assert year_be(MAY_19) == 2566
    assert year_be(date(2024, 12, 31)) == 2567


@pytest.mark.parametrize("day, fiscal", [
    (date(2022, 9, 30), 2565),
    (date(2022, 10, 1), 2566),   # first day of FY 2566
    (date(2022, 12, 31), 2566),
    (date(2023, 1, 1), 2566),
    (date(2023, 9, 30), 2566),   # last day of FY 2566
    (date(2023, 10, 1), 2567),
    (date(2024, 2, 29), 2567),
])
def test_fiscal_year_runs_october_to_september(day, fiscal):
    assert fiscal_year_be(day) == fiscal


def test_format_fiscal_year():
    assert format_fiscal_year(MAY_19) == "ปีงบประมาณ พ.ศ. 2566"
    assert format_fiscal_year(date(2023, 10, 1)) == "ปีงบประมาณ พ.ศ. 2567"
    assert format_fiscal_year(MAY_19, digits="thai") == "ปีงบประมาณ พ.ศ. ๒๕๖๖"


def test_format_date_follows_the_interface_language():
    assert format_date(MAY_19, "en") == "19 May 2023"
    assert format_date(MAY_19, "th") == "19 พฤษภาคม 2566"
    assert format_date(MAY_19, "th", digits="thai") == "๑๙ พฤษภาคม ๒๕๖๖"
    set_language("en")
    assert format_date(MAY_19) == "19 May 2023"
    set_language("th")
    assert format_date(MAY_19) == "19 พฤษภาคม 2566"


@pytest.mark.parametrize("value, kwargs, expected", [
    (1234567, {}, "1,234,567"),
    (1234567.5, {}, "1,234,567.5"),
    (0, {}, "0"),
    (-1234.5, {"decimals": 2}, "-1,234.50"),
    (Decimal("150000.5"), {"decimals": 2}, "150,000.50"),
    (999.6, {"decimals": 0}, "1,000"),
    (1234567, {"digits": "thai"}, "๑,๒๓๔,๕๖๗"),
    (2566, {}, "2,566"),
])
def test_format_number(value, kwargs, expected):
    assert format_number(value, **kwargs) == expected


# --------------------------------------------------------------------------- parsing

@pytest.mark.parametrize("text", [
    "19/05/2566",
    "19/5/2566",
    " 19/05/2566 ",
    "19-05-2566",
    "19.05.2566",
    "๑๙/๐๕/๒๕๖๖",
    "19 พฤษภาคม 2566",
    "๑๙ พฤษภาคม ๒๕๖๖",
    "19 พ.ค. 2566",
    "19 พ.ค.2566",
    "19 พค 2566",
    "19  พ.ค.  2566",
    "19 พฤษภาคม พ.ศ. 2566",
    "วันที่ 19 พฤษภาคม พ.ศ. 2566",
    "2023-05-19",
    "19 พฤษภาคม ค.ศ. 2023",
])
def test_parse_accepted_forms(text):
    assert parse_thai_date(text) == MAY_19


@pytest.mark.parametrize("month", range(1, 13))
def test_parse_reads_back_every_format(month):
    day = date(2023, month, 28)
    for text in (format_date_full(day), format_date_short(day), format_date_numeric(day),
                 format_date_full(day, digits="thai"), format_date_short(day, digits="thai")):
        assert parse_thai_date(text) == day, text


@pytest.mark.parametrize("text, msgid_start", [
    ("19/5/66", "'{text}': a two-digit year is ambiguous"),
    ("19 พ.ค. 66", "'{text}': a two-digit year is ambiguous"),
    ("31/02/2566", "'{text}' is not a day in the calendar"),
    ("29/02/2566", "'{text}' is not a day in the calendar"),     # 2023 is not a leap year
    ("19/13/2566", "'{text}' is not a day in the calendar"),
    ("2023-02-30", "'{text}' is not a day in the calendar"),
    ("19/05/2023", "'{text}': {year} looks like a Christian-Era year"),
    ("2566-05-19", "'{text}': a date written year-month-day uses the Christian-Era year"),
    ("1/1/3000", "The year must be a Buddhist-Era year"),
    ("19 May 2566", "'{month}' is not the name of a Thai month"),
    ("hello", "'{text}' is not a date"),
    ("19/05", "'{text}' is not a date"),
    ("", "Enter a date"),
    ("   ", "Enter a date"),
])
def test_parse_rejects_bad_input_with_a_user_error(text, msgid_start):
    with pytest.raises(UserError) as caught:
        parse_thai_date(text)
    assert caught.value.message.startswith(msgid_start)
    set_language("th")
    thai = translate_error(caught.value)
    assert thai != caught.value.message.format(**caught.value.params)
    assert any("\u0e00" <= c <= "\u0e7f" for c in thai)


def test_parse_errors_carry_the_field_and_read_well_in_thai():
    with pytest.raises(UserError) as caught:
        parse_thai_date("19/5/66", field="start_date")
    assert caught.value.problems[0].field == "start_date"
    assert translate_error(caught.value) == (
        "'19/5/66': ปีแบบสองหลักอาจหมายถึงได้หลายปี กรุณากรอกปีพุทธศักราชให้ครบสี่หลัก เช่น 2566")
    with pytest.raises(UserError) as christian:
        parse_thai_date("19/05/2023")
    assert christian.value.params == {"text": "19/05/2023", "year": 2023, "year_be": 2566}
    assert translate_error(christian.value) == (
        "'19/05/2023': ปี 2023 น่าจะเป็นปีคริสต์ศักราช กรุณากรอกเป็นปีพุทธศักราช (2566)")
