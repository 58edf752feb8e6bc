"""The office's own paper font: a second real Thai TrueType family (TLWG Laksaman, the free
metric-compatible clone of TH SarabunPSK) is found from any of its files, checked, copied
into the data folder and embedded in the papers; files that cannot print papers are
refused with the reason and leave the current choice alone; `reset` gives Sarabun again."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from paper_cases import prepare, render

from desktop.core.errors import PermissionDenied, UserError
from desktop.reports import fonts as font_files
from desktop.reports.fonts import FontRefused, check_font_file, read_font_info, reportlab_bytes
from desktop.services import paper_fonts
from desktop.services.access import Actor

def _fonts_in(pdf: Path) -> list[str]:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [line for line in lines if not line.startswith("Helvetica ")]


def _text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "\ufffd" not in text and not any(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in text)
    return re.sub(r"\s+", "", text)


def _tree(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())} \
        if folder.is_dir() else {}


# ---------------------------------------------------------------------------------------
# Reading and checking font files.
# ---------------------------------------------------------------------------------------

def test_the_family_is_found_beside_any_of_its_files(laksaman):
    for picked in laksaman.values():
        family, found = paper_fonts.find_family(picked)
        assert family == "Laksaman"
        assert {style: info.path for style, info in found.items()} == laksaman
    info = read_font_info(laksaman["bold_italic"])
    assert (info.family, info.subfamily, info.bold, info.italic, info.fs_type) == ("Laksaman", "Bold Italic", True,
                                                                                 True, 0)
    assert check_font_file(laksaman["regular"]).style == "regular"


def _otf(data: bytes) -> bytes:
    return b"OTTO" + data[4:]


def _ttc(data: bytes) -> bytes:
    """A real one-font TrueType collection around ``data`` (table offsets moved by the header)."""
    (count,) = struct.unpack_from(">H", data, 4)
    body = bytearray(data)
    for n in range(count):
        at = 12 + 16 * n + 8
        struct.pack_into(">L", body, at, struct.unpack_from(">L", body, at)[0] + 16)
    return b"ttcf" + struct.pack(">LLL", 0x00010000, 1, 16) + bytes(body)


def _restricted(data: bytes) -> bytes:
    """``data`` with OS/2 fsType = 2 (restricted licence embedding); nothing else changed."""
    offset = font_files._table_directory(data)["OS/2"][0]
    out = bytearray(data)
    struct.pack_into(">H", out, offset + 8, 0x0002)
    return bytes(out)


def _scrambled_glyphs(data: bytes) -> bytes:
    """``data`` with its glyph outlines overwritten: it opens, but cannot be embedded."""
    offset, length = font_files._table_directory(data)["glyf"]
    return data[:offset] + b"\xff" * length + data[offset + length:]


REFUSALS = {
    "otf": (_otf, "PostScript (CFF) outlines"),
    "ttc": (_ttc, "font collection (.ttc)"),
    "garbage": (lambda data: bytes(range(256)) * 40, "is not a TrueType font file"),
    "text": (lambda data: "ไม่ใช่แบบอักษร\n".encode() * 100, "is not a TrueType font file"),
    "truncated": (lambda data: data[:2000], "is damaged"),
    "glyphs": (_scrambled_glyphs, "is damaged"),
    "restricted": (_restricted, "does not allow embedding"),
}


def test_a_collection_and_a_restricted_font_are_real_and_readable_otherwise(laksaman):
    """The made-up files are what they claim: ReportLab reads the collection's font, and
    reads the font with the restricted-licence bit without a word (it checks no table
    checksums, and 5.1 does not honour fsType either), so the refusal must be ours."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    data = laksaman["regular"].read_bytes()
    assert TTFontFile(io.BytesIO(_ttc(data))).name == b"Laksaman"
    restricted = _restricted(data)
    assert TTFontFile(io.BytesIO(restricted)).name == b"Laksaman"
    offset = font_files._table_directory(restricted)["OS/2"][0]
    assert struct.unpack_from(">H", restricted, offset + 8) == (2,)


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_files_that_cannot_print_papers_are_refused_and_change_nothing(services, laksaman, tmp_path, case):
    paper_fonts.choose(services, laksaman["regular"])
    before = _tree(services.paths.paper_fonts)
    make, reason = REFUSALS[case]
    folder = tmp_path / case
    folder.mkdir()
    bad = folder / ("THSarabunIT๙." + (case if case in ("otf", "ttc") else "ttf"))
    bad.write_bytes(make(laksaman["regular"].read_bytes()))
    with pytest.raises(FontRefused) as refused:
        paper_fonts.choose(services, bad)
    assert reason in str(refused.value) and bad.name in str(refused.value)
    assert _tree(services.paths.paper_fonts) == before
    assert paper_fonts.current(services.paths).family == "Laksaman"


def test_a_font_without_thai_unreadable_files_and_no_bold_are_refused(services, laksaman, latin_only, tmp_path):
    with pytest.raises(FontRefused, match="has no Thai letters"):
        paper_fonts.choose(services, latin_only)
    with pytest.raises(FontRefused, match="Cannot read the font file"):
        paper_fonts.choose(services, tmp_path / "gone.ttf")
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(laksaman["regular"], alone / "Laksaman.ttf")
    with pytest.raises(FontRefused, match="No bold style of Laksaman"):
        paper_fonts.choose(services, alone / "Laksaman.ttf")
    upright_missing = tmp_path / "no-regular"
    upright_missing.mkdir()
    shutil.copy(laksaman["italic"], upright_missing / "Laksaman-Italic.ttf")
    shutil.copy(laksaman["bold"], upright_missing / "heavy.ttf")   # the style is read from inside the file
    with pytest.raises(FontRefused, match="No regular style of Laksaman"):
        paper_fonts.choose(services, upright_missing / "Laksaman-Italic.ttf")
    assert not services.paths.paper_fonts.exists()
    assert paper_fonts.current(services.paths).bundled


def test_only_those_who_may_change_office_settings_choose_the_font(services, laksaman):
    viewer = services.as_user(Actor("viewer1", "viewer"))
    with pytest.raises(PermissionDenied):
        paper_fonts.choose(viewer, laksaman["regular"])
    with pytest.raises(PermissionDenied):
        paper_fonts.reset(viewer)
    assert not services.paths.paper_fonts.exists()


# ---------------------------------------------------------------------------------------
# Printing with the chosen family.
# ---------------------------------------------------------------------------------------

def test_papers_print_with_the_chosen_family_then_sarabun_again(services, laksaman, tmp_path):
    from desktop.reports.thai_text import REGULAR, register_fonts, text_width

    demo = prepare(services)
    register_fonts()
    sarabun_width = text_width("ผู้ใหญ่บ้านประจำตำบล", REGULAR, 16)

    font = paper_fonts.choose(services, laksaman["bold"])      # any file of the family
    assert (font.family, font.bundled, font.substituted) == ("Laksaman", False, {})
    assert {s: f.parent for s, f in font.files.items()} == {s: services.paths.paper_fonts for s in laksaman}
    assert {s: f.read_bytes() for s, f in font.files.items()} == {s: p.read_bytes() for s, p in laksaman.items()}
    assert font.sources == {s: p.name for s, p in laksaman.items()}
    manifest = json.loads((services.paths.paper_fonts / paper_fonts.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["family"] == "Laksaman" and manifest["chosen_by"] == services.actor.username
    assert [e["target"] for e in services.audit.events(action="paper_font")] == ["Laksaman"]

    # Widths, shaped lines and line breaks remembered with Sarabun are forgotten.
    register_fonts()
    laksaman_width = text_width("ผู้ใหญ่บ้านประจำตำบล", REGULAR, 16)
    assert laksaman_width != sarabun_width

    memo = render(services, demo, "memo", tmp_path / "memo.pdf")
    signin = render_signin(services, demo, tmp_path / "signin.pdf")
    for pdf, expected in ((memo, ["บันทึกข้อความ", "ส่วนราชการสำนักงานจังหวัดนครปฐม", "เรียนผู้อำนวยการสำนักงานป.ย.ป.",
                                  "ผู้อำนวยการสำนักงานป.ย.ป.เป็นประธาน", "จึงเรียนมาเพื่อโปรดทราบ"]),
                          (signin, ["ใบลงทะเบียน", "ลำดับ", "ชื่อ-สกุล", "ลายมือชื่อ", "หมายเหตุ"])):
        embedded = _fonts_in(pdf)
        assert embedded and all("Laksaman" in line and " yes yes yes " in line for line in embedded), embedded
        assert any("Laksaman-Bold" in line for line in embedded)
        assert not any("Sarabun" in line for line in embedded)
        text = _text(pdf)
        for words in expected:
            assert words in text, (pdf.name, words)

    font = paper_fonts.reset(services)
    assert font.bundled and font.family == "Sarabun"
    assert not services.paths.paper_fonts.exists()
    register_fonts()
    assert text_width("ผู้ใหญ่บ้านประจำตำบล", REGULAR, 16) == sarabun_width
    again = render(services, demo, "memo", tmp_path / "again.pdf")
    embedded = _fonts_in(again)
    assert embedded and all("Sarabun" in line for line in embedded) and "บันทึกข้อความ" in _text(again)


def render_signin(services, demo, out: Path) -> Path:
    from desktop.services.papers import signin_sheet

    return signin_sheet(services, demo["activity"]["id"], None, out)


def test_a_family_without_italics_prints_them_upright(services, laksaman, tmp_path):
    from desktop.reports.thai_text import BOLD_ITALIC, ITALIC, ThaiParagraph

    folder = tmp_path / "two"
    folder.mkdir()
    for style in ("regular", "bold"):
        shutil.copy(laksaman[style], folder / laksaman[style].name)
    font = paper_fonts.choose(services, folder / "Laksaman.ttf")
    assert font.substituted == {"italic": "regular", "bold_italic": "bold"}
    assert font.files["italic"] == font.files["regular"] and font.files["bold_italic"] == font.files["bold"]
    assert len(list(services.paths.paper_fonts.glob("*.ttf"))) == 2

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    pdf = tmp_path / "italic.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build(
        [ThaiParagraph("ตัวเอนที่ไม่มีในชุดแบบอักษร", ITALIC), ThaiParagraph("ตัวหนาเอียงที่ไม่มี", BOLD_ITALIC)])
    embedded = _fonts_in(pdf)
    assert {line.split()[0].split("+")[1] for line in embedded} == {"Laksaman", "Laksaman-Bold"}
    assert "ตัวเอนที่ไม่มีในชุดแบบอักษร" in _text(pdf)


def _thai_ps_name(data: bytes) -> bytes:
    """Laksaman named the way TH SarabunIT๙ names itself: a Thai digit in its PostScript name."""
    base = font_files._table_directory(data)["name"][0]
    _format, count, strings = struct.unpack_from(">HHH", data, base)
    out = bytearray(data)
    for n in range(count):
        platform, _enc, _lang, name_id, length, offset = struct.unpack_from(">6H", data, base + 6 + 12 * n)
        if name_id == 6 and platform == 3:
            struct.pack_into(">H", out, base + strings + offset + length - 2, 0x0E59)   # Laksaman -> Laksama๙
        elif name_id == 6:
            struct.pack_into(">H", out, base + 6 + 12 * n + 6, 7)   # a Windows-only font: no Mac name
    return bytes(out)


def test_a_thai_postscript_name_is_printed_with(services, laksaman, tmp_path):
    from reportlab.pdfbase.ttfonts import TTFError, TTFontFile

    folder = tmp_path / "thai-name"
    folder.mkdir()
    for style, path in laksaman.items():
        (folder / path.name).write_bytes(_thai_ps_name(path.read_bytes()) if style == "regular" else path.read_bytes())
    renamed = (folder / "Laksaman.ttf").read_bytes()
    with pytest.raises(TTFError, match="psName"):
        TTFontFile(io.BytesIO(renamed))
    assert TTFontFile(io.BytesIO(reportlab_bytes(renamed))).name == b"Laksama9"
    assert read_font_info(folder / "Laksaman.ttf").ps_name == "Laksama๙"
    paper_fonts.choose(services, folder / "Laksaman.ttf")
    assert (services.paths.paper_fonts / paper_fonts.MANIFEST).exists()
    demo = prepare(services)
    pdf = render(services, demo, "memo", tmp_path / "memo.pdf")
    assert any("+Laksama9 " in line for line in _fonts_in(pdf))
    assert "บันทึกข้อความ" in _text(pdf)


def test_damaged_copies_stop_printing_with_a_clear_message(services, laksaman, tmp_path):
    from desktop.services.doctor import run_checks

    demo = prepare(services)
    font = paper_fonts.choose(services, laksaman["regular"])
    line = next(c for c in run_checks(services.paths.root) if c.name == "Paper font")
    assert line.ok and "Laksaman" in line.detail and "HarfBuzz" in line.detail
    font.files["bold"].write_bytes(b"not a font any more")
    with pytest.raises(UserError, match="missing or damaged") as damaged:
        render(services, demo, "memo", tmp_path / "memo.pdf")
    assert "font reset" in str(damaged.value)
    assert not (tmp_path / "memo.pdf").exists()
    line = next(c for c in run_checks(services.paths.root) if c.name == "Paper font")
    assert not line.ok and "missing or damaged" in line.detail
    paper_fonts.choose(services, laksaman["regular"])       # choosing again repairs it
    assert render(services, demo, "memo", tmp_path / "memo.pdf").exists()
