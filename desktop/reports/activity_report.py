"""The activity report (รายงานผลการจัดกิจกรรม), A4 portrait, like the news texts offices
write after an event: title, date and place, who presided, what happened, the
participating agencies with counts, and a grid of photos with captions (or a plain
sentence saying there are none); ``หน้า x / y`` at the foot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from desktop.reports.layout import (
    INDENT,
    LabelledText,
    SignatureBlock,
    Signer,
    cell,
    check_digits,
    dg,
    document,
    heading,
    numbered_canvas,
    para,
    table,
    thai_date,
)
from desktop.reports.thai_text import register_fonts

TITLE = "รายงานผลการจัดกิจกรรม"
NO_PHOTOS = "กิจกรรมนี้ยังไม่มีภาพถ่ายประกอบ"


@dataclass(frozen=True)
class ActivityReport:
    title: str
    start: date | None
    end: date | None
    venue: str
    mode: str                                  # already in Thai: ณ สถานที่ / ออนไลน์ / ...
    chair: str
    organiser: str
    summary: tuple[str, ...]                   # paragraphs
    agencies: tuple[tuple[str, int], ...]      # (agency, people), largest first
    photos: tuple[tuple[str, str], ...] = ()   # (image file, caption)
    reporter: Signer | None = None
    digits: str = "thai"


class Photo(Flowable):
    """An image fitted into a box, kept in proportion and centred."""

    def __init__(self, path: str, width: float, height: float) -> None:
        super().__init__()
        self.path, self.box_w, self.box_h = path, width, height

    def wrap(self, availWidth, availHeight):
        return self.box_w, self.box_h

    def draw(self):
        try:
            self.canv.drawImage(self.path, 0, 0, width=self.box_w, height=self.box_h, preserveAspectRatio=True,
                                anchor="c", mask="auto")
        except Exception:  # noqa: BLE001 - an unreadable photo leaves a framed gap
            self.canv.rect(0, 0, self.box_w, self.box_h)


def _when(r: ActivityReport, d: str) -> str:
    if r.start and r.end and r.end != r.start:
        return f"{thai_date(r.start, d)} ถึง {thai_date(r.end, d)}"
    return thai_date(r.start, d)


def _photo_grid(photos: tuple[tuple[str, str], ...], d: str) -> list:
    if not photos:
        return [para(NO_PHOTOS, indent=INDENT)]
    col_w = 7.8 * cm
    rows, row = [], []
    for path, caption in photos:
        row.append([Photo(path, col_w - 0.3 * cm, 5.2 * cm), cell(dg(caption, d), 13, align="center")])
        if len(row) == 2:
            rows.append(row)
            row = []
    if row:
        rows.append(row + [""])
    grid = Table(rows, colWidths=[col_w + 0.2 * cm, col_w + 0.2 * cm])
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return [grid]


def render_activity_report(report: ActivityReport, out_path: str | Path) -> Path:
    d = check_digits(report.digits)
    register_fonts()
    out = Path(out_path)
    doc = document(out, TITLE, report.title, first_top=2 * cm, later_top=2 * cm)
    story: list = [para(TITLE, 20, bold=True, align="center"), para(dg(report.title, d), 18, bold=True, align="center"),
                   Spacer(1, 0.3 * cm)]
    width = 2.6 * cm
    for label, value in (("วันที่", _when(report, d)), ("สถานที่", report.venue), ("รูปแบบ", report.mode),
                         ("ประธาน", report.chair), ("ผู้จัด", report.organiser)):
        if value:
            story.append(LabelledText(label, dg(value, d), label_width=width, bold_label=True))
    story += heading("สรุปผลการดำเนินกิจกรรม")
    for text in report.summary or ("-",):
        story += [para(dg(text, d), indent=INDENT), Spacer(1, 0.1 * cm)]
    total = sum(n for _, n in report.agencies)
    story += heading("หน่วยงานที่เข้าร่วม")
    if report.agencies:
        story.append(para(dg(f"มีผู้เข้าร่วมกิจกรรมทั้งสิ้น {total} คน จาก {len(report.agencies)} หน่วยงาน ดังนี้", d),
                          indent=INDENT))
        story.append(Spacer(1, 0.1 * cm))
        rows = [[dg(n, d), dg(name, d), dg(count, d)] for n, (name, count) in enumerate(report.agencies, 1)]
        rows.append(["", "รวม", dg(total, d)])
        story.append(table(["ลำดับ", "หน่วยงาน", "จำนวน (คน)"], rows, (1.5, 11.5, 3.0),
                           aligns=["center", "left", "center"], total_row=True))
    else:
        story.append(para("ยังไม่มีการบันทึกผู้เข้าร่วมกิจกรรมนี้", indent=INDENT))
    grid = _photo_grid(report.photos, d)
    story.append(KeepTogether(heading("ภาพกิจกรรม") + [Spacer(1, 0.15 * cm)] + grid[:1]))
    story += grid[1:]
    if report.reporter and report.reporter.full_name:
        story += [Spacer(1, 0.5 * cm), SignatureBlock(report.reporter, digits=d, sign_space=1.6 * cm, pre=None,
                                                      closing="ผู้รายงาน")]
    doc.build(story, canvasmaker=numbered_canvas(d))
    return out
