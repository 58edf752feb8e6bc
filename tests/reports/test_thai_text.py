"""Thai wrapping, shaping and the PDF text layer (pdftotext must give back the Thai)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table

from desktop.reports.thai_segments import clusters
from desktop.reports.thai_text import BOLD, REGULAR, ThaiParagraph, break_lines, register_fonts, text_width

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")

# From the seed news text (source 000).
SENTENCES = [
    "สำนักงาน ป.ย.ป. จัดกิจกรรมการเตรียมความพร้อม ให้กับผู้เข้าร่วมหลักสูตร ป.ย.ป. ประจำปี 2566 "
    "เพื่อการขับเคลื่อนโจทย์หัวข้อการบูรณาการ ภายใต้กระบวนการห้องปฏิบัติการนวัตกรรมเชิงนโยบาย",
    "วันที่ 19 พฤษภาคม 2566 นางชุติมา หาญเผชิญ ผู้อำนวยการสำนักงาน ป.ย.ป. เป็นประธานกล่าวเปิดกิจกรรม"
    "การเตรียมความพร้อม ให้แก่ผู้เข้าร่วมหลักสูตร ป.ย.ป. ประจำปี 2566",
    "ณ ห้องประชุมสำนักงาน ก.พ.ร. ศูนย์ราชการ ฯ แจ้งวัฒนะ และประชุมผ่านสื่ออิเล็กทรอนิกส์ (Zoom meeting)",
]
HARD = "ปี่ ที่ ผู้ ญี่ปุ่น น้ำ ฐาน ฐู ญุ ปั้น ฝั่ง ฟ้า ฟั้น กำ ป่ำ แพทย์ ตั๋ว กั๊ก"

MARKS = set("\u0e31\u0e33") | {chr(c) for c in range(0x0E34, 0x0E3B)} | {chr(c) for c in range(0x0E47, 0x0E4F)}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdftotext(path, *args) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _no_junk(text: str) -> None:
    assert "\ufffd" not in text
    assert not [c for c in text if 0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000], "private-use code points"
    assert "\u25cc" not in text  # dotted circle: a mark without its letter


def _build(path, flowables) -> None:
    register_fonts()
    SimpleDocTemplate(str(path), pagesize=A4).build(flowables)


def test_clusters_keep_marks_with_their_letter():
    assert clusters("ผู้ที่ปี่น้ำ") == ["ผู้", "ที่", "ปี่", "น้ำ"]
    assert clusters("เกี๊ยว") == ["เกี๊", "ย", "ว"]
    assert clusters("แพทย์") == ["แพ", "ทย์"]
    for part in clusters(HARD):
        assert part[0] not in MARKS


@pytest.mark.parametrize("width", [6, 20, 45, 90, 200, 450])
def test_break_lines_fit_and_never_cut_a_cluster(width):
    register_fonts()
    text = " ".join(SENTENCES) + " " + HARD
    lines = break_lines(text, REGULAR, 16, width)
    assert _squash("".join(lines)) == _squash(text)
    for line in lines:
        assert line and line[0] not in MARKS
        if len(clusters(line)) > 1:
            assert text_width(line, REGULAR, 16) <= width + 1e-6


def test_break_lines_keep_thai_words_whole():
    register_fonts()
    lines = break_lines(SENTENCES[0], REGULAR, 16, 160)
    assert len(lines) > 2
    for word in ("สำนักงาน", "กิจกรรม", "ความพร้อม", "หลักสูตร", "นวัตกรรม", "นโยบาย"):
        for a, b in zip(lines, lines[1:]):
            for i in range(1, len(word)):
                assert not (a.endswith(word[:i]) and b.startswith(word[i:])), (word, a, b)


def test_names_break_only_at_spaces():
    register_fonts()
    name = "นางสาวกนกวรรณ ประเสริฐสุวรรณ"
    width = text_width("นางสาวกนกวรรณ", REGULAR, 14) + 2
    assert break_lines(name, REGULAR, 14, width, names=True) == ["นางสาวกนกวรรณ", "ประเสริฐสุวรรณ"]
    # A name part wider than the cell is cut between clusters, nowhere else.
    narrow = break_lines(name, REGULAR, 14, 40, names=True)
    assert "".join(narrow) == name.replace(" ", "")
    assert all(line[0] not in MARKS for line in narrow)


def test_round_trip_through_pdftotext(tmp_path):
    pdf = tmp_path / "text.pdf"
    story = [ThaiParagraph(s, REGULAR, 16) for s in SENTENCES]
    story += [ThaiParagraph(s, BOLD, 16, align="center") for s in SENTENCES]
    story += [ThaiParagraph(HARD, REGULAR, 16, align="right"), ThaiParagraph(HARD, BOLD, 20, first_indent=70)]
    _build(pdf, story)
    for mode in ([], ["-raw"]):
        text = _pdftotext(pdf, *mode)
        _no_junk(text)
        expected = _squash("".join(SENTENCES * 2) + HARD + HARD)
        assert unicodedata.normalize("NFC", _squash(text)) == expected
        assert _squash(text) == expected  # code-point exact, not just canonically equal


def test_fonts_are_embedded(tmp_path):
    pdf = tmp_path / "fonts.pdf"
    _build(pdf, [ThaiParagraph(HARD, REGULAR, 16), ThaiParagraph(HARD, BOLD, 16)])
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if "Sarabun" in line]
    assert {r[0].split("+")[1] for r in rows} == {"Sarabun-Regular", "Sarabun-Bold"}
    for row in rows:
        assert row[-5:-2] == ["yes", "yes", "yes"]  # emb sub uni


def test_one_character_wide_cell_has_no_notdef(tmp_path):
    pdf = tmp_path / "narrow.pdf"
    register_fonts()
    cell = ThaiParagraph("ความมั่นคงของผู้ที่ญี่ปุ่นน้ำ", REGULAR, 16)
    table = Table([[cell]], colWidths=[16])
    _build(pdf, [table])
    text = _pdftotext(pdf, "-raw")
    _no_junk(text)
    assert _squash(text) == "ความมั่นคงของผู้ที่ญี่ปุ่นน้ำ"
    # Every line held exactly one cluster.
    assert [line for line in text.splitlines() if line.strip()] == clusters("ความมั่นคงของผู้ที่ญี่ปุ่นน้ำ")
