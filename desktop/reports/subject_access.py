"""What the office holds on one person (ข้อมูลส่วนบุคคลที่หน่วยงานเก็บรักษา), A4 portrait: the answer
to a PDPA subject-access request. Drawn from the plain data of
``services.pdpa.export_subject`` (never from the database): the person, then one section
per kind of record (a table, or "ไม่มี"), then the history of changes with national IDs
masked. Dates in the Buddhist era; ``หน้า x / y`` at the foot."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import Spacer

from desktop.reports.layout import (
    as_date,
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

TITLE = "ข้อมูลส่วนบุคคลที่หน่วยงานเก็บรักษา"
NONE = "ไม่มี"

PERSON_ROWS = (
    ("full_name_th", "ชื่อ-สกุล"), ("full_name_en", "ชื่อ-สกุล (ภาษาอังกฤษ)"), ("national_id", "เลขประจำตัวประชาชน"),
    ("position", "ตำแหน่ง"), ("level", "ระดับ"), ("agency_name", "หน่วยงาน"), ("phone", "โทรศัพท์"),
    ("email", "อีเมล"), ("notes", "หมายเหตุ"), ("created_at", "บันทึกเมื่อ"), ("updated_at", "แก้ไขล่าสุด"),
)
BASIS = {"consent": "ความยินยอม", "contract": "สัญญา", "legal_obligation": "หน้าที่ตามกฎหมาย",
         "public_task": "ภารกิจของรัฐ", "legitimate_interest": "ประโยชน์โดยชอบด้วยกฎหมาย",
         "vital_interest": "ประโยชน์สำคัญต่อชีวิต"}
STATUS = {"present": "มา", "absent": "ขาด", "late": "มาสาย", "excused": "ลา", "online": "ออนไลน์"}
PART = {"morning": "เช้า", "afternoon": "บ่าย", "evening": "ค่ำ", "full_day": "ทั้งวัน"}
ROLE = {"participant": "ผู้เข้าร่วม", "iteam": "ไอทีม", "coach": "โค้ช", "speaker": "วิทยากร"}
COMPLETION = {"enrolled": "ลงทะเบียน", "completed": "ผ่าน", "not_completed": "ไม่ผ่าน", "withdrawn": "ถอนตัว"}
OP = {"create": "สร้าง", "update": "แก้ไข", "delete": "ลบ", "restore": "กู้คืน"}
KIND = {"person": "บุคคล", "consent": "ความยินยอม", "enrollment": "การลงทะเบียน", "attendance": "การเข้าร่วม",
        "team_member": "ทีมโครงการ", "stakeholder": "ผู้มีส่วนได้ส่วนเสีย", "attachment": "ไฟล์แนบ"}


def _date(value: Any, d: str) -> str:
    return thai_date(as_date(value), d) if value else "-"


FIELD = {"first_name_th": "ชื่อ", "last_name_th": "นามสกุล", "prefix_th": "คำนำหน้า", "first_name_en": "ชื่อ (อังกฤษ)",
         "last_name_en": "นามสกุล (อังกฤษ)", "prefix_en": "คำนำหน้า (อังกฤษ)", "position": "ตำแหน่ง", "level": "ระดับ",
         "phone": "โทรศัพท์", "email": "อีเมล", "notes": "หมายเหตุ", "national_id_tail": "เลขประจำตัวประชาชน",
         "national_id_sealed": "เลขประจำตัวประชาชน (เข้ารหัส)", "national_id_digest": None, "photo_id": "รูปถ่าย",
         "status": "สถานะ", "role": "บทบาท", "name": "ชื่อ", "file_name": "ชื่อไฟล์", "caption": "คำอธิบาย",
         "purposes": "วัตถุประสงค์", "given_on": "ให้เมื่อ", "withdrawn_on": "ถอนเมื่อ", "basis": "ฐาน"}


def _when(value: Any, d: str, era: bool = False) -> str:
    if not value:
        return "-"
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return dg(str(value), d)
    return dg(f"{thai_date(moment.date(), 'arabic', era)} {moment:%H:%M}", d)


def _changes(changes: dict[str, Any]) -> str:
    """``field: value`` (or ``old -> new``) for the fields with a value, Thai names first."""
    parts = []
    for key, value in sorted(changes.items(), key=lambda kv: (kv[0] not in FIELD, kv[0])):
        if FIELD.get(key, key) is None or value in (None, "", [None, None]):
            continue
        shown = f"{_value(value[0])} → {_value(value[1])}" if isinstance(value, list) and len(value) == 2 \
            else _value(value)
        parts.append(f"{FIELD.get(key, key)}: {shown}")
    return "; ".join(parts) or "-"


def _value(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _section(title: str, header: list[str], rows: list[list[Any]], widths: tuple[float, ...], d: str) -> list:
    story = heading(title, 17)
    if not rows:
        return story + [para(NONE, 15)]
    return story + [Spacer(1, 0.15 * cm),
                    table(header, [[dg(c, d) for c in row] for row in rows], widths, size=13)]


def render_subject_access(data: dict[str, Any], out_path: str | Path, digits: str = "thai") -> Path:
    d = check_digits(digits)
    register_fonts()
    out = Path(out_path)
    person = data.get("person") or {}
    name = person.get("full_name_th") or ""
    doc = document(out, TITLE, name)
    story: list = [para(TITLE, 20, bold=True, align="center")]
    if data.get("office"):
        story.append(para(data["office"], 16, align="center"))
    generated = data.get("generated_at")
    story.append(para(dg(f"จัดทำเมื่อ {_when(generated, 'arabic', era=True)} โดย {data.get('generated_by') or '-'}", d), 14,
                      align="center"))
    if data.get("erased"):
        story.append(para("ข้อมูลของบุคคลนี้ถูกลบตามคำขอแล้ว ประวัติการแก้ไขแสดงแบบปิดบังข้อมูล", 15, bold=True,
                          align="center"))
    national = person.get("national_id") or person.get("national_id_masked")
    shown = dict(person, national_id=national,
                 created_at=_when(person.get("created_at"), "arabic"),
                 updated_at=_when(person.get("updated_at"), "arabic"))
    story += heading("ข้อมูลบุคคล", 17)
    story += [Spacer(1, 0.15 * cm),
              table(["รายการ", "ข้อมูล"], [[label, dg(shown.get(key) or "-", d)] for key, label in PERSON_ROWS],
                    (5.0, 11.0), size=14)]
    story += _section("ความยินยอมและฐานทางกฎหมาย", ["ฐาน", "วัตถุประสงค์", "ให้เมื่อ", "ถอนเมื่อ"],
                      [[BASIS.get(c.get("basis"), c.get("basis") or "-"), c.get("purposes") or "-",
                        _date(c.get("given_on"), "arabic"), _date(c.get("withdrawn_on"), "arabic")]
                       for c in data.get("consents", [])], (3.5, 6.5, 3.0, 3.0), d)
    story += _section("การลงทะเบียนหลักสูตร", ["หลักสูตร / รุ่น", "บทบาท", "กลุ่ม", "ผลการอบรม"],
                      [[e.get("cohort_name") or "-", ROLE.get(e.get("role"), e.get("role") or "-"),
                        e.get("group_name") or "-", COMPLETION.get(e.get("completion"), e.get("completion") or "-")] for e in data.get("enrollments", [])], (7.5, 2.5, 3.5, 2.5), d)
    story += _section("การเข้าร่วมกิจกรรม", ["วันที่", "ช่วง", "กิจกรรม", "สถานะ"],
                      [[_date(a.get("day"), "arabic"), PART.get(a.get("part"), a.get("part") or "-"),
                        a.get("activity_title") or "-", STATUS.get(a.get("status"), a.get("status") or "-")]
                       for a in data.get("attendance", [])], (3.2, 1.8, 8.8, 2.2), d)
    story += _section("ทีมโครงการ", ["โครงการ", "บทบาท"],
                      [[t.get("project_title") or "-", t.get("role") or "-"]
                       for t in data.get("team_memberships", [])], (11.0, 5.0), d)
    story += _section("ผู้มีส่วนได้ส่วนเสียของโครงการ", ["โครงการ", "ชื่อที่บันทึก", "บทบาท"],
                      [[t.get("project_title") or "-", t.get("name") or "-", t.get("role") or "-"]
                       for t in data.get("stakeholder_entries", [])], (7.0, 5.0, 4.0), d)
    story += _section("ไฟล์แนบ", ["ชื่อไฟล์", "ชนิด", "ขนาด (ไบต์)", "บันทึกเมื่อ"],
                      [[a.get("file_name") or "-", a.get("media_type") or "-", a.get("size") or "-",
                        _when(a.get("created_at"), "arabic")] for a in data.get("attachments", [])],
                      (6.0, 3.5, 2.5, 4.0), d)
    story += _section("ประวัติการบันทึกและแก้ไข", ["เมื่อ", "โดย", "รายการ", "การเปลี่ยนแปลง"],
                      [[_when(h.get("changed_at"), "arabic"), h.get("changed_by") or "-",
                        f"{KIND.get(h.get('kind'), h.get('kind'))} ({OP.get(h.get('op'), h.get('op'))})",
                        _changes(h.get("changes") or {})]
                       for h in data.get("history", [])], (3.2, 2.6, 3.2, 7.0), d)
    doc.build(story, canvasmaker=numbered_canvas(d))
    return out
