"""The fonts papers are printed with, and a check that Thai shaping really works."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.paths import resources_dir

BUNDLED = {
    "regular": "Sarabun-Regular.ttf",
    "bold": "Sarabun-Bold.ttf",
    "italic": "Sarabun-Italic.ttf",
    "bold_italic": "Sarabun-BoldItalic.ttf",
}


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def bundled_font_files() -> dict[str, Path]:
    return {style: fonts_dir() / name for style, name in BUNDLED.items()}


@dataclass(frozen=True)
class ShapingCheck:
    ok: bool
    detail: str


def check_thai_shaping(font_file: Path | None = None) -> ShapingCheck:
    """Shape ปี่ (tone mark over an upper vowel over a tall consonant) with HarfBuzz.

    Correct shaping either swaps in a raised or shifted mark glyph or moves the mark by
    a positioning offset; unshaped text would use the plain glyph with no offset."""
    import uharfbuzz as hb

    path = Path(font_file or bundled_font_files()["regular"])
    blob = hb.Blob.from_file_path(str(path))
    font = hb.Font(hb.Face(blob))
    buf = hb.Buffer()
    buf.add_str("ปี่")
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    glyphs = [i.codepoint for i in buf.glyph_infos]
    nominal = [font.get_nominal_glyph(ord(c)) for c in "ปี่"]
    moved = any(p.x_offset or p.y_offset for p in buf.glyph_positions)
    if 0 in glyphs:
        return ShapingCheck(False, f"{path.name}: missing Thai glyphs")
    if glyphs != nominal or moved:
        return ShapingCheck(True, f"{path.name}: HarfBuzz {hb.version_string()}")
    return ShapingCheck(False, f"{path.name}: tone mark not positioned by shaping")


def check_reportlab_font(font_file: Path | None = None) -> str:
    """Load the font into ReportLab (raises when it cannot); return its face name."""
    from reportlab.pdfbase.ttfonts import TTFont

    path = Path(font_file or bundled_font_files()["regular"])
    name = TTFont("GovLabCheck", str(path)).face.name
    return name.decode() if isinstance(name, bytes) else str(name)
