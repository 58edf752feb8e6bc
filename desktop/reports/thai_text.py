"""Thai text on paper: the Sarabun family in ReportLab, word wrapping, shaping, and a
text layer that reads back as the Thai that went in.

ReportLab shapes Thai with HarfBuzz, but it cannot wrap Thai and its shaped glyphs get
private-use code points, so ``pdftotext`` (and copy and paste, and search) return junk.
Here we wrap ourselves (at the breaks ``desktop.reports.thai_segments`` finds), shape each
line ourselves with HarfBuzz, and give every shaped glyph a code of its own together with
the source text it stands for; :class:`ThaiTTFont` writes those texts into the PDF's
ToUnicode map. :class:`ThaiParagraph` is the flowable that puts it together.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable
from functools import lru_cache

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, ShapeData, ShapedStr, TTFont
from reportlab.platypus.flowables import Flowable

from desktop.reports.fonts import active_fonts, active_generation, reportlab_source
from desktop.reports.thai_segments import clusters, subwords, units

FAMILY = "GovLabSarabun"
REGULAR, BOLD, ITALIC, BOLD_ITALIC = (FAMILY, FAMILY + "-Bold", FAMILY + "-Italic", FAMILY + "-BoldItalic")
LEADING = 1.45
_STYLES = {"regular": REGULAR, "bold": BOLD, "italic": ITALIC, "bold_italic": BOLD_ITALIC}
_FEATURES = {"kern": True, "liga": True}
_lock = threading.Lock()


# ---------------------------------------------------------------------------------------
# The font: per-occurrence glyph codes and a ToUnicode map that carries real text.
# ---------------------------------------------------------------------------------------

def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


class ThaiTTFont(TTFont):
    """A TTFont whose shaped glyphs read back as their source text.

    Each (glyph, source text) pair that is not a plain cmap glyph gets its own code point
    from the private-use area (so one alternate glyph can stand for different texts), and
    the ToUnicode map sends that code to the source text. A glyph that HarfBuzz adds to a
    cluster whose text another glyph already carries (า of ำ) maps to nothing."""

    _PRIVATE_START = 0xF0000  # plane 15: out of the way of ReportLab's own 0xE000.. codes

    def __init__(self, name: str, filename: str) -> None:
        # Read through reportlab_source: ReportLab refuses a Thai PostScript name (TH SarabunIT๙).
        super().__init__(name, reportlab_source(filename))
        self.code_text: dict[int, str] = {}
        self._codes: dict[tuple[int, str, float], int] = {}
        self._next = self._PRIVATE_START

    def code_for(self, gid: int, text: str, advance: float, x_offset: float = 0) -> int:
        """The code that draws glyph ``gid`` and reads back as ``text``."""
        face = self.face
        if len(text) == 1 and face.charToGlyph.get(ord(text)) == gid:
            return ord(text)
        key = (gid, text, advance)
        code = self._codes.get(key)
        if code is None:
            code = self._codes[key] = self._next
            self._next += 1
            face.charToGlyph[code] = gid
            face.charWidths[code] = advance
            self.code_text[code] = text
        return code

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 - ReportLab's name
        """Put every drawn string in ONE font subset (ReportLab spreads a string over
        several subsets as codes are first met; a text extractor then sees a font change
        in the middle of a word and tears its marks off: ผเู้ ข้า).

        Subset 0 keeps printable ASCII at its own codes for strings that are pure ASCII;
        any other string goes, whole, to the first subset from 1 on that holds its codes
        or has room for the missing ones. A code may sit in several subsets."""
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        state = self._assignState(doc, asciiReadable=True)
        if not hasattr(state, "slots"):
            state.slots = {}
            state.subsets[:] = [[0] * 32 + list(range(32, 128))]
        char_to_glyph = self.face.charToGlyph
        codes = []
        for code in map(ord, text):
            if code == 0xA0:
                code = 32
            codes.append(code if code == 32 or code in char_to_glyph else 0)
        if all(code < 128 and (code >= 32 or code == 0) for code in codes):
            return [(0, bytes(codes))] if codes else []
        need = set(codes) - {0, 32}
        slots, subsets = state.slots, state.subsets
        best, best_have = None, -1
        for k in range(1, len(subsets)):
            have = sum(1 for code in need if k in slots.get(code, ()))
            if have > best_have and len(need) - have <= 256 - len(subsets[k]):
                best, best_have = k, have
        if best is None:
            if state.frozen:
                raise pdfdoc.PDFError(f"Font {self.fontName} is already frozen")
            subsets.append([0] + [32] * 32)
            best = len(subsets) - 1
        subset = subsets[best]
        for code in sorted(need):
            where = slots.setdefault(code, {})
            if best not in where:
                if state.frozen:
                    raise pdfdoc.PDFError(f"Font {self.fontName} is already frozen, cannot add U+{code:04X}")
                where[best] = len(subset)
                subset.append(code)
        return [(best, bytes(0 if c == 0 else 32 if c == 32 else slots[c][best] for c in codes))]

    def to_unicode_cmap(self, fontname: str, subset: list[int]) -> str:
        lines = []
        for i, code in enumerate(subset):
            text = self.code_text.get(code, chr(code))
            # An empty destination is what "this glyph adds no text" means; poppler
            # honours it. Code 0 (notdef) reads as nothing too.
            lines.append("<%02X> <%s>" % (i, _utf16_hex(text) if code else ""))
        return "\n".join([
            "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
            "/CIDSystemInfo", "<< /Registry (%s)" % fontname, "/Ordering (%s)" % fontname,
            "/Supplement 0", ">> def", "/CMapName /%s def" % fontname, "/CMapType 2 def",
            "1 begincodespacerange", "<00> <%02X>" % (len(subset) - 1), "endcodespacerange",
            "%d beginbfchar" % len(subset), *lines, "endbfchar", "endcmap",
            "CMapName currentdict /CMap defineresource pop", "end", "end"])

    def addObjects(self, doc):  # noqa: N802 - ReportLab's name
        """ReportLab's TTFont.addObjects with our ToUnicode map (5.1 has no hook for it)."""
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_font_name = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = "Font %s subset %d" % (self.fontName, n)
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_font_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))
            cmap_stream = pdfdoc.PDFStream()
            cmap_stream.content = self.to_unicode_cmap(base_font_name, subset)
            if doc.compression:
                cmap_stream.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(cmap_stream, "toUnicodeCMap:" + base_font_name)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_font_name, subset)
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del self.state[doc]


_registered = -1   # the generation of fonts.active_fonts() registered now


def register_fonts() -> dict[str, str]:
    """Register the family papers print with (the bundled Sarabun, or the office's
    choice: desktop.reports.fonts.use_font_files) under the same ReportLab names whatever
    it is; return those names by style.

    Cheap when nothing changed. When the family did, the old fonts are unregistered and
    every remembered shaped line, width and line break is forgotten: they hold the old
    font's glyphs and metrics."""
    global _registered
    if active_generation() == _registered:
        return dict(_STYLES)
    generation, _family, files = active_fonts()
    from reportlab.lib.fonts import addMapping

    with _lock:
        if generation != _registered:
            fonts = {style: ThaiTTFont(name, str(files[style])) for style, name in _STYLES.items()}
            _unregister()
            for font in fonts.values():
                pdfmetrics.registerFont(font)
            pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FAMILY, bold, italic, [[REGULAR, ITALIC], [BOLD, BOLD_ITALIC]][bold][italic])
            _shape_text.cache_clear()
            _width_1000.cache_clear()
            _break_lines.cache_clear()
            _registered = generation
    return dict(_STYLES)


def _unregister() -> None:
    """Forget our four font names and their faces (ReportLab's registerFont would keep an
    already registered name, and maps a new name to an old font of the same face name)."""
    for name in _STYLES.values():
        font = pdfmetrics._fonts.pop(name, None)
        face = getattr(font, "face", None)
        if face is not None and pdfmetrics._dynFaceNames.get(face.name) is font:
            del pdfmetrics._dynFaceNames[face.name]


# ---------------------------------------------------------------------------------------
# Shaping.
# ---------------------------------------------------------------------------------------

def _font(font_name: str) -> ThaiTTFont:
    font = pdfmetrics.getFont(font_name)
    if not isinstance(font, ThaiTTFont):
        raise TypeError(f"{font_name} is not a font registered by register_fonts()")
    return font


def _shape(font: ThaiTTFont, text: str):
    import uharfbuzz as hb

    hbf = font.hbFont(16)
    buf = hb.Buffer()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(hbf, buf, _FEATURES)
    return hbf, buf.glyph_infos, buf.glyph_positions


def shape_text(text: str, font_name: str) -> ShapedStr:
    """Shape one line for ``canvas.drawString``: a ShapedStr whose codes read back as ``text``.

    Remembered per (text, font): a table repeats the same positions and agencies on every
    page, and shaping is the dearest step of drawing a line. The codes a shaped line uses
    belong to the font, not to a document, so a remembered line is good for any document."""
    if not text:
        return ShapedStr("", shapeData=[])
    return _shape_text(text, font_name)


@lru_cache(maxsize=20_000)
def _shape_text(text: str, font_name: str) -> ShapedStr:
    font = _font(font_name)
    with _lock:
        hbf, infos, positions = _shape(font, text)
        clusters = sorted({i.cluster for i in infos})
        ends = {c: (clusters[k + 1] if k + 1 < len(clusters) else len(text)) for k, c in enumerate(clusters)}
        groups: dict[int, list[int]] = {}
        for n, info in enumerate(infos):
            groups.setdefault(info.cluster, []).append(n)
        texts: list[str] = [""] * len(infos)
        for cluster, members in groups.items():
            source = text[cluster:ends[cluster]]
            if len(members) == len(source):
                for n, ch in zip(members, source):
                    texts[n] = ch
            else:
                # One glyph carries the cluster's text, the others none. The one with the
                # largest advance: an empty zero-width mark is harmless, but an empty
                # spacing glyph reads as a word gap (า of ำ: ประจำปี read ประจำ ปี).
                carrier = max(members, key=lambda n: positions[n].x_advance)
                texts[carrier] = source
        # Marks (no advance) hand their text to the letter they sit on, and read back as
        # nothing themselves: poppler takes two glyphs drawn at one spot (ู and ้ of ผู้)
        # for a duplicate and tears the word apart; one glyph per spacing letter keeps it
        # whole (ผู้ reads ผู้, not ผเู้).
        carrier = None
        for n, pos in enumerate(positions):
            if pos.x_advance:
                carrier = n
            elif carrier is not None and texts[n]:
                texts[carrier] += texts[n]
                texts[n] = ""
        scale = font.pdfScale
        chars, data = [], []
        for n, (info, pos) in enumerate(zip(infos, positions)):
            gid = info.codepoint
            width = scale(hbf.get_glyph_h_advance(gid))
            code = font.code_for(gid, texts[n], width, scale(pos.x_offset))
            chars.append(chr(code))
            data.append(ShapeData(info.cluster, scale(pos.x_advance), scale(pos.y_advance),
                                  scale(pos.x_offset), scale(pos.y_offset), font.face.charWidths[code]))
        return ShapedStr("".join(chars), shapeData=data)


@lru_cache(maxsize=50_000)
def _width_1000(text: str, font_name: str) -> float:
    """Advance width of ``text`` after shaping, in 1/1000 of the font size."""
    if not text:
        return 0.0
    font = _font(font_name)
    with _lock:
        _hbf, _infos, positions = _shape(font, text)
        return sum(font.pdfScale(p.x_advance) for p in positions)


def text_width(text: str, font_name: str, size: float) -> float:
    """The width ``text`` really takes once shaped, in points."""
    return _width_1000(text, font_name) * size / 1000.0


# ---------------------------------------------------------------------------------------
# Line breaking (where a line may break: desktop.reports.thai_segments).
# ---------------------------------------------------------------------------------------

def break_lines(text: str, font_name: str, size: float, width: float, names: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points once shaped.

    Thai is cut at word boundaries (pythainlp newmm); with ``names`` only at spaces; never
    where official papers keep text together (``thai_segments.units``: abbreviations with their
    word, dates, numbers with their counters, punctuation, no-break spaces). A unit wider
    than the line breaks as if it were not glued; a word (or name part) longer than a line
    is cut into dictionary words, then between grapheme clusters. Explicit newlines start
    new lines. Each line is stripped of surrounding spaces."""
    return list(_break_lines(text or "", font_name, float(size), float(width), bool(names)))


@lru_cache(maxsize=20_000)
def _break_lines(text: str, font_name: str, size: float, width: float, names: bool) -> tuple[str, ...]:
    # Remembered per input: the cells of a column repeat (positions, agencies) and a
    # table wraps each cell more than once.
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_break_paragraph(paragraph, font_name, size, width, names))
    return tuple(lines)


def _fits(line: str, font_name: str, size: float, width: float) -> bool:
    return text_width(line.strip(), font_name, size) <= width + 1e-6


def _break_paragraph(text: str, font_name: str, size: float, width: float, names: bool) -> list[str]:
    text = text.strip()
    if not text:
        return [""]
    lines: list[str] = []
    current = ""
    pending_units = deque(units(text, names))
    while pending_units:
        unit = pending_units.popleft()
        word = "".join(unit)
        if word == " ":
            if current:
                current += " "
            continue
        candidate = current + word
        if _fits(candidate, font_name, size, width):
            current = candidate
            continue
        if len(unit) > 1 and not _fits(word, font_name, size, width):
            # Glued words wider than a line: break them as if they were not glued.
            pending_units.extendleft((w,) for w in reversed(unit))
            continue
        if current.strip():
            lines.append(current.strip())
        current = ""
        if _fits(word, font_name, size, width):
            current = word
            continue
        # A word wider than the line (a compound such as กระทรวงสาธารณสุข): split it into
        # dictionary words by longest match and pack those; cut a piece that still does
        # not fit between clusters.
        pending = subwords(word)
        while pending:
            piece = pending.pop(0)
            if _fits(current + piece, font_name, size, width):
                current += piece
                continue
            if current.strip():
                lines.append(current.strip())
            current = ""
            if _fits(piece, font_name, size, width):
                current = piece
                continue
            smaller = subwords(piece)
            if len(smaller) > 1:
                pending[:0] = smaller
                continue
            for cluster in clusters(piece):
                if current and not _fits(current + cluster, font_name, size, width):
                    lines.append(current)
                    current = ""
                current += cluster
    if current.strip():
        lines.append(current.strip())
    return lines or [""]


# ---------------------------------------------------------------------------------------
# The flowable.
# ---------------------------------------------------------------------------------------

class ThaiParagraph(Flowable):
    """Wrapped, shaped Thai text with a readable text layer.

    ``align`` is "left", "center" or "right"; ``first_indent`` indents the first line
    (points); ``names`` breaks only at spaces. Lines are never justified (Thai justified
    with visible gaps between words looks typed with spaces). Splits between lines."""

    def __init__(self, text: str, font_name: str = REGULAR, size: float = 16, align: str = "left",
                 first_indent: float = 0, names: bool = False, leading: float | None = None,
                 color=None, _lines: list[str] | None = None) -> None:
        super().__init__()
        register_fonts()
        self.text = text or ""
        self.font_name = font_name
        self.size = size
        self.align = align
        self.first_indent = first_indent
        self.names = names
        self.leading = leading or size * LEADING
        self.color = color
        self._lines = _lines
        self._width = 0.0

    def _break(self, width: float) -> list[str]:
        if self.first_indent:
            first = break_lines(self.text, self.font_name, self.size, width - self.first_indent, self.names)
            if len(first) <= 1:
                return first
            rest = self.text.strip()[len(first[0]):]
            return [first[0]] + break_lines(rest, self.font_name, self.size, width, self.names)
        return break_lines(self.text, self.font_name, self.size, width, self.names)

    @property
    def lines(self) -> list[str]:
        return self._lines if self._lines is not None else []

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        if self._lines is None or self._width != availWidth:
            self._lines = self._break(availWidth)
            self._width = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.leading
        return availWidth, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.leading)
        if fit <= 0 or fit >= len(self._lines):
            return [] if fit <= 0 else [self]
        head = ThaiParagraph(self.text, self.font_name, self.size, self.align, self.first_indent, self.names,
                             self.leading, self.color, _lines=self._lines[:fit])
        tail = ThaiParagraph(self.text, self.font_name, self.size, self.align, 0, self.names,
                             self.leading, self.color, _lines=self._lines[fit:])
        head._width = tail._width = availWidth
        return [head, tail]

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        if self.color is not None:
            canvas.setFillColor(self.color)
        canvas.setFont(self.font_name, self.size)
        # Baseline: the descent of Sarabun is about 0.3 em below; put the first baseline
        # so the line box (leading) holds the stacked marks above and the descenders below.
        y = self.height - self.leading + (self.leading - self.size) / 2 + 0.28 * self.size
        for n, line in enumerate(self._lines):
            draw_line(canvas, line, self.font_name, self.size, 0, y, self.width,
                      self.align, self.first_indent if n == 0 and self._width_first() else 0)
            y -= self.leading
        canvas.restoreState()

    def _width_first(self) -> bool:
        return bool(self.first_indent)


def draw_line(canvas, line: str, font_name: str, size: float, x: float, y: float, width: float,
              align: str = "left", indent: float = 0) -> None:
    """Draw one already-broken line, shaped, aligned within [x, x + width]."""
    if not line:
        return
    shaped = shape_text(line, font_name)
    w = text_width(line, font_name, size)
    if align == "center":
        x0 = x + (width - w) / 2
    elif align == "right":
        x0 = x + width - w
    else:
        x0 = x + indent
    canvas.setFont(font_name, size)
    canvas.drawString(x0, y, shaped)


def draw_text(canvas, text: str, font_name: str, size: float, x: float, y: float, align: str = "left") -> None:
    """Draw a short single line at a point; ``align`` anchors x at the left, centre or right."""
    w = text_width(text, font_name, size)
    x0 = x - w / 2 if align == "center" else x - w if align == "right" else x
    canvas.setFont(font_name, size)
    canvas.drawString(x0, y, shape_text(text, font_name))


def paragraphs(texts: Iterable[str], **kwargs) -> list[ThaiParagraph]:
    return [ThaiParagraph(t, **kwargs) for t in texts]
