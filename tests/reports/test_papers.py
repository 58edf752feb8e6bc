"""Every official paper from the demo records: the Thai that went in comes back out of the
PDF, fonts are embedded, nothing unreadable; the register's numbers; red urgency marks;
certificate batches; and page 1 of each paper against a reference image.

Reference images: tests/reports/reference/KIND.png, regenerated (after a deliberate layout
change, and looked at) with ``python tests/reports/regenerate_references.py``."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import threading
from datetime import date
from pathlib import Path

import pytest
from paper_cases import KINDS, page_png, prepare, render

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
REFERENCE = Path(__file__).parent / "reference"
TOLERANCE = 4.0   # mean absolute difference of grey levels (0-255) on page 1 at 50 dpi


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _check_pdf(pdf: Path) -> str:
    text = _text(pdf)
    assert "\ufffd" not in text
    assert not any(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in text)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    # ReportLab lists its default Helvetica in every document's resources; no text uses it.
    thai = [line for line in fonts if "Sarabun" in line]
    assert thai and all(" yes yes yes " in line for line in thai), fonts
    assert all(" yes yes yes " in line or line.startswith("Helvetica ") for line in fonts), fonts
    return _squash(text)


@pytest.fixture
def demo(services):
    return prepare(services)


EXPECTED = {
    "memo": ["บันทึกข้อความ", "ส่วนราชการ", "สำนักงานจังหวัดนครปฐม", "ที่นฐ๐๐๑๗/๑", "วันที่๒๒พฤษภาคม๒๕๖๖",
             "เรื่องรายงานผลการจัดกิจกรรมการเตรียมความพร้อม", "เรียนผู้อำนวยการสำนักงานป.ย.ป.",
             "เป็นประธานกล่าวเปิดกิจกรรม", "จึงเรียนมาเพื่อโปรดทราบ", "(นางชุติมาหาญเผชิญ)"],
    "letter": ["ที่นฐ๐๐๑๗/๑", "ศาลากลางจังหวัดนครปฐม", "๒๐กรกฎาคม๒๕๖๖", "เรื่องรายงานความก้าวหน้าโครงการ",
               "เรียนปลัดกระทรวงศึกษาธิการ", "อ้างถึง", "สิ่งที่ส่งมาด้วย", "ขอแสดงความนับถือ", "โทร.",
               "npt@example.go.th"],
    "roster": ["รายชื่อผู้เข้าร่วม", "ลำดับชื่อ-สกุลตำแหน่งหน่วยงานกลุ่ม", "รุ่นป.ย.ป.๒ประจำปี๒๕๖๖", "รวมทั้งสิ้น"],
    "project": ["สรุปโครงการ", "การเพิ่มโอกาสเข้าถึงการศึกษาและการมีงานทำ", "PYP66-01", "สภาพปัญหา", "กลุ่มเป้าหมาย",
                "ทีมงาน", "ผู้มีส่วนได้ส่วนเสีย", "แผนปฏิบัติการ", "ตัวชี้วัด"],
    "certificate": ["วุฒิบัตร", "ขอมอบวุฒิบัตรฉบับนี้ไว้เพื่อแสดงว่า", "ให้ไว้ณวันที่", "พ.ศ.๒๕๖๖", "เลขที่"],
    "activity": ["รายงานผลการจัดกิจกรรม", "วันที่๑๙พฤษภาคม๒๕๖๖", "ประธานนางชุติมาหาญเผชิญ",
                 "หม่อมหลวงพัชรภากรเทวกุลกล่าวสรุปภาพรวมนโยบายการขับเคลื่อนโจทย์บูรณาการ",
                 "(PolicyInnovationLab)ตามแนวคิดเชิงออกแบบ(DesignThinking)", "หน่วยงานที่เข้าร่วม", "ภาพกิจกรรม",
                 "กิจกรรมนี้ยังไม่มีภาพถ่ายประกอบ"],
    "stats": ["สรุปข้อมูลสถิติ", "ผู้เข้าร่วมจำแนกตามหน่วยงาน", "ผู้เข้าร่วมจำแนกตามระดับตำแหน่ง", "โครงการจำแนกตามระยะ",
              "โครงการจำแนกตามสถานะ", "อัตราการเข้าร่วมของแต่ละกิจกรรม", "ข้อมูลณวันที่๓๐กันยายน๒๕๖๖"],
}


@pytest.mark.parametrize("kind", KINDS)
def test_paper_reads_back_and_matches_its_reference(services, demo, tmp_path, kind):
    pdf = render(services, demo, kind, tmp_path / f"{kind}.pdf")
    text = _check_pdf(pdf)
    for expected in EXPECTED[kind]:
        assert _squash(expected) in text, expected
    if kind == "project":
        assert _squash(demo["project"]["problem"])[:40].replace("15", "๑๕") in text
    if kind == "certificate":
        person = services.persons.get(demo["enrollment"]["person_id"])
        assert _squash(person["full_name_th"]) in text
    from PIL import Image, ImageChops, ImageStat

    got = Image.open(page_png(pdf, tmp_path / kind)).convert("L")
    want = Image.open(REFERENCE / f"{kind}.png").convert("L")
    assert got.size == want.size
    diff = ImageStat.Stat(ImageChops.difference(got, want)).mean[0]
    assert diff < TOLERANCE, f"{kind}: page 1 differs from its reference by {diff:.2f}"


def test_national_id_is_never_printed_on_the_roster(services, demo, tmp_path):
    import random

    from desktop.services.demo import national_id

    nid = national_id(random.Random(7))
    services.persons.update(demo["enrollment"]["person_id"], {"national_id": nid})
    text = _check_pdf(render(services, demo, "roster", tmp_path / "r.pdf", digits="arabic"))
    assert nid not in text and nid[-4:] not in text


def test_activity_report_photo_grid(services, demo, tmp_path):
    from PIL import Image

    for n, colour in enumerate(("red", "green", "blue")):
        img = tmp_path / f"photo{n}.jpg"
        Image.new("RGB", (640, 420), colour).save(img)
        services.attachments.add("activity", demo["activity"]["id"], img, caption=f"ภาพที่ {n + 1} ผู้เข้าร่วมระดมความคิดเห็น")
    pdf = render(services, demo, "activity", tmp_path / "a.pdf", digits="arabic")
    text = _check_pdf(pdf)
    assert "กิจกรรมนี้ยังไม่มีภาพถ่ายประกอบ" not in text
    for n in range(1, 4):
        assert f"ภาพที่{n}ผู้เข้าร่วมระดมความคิดเห็น" in text
    assert b"/Subtype /Image" in pdf.read_bytes()


def test_certificate_batch_is_one_page_per_enrollment(services, demo, tmp_path):
    from desktop.services import papers

    enrolled = [e for e in services.enrollments.list(filters={"cohort_id": demo["cohort"]["id"]}).rows
                if e["completion"] != "withdrawn"]
    pdf = papers.certificates(services, demo["cohort"]["id"], tmp_path / "batch.pdf", digits="arabic")
    pages = _text(pdf).split("\f")[:-1]
    assert len(pages) == len(enrolled) > 1
    titles = {"วุฒิบัตร" if e["completion"] == "completed" else "เกียรติบัตร" for e in enrolled}
    joined = _squash("".join(pages))
    assert all(t in joined for t in titles)
    _check_pdf(pdf)


def _red_pixels(pdf: Path, tmp_path: Path) -> int:
    from PIL import Image

    img = Image.open(page_png(pdf, tmp_path / pdf.stem, dpi=30, gray=False)).convert("RGB")
    data = img.tobytes()
    return sum(1 for i in range(0, len(data), 3) if data[i] > 170 and data[i + 1] < 90 and data[i + 2] < 90)


@pytest.mark.parametrize("kind", ["memo", "letter"])
def test_urgency_is_printed_in_red(services, demo, tmp_path, kind):
    plain = render(services, demo, kind, tmp_path / "plain.pdf")
    urgent = render(services, demo, kind, tmp_path / "urgent.pdf", urgency="ด่วนที่สุด")
    assert _red_pixels(plain, tmp_path) == 0
    assert _red_pixels(urgent, tmp_path) > 20
    assert "ด่วนที่สุด" in _check_pdf(urgent)


def test_register_numbers_increase_restart_each_year_and_are_never_reused(services, demo, tmp_path):
    from desktop.services import register

    def take(day):
        return register.assign_number(services, report_kind="memo", subject="ทดสอบ", issued_on=day)

    first = [take(date(2023, 5, 1)) for _ in range(3)]
    assert [e["running_number"] for e in first] == [1, 2, 3]
    assert [e["number_text"] for e in first] == ["นฐ 0017/1", "นฐ 0017/2", "นฐ 0017/3"]
    assert all(e["year_be"] == 2566 for e in first)
    nxt = take(date(2024, 1, 2))
    assert (nxt["year_be"], nxt["running_number"]) == (2567, 1)
    assert take(date(2023, 12, 31))["running_number"] == 4

    results, errors = [], []

    def worker():
        try:
            for _ in range(5):
                results.append(take(date(2024, 2, 1))["running_number"])
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == list(range(2, 22))


def test_failed_render_keeps_its_number_and_the_file_hash_is_recorded(services, demo, tmp_path, monkeypatch):
    from desktop.reports import memo as memo_module
    from desktop.services import papers, register

    def broken(*args, **kwargs):
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(memo_module, "render_memo", broken)
    with pytest.raises(RuntimeError):
        papers.memo(services, demo["activity"]["id"], tmp_path / "x.pdf", issued_on=date(2023, 5, 22))
    monkeypatch.undo()
    pdf = papers.memo(services, demo["activity"]["id"], tmp_path / "ok.pdf", issued_on=date(2023, 5, 22))
    entries = register.entries(services, 2566)
    assert [e["running_number"] for e in entries] == [1, 2]
    assert entries[0]["file_sha256"] is None
    assert entries[1]["file_sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert entries[1]["report_kind"] == "memo" and entries[1]["about_id"] == str(demo["activity"]["id"])
    assert "ที่นฐ๐๐๑๗/๒" in _check_pdf(pdf)


def test_cli_report_kinds(data_dir, services, demo, tmp_path, capsys):
    import argparse

    from desktop.cli import report_cmd

    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir")
    parser.add_argument("--database-url", default=None)
    report_cmd.register(parser.add_subparsers())
    base = ["--data-dir", str(data_dir), "report"]
    cases = [
        ["memo", "--id", str(demo["project"]["id"]), "--urgency", "ด่วน", "--subject", "ขอรายงานความก้าวหน้า",
         "--to", "ผู้ว่าราชการจังหวัดนครปฐม"],
        ["letter", "--id", str(demo["activity"]["id"]), "--enclosure", "ภาพถ่าย", "--enclosure", "รายชื่อ"],
        ["memo", "--id", str(demo["activity"]["id"]), "--draft"],
        ["roster", "--id", str(demo["cohort"]["id"]), "--group", demo["enrollment"]["group_name"] or ""],
        ["roster", "--id", str(demo["activity"]["id"])],
        ["certificate", "--id", str(demo["cohort"]["id"]), "--batch"],
        ["project", "--id", str(demo["project"]["id"])],
        ["activity", "--id", str(demo["activity"]["id"])],
        ["stats"],
    ]
    for n, case in enumerate(cases):
        out = tmp_path / f"cli{n}.pdf"
        args = parser.parse_args(base + case + ["--out", str(out), "--digits", "arabic"])
        assert args.handler(args) == 0
        assert out.stat().st_size > 1000
    printed = capsys.readouterr().out
    assert "0017/1" in printed and "0017/2" in printed and "0017/3" not in printed   # the numbers taken are said
    assert "ขอรายงานความก้าวหน้า" in _squash(_text(tmp_path / "cli0.pdf"))
    from desktop.services import register
    assert [e["running_number"] for e in register.entries(services)] == [1, 2]   # the draft took none
    assert "ร่าง" in _text(tmp_path / "cli2.pdf")
    from desktop.core.errors import UserError

    args = parser.parse_args(base + ["project", "--id", str(demo["activity"]["id"]), "--out", str(tmp_path / "n.pdf")])
    with pytest.raises(UserError):
        args.handler(args)


@pytest.mark.parametrize("kind", ["memo", "letter"])
def test_a_draft_takes_no_number_and_says_so_on_every_page(services, demo, tmp_path, kind):
    from desktop.services import register

    draft = render(services, demo, kind, tmp_path / "draft.pdf", draft=True)
    assert register.entries(services) == []
    _check_pdf(draft)
    raw = _text(draft)
    pages = raw.split("\f")[:-1]
    assert pages and all("ร่าง" in page for page in pages)
    assert re.search(r"นฐ ?[๐0][๐0][๑1][๗7]/(?![๐-๙0-9])", raw)      # the running number left blank
    final = render(services, demo, kind, tmp_path / "final.pdf")
    entries = register.entries(services)
    assert [e["running_number"] for e in entries] == [1]
    assert entries[0]["file_sha256"] == register.sha256_of(final)
    assert register.number_of_file(services, final) == entries[0]["number_text"]
    assert register.number_of_file(services, draft) is None
    assert "ร่าง" not in _text(final)
