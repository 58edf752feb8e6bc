"""The internal memo (บันทึกข้อความ), A4 portrait, as the correspondence regulation lays it out.

Emblem 1.5 cm at the top left and "บันทึกข้อความ" bold 29 pt; the labels ส่วนราชการ, ที่,
วันที่ and เรื่อง bold 20 pt, each followed by its value on a dotted line; เรียน; body
paragraphs with a 2.5 cm first-line indent; the signature block centred in the right
half; an urgency mark (ด่วน / ด่วนมาก / ด่วนที่สุด) in red at the top left; pages after
the first numbered ``- ๒ -`` at the top.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Spacer

from desktop.reports.layout import (
    BODY,
    INDENT,
    LABEL,
    LEFT,
    PAGE,
    LabelledText,
    MemoFieldPair,
    MemoTitle,
    SignatureBlock,
    Signer,
    check_digits,
    check_urgency,
    dg,
    document,
    numbered_canvas,
    para,
    thai_date,
    urgency_mark,
)
from desktop.reports.thai_text import register_fonts

TITLE = "บันทึกข้อความ"


@dataclass(frozen=True)
class Memo:
    office: str                      # ส่วนราชการ (the unit, often with its phone number)
    number_text: str                 # the register's number without "ที่", e.g. "นฐ 0017/12"
    issued_on: date
    subject: str
    to: str                          # เรียน ...
    paragraphs: tuple[str, ...]
    signer: Signer | None = None
    urgency: str | None = None
    digits: str = "thai"
    emblem_image: str | None = None
    draft: bool = False              # not yet numbered: number_text has no running number, pages marked ร่าง


def render_memo(memo: Memo, out_path: str | Path) -> Path:
    check_digits(memo.digits)
    urgency = check_urgency(memo.urgency)
    register_fonts()
    out = Path(out_path)
    d = memo.digits
    shift = 1.2 * cm if urgency else 0

    def first_page(canvas, _doc):
        urgency_mark(canvas, urgency, LEFT, PAGE[1] - 1.35 * cm)

    doc = document(out, TITLE, memo.subject, first_top=1.5 * cm + shift, on_first=first_page)
    story = [
        MemoTitle(memo.emblem_image),
        Spacer(1, 0.1 * cm),
        LabelledText("ส่วนราชการ", dg(memo.office, d), BODY, LABEL, bold_label=True, dots=True,
                     gap=0.3 * cm, leading=LABEL * 1.4),
        MemoFieldPair([("ที่", dg(memo.number_text, d)), ("วันที่", thai_date(memo.issued_on, d))]),
        LabelledText("เรื่อง", dg(memo.subject, d), BODY, LABEL, bold_label=True, dots=True, gap=0.3 * cm,
                     leading=LABEL * 1.4),
        Spacer(1, 0.2 * cm),
        LabelledText("เรียน", dg(memo.to, d), BODY, gap=0.3 * cm),
        Spacer(1, 0.15 * cm),
    ]
    body = [para(dg(text, d), indent=INDENT) for text in memo.paragraphs]
    for p in body[:-1]:
        story += [p, Spacer(1, 0.12 * cm)]
    # The signature never stands alone on a page: the closing paragraph goes with it.
    story.append(KeepTogether(body[-1:] + [Spacer(1, 0.3 * cm), SignatureBlock(memo.signer, digits=d)]))
    doc.build(story, canvasmaker=numbered_canvas(d, style="official", draft=memo.draft))
    return out
