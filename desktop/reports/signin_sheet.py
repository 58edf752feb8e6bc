"""The attendance sign-in sheet (ใบลงทะเบียนผู้เข้าร่วมกิจกรรม), A4 portrait.

Title, activity, date (Buddhist Era), venue and session part at the top; a table with
the columns ลำดับ, ชื่อ-สกุล, ตำแหน่ง, หน่วยงาน, ลายมือชื่อ (wide, empty), หมายเหตุ whose
header repeats on every page; "หน้า x / y" at the foot of each page; a certifying
signature after the table. No national ID is ever printed.

``services`` is used through its record services only (activities, sessions, enrollments,
attendance, persons, office), so this module stays below the services layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop.core.digits import to_thai_digits
from desktop.i18n.thai_dates import format_date_full
from desktop.reports.thai_text import BOLD, REGULAR, ThaiParagraph, draw_text, register_fonts

TITLE = "ใบลงทะเบียนผู้เข้าร่วมกิจกรรม"
HEADERS = ("ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง", "หน่วยงาน", "ลายมือชื่อ", "หมายเหตุ")
#: Column widths (cm); they fill the 16 cm between a 3 cm left and a 2 cm right margin.
WIDTHS_CM = (1.45, 3.7, 3.2, 3.35, 2.8, 1.5)
PARTS = {"morning": "ช่วงเช้า", "afternoon": "ช่วงบ่าย", "full_day": "ทั้งวัน", "evening": "ช่วงค่ำ"}
MARGINS = dict(leftMargin=3 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2.2 * cm)
BODY, CELL, HEAD = 16, 14, 20
SIGN_ROW_MIN = 0.95 * cm


def _digits(text: str, digits: str) -> str:
    return to_thai_digits(text) if digits == "thai" else text


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _numbered_canvas(digits: str):
    class NumberedCanvas(Canvas):
        """Holds each page until the end so the footer can say "หน้า x / y"."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, page in enumerate(self._pages, 1):
                self.__dict__.update(page)
                text = _digits(f"หน้า {number} / {total}", digits)
                draw_text(self, text, REGULAR, CELL, (A4[0] + MARGINS["leftMargin"] - MARGINS["rightMargin"]) / 2,
                          1.2 * cm, align="center")
                super().showPage()
            super().save()

    return NumberedCanvas


def _cell(text: Any, bold: bool = False, align: str = "left", names: bool = False) -> ThaiParagraph:
    return ThaiParagraph(str(text or ""), BOLD if bold else REGULAR, CELL, align=align, names=names)


def _heading(activity: dict[str, Any], session: dict[str, Any] | None, digits: str) -> list:
    flow = [ThaiParagraph(TITLE, BOLD, HEAD, align="center"),
            ThaiParagraph(activity.get("title_th") or "", BOLD, BODY, align="center")]
    day = _as_date((session or {}).get("day")) or _as_date(activity.get("start_date"))
    when = []
    if day:
        when.append("วันที่ " + format_date_full(day, digits=digits))
    part = PARTS.get(str((session or {}).get("part") or ""))
    if part:
        when.append(part)
    if when:
        flow.append(ThaiParagraph(" ".join(when), REGULAR, BODY, align="center", names=True))
    if activity.get("venue"):
        flow.append(ThaiParagraph("ณ " + activity["venue"], REGULAR, BODY, align="center"))
    flow.append(Spacer(1, 0.3 * cm))
    return flow


def _table(people: list[dict[str, Any]], digits: str) -> Table:
    rows: list[list] = [[_cell(h, bold=True, align="center") for h in HEADERS]]
    for n, person in enumerate(people, 1):
        rows.append([
            _cell(_digits(str(n), digits), align="center"),
            _cell(person.get("full_name_th"), names=True),
            _cell(person.get("position")),
            _cell(person.get("agency_name")),
            Spacer(1, SIGN_ROW_MIN - 4),
            _cell(""),
        ])
    table = Table(rows, colWidths=[w * cm for w in WIDTHS_CM], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _certification() -> KeepTogether:
    lines = ["ลงชื่อ ........................................ ผู้รับรอง",
             "(........................................)",
             "ตำแหน่ง ........................................"]
    right = [ThaiParagraph(line, REGULAR, BODY, align="center") for line in lines]
    block = Table([[None, right]], colWidths=[6 * cm, 10 * cm])
    block.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, 1.0 * cm), block])


@dataclass(frozen=True)
class SigninSheet:
    """What a sign-in sheet shows: plain records gathered by the services."""

    activity: dict[str, Any]
    session: dict[str, Any] | None
    people: list[dict[str, Any]]   # in the order printed
    digits: str = "thai"           # "thai" or "arabic"


def render_signin_sheet(sheet: SigninSheet, out_path: str | Path) -> Path:
    """Write the sign-in sheet to ``out_path``; return it."""
    if sheet.digits not in ("thai", "arabic"):
        raise ValueError(f"digits must be 'thai' or 'arabic', not {sheet.digits!r}")
    register_fonts()
    out = Path(out_path)
    doc = SimpleDocTemplate(str(out), pagesize=A4, title=TITLE, author="GovLab Desk",
                            subject=sheet.activity.get("title_th") or "", **MARGINS)
    story = _heading(sheet.activity, sheet.session, sheet.digits) + [_table(sheet.people, sheet.digits),
                                                                      _certification()]
    doc.build(story, canvasmaker=_numbered_canvas(sheet.digits))
    return out
