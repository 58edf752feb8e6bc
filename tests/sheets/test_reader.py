"""Reading workbooks that LibreOffice Calc saved: where the table starts, merged and
hidden cells, numbers and dates as the file holds them, and every file-level error."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop.core.validation import clean_national_id, clean_phone
from desktop.sheets.cells import cell_text, parse_sheet_date
from desktop.sheets.headers import guess_mapping
from desktop.sheets.reader import read_table, sheet_names
from desktop.sheets.table import SheetError
from tests.sheets.conftest import BIG_ROWS, ID_1, ID_2, ID_3, big_row

HEADERS = ["ลำดับ", "ชื่อ-สกุล / คำนำหน้า", "ชื่อ-สกุล / ชื่อ", "ชื่อ-สกุล / นามสกุล", "หน่วยงาน",
           "เลขประจำตัวประชาชน", "โทรศัพท์", "วันที่"]


def test_title_row_and_two_row_merged_header(made):
    table = read_table(made["participants"])
    assert table.headers == HEADERS
    assert table.header_row == 4  # the title (row 1) and the blank row 2 are skipped; the header is rows 3-4
    assert table.sheet_name == "รายชื่อ" and table.encoding is None
    assert guess_mapping(table.headers) == {0: "sequence", 1: "prefix", 2: "first_name", 3: "last_name",
                                            4: "agency", 5: "national_id", 6: "phone", 7: "date"}


def test_rows_keep_their_sheet_numbers_and_blank_rows_go(made):
    table = read_table(made["participants"])
    assert [row.number for row in table.rows] == [5, 6, 7, 9, 10]
    assert all(len(row.cells) == len(HEADERS) for row in table.rows)
    assert [row.cells[2] for row in table.rows] == ["ชุติมา", "พัชรภากร", "ธนพล", "วิษณุ", "สมศรี"]
    assert table.rows[4].cells[3] == "ณ อยุธยา"


def test_hidden_column_and_merged_data_cell(made):
    table = read_table(made["participants"])
    assert table.hidden == frozenset({6})
    # the agency merged over two people belongs to both
    assert [row.cells[4] for row in table.rows[1:3]] == ["สำนักงาน ก.พ.ร.", "สำนักงาน ก.พ.ร."]


def test_numbers_dates_and_thai_digits_as_stored(made):
    rows = read_table(made["participants"]).rows
    assert isinstance(rows[0].cells[5], int) and cell_text(rows[0].cells[5]) == ID_1
    assert clean_national_id(cell_text(rows[2].cells[5])) == ID_3
    assert clean_national_id(rows[1].cells[5]) == ID_2  # typed in Thai digits with dashes
    assert clean_phone(rows[1].cells[6]) == "089-123-4567"
    assert isinstance(rows[0].cells[7], datetime)
    dates = [parse_sheet_date(row.cells[7]) for row in rows]
    assert dates == [date(2023, 5, 19)] * 5  # a real date, 19 พ.ค. 2566, ๑๙/๐๕/๒๕๖๖, serial 45065, 19 พฤษภาคม 2566


def test_other_sheet_by_name(made):
    assert sheet_names(made["participants"]) == ["รายชื่อ", "สรุป"]
    table = read_table(made["participants"], sheet="สรุป")
    assert table.headers == ["หน่วยงาน", "จำนวน"] and table.header_row == 1
    assert [row.cells for row in table.rows] == [["สำนักงาน ป.ย.ป.", 1], ["สำนักงาน ก.พ.ร.", 2]]
    with pytest.raises(SheetError) as error:
        read_table(made["participants"], sheet="Sheet1")
    assert error.value.params == {"file": "participants.xlsx", "sheet": "Sheet1"}


def test_ten_thousand_rows_with_progress(made):
    calls: list[int] = []
    started = time.perf_counter()
    table = read_table(made["big"], progress=calls.append)
    elapsed = time.perf_counter() - started
    assert len(table.rows) == BIG_ROWS
    assert table.headers == ["ที่", "ชื่อ - นามสกุล", "ตำแหน่ง", "สังกัด", "เลขบัตรประชาชน", "วันที่"]
    assert guess_mapping(table.headers) == {0: "sequence", 1: "full_name", 2: "position", 3: "agency",
                                            4: "national_id", 5: "date"}
    assert calls[:3] == [1000, 2000, 3000] and calls[-1] == BIG_ROWS + 1
    for i in (1, 4321, BIG_ROWS):
        row = table.rows[i - 1]
        expected = big_row(i)
        assert row.number == i + 1
        assert row.cells[:4] == expected[:4]
        assert cell_text(row.cells[4]) == str(expected[4]) and len(cell_text(row.cells[4])) == 13
        assert parse_sheet_date(row.cells[5]) == expected[5]
    assert elapsed < 30  # about a second here; a generous bound for a slow CI machine


def test_csv_saved_by_calc_in_thai_windows_encoding(made):
    """The same list as Calc's CSV in Windows-874: merged header cells come out blank."""
    table = read_table(made["participants_cp874"])
    assert table.encoding == "cp874"
    assert table.headers == HEADERS and table.header_row == 4
    assert [row.number for row in table.rows] == [5, 6, 7, 9, 10]
    first = table.rows[0].cells
    assert first[:5] == ["1", "นาง", "ชุติมา", "หาญเผชิญ", "สำนักงาน ป.ย.ป."]
    assert first[5] == ID_1 and parse_sheet_date(first[7]) == date(2023, 5, 19)
    assert table.rows[2].cells[4] is None  # a CSV has no merges to fill from
    assert sheet_names(made["participants_cp874"]) == []


# ---------------------------------------------------------------------------- errors

def _error(path: Path) -> SheetError:
    with pytest.raises(SheetError) as caught:
        read_table(path)
    return caught.value


def test_missing_file(tmp_path):
    error = _error(tmp_path / "รายชื่อ.xlsx")
    assert error.message == "The file {file} does not exist."
    assert error.params["file"].endswith("รายชื่อ.xlsx")


def test_old_excel_file_says_save_as_xlsx(made):
    error = _error(made["participants_xls"])
    assert ".xls" in error.message and "Excel Workbook (.xlsx)" in error.message
    assert error.params == {"file": "participants.xls"}


def test_garbage_named_xlsx(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    assert "damaged" in _error(path).message


def test_damaged_zip(made, tmp_path):
    path = tmp_path / "cut.xlsx"
    path.write_bytes(made["participants"].read_bytes()[:3000])  # a download that stopped half way
    assert "damaged" in _error(path).message


def test_zip_that_is_no_workbook(tmp_path):
    import zipfile

    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert "damaged" in _error(path).message


def test_empty_files(tmp_path, made):
    for name in ("empty.xlsx", "empty.csv"):
        (tmp_path / name).write_bytes(b"")
        error = _error(tmp_path / name)
        assert error.message == "{file} is empty." and error.params == {"file": name}
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"\xef\xbb\xbf,,\r\n ,\r\n")
    assert _error(blank).message == "{file} has no data."
    error = _error(made["empty"])
    assert error.message == "The sheet '{sheet}' in {file} has no data." and error.params["sheet"] == "ว่าง"


def test_unsupported_kinds(tmp_path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    assert "not a spreadsheet" in _error(tmp_path / "photo.png").message
    (tmp_path / "list.ods").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    error = _error(tmp_path / "list.ods")
    assert error.params["kind"] == "OpenDocument (.ods)"
    (tmp_path / "export.xls").write_text("<html><table><tr><td>ชื่อ</td></tr></table></html>", encoding="utf-8")
    assert "web page" in _error(tmp_path / "export.xls").message
    (tmp_path / "binary.csv").write_bytes(b"a,b\x00\x00\x01")
    assert "not a spreadsheet" in _error(tmp_path / "binary.csv").message


def test_error_is_a_user_error_with_a_message_id(tmp_path):
    from desktop.core.errors import UserError

    error = _error(tmp_path / "none.csv")
    assert isinstance(error, UserError) and "none.csv" in str(error)


def test_a_cancel_from_progress_passes_through(made):
    class Cancelled(RuntimeError):
        pass

    def cancel(count: int) -> None:
        raise Cancelled(count)

    with pytest.raises(Cancelled):
        read_table(made["big"], progress=cancel)
