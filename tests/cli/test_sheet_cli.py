"""`sheet columns|import|export` through real subprocesses: the report, the all-or-nothing
refusal with the data folder unchanged, and an export that reads back with Thai intact."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from tests.cli.test_cli import cli, digest
from tests.services.test_sheet_import import ID_A, ID_B

LIST = [
    "รายชื่อผู้เข้าร่วมประชุมเชิงปฏิบัติการ",
    "ลำดับ,ชื่อ-สกุล,ตำแหน่ง,หน่วยงาน,โทรศัพท์,เลขประจำตัวประชาชน",
    f"1,นางสาวสมหญิง ใจดี,นักวิเคราะห์นโยบายและแผน,สำนักงาน ก.พ.ร.,081-234-5678,{ID_A}",
    f"2,นายสมชาย ใจงาม,อาจารย์,มหาวิทยาลัยมหิดล,,{ID_B}",
]


def write(path: Path, lines: list[str], encoding: str = "utf-8-sig") -> Path:
    path.write_text("\r\n".join(lines) + "\r\n", encoding=encoding)
    return path


def test_columns_import_dry_run_import_and_export(data_dir, tmp_path):
    path = write(tmp_path / "list.csv", LIST, encoding="cp874")
    r = cli("sheet", "columns", str(path), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "ชื่อ-สกุล" in r.stdout and "หน่วยงาน" in r.stdout

    before = digest(data_dir)
    r = cli("sheet", "import", str(path), "--kind", "persons", "--dry-run", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "2" in r.stdout.splitlines()[-1]
    assert digest(data_dir) == before

    r = cli("sheet", "import", str(path), "--kind", "persons", "--format", "json", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [line["action"] for line in lines] == ["created", "created"]

    again = cli("sheet", "import", str(path), "--kind", "persons", data_dir=data_dir)
    assert again.returncode == 1
    assert "ข้อผิดพลาด" in again.stderr or again.stderr.strip()
    assert "เลขประจำตัวประชาชน" in again.stdout  # each duplicate listed with its reason

    out = tmp_path / "persons.xlsx"
    r = cli("sheet", "export", "--kind", "persons", "--out", str(out), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    rows = list(openpyxl.load_workbook(out).active.values)
    assert rows[0][:4] == ("ลำดับ", "คำนำหน้า", "ชื่อ", "นามสกุล")
    names = {(row[2], row[3]) for row in rows[1:]}
    assert ("สมหญิง", "ใจดี") in names and ("สมชาย", "ใจงาม") in names

    csv_out = tmp_path / "persons.csv"
    r = cli("sheet", "export", "--kind", "persons", "--out", str(csv_out), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "สมหญิง" in csv_out.read_text(encoding="utf-8-sig")


def test_a_refused_import_writes_its_report_and_changes_nothing(data_dir, tmp_path):
    path = write(tmp_path / "bad.csv", LIST + ["3,นายวีระ ใจกล้า,ปลัดอำเภอ,,12,"])
    report = tmp_path / "report.csv"
    before = digest(data_dir)
    r = cli("sheet", "import", str(path), "--kind", "persons", "--report", str(report), data_dir=data_dir)
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1
    assert digest(data_dir) == before
    text = report.read_text(encoding="utf-8-sig")
    assert "5" in text and "วีระ" in text

    r = cli("sheet", "import", str(path), "--kind", "persons", "--skip-invalid", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "วีระ" in r.stdout


def test_usage_mistakes_are_clear(data_dir, tmp_path):
    r = cli("sheet", "import", str(tmp_path / "missing.xlsx"), "--kind", "persons", data_dir=data_dir)
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1
    path = write(tmp_path / "list.csv", LIST)
    r = cli("sheet", "import", str(path), "--kind", "enrollments", data_dir=data_dir)
    assert r.returncode == 1 and "--cohort" in r.stderr
    r = cli("sheet", "import", str(path), "--kind", "persons", "--map", "9=agency", data_dir=data_dir)
    assert r.returncode == 1 and "9" in r.stderr
    r = cli("sheet", "export", "--kind", "persons", "--out", str(tmp_path / "x.pdf"), data_dir=data_dir)
    assert r.returncode == 1 and ".xlsx" in r.stderr
