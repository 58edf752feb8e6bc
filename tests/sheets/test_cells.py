"""Single cells: text, names split into title / first / last, dates, attendance marks."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core.errors import ValidationFailed
from desktop.sheets.cells import cell_text, parse_attendance_mark, parse_sheet_date, split_name

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def prefixes() -> list[str]:
    """The reference list's Thai titles, full and abbreviated, as the import service passes them."""
    records = json.loads((ROOT / "resources/reference/prefixes.json").read_text(encoding="utf-8"))["records"]
    return sorted({t for r in records for t in (r["full_th"], r["abbr_th"]) if t}, key=len, reverse=True)


@pytest.mark.parametrize(("value", "text"), [
    (None, None), ("", None), ("  \n ", None), ("  สมชาย ใจดี ", "สมชาย ใจดี"),
    (1, "1"), (1.0, "1"), (3101200456789.0, "3101200456789"), (3101200456789, "3101200456789"),
    (12.5, "12.5"), (0.1, "0.1"), (1e-7, "0.0000001"), (1e20, "100000000000000000000"),
    (Decimal("1234.50"), "1234.5"), (True, "TRUE"),
    (datetime(2023, 5, 19), "2023-05-19"), (datetime(2023, 5, 19, 14, 30), "2023-05-19 14:30"),
    (date(2023, 5, 19), "2023-05-19"), (time(8, 45), "08:45:00"),
])
def test_cell_text(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize(("text", "parts"), [
    ("นางสาวสมหญิง ใจดี", ("นางสาว", "สมหญิง", "ใจดี")),
    ("น.ส.สมหญิง ใจดี", ("น.ส.", "สมหญิง", "ใจดี")),
    ("นางชุติมา หาญเผชิญ", ("นาง", "ชุติมา", "หาญเผชิญ")),
    ("นาย  วิษณุ    เครืองาม ", ("นาย", "วิษณุ", "เครืองาม")),
    ("ผศ.ดร.สมชาย ใจงาม", ("ผศ.ดร.", "สมชาย", "ใจงาม")),
    ("ผศ. ดร. ธนพล วีรา", ("ผศ.ดร.", "ธนพล", "วีรา")),          # as the news text writes it
    ("รศ.นพ.สมชาย ดีมาก", ("รศ.นพ.", "สมชาย", "ดีมาก")),        # two titles the list has only apart
    ("พ.ต.อ.หญิง สมศรี มีสุข", ("พ.ต.อ.หญิง", "สมศรี", "มีสุข")),
    ("พ.ต.อ. หญิง สมศรี มีสุข", ("พ.ต.อ.หญิง", "สมศรี", "มีสุข")),
    ("ว่าที่ร้อยตรีสมชาย ใจดี", ("ว่าที่ร้อยตรี", "สมชาย", "ใจดี")),
    ("ว่าที่ ร.ต. สมชาย ใจดี", ("ว่าที่ ร.ต.", "สมชาย", "ใจดี")),
    ("หม่อมหลวงพัชรภากร เทวกุล", ("หม่อมหลวง", "พัชรภากร", "เทวกุล")),
    ("ม.ร.ว.สุขุมพันธุ์ บริพัตร", ("ม.ร.ว.", "สุขุมพันธุ์", "บริพัตร")),
    ("นายสมชาย ณ อยุธยา", ("นาย", "สมชาย", "ณ อยุธยา")),
    ("สมชาย ใจดี", (None, "สมชาย", "ใจดี")),
    ("นายิกา สุขใจ", (None, "นายิกา", "สุขใจ")),                  # นาย + ิ is no title: a name
    ("คุณากร ใจดี", (None, "คุณากร", "ใจดี")),
    ("นาย คุณวุฒิ ใจดี", ("นาย", "คุณวุฒิ", "ใจดี")),
    ("นางสาว\u200bสมหญิง ใจดี", ("นางสาว", "สมหญิง", "ใจดี")),    # a zero-width space from a web page
    ("นาง", (None, "นาง", None)),
    ("สมหญิง", (None, "สมหญิง", None)),
    ("", (None, "", None)),
])
def test_split_name(prefixes, text, parts):
    assert split_name(text, prefixes) == parts


def test_split_name_longest_title_wins():
    assert split_name("นางสาวสมหญิง ใจดี", ["นาง", "นางสาว"]) == ("นางสาว", "สมหญิง", "ใจดี")
    assert split_name("Mr. John Smith", ["Mr.", "Mrs."]) == ("Mr.", "John", "Smith")
    assert split_name("Mrs.Jane Smith", ["Mr.", "Mrs."]) == ("Mrs.", "Jane", "Smith")
    assert split_name("นางสาวสมหญิง ใจดี", []) == (None, "นางสาวสมหญิง", "ใจดี")


@pytest.mark.parametrize("value", [
    datetime(2023, 5, 19, 9, 30), date(2023, 5, 19), 45065, 45065.0, 45065.375, "45065",
    "19/05/2566", "19/5/2566", "19-05-66", "19.05.2566", "๑๙/๐๕/๒๕๖๖", "19 พ.ค. 2566", "19 พ.ค.66", "19 พค 2566",
    "19 พฤษภาคม 2566", "วันที่ 19 พฤษภาคม พ.ศ. 2566", "๑๙ พฤษภาคม ๒๕๖๖", "2023-05-19", "2566-05-19",
    "19/05/2023", "19 May 2023", "19-May-23", "19/05/2566 09:30", "2023-05-19 00:00:00", "19052566",
])
def test_parse_sheet_date(value):
    assert parse_sheet_date(value) == date(2023, 5, 19)


@pytest.mark.parametrize(("value", "message"), [
    ("", "Enter a date, such as 19/05/2566."),
    ("เร็ว ๆ นี้", "'{text}' is not a date. Write it as 19/05/2566, 19 พ.ค. 2566, 19 พฤษภาคม 2566 or 2023-05-19."),
    ("31/02/2566", "'{text}' is not a day in the calendar."),
    ("19 ม่าย 2566", "'{month}' is not the name of a Thai month."),
    ("19/05/3000", "'{text}': the year {year} is neither a Buddhist-Era year such as 2566 nor a Christian-Era "
                   "year such as 2023."),
    (7, "{value} is a number, not a date. Write the date as 19/05/2566."),
    (2566, "{value} is a number, not a date. Write the date as 19/05/2566."),
])
def test_parse_sheet_date_rejects(value, message):
    with pytest.raises(ValidationFailed) as caught:
        parse_sheet_date(value, "start_date")
    problem = caught.value.problems[0]
    assert problem.field == "start_date" and problem.message == message


@pytest.mark.parametrize(("value", "status"), [
    ("มา", "present"), ("✓", "present"), ("/", "present"), ("1", "present"), (1, "present"), (1.0, "present"),
    ("Present", "present"), ("ลงชื่อ", "present"), (True, "present"), (time(8, 45), "present"),
    ("ไม่มา", "absent"), ("ขาด", "absent"), ("absent", "absent"), ("0", "absent"), (0, "absent"), ("x", "absent"),
    ("X", "absent"), (False, "absent"),
    ("ลา", "excused"), ("ลาป่วย", "excused"), ("leave", "excused"),
    ("สาย", "late"), ("late", "late"), ("ออนไลน์", "online"), ("Zoom", "online"),
    (None, None), ("", None), ("  ", None),
])
def test_attendance_marks(value, status):
    assert parse_attendance_mark(value) == status


def test_unknown_attendance_mark():
    with pytest.raises(ValidationFailed) as caught:
        parse_attendance_mark("พรุ่งนี้")
    assert caught.value.problems[0].field == "status"
    assert caught.value.problems[0].params == {"text": "พรุ่งนี้"}
