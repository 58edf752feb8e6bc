"""Where official Thai papers never break a line: abbreviations with their word, dates,
numbers with their counters, outgoing numbers, ๆ ฯ and punctuation, no-break spaces; and
a glued stretch wider than the line still breaks (never overflows, never a .notdef box).

Every width below is measured with the bundled Sarabun so that a line would end inside
the stretch if it were not kept together."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest
import uharfbuzz as hb
from paper_cases import prepare
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import SimpleDocTemplate, Table

from desktop.reports.fonts import STYLES, bundled_font_files, use_font_files
from desktop.reports.thai_segments import clusters
from desktop.reports.thai_text import (BOLD, REGULAR, ThaiParagraph, break_lines, register_fonts, shape_text,
                                       text_width)

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")

SIZE = 16
NBSP = "\u00a0"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdftotext(path, *args) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _cut_widths(text: str, unit: str, font: str = REGULAR, size: float = SIZE) -> list[float]:
    """Widths that a line of ``text`` ending just after each character inside ``unit`` (its
    first occurrence) would fill, as far as the unit alone fits in them."""
    register_fonts()
    start = text.index(unit)
    widths = []
    for k in range(1, len(unit)):
        width = text_width(text[:start + k].strip(), font, size) + 0.5
        if text_width(unit, font, size) <= width and width not in widths:
            widths.append(width)
    assert widths, "the text before the unit is too short to test a cut inside it"
    return widths


def _assert_whole(text: str, unit: str, names: bool = False, font: str = REGULAR, size: float = SIZE) -> None:
    """At every width that would cut ``unit``, it comes out whole on one line, the text is
    unchanged but for line breaks, and every line fits."""
    for width in _cut_widths(text, unit, font, size):
        lines = break_lines(text, font, size, width, names=names)
        assert any(unit in line for line in lines), (unit, width, lines)
        assert _squash("".join(lines)) == _squash(text)
        assert "".join(lines).count(NBSP) == text.count(NBSP)
        for line in lines:
            assert text_width(line, font, size) <= width + 1e-6, (line, width)


# ---------------------------------------------------------------------------------------
# 1. Abbreviations stay whole and with the word or number after them.
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, unit", [
    # The regulation's own name (official-documents.md).
    ("ตามระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. ๒๕๒๖ และที่แก้ไขเพิ่มเติม", "พ.ศ. ๒๕๒๖"),
    ("แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2569 ของสำนักงานจังหวัดนครปฐม", "พ.ศ. 2569"),
    ("ความร่วมมือกับโครงการพัฒนาแห่งสหประชาชาติ ค.ศ. 2017 ในประเทศไทย", "ค.ศ. 2017"),
    # Seed 000: the speaker with spaced titles; and an attached form of the same.
    ("กล่าวสรุปภาพรวมนโยบาย และ ผศ. ดร. ธนพล วีรา ผู้อำนวยการด้านนวัตกรรม", "ผศ. ดร. ธนพล"),
    ("กล่าวสรุปภาพรวมนโยบายการขับเคลื่อน โดยมี ผศ.ดร.สมชาย ใจดี เป็นวิทยากร", "ผศ.ดร.สมชาย"),
    ("คณะกรรมการประกอบด้วย รศ.นพ.สมศักดิ์ ศรีสุข และ พ.ต.อ.ธีรศักดิ์ ทองคำ", "รศ.นพ.สมศักดิ์"),
    ("คณะกรรมการประกอบด้วย รศ.นพ.สมศักดิ์ ศรีสุข และ พ.ต.อ.ธีรศักดิ์ ทองคำ", "พ.ต.อ.ธีรศักดิ์"),
    ("จัดประชุมเชิงปฏิบัติการ ณ โรงแรมริมแม่น้ำปิง จ.เชียงใหม่ ระหว่างวันที่", "จ.เชียงใหม่"),
    ("ที่ทำการปกครองอำเภอ ต.พระปฐมเจดีย์ อ.เมืองนครปฐม จ.นครปฐม", "อ.เมืองนครปฐม"),
    # Seed 000: acronyms newmm cuts at their dots (ก.พ.|ร., ป.|ย|.|ป.).
    ("ณ ห้องประชุมสำนักงาน ก.พ.ร. ศูนย์ราชการ ฯ แจ้งวัฒนะ", "ก.พ.ร."),
    ("ให้กับผู้เข้าร่วมหลักสูตร ป.ย.ป. ประจำปี 2566", "ป.ย.ป."),
    ("โดยมีผู้เข้าร่วมหลักสูตร ป.ย.ป. 2 – 4 จาก 11 หน่วยงาน", "ป.ย.ป. 2"),
    ("ทำเนียบรัฐบาล โดยได้รับเกียรติจาก ฯพณฯ นายกรัฐมนตรี เป็นประธาน", "ฯพณฯ นายกรัฐมนตรี"),
])
def test_abbreviation_stays_whole_and_with_its_word(text, unit):
    _assert_whole(text, unit)


def test_abbreviation_stays_with_the_name_in_names_mode():
    # Names break only at spaces; a title still keeps the name after it.
    name = "ผู้ช่วยศาสตราจารย์ ดร. ธนพล วีรา"
    _assert_whole(name, "ดร. ธนพล", names=True)
    register_fonts()
    width = text_width("ผู้ช่วยศาสตราจารย์ ดร.", REGULAR, SIZE) + 0.5
    assert break_lines(name, REGULAR, SIZE, width, names=True) == ["ผู้ช่วยศาสตราจารย์", "ดร. ธนพล วีรา"]


def test_acronym_is_not_glued_to_the_next_word():
    # ป.ย.ป. belongs to หลักสูตร before it: a line may end after it.
    register_fonts()
    text = "ให้แก่ผู้เข้าร่วมหลักสูตร ป.ย.ป. ประจำปี ๒๕๖๖"
    width = text_width("ให้แก่ผู้เข้าร่วมหลักสูตร ป.ย.ป.", REGULAR, SIZE) + 0.5
    assert break_lines(text, REGULAR, SIZE, width) == ["ให้แก่ผู้เข้าร่วมหลักสูตร ป.ย.ป.", "ประจำปี ๒๕๖๖"]


# ---------------------------------------------------------------------------------------
# 2. Dates.
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, unit", [
    ("ขอมอบเกียรติบัตรฉบับนี้ไว้ ให้ไว้ ณ วันที่ ๒๑ พฤศจิกายน ๒๕๖๙", "๒๑ พฤศจิกายน ๒๕๖๙"),
    ("ขอมอบเกียรติบัตรฉบับนี้ไว้ ให้ไว้ ณ วันที่ ๒๑ พฤศจิกายน พ.ศ. ๒๕๖๙", "๒๑ พฤศจิกายน พ.ศ. ๒๕๖๙"),
    ("อ้างถึงหนังสือสำนักงานจังหวัดนครปฐม ลงวันที่ 21 พ.ย. 69 เรื่อง", "21 พ.ย. 69"),
    ("ให้ดำเนินการตามแผนปฏิบัติการตั้งแต่วันที่ ๑ ต.ค. ๒๕๖๘ เป็นต้นไป", "๑ ต.ค. ๒๕๖๘"),
    # Seed 000's opening.
    ("เป็นประธานกล่าวเปิดกิจกรรม วันที่ 19 พฤษภาคม 2566 นางชุติมา หาญเผชิญ", "19 พฤษภาคม 2566"),
])
def test_date_stays_on_one_line(text, unit):
    _assert_whole(text, unit)


def test_date_stays_on_one_line_in_names_mode():
    # The sign-in sheet's date line is broken like a name (only at spaces).
    _assert_whole("ใบลงทะเบียนผู้เข้าร่วมประชุม วันที่ ๑๙ พฤษภาคม ๒๕๖๖ ช่วงเช้า", "๑๙ พฤษภาคม ๒๕๖๖", names=True)


# ---------------------------------------------------------------------------------------
# 3. Numbers with their counters; ร้อยละ, เลขที่, outgoing numbers.
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, unit", [
    ("มีผู้เข้าร่วมกิจกรรมทั้งสิ้น ๑๒ คน จาก ๑๑ หน่วยงาน", "๑๒ คน"),
    ("มีผู้เข้าร่วมกิจกรรมทั้งสิ้น ๑๒ คน จาก ๑๑ หน่วยงาน", "๑๑ หน่วยงาน"),
    ("การประชุมเชิงปฏิบัติการครั้งนี้ใช้เวลาทั้งสิ้น ๓ วัน", "๓ วัน"),
    ("ค่าอาหารว่างและเครื่องดื่มสำหรับผู้เข้าร่วม ๕๐๐ บาท", "๕๐๐ บาท"),
    ("ดำเนินการแล้วเสร็จ ความก้าวหน้าเฉลี่ยร้อยละ ๘๐ ของแผน", "ร้อยละ ๘๐"),
    ("ขอมอบวุฒิบัตรฉบับนี้ไว้เพื่อแสดงว่า เลขที่ ๑๒๓/๒๕๖๙", "เลขที่ ๑๒๓/๒๕๖๙"),
    ("อ้างถึง หนังสือสำนักเลขาธิการนายกรัฐมนตรี ที่ นร ๐๑๐๑/๑๒๓", "ที่ นร ๐๑๐๑/๑๒๓"),
    ("อ้างถึง หนังสือกระทรวงศึกษาธิการ ที่ ศธ ๐๒๐๑/ว ๑๒๓", "ที่ ศธ ๐๒๐๑/ว ๑๒๓"),
])
def test_number_stays_with_its_counter_or_label(text, unit):
    _assert_whole(text, unit)


# ---------------------------------------------------------------------------------------
# 4. ๆ, ฯ and closing punctuation never begin a line; opening punctuation never ends one.
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, unit", [
    # Seed 000.
    ("กำหนดหน่วยงานที่เกี่ยวข้องในภาคส่วนอื่น ๆ และแผนการดำเนินการ", "อื่น ๆ"),
    ("ณ ห้องประชุมสำนักงาน ก.พ.ร. ศูนย์ราชการ ฯ แจ้งวัฒนะ", "ราชการ ฯ"),
    ("จากนั้นเป็นการแบ่งกลุ่มโจทย์ โดยผู้เข้าร่วมหลักสูตรฯ ระดมความคิดเห็น", "หลักสูตรฯ"),
    ("กำหนดพื้นที่ กำหนดผู้มีส่วนได้ส่วนเสีย กำหนดหน่วยงาน ฯลฯ และแผนการดำเนินการ", "หน่วยงาน ฯลฯ"),
    ("การขับเคลื่อนโจทย์บูรณาการของรองนายกรัฐมนตรี (นายวิษณุ เครืองาม)", "(นาย"),
    ("การขับเคลื่อนโจทย์บูรณาการของรองนายกรัฐมนตรี (นายวิษณุ เครืองาม)", "งาม)"),
    ("และหัวข้อ “การเพิ่มโอกาสเข้าถึงการศึกษาและการมีงานทำ” ของผู้เข้าร่วม", "“การ"),
    ("และหัวข้อ “การเพิ่มโอกาสเข้าถึงการศึกษาและการมีงานทำ” ของผู้เข้าร่วม", "ทำ”"),
])
def test_punctuation_and_repetition_marks_keep_their_neighbour(text, unit):
    _assert_whole(text, unit)


SEED_PARAGRAPH = (
    "จากนั้นเป็นการแบ่งกลุ่มโจทย์การประชุมเชิงปฏิบัติการ โดยผู้เข้าร่วมหลักสูตรฯ ระดมความคิดเห็นในการกำหนด"
    "แนวทางการดำเนินงาน เช่น การกำหนดพื้นที่ การกำหนดผู้มีส่วนได้ส่วนเสีย กำหนดหน่วยงานที่เกี่ยวข้องในภาคส่วน"
    "อื่น ๆ และแผนการดำเนินการ เป็นต้น ณ ห้องประชุมสำนักงาน ก.พ.ร. ศูนย์ราชการ ฯ แจ้งวัฒนะ และประชุมผ่าน"
    "สื่ออิเล็กทรอนิกส์ (Zoom meeting) หัวข้อ “การเพิ่มโอกาสเข้าถึงการศึกษาและการมีงานทำ” ของรองนายกรัฐมนตรี"
    " (นายวิษณุ เครืองาม) ได้แก่ การตัดวงจรอาชญากรรม ฯลฯ")


# From 120 pt (a narrow table column) on: below it, some glued stretches here are wider
# than the line and break as if not glued (rule 6).
@pytest.mark.parametrize("width", range(120, 330, 7))
def test_no_line_begins_or_ends_with_a_forbidden_mark(width):
    register_fonts()
    lines = break_lines(SEED_PARAGRAPH, REGULAR, SIZE, width)
    assert _squash("".join(lines)) == _squash(SEED_PARAGRAPH)
    for line in lines:
        assert line[0] not in "ๆฯ)]”’,.;:", (width, line)
        assert line[-1] not in "([“‘", (width, line)


# ---------------------------------------------------------------------------------------
# 5. A no-break space is never a break point, stays in the text and draws as a space.
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, unit, names", [
    (f"ณ ห้องประชุมศูนย์ราชการแจ้งวัฒนะ อาคารสำนักงาน{NBSP}ก.พ.ร. ชั้น ๕", f"สำนักงาน{NBSP}ก.พ.ร.", False),
    (f"ณ ห้องประชุมศาลากลางจังหวัด อำเภอเมือง จังหวัด{NBSP}นครปฐม", f"จังหวัด{NBSP}นครปฐม", False),
    (f"ผู้อำนวยการสำนักงาน นางชุติมา{NBSP}หาญเผชิญ", f"นางชุติมา{NBSP}หาญเผชิญ", True),
])
def test_no_break_space_is_not_a_break_point(text, unit, names):
    _assert_whole(text, unit, names=names)


def _drawn_glyphs(line: str, font_name: str) -> list[int]:
    font = pdfmetrics.getFont(font_name)
    return [font.face.charToGlyph[ord(code)] for code in shape_text(line, font_name)]


def test_no_break_space_draws_as_a_space_and_reads_back(tmp_path):
    register_fonts()
    text = f"ประกาศ ณ วันที่ ๒๑{NBSP}พฤศจิกายน{NBSP}พ.ศ.{NBSP}๒๕๖๙ สำนักงาน{NBSP}ก.พ.ร."
    for font in (REGULAR, BOLD):
        assert 0 not in _drawn_glyphs(text, font)  # no .notdef
        assert text_width(text, font, SIZE) == pytest.approx(text_width(text.replace(NBSP, " "), font, SIZE))
    pdf = tmp_path / "nbsp.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build([ThaiParagraph(text, REGULAR, SIZE),
                                                    ThaiParagraph(text, BOLD, SIZE)])
    got = _pdftotext(pdf, "-raw").split("\n")
    assert got[:2] == [text.replace(NBSP, " ")] * 2


def test_no_break_space_in_a_font_without_one(tmp_path):
    """An office font may lack U+00A0: it is drawn with the space glyph, not a box, and
    reads back as a space. (The bundled Sarabun without its U+00A0, cut by HarfBuzz, chosen
    as the paper font the way an office's own font is.)"""
    face = hb.Face(hb.Blob.from_file_path(str(bundled_font_files()["regular"])))
    keep = hb.SubsetInput()
    for code in face.unicodes:
        if code != 0xA0:
            keep.unicode_set.add(code)
    path = tmp_path / "Sarabun-no-nbsp.ttf"
    path.write_bytes(hb.subset(face, keep).blob.data)
    assert hb.Font(hb.Face(hb.Blob.from_file_path(str(path)))).get_nominal_glyph(0xA0) is None
    text = f"วันที่ ๒๑{NBSP}พฤศจิกายน{NBSP}๒๕๖๙"
    use_font_files({style: path for style in STYLES}, "Sarabun without U+00A0")
    try:
        register_fonts()
        glyphs = _drawn_glyphs(text, REGULAR)
        assert 0 not in glyphs
        space = pdfmetrics.getFont(REGULAR).face.charToGlyph[32]
        assert glyphs.count(space) == text.count(" ") + text.count(NBSP)
        pdf = tmp_path / "no-nbsp.pdf"
        SimpleDocTemplate(str(pdf), pagesize=A4).build([ThaiParagraph(text, REGULAR, SIZE)])
    finally:
        use_font_files(None)
        register_fonts()
    assert _pdftotext(pdf, "-raw").split("\n")[0] == text.replace(NBSP, " ")


# ---------------------------------------------------------------------------------------
# 6. Glued text wider than the line breaks as if not glued: no overflow, no box.
# ---------------------------------------------------------------------------------------

def test_glued_text_wider_than_the_line_breaks_as_before():
    register_fonts()
    text = "ให้ไว้ ณ วันที่ ๒๑ พฤศจิกายน พ.ศ. ๒๕๖๙"
    width = text_width("๒๑ พฤศจิกายน", REGULAR, SIZE) + 0.5
    assert break_lines(text, REGULAR, SIZE, width) == ["ให้ไว้ ณ วันที่", "๒๑ พฤศจิกายน", "พ.ศ. ๒๕๖๙"]


@pytest.mark.parametrize("width", [6, 20, 45, 90])
def test_glued_text_in_narrow_cells_fits(width):
    register_fonts()
    text = ("ผศ.ดร.สมชาย ใจดี ที่ นร ๐๑๐๑/ว ๑๒๓ ลงวันที่ ๒๑ พฤศจิกายน พ.ศ. ๒๕๖๙ ร้อยละ ๘๐ "
            f"(นายวิษณุ{NBSP}เครืองาม) ฯลฯ")
    lines = break_lines(text, REGULAR, SIZE, width)
    assert _squash("".join(lines)) == _squash(text)
    for line in lines:
        if len(clusters(line)) > 1:
            assert text_width(line, REGULAR, SIZE) <= width + 1e-6, line


def test_one_character_wide_cell_of_glued_text_has_no_notdef(tmp_path):
    register_fonts()
    text = "พ.ศ.๒๕๖๙ ผศ.ดร.สมชาย"
    pdf = tmp_path / "narrow.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build([Table([[ThaiParagraph(text, REGULAR, SIZE)]], colWidths=[16])])
    got = _pdftotext(pdf, "-raw")
    assert "\ufffd" not in got and not any(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in got)
    assert _squash(got) == _squash(text)


# ---------------------------------------------------------------------------------------
# A real paper: an external letter whose every kept-together stretch reads back on one line.
# ---------------------------------------------------------------------------------------

LETTER = dict(
    subject="ขอเชิญประชุมเชิงปฏิบัติการห้องปฏิบัติการนวัตกรรมภาครัฐ ณ จ.เชียงใหม่ ระหว่างวันที่ "
            "๑๙ – ๒๑ พฤศจิกายน พ.ศ. ๒๕๖๙ รวม ๓ วัน",
    to="ผศ. ดร. ธนพล วีรา ผู้อำนวยการด้านนวัตกรรมและโครงการพิเศษ วิทยาลัยการจัดการ มหาวิทยาลัยมหิดล",
    reference="หนังสือสำนักงานคณะกรรมการพัฒนาระบบราชการ ที่ นร ๑๒๐๐/ว ๑๒๓ ลงวันที่ ๑ ต.ค. ๒๕๖๘",
    enclosures=("กำหนดการประชุมเชิงปฏิบัติการ และแบบตอบรับ (ส่งคืนภายในวันที่ ๑๕ พฤศจิกายน ๒๕๖๙) จำนวน ๑ ชุด",
                f"รายชื่อผู้เข้าร่วมจาก ๑๑ หน่วยงาน ได้แก่ นางชุติมา{NBSP}หาญเผชิญ ฯลฯ"),
)
KEPT = ["จ.เชียงใหม่", "๒๑ พฤศจิกายน พ.ศ. ๒๕๖๙", "๓ วัน", "ผศ. ดร. ธนพล", "ที่ นร ๑๒๐๐/ว ๑๒๓", "๑ ต.ค. ๒๕๖๘",
        "(ส่ง", "๑๕ พฤศจิกายน ๒๕๖๙)", "๑ ชุด", "๑๑ หน่วยงาน", "ชุติมา หาญเผชิญ ฯลฯ"]


def test_letter_keeps_official_units_on_one_line(services, tmp_path):
    from desktop.services import papers

    demo = prepare(services)
    pdf = papers.letter(services, demo["project"]["id"], tmp_path / "letter.pdf", issued_on=date(2026, 11, 2),
                        digits="thai", **LETTER)
    text = _pdftotext(pdf, "-raw")
    assert "\ufffd" not in text and not any(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in text)
    squashed = _squash(text)
    for part in (LETTER["subject"], LETTER["to"], LETTER["reference"], *LETTER["enclosures"]):
        assert _squash(part) in squashed, part
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for unit in KEPT:
        assert any(unit in line for line in lines), unit
