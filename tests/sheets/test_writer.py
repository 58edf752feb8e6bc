"""Writing lists: the .xlsx reopened by openpyxl, by our reader and by LibreOffice Calc
(saved as CSV as Calc shows it), and the .csv as Excel expects it."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.sheets.headers import guess_mapping
from desktop.sheets.reader import read_table
from desktop.sheets.writer import BUDDHIST_DATE_FORMAT, Column, display_width, write_csv, write_xlsx
from tests.sheets.conftest import ID_1, ID_3, WRITTEN_COLUMNS, WRITTEN_ROWS

COLUMNS, ROWS = WRITTEN_COLUMNS, WRITTEN_ROWS


@pytest.fixture(scope="module")
def written(made, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample workbook (made by the session fixture, so that Calc converts it in the
    same run as the others) and the same list written as CSV."""
    text = tmp_path_factory.mktemp("written") / "รายชื่อผู้เข้าร่วม.csv"
    write_csv(text, COLUMNS, ROWS)
    return {"xlsx": made["written"], "csv": text, "shown": made["written_cp874"]}


def test_xlsx_layout(written):
    wb = load_workbook(written["xlsx"])
    assert wb.sheetnames == ["รายชื่อ", "สรุป  ปี 2566 67", "รายชื่อ (2)"]
    ws = wb["รายชื่อ"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:J5"
    assert [c.value for c in ws[1]] == [c.header for c in COLUMNS]
    assert all(c.font.b for c in ws[1])
    assert ws.column_dimensions["A"].width == 7
    # widths from content: Thai marks take no room; the long agency name is wider than a prefix
    assert ws.column_dimensions["E"].width > ws.column_dimensions["B"].width >= 6
    assert ws.column_dimensions["E"].width <= 60


def test_xlsx_values_keep_their_kinds(written):
    ws = load_workbook(written["xlsx"])["รายชื่อ"]
    first, second, third = ws[2], ws[3], ws[4]
    assert first[0].value == 1 and first[0].data_type == "n"
    assert first[5].value == ID_1 and first[5].data_type == "s" and first[5].number_format == "@"
    assert second[5].value == ID_3 and second[5].data_type == "s"       # given as a number, kept as text
    assert second[6].value == "0812345678"                              # the leading zero stays
    assert first[7].value == datetime(2023, 5, 19) and first[7].number_format == BUDDHIST_DATE_FORMAT
    assert second[7].value == datetime(2022, 10, 1, 9, 30)
    assert first[8].value == 1234567.5 and first[8].number_format == "#,##0.00"
    assert second[9].value == "=SUM(A1:A2)" and second[9].data_type == "s"  # text, never a formula
    assert third[9].value == "+ประธาน"
    assert [c.value for c in ws[5]] == [4, "นาย", "วิษณุ", "เครืองาม"] + [None] * 6


def test_xlsx_reads_back_through_our_reader(written):
    table = read_table(written["xlsx"])
    assert table.headers == [c.header for c in COLUMNS] and table.header_row == 1
    assert guess_mapping(table.headers)[5] == "national_id"
    assert [row.cells[2] for row in table.rows] == ["ชุติมา", "พัชรภากร", "ธนพล", "วิษณุ"]
    assert table.rows[0].cells[7] == datetime(2023, 5, 19)


def test_calc_shows_thai_buddhist_dates_and_whole_ids(written):
    lines = list(csv.reader(io.StringIO(written["shown"].read_bytes().decode("cp874"), newline="")))
    assert lines[0] == [c.header for c in COLUMNS]
    assert lines[1] == ["1", "นาง", "ชุติมา", "หาญเผชิญ", "สำนักงาน ป.ย.ป.", ID_1, "081-234-5678", "19/05/2566",
                        "1,234,567.50", ""]
    assert lines[2][5:10] == [ID_3, "0812345678", "01/10/2565", "250,000.00", "=SUM(A1:A2)"]
    assert lines[3][4] == "วิทยาลัยการจัดการ มหาวิทยาลัยมหิดล"


def test_csv_for_excel(written):
    data = written["csv"].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == len(ROWS) + 1 and b"\n" not in data.replace(b"\r\n", b"")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert lines[1] == ["1", "นาง", "ชุติมา", "หาญเผชิญ", "สำนักงาน ป.ย.ป.", ID_1, "081-234-5678", "19/05/2566",
                        "1234567.5", ""]
    assert lines[2][5:10] == [ID_3, "0812345678", "01/10/2565", "250000", "'=SUM(A1:A2)"]
    assert lines[3][9] == "'+ประธาน" and lines[4] == ["4", "นาย", "วิษณุ", "เครืองาม"] + [""] * 6


def test_csv_reads_back_through_our_reader(written):
    table = read_table(written["csv"])
    assert table.encoding == "utf-8-sig"
    assert table.headers == [c.header for c in COLUMNS]
    assert [row.cells[3] for row in table.rows] == ["หาญเผชิญ", "เทวกุล", "วีรา", "เครืองาม"]


def test_phone_with_country_code_is_not_escaped(tmp_path):
    write_csv(tmp_path / "p.csv", [Column("โทรศัพท์", "id")], [["+66 81 234 5678"], ["-"]])
    assert (tmp_path / "p.csv").read_text(encoding="utf-8-sig").splitlines()[1:] == ["+66 81 234 5678", "-"]


def test_written_atomically(tmp_path):
    target = tmp_path / "list.xlsx"
    write_xlsx(target, [("รายชื่อ", COLUMNS, ROWS)])
    before = target.read_bytes()

    def broken():
        yield ROWS[0]
        raise RuntimeError("the database went away")

    for write in (lambda: write_xlsx(target, [("รายชื่อ", COLUMNS, broken())]),
                  lambda: write_csv(target, COLUMNS, broken())):
        with pytest.raises(RuntimeError):
            write()
        assert target.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["list.xlsx"]
    write_csv(target, COLUMNS, ROWS[:1])  # replacing a file works
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_display_width():
    assert display_width("ผู้อำนวยการ") == 9
    assert display_width("สำนักงาน") == 7
    assert display_width("Zoom") == 4


def test_unknown_column_kind():
    with pytest.raises(ValueError):
        Column("วันที่", "datetime")
