"""The statistics summary (สรุปข้อมูลสถิติ), A4 portrait, with bar charts.

Participants by agency and by position level, projects by phase and by status, and the
attendance rate of each activity. Bars, axes and grid lines are ReportLab graphics
shapes; every label goes through the Thai text functions (shaped, readable back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from desktop.reports.layout import (
    check_digits,
    dg,
    document,
    heading,
    numbered_canvas,
    para,
    thai_date,
)
from desktop.reports.thai_text import (
    REGULAR,
    break_lines,
    draw_line,
    draw_text,
    register_fonts,
)

TITLE = "สรุปข้อมูลสถิติ"
BAR = colors.Color(0.16, 0.33, 0.6)


@dataclass(frozen=True)
class Series:
    title: str
    items: tuple[tuple[str, float], ...]    # (label, value) in the order shown
    unit: str = "คน"                         # printed after each value
    percent: bool = False                   # values are 0..100 and the axis ends at 100


@dataclass(frozen=True)
class Stats:
    office: str
    as_of: date
    totals: tuple[tuple[str, str], ...]     # headline figures: (label, value)
    series: tuple[Series, ...]
    digits: str = "thai"


def _nice(top: float) -> float:
    """The smallest round axis end at or above ``top`` whose quarters are round too."""
    import math

    if top <= 0:
        return 4.0
    magnitude = 10 ** math.floor(math.log10(top / 4)) if top >= 4 else 1
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude * 4 >= top and float(step * magnitude).is_integer():
            return step * magnitude * 4
    return 40.0 * magnitude


class BarChart(Flowable):
    """Horizontal bars: the label (up to two lines) at the left, the bar, the value."""

    def __init__(self, series: Series, digits: str, label_w: float = 6.2 * cm, size: float = 13) -> None:
        super().__init__()
        register_fonts()
        self.series, self.digits, self.label_w, self.size = series, digits, label_w, size
        self.leading = size * 1.3

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.rows = []
        for label, value in self.series.items:
            lines = break_lines(dg(label, self.digits), REGULAR, self.size, self.label_w - 6)
            if len(lines) > 3:
                lines = lines[:2] + [lines[2] + " ..."]
            self.rows.append((lines, value))
        self.row_h = [max(1, len(lines)) * self.leading + 4 for lines, _ in self.rows]
        self.height = sum(self.row_h) + 0.5 * cm
        return availWidth, self.height

    def _fmt(self, value: float) -> str:
        text = f"{value:.1f}%" if self.series.percent else f"{int(round(value)):,} {self.series.unit}"
        return dg(text, self.digits)

    def draw(self):
        c = self.canv
        plot_x0 = self.label_w
        plot_w = self.width - self.label_w - 2.4 * cm
        top = max((v for _, v in self.rows), default=0)
        scale_max = 100.0 if self.series.percent else _nice(top)
        drawing = Drawing(self.width, self.height)
        axis_y = 0.5 * cm
        for k in range(5):
            x = plot_x0 + plot_w * k / 4
            drawing.add(Line(x, axis_y, x, self.height, strokeColor=colors.Color(0.85, 0.85, 0.85), strokeWidth=0.4))
        drawing.add(Line(plot_x0, axis_y, plot_x0, self.height, strokeColor=colors.black, strokeWidth=0.8))
        y = self.height
        centres = []
        for (lines, value), h in zip(self.rows, self.row_h):
            y -= h
            bar_h = min(h - 6, 0.5 * cm)
            w = plot_w * (value / scale_max) if scale_max else 0
            drawing.add(Rect(plot_x0, y + (h - bar_h) / 2, max(w, 0.5), bar_h, fillColor=BAR, strokeColor=None))
            centres.append((y, h, w, lines, value))
        renderPDF.draw(drawing, c, 0, 0)
        for y, h, w, lines, value in centres:
            ly = y + h / 2 + (len(lines) * self.leading) / 2 - self.leading + 0.3 * self.size
            for line in lines:
                draw_line(c, line, REGULAR, self.size, 0, ly, self.label_w - 6, align="right")
                ly -= self.leading
            draw_text(c, self._fmt(value), REGULAR, self.size, plot_x0 + w + 4, y + h / 2 - 0.3 * self.size)
        for k in range(5):
            tick = scale_max * k / 4
            text = dg(f"{tick:.0f}%" if self.series.percent else f"{tick:,.0f}", self.digits)
            draw_text(c, text, REGULAR, 11, plot_x0 + plot_w * k / 4, 0.1 * cm, align="center")


def render_stats(stats: Stats, out_path: str | Path) -> Path:
    d = check_digits(stats.digits)
    register_fonts()
    out = Path(out_path)
    doc = document(out, TITLE, stats.office, first_top=2 * cm, later_top=2 * cm)
    story: list = [para(TITLE, 20, bold=True, align="center"), para(dg(stats.office, d), 16, align="center"),
                   para("ข้อมูล ณ วันที่ " + thai_date(stats.as_of, d), 16, align="center"), Spacer(1, 0.2 * cm)]
    for label, value in stats.totals:
        story.append(para(dg(f"{label} {value}", d), 16, indent=1 * cm))
    for series in stats.series:
        block = heading(series.title, 17)
        if series.items:
            block += [Spacer(1, 0.15 * cm), BarChart(series, d)]
        else:
            block.append(para("ยังไม่มีข้อมูล", indent=1 * cm))
        story.append(KeepTogether(block))
    doc.build(story, canvasmaker=numbered_canvas(d))
    return out
