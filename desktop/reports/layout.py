"""Page furniture shared by the official papers.

Margins and sizes of the correspondence regulation (A4, left 3 cm, right 2 cm, Sarabun
16 pt with 1.45 leading), the emblem (the office's own image, or a plain placeholder
drawn here: never a Garuda), the dotted-line header fields of a memo, label + value lines
(เรื่อง, เรียน, อ้างถึง ...), the signature block centred in the right half, red urgency
marks, tables of Thai cells, and a canvas that numbers pages once it knows how many
there are. Every string goes through the Thai text functions (shaped, wrapped at word
boundaries, readable back from the PDF).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from desktop.core.digits import to_thai_digits
from desktop.i18n.thai_dates import MONTHS_FULL, year_be
from desktop.reports.thai_text import (
    BOLD,
    LEADING,
    REGULAR,
    ThaiParagraph,
    break_lines,
    draw_line,
    draw_text,
    register_fonts,
    text_width,
)

PAGE = A4
LEFT, RIGHT, TOP, BOTTOM = 3 * cm, 2 * cm, 1.5 * cm, 2 * cm
MARGINS = dict(leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP, bottomMargin=BOTTOM)
FRAME_WIDTH = PAGE[0] - LEFT - RIGHT          # 16 cm
BODY = 16                                      # body text, pt
LABEL = 20                                     # memo header labels, pt
INDENT = 2.5 * cm                              # first-line indent of body paragraphs
RED = colors.Color(0.85, 0.0, 0.0)
GRID = colors.black
HEAD_FILL = colors.Color(0.9, 0.9, 0.9)
URGENCIES = ("ด่วน", "ด่วนมาก", "ด่วนที่สุด")


# ---------------------------------------------------------------------------------------
# Digits and dates.
# ---------------------------------------------------------------------------------------

def check_digits(digits: str) -> str:
    if digits not in ("thai", "arabic"):
        raise ValueError(f"digits must be 'thai' or 'arabic', not {digits!r}")
    return digits


def dg(text: Any, digits: str) -> str:
    """``text`` with Thai digits when ``digits`` is "thai" (words with Latin letters are kept)."""
    text = "" if text is None else str(text)
    if digits != "thai":
        return text
    # Codes and addresses that mix in Latin letters (PYP66-01, ISO/IEC, e-mail) keep their digits.
    return " ".join(word if any("a" <= ch.lower() <= "z" or ch == "@" for ch in word) else to_thai_digits(word)
                    for word in text.split(" "))


def thai_date(d: date | None, digits: str, era: bool = False) -> str:
    """``๑๙ พฤษภาคม ๒๕๖๖``; with ``era`` ``๑๙ พฤษภาคม พ.ศ. ๒๕๖๖``."""
    if d is None:
        return ""
    text = f"{d.day} {MONTHS_FULL[d.month - 1]} {'พ.ศ. ' if era else ''}{year_be(d)}"
    return dg(text, digits)


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# Plain data every paper shares.
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Signer:
    """Who signs: the name as printed (with prefix), position lines, an optional image."""

    full_name: str = ""
    position_lines: tuple[str, ...] = ()
    signature_image: str | None = None    # a file path; drawn in the space to sign


@dataclass(frozen=True)
class OfficeInfo:
    name: str = ""
    address_lines: tuple[str, ...] = ()
    phone: str | None = None
    email: str | None = None
    emblem_image: str | None = None        # the office's own emblem or logo, a file path
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------
# Emblem.
# ---------------------------------------------------------------------------------------

def draw_emblem(canvas: Canvas, x: float, y: float, size: float, image: str | None = None) -> None:
    """The emblem with its lower-left corner at (x, y), ``size`` high.

    The office's own image when it has one (kept in proportion, centred in a square);
    otherwise a plain placeholder: two rings and an eight-pointed star, in black."""
    if image and Path(image).is_file():
        try:
            canvas.drawImage(str(image), x, y, width=size, height=size, preserveAspectRatio=True,
                             anchor="c", mask="auto")
            return
        except Exception:  # noqa: BLE001 - an unreadable image falls back to the placeholder
            pass
    import math

    r = size / 2
    cx, cy = x + r, y + r
    canvas.saveState()
    canvas.setStrokeColor(colors.black)
    canvas.setFillColor(colors.black)
    canvas.setLineWidth(max(0.6, size / 45))
    canvas.circle(cx, cy, r * 0.97, stroke=1, fill=0)
    canvas.setLineWidth(max(0.4, size / 90))
    canvas.circle(cx, cy, r * 0.82, stroke=1, fill=0)
    path = canvas.beginPath()
    for k in range(16):
        angle = math.pi / 2 + k * math.pi / 8
        radius = r * (0.62 if k % 2 == 0 else 0.26)
        px, py = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        path.moveTo(px, py) if k == 0 else path.lineTo(px, py)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.circle(cx, cy, r * 0.12, stroke=0, fill=1)
    canvas.restoreState()


class Emblem(Flowable):
    """The emblem as a flowable: ``align`` left or center."""

    def __init__(self, size: float, align: str = "center", image: str | None = None) -> None:
        super().__init__()
        self.size, self.align, self.image = size, align, image

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, self.size

    def draw(self):
        x = (self.width - self.size) / 2 if self.align == "center" else 0
        draw_emblem(self.canv, x, 0, self.size, self.image)


# ---------------------------------------------------------------------------------------
# Text helpers.
# ---------------------------------------------------------------------------------------

def para(text: Any, size: float = BODY, bold: bool = False, align: str = "left", indent: float = 0,
         names: bool = False, color=None) -> ThaiParagraph:
    return ThaiParagraph("" if text is None else str(text), BOLD if bold else REGULAR, size, align=align,
                         first_indent=indent, names=names, color=color)


def _baseline(size: float, leading: float) -> float:
    """Offset of the baseline above the bottom of a line box (as ThaiParagraph draws it)."""
    return (leading - size) / 2 + 0.28 * size


def dotted(canvas: Canvas, x0: float, x1: float, y: float) -> None:
    canvas.saveState()
    canvas.setLineWidth(0.6)
    canvas.setDash(0.6, 2.2)
    canvas.setLineCap(1)
    canvas.line(x0, y, x1, y)
    canvas.restoreState()


class LabelledText(Flowable):
    """``label`` then ``value`` on the same line; continuation lines start under the value.

    ``label_width`` fixes where the value starts (default: the label's own width plus a
    gap). ``label_size`` and ``bold_label`` for the memo's 20 pt bold labels; ``dots``
    puts each value line on a dotted line that runs to ``dots_to`` (default: the right
    edge)."""

    def __init__(self, label: str, value: str, size: float = BODY, label_size: float | None = None,
                 bold_label: bool = False, label_width: float | None = None, gap: float = 0.35 * cm,
                 dots: bool = False, leading: float | None = None, names: bool = False) -> None:
        super().__init__()
        register_fonts()
        self.label, self.value = label, value or ""
        self.size, self.label_size = size, label_size or size
        self.label_font = BOLD if bold_label else REGULAR
        self.gap = gap
        self.label_width = label_width
        self.dots, self.names = dots, names
        self.leading = leading or max(self.size, self.label_size) * LEADING

    def _value_x(self) -> float:
        if self.label_width is not None:
            return self.label_width
        return text_width(self.label, self.label_font, self.label_size) + self.gap

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.lines = break_lines(self.value, REGULAR, self.size, availWidth - self._value_x(), self.names) or [""]
        self.height = len(self.lines) * self.leading
        return availWidth, self.height

    def draw(self):
        c = self.canv
        vx = self._value_x()
        y = self.height - self.leading + _baseline(max(self.size, self.label_size), self.leading)
        draw_text(c, self.label, self.label_font, self.label_size, 0, y)
        for line in self.lines:
            if self.dots:
                dotted(c, vx - 0.15 * cm, self.width, y - 5.5)
            draw_line(c, line, REGULAR, self.size, vx, y, self.width - vx)
            y -= self.leading


class MemoFieldPair(Flowable):
    """The memo's ``ที่ ...... วันที่ ......`` line: two labelled dotted fields side by side."""

    def __init__(self, pairs: Sequence[tuple[str, str]], split: float = 0.5, size: float = BODY,
                 label_size: float = LABEL) -> None:
        super().__init__()
        register_fonts()
        self.pairs, self.split, self.size, self.label_size = list(pairs), split, size, label_size
        self.leading = label_size * 1.4

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, self.leading

    def draw(self):
        c = self.canv
        y = _baseline(self.label_size, self.leading)
        starts = [0, self.width * self.split]
        ends = [self.width * self.split - 0.2 * cm, self.width]
        for (label, value), x0, x1 in zip(self.pairs, starts, ends):
            draw_text(c, label, BOLD, self.label_size, x0, y)
            vx = x0 + text_width(label, BOLD, self.label_size) + 0.25 * cm
            dotted(c, vx - 0.1 * cm, x1, y - 5.5)
            line = value
            while line and text_width(line, REGULAR, self.size) > x1 - vx:
                line = line[:-1]
            draw_line(c, line, REGULAR, self.size, vx + 0.1 * cm, y, x1 - vx)


class MemoTitle(Flowable):
    """Emblem 1.5 cm at the top left; "บันทึกข้อความ" bold 29 pt centred on the page."""

    def __init__(self, emblem_image: str | None = None, title: str = "บันทึกข้อความ",
                 emblem_size: float = 1.5 * cm, size: float = 29) -> None:
        super().__init__()
        self.image, self.title, self.emblem, self.size = emblem_image, title, emblem_size, size

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = self.emblem + 0.15 * cm
        return availWidth, self.height

    def draw(self):
        c = self.canv
        draw_emblem(c, 0, self.height - self.emblem, self.emblem, self.image)
        # Centred on the sheet, not on the text frame (the form centres it on the paper).
        page_centre = PAGE[0] / 2 - LEFT
        draw_text(c, self.title, BOLD, self.size, page_centre, self.height - self.emblem + 0.22 * cm,
                  align="center")


class SignatureBlock(Flowable):
    """Centred in the right half: an optional closing (ขอแสดงความนับถือ), the space to sign
    (with the signature image when there is one), ``(full name)``, the position lines.

    With no name, a dotted name line is left for handwriting."""

    def __init__(self, signer: Signer | None, closing: str | None = None, digits: str = "thai",
                 sign_space: float = 2.0 * cm, size: float = BODY, centre: float = 0.68,
                 span: float = 0.62, pre: str | None = None) -> None:
        super().__init__()
        register_fonts()
        self.signer = signer or Signer()
        self.closing, self.digits, self.space, self.size = closing, digits, sign_space, size
        self.centre, self.span, self.pre = centre, span, pre
        self.leading = size * LEADING

    def _lines(self, width: float) -> list[str]:
        span = width * self.span
        out: list[str] = []
        name = self.signer.full_name.strip()
        out.append(f"({name})" if name else "(........................................)")
        for position in self.signer.position_lines:
            out.extend(break_lines(dg(position, self.digits), REGULAR, self.size, span))
        return out

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.lines = self._lines(availWidth)
        head = self.leading if self.closing else 0
        pre = self.leading if self.pre else 0
        self.height = head + self.space + pre + len(self.lines) * self.leading
        return availWidth, self.height

    def draw(self):
        c = self.canv
        cx = self.width * self.centre
        span = self.width * self.span
        y = self.height
        base = _baseline(self.size, self.leading)
        if self.closing:
            y -= self.leading
            draw_text(c, self.closing, REGULAR, self.size, cx, y + base, align="center")
        image = self.signer.signature_image
        if image and Path(image).is_file():
            h = self.space * 0.8
            try:
                c.drawImage(str(image), cx - span / 4, y - self.space + self.space * 0.1, width=span / 2, height=h,
                            preserveAspectRatio=True, anchor="c", mask="auto")
            except Exception:  # noqa: BLE001 - a broken image leaves the space empty to sign by hand
                pass
        y -= self.space
        if self.pre:
            y -= self.leading
            draw_text(c, self.pre, REGULAR, self.size, cx, y + base, align="center")
        for line in self.lines:
            y -= self.leading
            draw_text(c, line, REGULAR, self.size, cx, y + base, align="center")


def urgency_mark(canvas: Canvas, urgency: str | None, x: float, y: float, size: float = 28) -> None:
    """ด่วน / ด่วนมาก / ด่วนที่สุด in red bold, left end of its baseline at (x, y)."""
    if not urgency:
        return
    canvas.saveState()
    canvas.setFillColor(RED)
    draw_text(canvas, urgency, BOLD, size, x, y)
    canvas.restoreState()


def check_urgency(urgency: str | None) -> str | None:
    if urgency in (None, ""):
        return None
    if urgency not in URGENCIES:
        raise ValueError(f"urgency must be one of {', '.join(URGENCIES)}, not {urgency!r}")
    return urgency


# ---------------------------------------------------------------------------------------
# Tables.
# ---------------------------------------------------------------------------------------

def cell(text: Any, size: float = 14, bold: bool = False, align: str = "left", names: bool = False) -> ThaiParagraph:
    return ThaiParagraph("" if text is None else str(text), BOLD if bold else REGULAR, size, align=align,
                         names=names, leading=size * 1.4)


def table(header: Sequence[str], rows: Sequence[Sequence[Any]], widths_cm: Sequence[float], size: float = 14,
          aligns: Sequence[str] | None = None, names_col: int | None = None, total_row: bool = False) -> Table:
    """A gridded table of Thai cells whose header row repeats on every page."""
    aligns = list(aligns or ["left"] * len(header))
    data: list[list[Any]] = [[cell(h, size, bold=True, align="center") for h in header]]
    for n, row in enumerate(rows):
        bold = total_row and n == len(rows) - 1
        data.append([value if isinstance(value, Flowable) else
                     cell(value, size, bold=bold, align=aligns[k], names=(k == names_col))
                     for k, value in enumerate(row)])
    t = Table(data, colWidths=[w * cm for w in widths_cm], repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if total_row and rows:
        style.append(("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.95, 0.95, 0.95)))
    t.setStyle(TableStyle(style))
    return t


def heading(text: str, size: float = 18, space_before: float = 0.3 * cm) -> list:
    return [Spacer(1, space_before), para(text, size, bold=True)]


# ---------------------------------------------------------------------------------------
# Page numbers.
# ---------------------------------------------------------------------------------------

DRAFT_MARK = "ร่าง"


def draft_mark(canvas: Canvas, page_size=PAGE) -> None:
    """ร่าง (draft) across the page in light grey, under nothing a reader needs: a draft
    printed for checking can never pass for the numbered paper."""
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.28))
    canvas.translate(page_size[0] / 2, page_size[1] / 2)
    canvas.rotate(40)
    draw_text(canvas, DRAFT_MARK, BOLD, 150, 0, -50, align="center")
    canvas.restoreState()


def numbered_canvas(digits: str, style: str = "footer", size: float = 14, landscape_page=None, draft: bool = False):
    """A canvas class that writes page numbers once it knows the page count.

    ``style`` "footer": ``หน้า x / y`` centred at the foot of every page (tables, reports);
    "official": ``- x -`` at the top centre from page 2 on, as letters and memos number
    their pages; "none": nothing. ``draft`` marks every page ร่าง (``draft_mark``)."""
    page_size = landscape_page or PAGE

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("initialFontName", REGULAR)  # no unused, unembedded Helvetica
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            centre = (page_size[0] + LEFT - RIGHT) / 2
            for number, page in enumerate(self._pages, 1):
                self.__dict__.update(page)
                if style == "footer":
                    draw_text(self, dg(f"หน้า {number} / {total}", digits), REGULAR, size, centre, 1.1 * cm,
                              align="center")
                elif style == "official" and number > 1:
                    draw_text(self, dg(f"- {number} -", digits), REGULAR, BODY, centre,
                              page_size[1] - 1.2 * cm, align="center")
                if draft:
                    draft_mark(self, page_size)
                super().showPage()
            super().save()

    return NumberedCanvas


def document(out_path: str | Path, title: str, subject: str = "", first_top: float = TOP,
             later_top: float = 2.5 * cm, pagesize=PAGE, left: float = LEFT, right: float = RIGHT,
             bottom: float = BOTTOM, on_first=None):
    """A document whose first page starts ``first_top`` below the edge and later pages
    ``later_top`` (room for the page number at the top of an official paper)."""
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    doc = BaseDocTemplate(str(out_path), pagesize=pagesize, title=title, author="GovLab Desk", subject=subject,
                          leftMargin=left, rightMargin=right, topMargin=first_top, bottomMargin=bottom)
    w, h = pagesize
    first = Frame(left, bottom, w - left - right, h - first_top - bottom, id="first",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(left, bottom, w - left - right, h - later_top - bottom, id="later",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("first", [first], onPage=on_first or (lambda c, d: None),
                                       autoNextPageTemplate="later"),
                          PageTemplate("later", [later])])
    return doc
