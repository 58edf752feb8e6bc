"""The fonts papers are printed with, and the checks a font file must pass to print them.

The bundled OFL Sarabun (resources/fonts, with its licence in OFL.txt) is the default;
an office may print with its own TH SarabunIT๙ / TH SarabunPSK family instead (chosen in
desktop.services.paper_fonts, which copies the files into the data folder and calls
:func:`use_font_files`). ``thai_text.register_fonts`` registers whatever is active under
the same ReportLab names, so no paper module knows which family it prints with."""

from __future__ import annotations

import io
import struct
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.paths import resources_dir

STYLES = ("regular", "bold", "italic", "bold_italic")
BUNDLED_FAMILY = "Sarabun"
BUNDLED = {
    "regular": "Sarabun-Regular.ttf",
    "bold": "Sarabun-Bold.ttf",
    "italic": "Sarabun-Italic.ttf",
    "bold_italic": "Sarabun-BoldItalic.ttf",
}
BUNDLED_LICENCE = "OFL.txt"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def bundled_font_files() -> dict[str, Path]:
    return {style: fonts_dir() / name for style, name in BUNDLED.items()}


# ---------------------------------------------------------------------------------------
# The active family: bundled Sarabun unless the office chose another.
# ---------------------------------------------------------------------------------------

_active_lock = threading.Lock()
_active: tuple[int, str, dict[str, Path] | None] = (0, BUNDLED_FAMILY, None)   # (generation, family, files)


def use_font_files(files: Mapping[str, Path] | None, family: str | None = None) -> bool:
    """Print papers with ``files`` (a path for each of STYLES) from now on; None goes back
    to the bundled Sarabun. Returns True when that changed what papers print with (the
    next ``register_fonts()`` then registers the new files and forgets every shaped line)."""
    global _active
    chosen = None if files is None else {style: Path(files[style]) for style in STYLES}
    with _active_lock:
        generation, _family, current = _active
        if chosen == current:
            return False
        _active = (generation + 1, family or (BUNDLED_FAMILY if chosen is None else "?"), chosen)
        return True


def active_generation() -> int:
    """Changes whenever the files papers print with do (cheap: read for every paragraph)."""
    return _active[0]


def active_fonts() -> tuple[int, str, dict[str, Path]]:
    """(generation, family, files by style) that papers print with now; the generation
    changes whenever the files do."""
    generation, family, files = _active
    return generation, family, dict(files) if files is not None else bundled_font_files()


# ---------------------------------------------------------------------------------------
# Reading a font file: what kind it is, its names and styles, its embedding permission.
# ---------------------------------------------------------------------------------------

TRUETYPE_TAGS = (b"\x00\x01\x00\x00", b"true")
_NEEDED_TABLES = ("cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post")


class FontRefused(UserError):
    """A font file that papers cannot be printed with; the message says why."""


@dataclass(frozen=True)
class FontInfo:
    path: Path
    family: str          # name ID 1: the family its regular, bold, italic and bold italic share
    subfamily: str       # name ID 2: Regular, Bold, Italic, Bold Italic (or the font's own words)
    full_name: str
    ps_name: str
    bold: bool
    italic: bool
    fs_type: int         # OS/2 embedding permissions

    @property
    def style(self) -> str:
        if self.italic:
            return "bold_italic" if self.bold else "italic"
        return "bold" if self.bold else "regular"


def _refuse(message: str, path: Path, **params: object) -> FontRefused:
    return FontRefused(message, file=path.name, **params)


def _table_directory(data: bytes) -> dict[str, tuple[int, int]]:
    """tag -> (offset, length) of an sfnt (raises struct.error or ValueError when damaged)."""
    (num_tables,) = struct.unpack_from(">H", data, 4)
    tables = {}
    for n in range(num_tables):
        tag, _checksum, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * n)
        if offset + length > len(data):
            raise ValueError(f"table {tag!r} runs past the end of the file")
        tables[tag.decode("latin-1")] = (offset, length)
    return tables


def _names(table: bytes) -> dict[int, str]:
    """Name ID -> text, preferring Windows Unicode English, then any Windows Unicode
    language, then Unicode, then Macintosh Roman."""
    _format, count, strings = struct.unpack_from(">HHH", table, 0)
    best: dict[int, tuple[int, str]] = {}
    for n in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(">6H", table, 6 + 12 * n)
        raw = table[strings + offset:strings + offset + length]
        if platform == 3 and encoding in (0, 1, 10):
            rank, text = (0 if language == 0x409 else 1), raw.decode("utf-16-be", "replace")
        elif platform == 0:
            rank, text = 2, raw.decode("utf-16-be", "replace")
        elif platform == 1 and encoding == 0:
            rank, text = 3, raw.decode("mac_roman", "replace")
        else:
            continue
        if name_id not in best or rank < best[name_id][0]:
            best[name_id] = (rank, text.strip("\x00").strip())
    return {name_id: text for name_id, (_rank, text) in best.items()}


def _info(path: Path, tables: Mapping[str, bytes]) -> FontInfo:
    """The names and style of a TrueType file from its name, head and OS/2 tables."""
    missing = [tag for tag in ("head", "name") if tag not in tables]
    if missing:
        raise ValueError("no " + " and no ".join(missing) + " table")
    names = _names(tables["name"])
    (mac_style,) = struct.unpack_from(">H", tables["head"], 44)
    fs_type = fs_selection = 0
    if "OS/2" in tables:
        fs_type, = struct.unpack_from(">H", tables["OS/2"], 8)
        fs_selection, = struct.unpack_from(">H", tables["OS/2"], 62)
    subfamily = names.get(2, "")
    bold = bool(fs_selection & 0x20 or mac_style & 0x01)
    italic = bool(fs_selection & 0x01 or mac_style & 0x02)
    if not (fs_selection & 0x61 or mac_style & 0x03):   # no style bits at all: go by the words
        words = subfamily.lower()
        bold, italic = "bold" in words, "italic" in words or "oblique" in words
    family = names.get(1) or names.get(16) or names.get(4) or path.stem
    return FontInfo(path, family, subfamily, names.get(4, family), names.get(6, ""), bold, italic, fs_type)


_INFO_TABLES = ("name", "head", "OS/2")


def _kind_problem(path: Path, tag: bytes) -> FontRefused | None:
    if tag == b"OTTO":
        return _refuse(N_("{file} is an OpenType font with PostScript (CFF) outlines, which papers cannot embed. "
                          "Choose the TrueType (.ttf) file of the font."), path)
    if tag == b"ttcf":
        return _refuse(N_("{file} is a font collection (.ttc). Choose a single TrueType (.ttf) file."), path)
    if tag not in TRUETYPE_TAGS:
        return _refuse(N_("{file} is not a TrueType font file. Choose a .ttf file such as THSarabunIT๙.ttf."), path)
    return None


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise _refuse(N_("Cannot read the font file {file}: {reason}"), Path(path),
                      reason=error.strerror or str(error)) from None


def read_font_info(path: Path) -> FontInfo:
    """The names and style of a TrueType file, reading only its header and the tables
    needed (quick enough to look through a Fonts folder of hundreds of files)."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            problem = _kind_problem(path, head[:4])
            if problem is not None:
                raise problem
            (num_tables,) = struct.unpack(">H", head[4:6])
            directory = f.read(16 * num_tables)
            tables = {}
            for n in range(num_tables):
                tag, _checksum, offset, length = struct.unpack_from(">4sLLL", directory, 16 * n)
                if tag.decode("latin-1") in _INFO_TABLES:
                    f.seek(offset)
                    tables[tag.decode("latin-1")] = f.read(length)
            return _info(path, tables)
    except OSError as error:
        raise _refuse(N_("Cannot read the font file {file}: {reason}"), path,
                      reason=error.strerror or str(error)) from None
    except (struct.error, ValueError, UnicodeError) as error:
        raise _refuse(N_("{file} is damaged and cannot be read as a TrueType font ({reason})."), path,
                      reason=str(error)) from None


# ---------------------------------------------------------------------------------------
# ReportLab and names it refuses.
# ---------------------------------------------------------------------------------------

_PS_FORBIDDEN = set(b" [](){}<>/%")


def _ps_char(code: int) -> int | None:
    """The ASCII stand-in for a code ReportLab refuses in a PostScript name, or None if fine."""
    if 33 <= code <= 126 and code not in _PS_FORBIDDEN:
        return None
    if 0x0E50 <= code <= 0x0E59:           # Thai digits: ๙ -> 9
        return code - 0x0E50 + ord("0")
    return ord("-")


def reportlab_bytes(data: bytes) -> bytes:
    """``data`` with the PostScript name ReportLab reads made plain ASCII.

    ReportLab refuses a font whose PostScript name (or, without one, its full or family
    name) holds anything beyond printable ASCII, and Thai fonts name themselves in Thai
    (TH SarabunIT๙). Each such character is replaced in place, same length (๙ becomes 9,
    others a hyphen), in memory only: the file on disk is never changed."""
    try:
        tables = _table_directory(data)
        if "name" not in tables:
            return data
        base = tables["name"][0]
        _format, count, strings = struct.unpack_from(">HHH", data, base)
        records = [struct.unpack_from(">6H", data, base + 6 + 12 * n) for n in range(count)]
    except (struct.error, ValueError):
        return data
    # The records ReportLab reads, and the name ID it takes its PostScript name from.
    readable = [r for r in records if (r[0], r[1], r[2]) in ((3, 1, 0x409), (1, 0, 0))]
    ids = {r[3] for r in readable}
    target = next((i for i in (6, 4, 1) if i in ids), None)
    out = bytearray(data)
    for platform, _encoding, _language, name_id, length, offset in readable:
        if name_id != target:
            continue
        start = base + strings + offset
        if platform == 3:
            for at in range(start, start + length - 1, 2):
                (code,) = struct.unpack_from(">H", out, at)
                stand_in = _ps_char(code)
                if stand_in is not None and code != 32:
                    struct.pack_into(">H", out, at, stand_in)
        else:
            for at in range(start, start + length):
                stand_in = _ps_char(out[at])
                if stand_in is not None and out[at] != 32:
                    out[at] = stand_in
    return bytes(out)


def reportlab_source(path: Path | str) -> io.BytesIO:
    """The font file as ReportLab's TTFont reads it (see :func:`reportlab_bytes`)."""
    source = io.BytesIO(reportlab_bytes(Path(path).read_bytes()))
    source.name = str(path)
    return source


# ---------------------------------------------------------------------------------------
# The checks.
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ShapingCheck:
    ok: bool
    detail: str


def check_thai_shaping(font_file: Path | None = None, data: bytes | None = None) -> ShapingCheck:
    """Shape ปี่ (tone mark over an upper vowel over a tall consonant) with HarfBuzz.

    Correct shaping either swaps in a raised or shifted mark glyph or moves the mark by
    a positioning offset; unshaped text would use the plain glyph with no offset."""
    import uharfbuzz as hb

    path = Path(font_file or bundled_font_files()["regular"])
    # From bytes, not the path: HarfBuzz would map the file, and Windows cannot then
    # replace or delete it while the mapping lives.
    font = hb.Font(hb.Face(hb.Blob(data if data is not None else path.read_bytes())))
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
    name = TTFont("GovLabCheck", reportlab_source(path)).face.name
    return name.decode() if isinstance(name, bytes) else str(name)


# Every Thai letter, vowel, tone mark and digit a paper may hold, and the Latin letters,
# digits and signs of e-mail addresses, phone numbers and codes.
THAI_LETTERS = [chr(c) for c in range(0x0E01, 0x0E2F)]
NEEDED_CHARACTERS = (THAI_LETTERS + [chr(c) for c in range(0x0E2F, 0x0E3A)] + [chr(c) for c in range(0x0E40, 0x0E4E)]
                     + [chr(c) for c in range(0x0E50, 0x0E5A)]
                     + [chr(c) for c in range(0x30, 0x3A)] + [chr(c) for c in range(0x41, 0x5B)]
                     + [chr(c) for c in range(0x61, 0x7B)] + list(".,:;()-/@%&+_'\"?!#*="))


def check_font_file(path: Path) -> FontInfo:
    """Everything a font file must be for papers to be printed with it, or FontRefused
    saying what is wrong: a readable TrueType file (not CFF OpenType, not a collection),
    whose licence allows embedding, that ReportLab loads, with every Thai letter and the
    Latin that papers use, and with which HarfBuzz places Thai marks."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    path = Path(path)
    data = _read(path)
    problem = _kind_problem(path, data[:4])
    if problem is not None:
        raise problem
    try:
        tables = _table_directory(data)
        info = _info(path, {tag: data[offset:offset + length] for tag, (offset, length) in tables.items()
                            if tag in _INFO_TABLES})
    except (struct.error, ValueError, UnicodeError) as error:
        raise _refuse(N_("{file} is damaged and cannot be read as a TrueType font ({reason})."), path,
                      reason=str(error)) from None
    missing = [tag for tag in _NEEDED_TABLES if tag not in tables]
    if missing:
        raise _refuse(N_("{file} is damaged and cannot be read as a TrueType font ({reason})."), path,
                      reason="no " + ", ".join(missing) + " table")
    # Usage permissions (bits 0-3) 2 = restricted licence: no embedding at all; bit 9:
    # bitmaps only; bit 8: whole font only, which ReportLab cannot do for a Thai font.
    if (info.fs_type & 0x000F) == 0x0002 or info.fs_type & 0x0300:
        raise _refuse(N_("The licence of {file} does not allow embedding it in documents, so papers printed with "
                         "it could not be shown on other computers. Choose another font."), path)
    try:
        face = TTFontFile(io.BytesIO(reportlab_bytes(data)))
        covered = face.charToGlyph
        # What ReportLab does when it saves a paper: cut the glyphs used out of the font
        # (a damaged glyph table only shows here, not when the file is opened).
        face.makeSubset([ord(c) for c in NEEDED_CHARACTERS if ord(c) in covered])
    except Exception as error:  # noqa: BLE001 - ReportLab raises many kinds for a bad file
        raise _refuse(N_("{file} is damaged and cannot be read as a TrueType font ({reason})."), path,
                      reason=str(error) or type(error).__name__) from None
    if not any(ord(c) in covered for c in THAI_LETTERS):
        raise _refuse(N_("{file} has no Thai letters. Choose a Thai font such as TH SarabunIT๙ or TH SarabunPSK."),
                      path)
    lacking = [c for c in NEEDED_CHARACTERS if ord(c) not in covered]
    if lacking:
        raise _refuse(N_("{file} lacks characters that papers need: {chars}"), path, chars=" ".join(lacking[:20]))
    shaping = check_thai_shaping(path, data)
    if not shaping.ok:
        raise _refuse(N_("Thai vowels and tone marks are not placed correctly with {file} ({detail}). "
                         "Choose another font."), path, detail=shaping.detail)
    return info
