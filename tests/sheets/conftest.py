"""Real spreadsheets for the sheet tests, made once per test run by LibreOffice Calc
(shared by parallel workers): from Flat ODS sources, the participant list of the 2566
ป.ย.ป. preparation workshop (a title row, a two-row merged header, a hidden column, a
merged agency, a blank row), a 10,000-row list and an empty workbook as .xlsx; the list
as .xls; and as Calc shows them in a Thai Windows (cp874) CSV, the list and a workbook
written by desktop.sheets.writer."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core.validation import national_id_checksum_ok
from desktop.sheets.writer import Column, write_xlsx
from tests.sheets.libreoffice import CSV_AS_SHOWN, THAI_WINDOWS, LibreOffice, Sheet, write_fods

TITLE = "รายชื่อผู้เข้าร่วมกิจกรรมเตรียมความพร้อม หลักสูตร ป.ย.ป. ประจำปี ๒๕๖๖"
BIG_ROWS = 10_000


def national_id(first12: str) -> str:
    """A national ID with its real check digit."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    digits = first12 + str((11 - total % 11) % 10)
    assert national_id_checksum_ok(digits)
    return digits


ID_1, ID_2, ID_3 = national_id("310120045678"), national_id("110050012345"), national_id("370990001234")


def participants() -> Sheet:
    thai_id_2 = ID_2.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    rows = [
        [TITLE],
        [],
        ["ลำดับ", "ชื่อ-สกุล", None, None, "หน่วยงาน", "เลขประจำตัวประชาชน", "โทรศัพท์", "วันที่"],
        [None, "คำนำหน้า", "ชื่อ", "นามสกุล"],
        [1, "นาง", "ชุติมา", "หาญเผชิญ", "สำนักงาน ป.ย.ป.", int(ID_1), "081-234-5678", date(2023, 5, 19)],
        [2, "หม่อมหลวง", "พัชรภากร", "เทวกุล", "สำนักงาน ก.พ.ร.", f"{thai_id_2[0]}-{thai_id_2[1:5]}-{thai_id_2[5:10]}-"
         f"{thai_id_2[10:12]}-{thai_id_2[12]}", "๐๘๙-๑๒๓-๔๕๖๗", "19 พ.ค. 2566"],
        [3, "ผศ.ดร.", "ธนพล", "วีรา", None, int(ID_3), None, "๑๙/๐๕/๒๕๖๖"],
        [],
        [4, "นาย", "วิษณุ", "เครืองาม", "สำนักนายกรัฐมนตรี", None, "0812345678", 45065],
        [5, None, "สมศรี", "ณ อยุธยา", "สำนักงานตำรวจแห่งชาติ", None, None, "19 พฤษภาคม 2566"],
    ]
    merges = [(0, 0, 1, 8), (2, 0, 2, 1), (2, 1, 1, 3), (2, 4, 2, 1), (2, 5, 2, 1), (2, 6, 2, 1), (2, 7, 2, 1),
              (5, 4, 2, 1)]
    return Sheet("รายชื่อ", rows, merges, hidden={6})


def summary() -> Sheet:
    return Sheet("สรุป", [["หน่วยงาน", "จำนวน"], ["สำนักงาน ป.ย.ป.", 1], ["สำนักงาน ก.พ.ร.", 2]])


FIRST = ["ชุติมา", "พัชรภากร", "ธนพล", "วิษณุ", "สมศรี", "กมล", "เกษม", "ขวัญใจ", "นภาพร", "อรุณี"]
LAST = ["หาญเผชิญ", "เทวกุล", "วีรา", "เครืองาม", "มีสุข", "ใจดี", "ศรีสุข", "ณ อยุธยา"]
AGENCIES = ["สำนักงาน ป.ย.ป.", "สำนักงาน ก.พ.ร.", "กระทรวงศึกษาธิการ", "กระทรวงยุติธรรม", "กระทรวงมหาดไทย",
            "สำนักงานเลขาธิการสภาการศึกษา", "กระทรวงสาธารณสุข", "สำนักงานตำรวจแห่งชาติ"]


def big_row(i: int) -> list:
    return [i, f"นางสาว{FIRST[i % 10]} {LAST[i % 8]}", "นักวิเคราะห์นโยบายและแผนชำนาญการ", AGENCIES[i % 8],
            int(national_id(f"1{i:011d}")), date(2023, 1, 1) + timedelta(days=i % 365)]


def big() -> Sheet:
    header = ["ที่", "ชื่อ - นามสกุล", "ตำแหน่ง", "สังกัด", "เลขบัตรประชาชน", "วันที่"]
    return Sheet("ผู้เข้าร่วม", [header] + [big_row(i) for i in range(1, BIG_ROWS + 1)])


WRITTEN_COLUMNS = [Column("ลำดับ", "int", 7), Column("คำนำหน้า"), Column("ชื่อ"), Column("นามสกุล"),
                   Column("หน่วยงาน"), Column("เลขประจำตัวประชาชน", "id"), Column("โทรศัพท์", "id"),
                   Column("วันที่", "date"), Column("งบประมาณ (บาท)", "number"), Column("หมายเหตุ")]
WRITTEN_ROWS = [
    [1, "นาง", "ชุติมา", "หาญเผชิญ", "สำนักงาน ป.ย.ป.", ID_1, "081-234-5678", date(2023, 5, 19), 1234567.5, None],
    [2, "หม่อมหลวง", "พัชรภากร", "เทวกุล", "สำนักงาน ก.พ.ร.", int(ID_3), "0812345678", datetime(2022, 10, 1, 9, 30),
     Decimal("250000"), "=SUM(A1:A2)"],
    [3, "ผศ.ดร.", "ธนพล", "วีรา", "วิทยาลัยการจัดการ มหาวิทยาลัยมหิดล", None, None, None, None, "+ประธาน"],
    [4, "นาย", "วิษณุ", "เครืองาม"],  # a short row: the rest blank
]


def write_sample_workbook(path: Path) -> Path:
    summary = [Column("หน่วยงาน"), Column("จำนวน", "int")]
    write_xlsx(path, [("รายชื่อ", WRITTEN_COLUMNS, iter(WRITTEN_ROWS)),
                      ("สรุป: ปี 2566/67", summary, [["สำนักงาน ป.ย.ป.", 1]]), ("รายชื่อ", summary, [])])
    return path


@contextmanager
def _only_one(lock: Path, timeout: float = 300) -> Iterator[None]:
    """Let one test worker at a time in (the others wait for what it makes)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            assert time.monotonic() < deadline, f"{lock} is still held"
            time.sleep(0.1)
    try:
        yield
    finally:
        os.close(fd)
        lock.unlink()


def _make(office: LibreOffice, folder: Path) -> dict[str, Path]:
    src = folder / "sources"
    src.mkdir()
    sources = [write_fods(src / "participants.fods", [participants(), summary()]),
               write_fods(src / "big.fods", [big()]),
               write_fods(src / "empty.fods", [Sheet("ว่าง", [])])]
    files = dict(zip(["participants", "big", "empty"], office.convert(sources, "xlsx", folder)))
    files["participants_xls"] = office.convert(sources[:1], "xls", folder)[0]
    files["written"] = write_sample_workbook(folder / "written" / "รายชื่อผู้เข้าร่วม.xlsx")
    shown = office.convert([files["participants"], files["written"]], CSV_AS_SHOWN.format(charset=THAI_WINDOWS),
                           folder / "csv")
    files["participants_cp874"], files["written_cp874"] = shown
    return files


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """name -> a file saved by LibreOffice Calc (or, for "written", by our writer)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder all workers of this run share
    folder = shared / "sheets-made"
    with _only_one(shared / "sheets-made.lock"):
        if not (folder / "index.txt").exists():
            folder.mkdir(exist_ok=True)
            (folder / "written").mkdir(exist_ok=True)
            files = _make(LibreOffice(folder / "libreoffice-profile"), folder)
            (folder / "index.txt").write_text("".join(f"{k}\t{v}\n" for k, v in files.items()), encoding="utf-8")
    lines = (folder / "index.txt").read_text(encoding="utf-8").splitlines()
    return {k: Path(v) for k, v in (line.split("\t") for line in lines)}
