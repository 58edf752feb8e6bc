"""Exporting lists to .xlsx (typed columns, widths, Thai headers) and .csv (UTF-8 with a
BOM, so Excel on Windows shows Thai). The headers are the ones the import recognises, so
an exported list goes back in unchanged. National IDs are never exported."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from desktop.core import enums
from desktop.core.ids import parse_id
from desktop.core.text import N_
from desktop.db import sheet_queries
from desktop.i18n.catalog import translator
from desktop.services.sheet_targets import ImportRefused
from desktop.sheets.writer import Column, write_csv, write_xlsx

EXPORT_KINDS = ("persons", "enrollments", "attendance", "projects")

_PERSON_COLUMNS = [Column("ลำดับ", "int", 7), Column("คำนำหน้า"), Column("ชื่อ"), Column("นามสกุล"),
                   Column("ตำแหน่ง"), Column("ระดับ"), Column("หน่วยงาน"), Column("โทรศัพท์", "id"),
                   Column("อีเมล")]
_SHEET_TITLES = {"persons": "รายชื่อ", "enrollments": "ผู้เข้ารับการอบรม", "attendance": "การเข้าร่วม",
                 "projects": "โครงการ"}
_ENUMS = {"role": enums.EnrollmentRole, "completion": enums.Completion, "status": enums.AttendanceStatus,
          "part": enums.SessionPart, "phase": enums.Phase, "project_status": enums.ProjectStatus}


class SheetExportService:
    def __init__(self, services: Any) -> None:
        self.db = services.db

    def export(self, kind: str, out: Path, *, cohort_id: str | None = None, activity_id: str | None = None,
               progress: Callable[[int], None] | None = None) -> int:
        """Write the list to ``out`` (.xlsx or .csv); returns how many rows were written."""
        out = Path(out)
        if kind not in EXPORT_KINDS:
            raise ImportRefused(N_("Unknown list kind '{kind}': use persons, enrollments, attendance or "
                                   "projects."), kind=kind)
        if out.suffix.lower() not in (".xlsx", ".csv"):
            raise ImportRefused(N_("Save the list as .xlsx or .csv (not {suffix})."), suffix=out.suffix or "-")
        if not out.parent.is_dir():
            raise ImportRefused(N_("The folder {folder} does not exist."), folder=str(out.parent))
        th = translator("th").gettext
        written = [0]
        with self.db.read() as session:
            columns, rows = self._rows(session, kind, cohort_id, activity_id, th)

            def counted() -> Iterator[list[Any]]:
                for number, row in enumerate(rows, 1):
                    written[0] = number
                    if progress and number % 1000 == 0:
                        progress(number)
                    yield [number, *row]

            if out.suffix.lower() == ".xlsx":
                write_xlsx(out, [(_SHEET_TITLES[kind], columns, counted())])
            else:
                write_csv(out, columns, counted())
        return written[0]

    def _rows(self, session: Any, kind: str, cohort_id: str | None, activity_id: str | None,
              th: Callable[[str], str]) -> tuple[list[Column], Iterator[list[Any]]]:
        def label(name: str, value: Any) -> Any:
            return th(_ENUMS[name](value).label) if value else None

        def person(r: dict[str, Any]) -> list[Any]:
            return [r[k] for k in sheet_queries.PERSON_KEYS]

        if kind == "persons":
            return _PERSON_COLUMNS, (person(r) for r in sheet_queries.persons(session))
        if kind == "enrollments":
            columns = _PERSON_COLUMNS + [Column("หลักสูตร"), Column("ปี", "int", 7), Column("รุ่นที่", "int", 8),
                                         Column("บทบาท"), Column("กลุ่ม"), Column("ผลการอบรม"),
                                         Column("เลขที่วุฒิบัตร", "id")]
            rows = sheet_queries.enrollments(session, parse_id(cohort_id) if cohort_id else None)
            return columns, (person(r) + [r["course"], r["year_be"], r["cohort_number"], label("role", r["role"]),
                                         r["group_name"], label("completion", r["completion"]),
                                         r["certificate_number"]] for r in rows)
        if kind == "attendance":
            columns = _PERSON_COLUMNS + [Column("กิจกรรม"), Column("วันที่", "date"), Column("ช่วง"),
                                         Column("การเข้าร่วม")]
            rows = sheet_queries.attendance(session, parse_id(activity_id) if activity_id else None)
            return columns, (person(r) + [r["activity"], r["day"], label("part", r["part"]),
                                         label("status", r["status"])] for r in rows)
        columns = [Column("ลำดับ", "int", 7), Column("รหัสโครงการ", "id"), Column("ชื่อโครงการ"),
                   Column("ชื่อโครงการ (อังกฤษ)"), Column("หน่วยงานหลัก"), Column("พื้นที่"), Column("ระยะ"),
                   Column("สถานะ"), Column("วันเริ่ม", "date"), Column("วันสิ้นสุด", "date"),
                   Column("งบประมาณ (บาท)", "number")]
        rows = sheet_queries.projects(session)
        return columns, ([r["code"], r["title_th"], r["title_en"], r["lead_agency"], r["area"],
                          label("phase", r["phase"]), label("project_status", r["status"]), r["start_date"],
                          r["end_date"], r["budget"]] for r in rows)

