"""The external letter (หนังสือภายนอก), A4 portrait, as the correspondence regulation lays it out.

Emblem 3 cm centred at the top; ที่ at the left and the office's address at the right on
the same level; the date from the middle of the page; เรื่อง, เรียน, อ้างถึง and
สิ่งที่ส่งมาด้วย (when given); body paragraphs with a 2.5 cm first-line indent;
ขอแสดงความนับถือ and the signature block centred in the right half; the owning unit,
phone and e-mail at the foot; an urgency mark in red at the top left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from desktop.reports.layout import (
    BODY,
    INDENT,
    LEFT,
    PAGE,
    Emblem,
    LabelledText,
    OfficeInfo,
    SignatureBlock,
    Signer,
    _baseline,
    check_digits,
    check_urgency,
    dg,
    document,
    numbered_canvas,
    para,
    thai_date,
    urgency_mark,
)
from desktop.reports.thai_text import (
    LEADING,
    REGULAR,
    break_lines,
    draw_line,
    draw_text,
    register_fonts,
)

TITLE = "หนังสือภายนอก"
CLOSING = "ขอแสดงความนับถือ"


@dataclass(frozen=True)
class Letter:
    office: OfficeInfo
    number_text: str                       # without "ที่"
    issued_on: date
    subject: str
    to: str
    paragraphs: tuple[str, ...]
    signer: Signer | None = None
    reference: str | None = None           # อ้างถึง
    enclosures: tuple[str, ...] = ()       # สิ่งที่ส่งมาด้วย
    owning_unit: str | None = None         # ส่วนราชการเจ้าของเรื่อง, printed at the foot
    urgency: str | None = None
    digits: str = "thai"
    draft: bool = False                    # not yet numbered: no running number, pages marked ร่าง


class NumberAndAddress(Flowable):
    """``ที่ ...`` at the left, the address block at the right, first lines level."""

    def __init__(self, number: str, address: list[str], size: float = BODY, address_x: float = 0.5) -> None:
        super().__init__()
        register_fonts()
        self.number, self.address, self.size, self.ax = number, address, size, address_x
        self.leading = size * LEADING

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        x = availWidth * self.ax
        self.lines = [line for a in self.address for line in break_lines(a, REGULAR, self.size, availWidth - x, names=True)]
        self.height = max(1, len(self.lines)) * self.leading
        return availWidth, self.height

    def draw(self):
        c = self.canv
        base = _baseline(self.size, self.leading)
        y = self.height - self.leading + base
        draw_text(c, f"ที่ {self.number}", REGULAR, self.size, 0, y)
        x = self.width * self.ax
        for line in self.lines:
            draw_line(c, line, REGULAR, self.size, x, y, self.width - x)
            y -= self.leading


class DateLine(Flowable):
    """The date, starting at the middle of the page (as the form places it)."""

    def __init__(self, text: str, size: float = BODY, start: float = 0.5) -> None:
        super().__init__()
        self.text, self.size, self.start = text, size, start
        self.leading = size * LEADING

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, self.leading

    def draw(self):
        draw_text(self.canv, self.text, REGULAR, self.size, self.width * self.start,
                  _baseline(self.size, self.leading))


class FootBlock(Flowable):
    """The owning unit, phone and e-mail at the foot of the page the letter ends on."""

    def __init__(self, lines: list[str], size: float = BODY) -> None:
        super().__init__()
        self.lines, self.size = lines, size
        self.leading = size * LEADING

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        need = (len(self.lines) + 0.5) * self.leading
        self.height = max(need, availHeight - 1) if availHeight >= need else need
        return availWidth, self.height

    def draw(self):
        y = len(self.lines) * self.leading
        for line in self.lines:
            y -= self.leading
            draw_text(self.canv, line, REGULAR, self.size, 0, y + _baseline(self.size, self.leading))


def render_letter(letter: Letter, out_path: str | Path) -> Path:
    check_digits(letter.digits)
    urgency = check_urgency(letter.urgency)
    register_fonts()
    d = letter.digits
    out = Path(out_path)

    def first_page(canvas, _doc):
        urgency_mark(canvas, urgency, LEFT, PAGE[1] - 2.6 * cm)

    doc = document(out, TITLE, letter.subject, first_top=1.5 * cm, on_first=first_page)
    address = [dg(a, d) for a in ([letter.office.name] + list(letter.office.address_lines)) if a]
    story: list = [
        Emblem(3 * cm, "center", letter.office.emblem_image),
        Spacer(1, 0.1 * cm),
        NumberAndAddress(dg(letter.number_text, d), address),
        Spacer(1, 0.25 * cm),
        DateLine(thai_date(letter.issued_on, d)),
        Spacer(1, 0.25 * cm),
        LabelledText("เรื่อง", dg(letter.subject, d), gap=0.35 * cm),
        Spacer(1, 0.15 * cm),
        LabelledText("เรียน", dg(letter.to, d), gap=0.35 * cm),
    ]
    if letter.reference:
        story += [Spacer(1, 0.15 * cm), LabelledText("อ้างถึง", dg(letter.reference, d), gap=0.35 * cm)]
    if letter.enclosures:
        label = "สิ่งที่ส่งมาด้วย"
        items = list(letter.enclosures)
        if len(items) == 1:
            story += [Spacer(1, 0.15 * cm), LabelledText(label, dg(items[0], d), gap=0.35 * cm)]
        else:
            story.append(Spacer(1, 0.15 * cm))
            for n, item in enumerate(items, 1):
                story.append(LabelledText(label if n == 1 else "", dg(f"{n}. {item}", d),
                                          label_width=_label_width(label)))
    story.append(Spacer(1, 0.25 * cm))
    body = [para(dg(text, d), indent=INDENT) for text in letter.paragraphs]
    for p in body[:-1]:
        story += [p, Spacer(1, 0.12 * cm)]
    # The signature never stands alone on a page: the closing paragraph goes with it.
    story.append(KeepTogether(body[-1:] + [Spacer(1, 0.25 * cm),
                                           SignatureBlock(letter.signer, closing=CLOSING, digits=d, sign_space=2.0 * cm)]))
    foot = [line for line in (
        letter.owning_unit or letter.office.name,
        f"โทร. {letter.office.phone}" if letter.office.phone else None,
        f"ไปรษณีย์อิเล็กทรอนิกส์ {letter.office.email}" if letter.office.email else None,
    ) if line]
    if foot:
        story.append(FootBlock([dg(line, d) for line in foot]))
    doc.build(story, canvasmaker=numbered_canvas(d, style="official", draft=letter.draft))
    return out


def _label_width(label: str) -> float:
    from desktop.reports.thai_text import text_width

    return text_width(label, REGULAR, BODY) + 0.35 * cm
