"""CSV and text files as offices receive them: UTF-8 with and without BOM, Thai Windows
(cp874 / TIS-620), files pasted together from both, semicolons and tabs."""

from __future__ import annotations

import codecs

import pytest

from desktop.sheets.headers import guess_mapping
from desktop.sheets.reader import read_table

LINES = [
    "ลำดับ,ชื่อ - นามสกุล,ตำแหน่ง,หน่วยงาน,โทรศัพท์",
    "1,นางชุติมา หาญเผชิญ,ผู้อำนวยการสำนักงาน ป.ย.ป.,สำนักงาน ป.ย.ป.,081-234-5678",
    '2,ผศ. ดร. ธนพล วีรา,"ผู้อำนวยการด้านนวัตกรรม, โครงการพิเศษ",วิทยาลัยการจัดการ มหาวิทยาลัยมหิดล,',
    "3,หม่อมหลวงพัชรภากร เทวกุล,ผู้อำนวยการสถาบัน,สำนักงาน ก.พ.ร.,๐๘๙-๑๒๓-๔๕๖๗",
]
EXPECTED_NAMES = ["นางชุติมา หาญเผชิญ", "ผศ. ดร. ธนพล วีรา", "หม่อมหลวงพัชรภากร เทวกุล"]


def _check(table, encoding: str) -> None:
    assert table.encoding == encoding
    assert table.headers == ["ลำดับ", "ชื่อ - นามสกุล", "ตำแหน่ง", "หน่วยงาน", "โทรศัพท์"]
    assert [row.cells[1] for row in table.rows] == EXPECTED_NAMES
    assert table.rows[1].cells[2] == "ผู้อำนวยการด้านนวัตกรรม, โครงการพิเศษ"  # a quoted comma stays in its cell
    assert table.rows[1].cells[4] is None
    assert table.rows[2].cells[4] == "๐๘๙-๑๒๓-๔๕๖๗"
    assert [row.number for row in table.rows] == [2, 3, 4]


@pytest.mark.parametrize(("encoding", "data"), [
    ("utf-8-sig", codecs.BOM_UTF8 + "\r\n".join(LINES).encode("utf-8")),
    ("utf-8", "\n".join(LINES).encode("utf-8")),
    ("cp874", "\r\n".join(LINES).encode("cp874")),
    ("utf-16", "\r\n".join(LINES).encode("utf-16")),   # Excel's "Unicode Text" (with its BOM)
])
def test_encodings(tmp_path, encoding, data):
    path = tmp_path / "list.csv"
    path.write_bytes(data)
    _check(read_table(path), encoding)


def test_tis620_bytes_read_as_thai(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes("\n".join(LINES).encode("tis-620"))
    _check(read_table(path), "cp874")


def test_mixed_encodings_line_by_line(tmp_path):
    """Two lists pasted together: the header and one row in UTF-8, the rest in cp874."""
    data = b"\r\n".join(line.encode("utf-8" if i in (0, 2) else "cp874") for i, line in enumerate(LINES))
    path = tmp_path / "pasted.csv"
    path.write_bytes(data)
    _check(read_table(path), "mixed")


def test_semicolon_and_tab(tmp_path):
    semicolon = [line.replace(",", ";") for line in LINES]
    semicolon[2] = '2;ผศ. ดร. ธนพล วีรา;"ผู้อำนวยการด้านนวัตกรรม, โครงการพิเศษ";วิทยาลัยการจัดการ มหาวิทยาลัยมหิดล;'
    (tmp_path / "semi.csv").write_text("\n".join(semicolon), encoding="utf-8")
    _check(read_table(tmp_path / "semi.csv"), "utf-8")
    tab = [line.replace(",", "\t") for line in LINES]
    tab[2] = "2\tผศ. ดร. ธนพล วีรา\tผู้อำนวยการด้านนวัตกรรม, โครงการพิเศษ\tวิทยาลัยการจัดการ มหาวิทยาลัยมหิดล\t"
    (tmp_path / "list.txt").write_text("\n".join(tab), encoding="utf-8")
    _check(read_table(tmp_path / "list.txt"), "utf-8")


def test_title_lines_and_blank_lines(tmp_path):
    text = ["รายชื่อผู้เข้าร่วมอบรม หลักสูตร ป.ย.ป. ประจำปี 2566,,,,", "วันที่ 19 พฤษภาคม 2566,,,,", ",,,,"]
    text += LINES[:2] + [",,,,", "   ,  ,,,"] + LINES[2:]
    (tmp_path / "titled.csv").write_text("\r\n".join(text), encoding="utf-8-sig")
    table = read_table(tmp_path / "titled.csv")
    assert table.header_row == 4
    assert [row.number for row in table.rows] == [5, 8, 9]
    assert [row.cells[1] for row in table.rows] == EXPECTED_NAMES


def test_two_row_header_in_csv(tmp_path):
    lines = ["ที่,ชื่อ-สกุล,,,สังกัด", ",คำนำหน้า,ชื่อ,นามสกุล,", "1,นาง,ชุติมา,หาญเผชิญ,สำนักงาน ป.ย.ป."]
    (tmp_path / "two.csv").write_text("\n".join(lines), encoding="utf-8")
    table = read_table(tmp_path / "two.csv")
    assert table.headers == ["ที่", "ชื่อ-สกุล / คำนำหน้า", "ชื่อ-สกุล / ชื่อ", "ชื่อ-สกุล / นามสกุล", "สังกัด"]
    assert table.header_row == 2 and len(table.rows) == 1
    assert guess_mapping(table.headers) == {0: "sequence", 1: "prefix", 2: "first_name", 3: "last_name",
                                            4: "agency"}


def test_unrecognised_headers_start_at_the_first_row(tmp_path):
    (tmp_path / "plain.csv").write_text("ก,ข\n1,2\n3,4\n", encoding="utf-8")
    table = read_table(tmp_path / "plain.csv")
    assert table.header_row == 1 and table.headers == ["ก", "ข"]
    assert [row.cells for row in table.rows] == [["1", "2"], ["3", "4"]]


def test_ragged_rows_are_padded(tmp_path):
    (tmp_path / "ragged.csv").write_text("ชื่อ,สกุล\nสมชาย\nสมหญิง,ใจดี,เพิ่มเติม\n", encoding="utf-8")
    table = read_table(tmp_path / "ragged.csv")
    assert table.headers == ["ชื่อ", "สกุล", ""]
    assert [row.cells for row in table.rows] == [["สมชาย", None, None], ["สมหญิง", "ใจดี", "เพิ่มเติม"]]


def test_progress_every_thousand_rows(tmp_path):
    lines = ["ลำดับ,ชื่อ - นามสกุล"] + [f"{i},นางสาวสมหญิง ใจดี{i}" for i in range(1, 2501)]
    (tmp_path / "many.csv").write_text("\n".join(lines), encoding="utf-8")
    calls: list[int] = []
    table = read_table(tmp_path / "many.csv", progress=calls.append)
    assert len(table.rows) == 2500 and calls == [1000, 2000, 2501]


def test_text_export_named_xls(tmp_path):
    """Office systems often export tab-separated text under an .xls name."""
    (tmp_path / "export.xls").write_text("\n".join(line.replace(",", "\t") for line in (LINES[0], LINES[1])),
                                         encoding="cp874")
    table = read_table(tmp_path / "export.xls")
    assert table.encoding == "cp874" and table.rows[0].cells[1] == "นางชุติมา หาญเผชิญ"


def test_a_dated_line_above_the_header_is_not_the_header(tmp_path):
    lines = ["รายชื่อผู้เข้าร่วมประชุม,วันที่ 19 พฤษภาคม 2566,,", "ที่,ชื่อ-สกุล,หน่วยงาน,ลายมือชื่อ",
             "1,นางชุติมา หาญเผชิญ,สำนักงาน ป.ย.ป.,"]
    (tmp_path / "dated.csv").write_text("\n".join(lines), encoding="utf-8")
    table = read_table(tmp_path / "dated.csv")
    assert table.header_row == 2 and table.headers == ["ที่", "ชื่อ-สกุล", "หน่วยงาน", "ลายมือชื่อ"]


def test_a_first_row_with_known_words_is_data(tmp_path):
    """"ผู้เข้าร่วม" and "กลุ่ม 1" look like headers, but a full header row has no groups."""
    lines = ["ที่,ชื่อ-นามสกุล,หน่วยงาน,บทบาท,กลุ่ม", "1,นางสาวสมหญิง ใจดี,สำนักงาน ก.พ.ร.,ผู้เข้าร่วม,กลุ่ม 1",
             "2,นายสมชาย ใจงาม,มหาวิทยาลัยมหิดล,โค้ช,"]
    (tmp_path / "cohort.csv").write_text("\n".join(lines), encoding="utf-8")
    table = read_table(tmp_path / "cohort.csv")
    assert table.headers == ["ที่", "ชื่อ-นามสกุล", "หน่วยงาน", "บทบาท", "กลุ่ม"]
    assert [row.number for row in table.rows] == [2, 3]
    assert guess_mapping(table.headers) == {0: "sequence", 1: "full_name", 2: "agency", 3: "role", 4: "group_name"}
