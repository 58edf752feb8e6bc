"""The project summary (สรุปโครงการ), A4 portrait.

Key facts (code, topic, lead agency, area, cohort, phase, status, dates, budget), the
problem and target group, the team, partner agencies, stakeholders, the action plan,
indicators, results, lessons and design artefacts; ``หน้า x / y`` at the foot.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from desktop.reports.layout import (
    cell,
    check_digits,
    dg,
    document,
    heading,
    numbered_canvas,
    para,
    table,
)
from desktop.reports.thai_text import register_fonts

TITLE = "สรุปโครงการ"
PHASES = {"understand": "เข้าใจ (ทำความเข้าใจและนิยามปัญหา)", "reach": "เข้าถึง (ระดมความคิด)",
          "develop": "พัฒนา (สร้างต้นแบบและทดสอบ)"}
STATUSES = {"draft": "ร่าง", "active": "กำลังดำเนินการ", "on_hold": "พักไว้ชั่วคราว",
            "completed": "ดำเนินการแล้วเสร็จ", "cancelled": "ยกเลิก"}
LEVELS = {"high": "สูง", "medium": "ปานกลาง", "low": "ต่ำ"}


@dataclass(frozen=True)
class ProjectSummary:
    project: dict[str, Any]            # title_th, code, topic, problem, target_group, indicators ...
    facts: tuple[tuple[str, str], ...]  # (label, value) rows: dates and money already formatted
    team: tuple[dict[str, Any], ...] = ()          # full_name_th, role, agency_name
    partners: tuple[dict[str, Any], ...] = ()      # agency_name, role
    stakeholders: tuple[dict[str, Any], ...] = ()  # name, role, interest, influence
    actions: tuple[dict[str, Any], ...] = ()       # activity, responsible, due, budget, indicator, progress
    artefacts: tuple[dict[str, Any], ...] = ()     # kind_label, title, made_on
    digits: str = "thai"


def _facts_table(rows: tuple[tuple[str, str], ...], d: str) -> Table:
    data = [[cell(label, 15, bold=True), cell(dg(value, d), 15)] for label, value in rows]
    t = Table(data, colWidths=[4.2 * cm, 11.8 * cm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return t


def _text_section(title: str, text: str | None, d: str) -> list:
    if not (text or "").strip():
        return []
    return [KeepTogether(heading(title) + [para(dg(line, d), indent=1 * cm) for line in text.splitlines()
                                          if line.strip()][:1])] + \
        [para(dg(line, d), indent=1 * cm) for line in text.splitlines() if line.strip()][1:]


def render_project_summary(summary: ProjectSummary, out_path: str | Path) -> Path:
    d = check_digits(summary.digits)
    register_fonts()
    p = summary.project
    out = Path(out_path)
    doc = document(out, TITLE, p.get("title_th") or "", first_top=2 * cm, later_top=2 * cm)
    story: list = [para(TITLE, 20, bold=True, align="center"),
                   para(dg(p.get("title_th"), d), 18, bold=True, align="center"),
                   Spacer(1, 0.3 * cm), _facts_table(summary.facts, d)]
    story += _text_section("สภาพปัญหา", p.get("problem"), d)
    story += _text_section("กลุ่มเป้าหมาย", p.get("target_group"), d)
    if summary.team:
        rows = [[dg(n, d), m.get("full_name_th"), dg(m.get("role"), d), dg(m.get("agency_name"), d)]
                for n, m in enumerate(summary.team, 1)]
        story += heading("ทีมงาน") + [Spacer(1, 0.1 * cm), table(
            ["ลำดับ", "ชื่อ-สกุล", "บทบาท", "หน่วยงาน"], rows, (1.5, 5.0, 3.5, 6.0),
            aligns=["center", "left", "left", "left"], names_col=1)]
    if summary.partners:
        rows = [[dg(n, d), dg(x.get("agency_name"), d), dg(x.get("role"), d)] for n, x in enumerate(summary.partners, 1)]
        story += heading("หน่วยงานภาคี") + [Spacer(1, 0.1 * cm), table(
            ["ลำดับ", "หน่วยงาน", "บทบาท"], rows, (1.5, 8.5, 6.0), aligns=["center", "left", "left"])]
    if summary.stakeholders:
        rows = [[dg(n, d), dg(x.get("name"), d), dg(x.get("role"), d), LEVELS.get(x.get("interest") or "", ""),
                 LEVELS.get(x.get("influence") or "", "")] for n, x in enumerate(summary.stakeholders, 1)]
        story += heading("ผู้มีส่วนได้ส่วนเสีย") + [Spacer(1, 0.1 * cm), table(
            ["ลำดับ", "ผู้มีส่วนได้ส่วนเสีย", "บทบาท", "ความสนใจ", "อิทธิพล"], rows, (1.5, 5.0, 5.9, 1.8, 1.8),
            aligns=["center", "left", "left", "center", "center"])]
    if summary.actions:
        rows = [[dg(n, d), dg(a.get("activity"), d), dg(a.get("responsible"), d), dg(a.get("due"), d),
                 dg(a.get("budget"), d), dg(a.get("indicator"), d), dg(f"{a.get('progress') or 0}%", d)]
                for n, a in enumerate(summary.actions, 1)]
        story += heading("แผนปฏิบัติการ") + [Spacer(1, 0.1 * cm), table(
            ["ที่", "กิจกรรม", "ผู้รับผิดชอบ", "กำหนดเสร็จ", "งบประมาณ (บาท)", "ตัวชี้วัด", "ความก้าวหน้า"],
            rows, (1.1, 3.9, 2.7, 2.1, 1.9, 2.6, 1.7), size=13,
            aligns=["center", "left", "left", "center", "right", "left", "center"])]
    story += _text_section("ตัวชี้วัด", p.get("indicators"), d)
    story += _text_section("ผลการดำเนินงาน", p.get("results"), d)
    story += _text_section("บทเรียนที่ได้รับ", p.get("lessons"), d)
    if summary.artefacts:
        rows = [[dg(n, d), dg(a.get("kind_label"), d), dg(a.get("title"), d), dg(a.get("made_on"), d)]
                for n, a in enumerate(summary.artefacts, 1)]
        story += heading("ชิ้นงานจากกระบวนการคิดเชิงออกแบบ") + [Spacer(1, 0.1 * cm), table(
            ["ลำดับ", "ประเภท", "ชื่อชิ้นงาน", "วันที่"], rows, (1.5, 3.2, 8.0, 3.3),
            aligns=["center", "left", "left", "center"])]
    doc.build(story, canvasmaker=numbered_canvas(d))
    return out
