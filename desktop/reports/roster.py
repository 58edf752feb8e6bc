"""The participant roster (รายชื่อผู้เข้าร่วม) of a cohort, a group or an activity, A4 portrait.

Title and scope at the top; a table (ลำดับ, ชื่อ-สกุล, ตำแหน่ง, หน่วยงาน, กลุ่ม or
หมายเหตุ) whose header repeats on every page, people in the order given (the services
sort them in Thai dictionary order); the total; ``หน้า x / y`` at the foot. No national ID.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import Spacer

from desktop.reports.layout import (
    check_digits,
    dg,
    document,
    numbered_canvas,
    para,
    table,
)
from desktop.reports.thai_text import register_fonts

TITLE = "รายชื่อผู้เข้าร่วม"
_SHORT = re.compile(r"^กลุ่มที่\s*(\S+)")


@dataclass(frozen=True)
class Roster:
    scope: tuple[str, ...]                 # lines under the title: course, cohort, group ...
    people: tuple[dict[str, Any], ...]     # full_name_th, position, agency_name, group_name
    show_group: bool = True
    digits: str = "thai"
    title: str = TITLE


def render_roster(roster: Roster, out_path: str | Path) -> Path:
    d = check_digits(roster.digits)
    register_fonts()
    out = Path(out_path)
    doc = document(out, roster.title, " ".join(roster.scope), first_top=2 * cm, later_top=2 * cm)
    story: list = [para(roster.title, 20, bold=True, align="center")]
    story += [para(dg(line, d), 16, align="center") for line in roster.scope if line]
    story.append(Spacer(1, 0.3 * cm))
    last = "กลุ่ม" if roster.show_group else "หมายเหตุ"
    groups: dict[str, str] = {}     # short label (กลุ่มที่ 1) -> full group name, for the legend
    rows = []
    for n, p in enumerate(roster.people, 1):
        group = ""
        if roster.show_group and p.get("group_name"):
            full = p["group_name"]
            match = _SHORT.match(full)
            group = match.group(1) if match else full
            if match:
                groups.setdefault(group, full)
        rows.append([dg(n, d), p.get("full_name_th") or "", dg(p.get("position") or "", d),
                     dg(p.get("agency_name") or "", d), dg(group, d)])
    story.append(table(["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง", "หน่วยงาน", last], rows, (1.5, 4.4, 4.2, 4.2, 1.7),
                       aligns=["center", "left", "left", "left", "center"], names_col=1))
    if groups:
        story.append(Spacer(1, 0.2 * cm))
        story += [para(dg(full, d), 14) for _, full in sorted(groups.items())]
    story += [Spacer(1, 0.3 * cm), para(dg(f"รวมทั้งสิ้น {len(roster.people)} คน", d), 16, bold=True)]
    doc.build(story, canvasmaker=numbered_canvas(d))
    return out
