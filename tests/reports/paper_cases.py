"""The papers the tests (and regenerate_references.py) print from the demo records, with
fixed dates so that they look the same on every run."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

KINDS = ("memo", "letter", "roster", "project", "certificate", "activity", "stats")
OFFICE = dict(letter_prefix="นฐ 0017", address="ศาลากลางจังหวัดนครปฐม ถนนราชวิถี\nอำเภอเมืองนครปฐม นครปฐม 73000",
              phone="034340000", email="npt@example.go.th")


def prepare(services) -> dict:
    """Load the demo records into ``services``; return the records the papers are about."""
    from desktop.services.demo import WORKSHOP_2023_TITLE, load_demo

    load_demo(services, persons=0)
    services.office.update(**OFFICE)
    activity = next(a for a in services.activities.list().rows if a["title_th"] == WORKSHOP_2023_TITLE)
    project = next(p for p in services.projects.list().rows if p["code"] == "PYP66-01")
    cohort = next(c for c in services.cohorts.list().rows if c["title_th"] == "ป.ย.ป. 2 ประจำปี 2566")
    enrollment = sorted(services.enrollments.list(filters={"cohort_id": cohort["id"]}).rows, key=lambda e: e["id"])[0]
    return {"activity": activity, "project": project, "cohort": cohort, "enrollment": enrollment}


def render(services, records: dict, kind: str, out: Path, **options) -> Path:
    from desktop.services import papers

    if kind == "memo":
        return papers.memo(services, records["activity"]["id"], out, issued_on=date(2023, 5, 22),
                           to="ผู้อำนวยการสำนักงาน ป.ย.ป.", **options)
    if kind == "letter":
        return papers.letter(services, records["project"]["id"], out, issued_on=date(2023, 7, 20),
                             to="ปลัดกระทรวงศึกษาธิการ", reference="หนังสือกระทรวงศึกษาธิการ ที่ ศธ 0201/1234",
                             enclosures=("สรุปโครงการ จำนวน 1 ชุด",), **options)
    if kind == "roster":
        return papers.roster(services, records["cohort"]["id"], out, **options)
    if kind == "project":
        return papers.project_summary(services, records["project"]["id"], out, **options)
    if kind == "certificate":
        return papers.certificate(services, records["enrollment"]["id"], out, **options)
    if kind == "activity":
        return papers.activity_report(services, records["activity"]["id"], out, **options)
    if kind == "stats":
        return papers.statistics(services, out, as_of=date(2023, 9, 30), **options)
    raise ValueError(kind)


def page_png(pdf: Path, out_stem: Path, dpi: int = 50, gray: bool = True) -> Path:
    """Page 1 of ``pdf`` as a PNG (grayscale at 50 dpi by default)."""
    args = ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", "-png"]
    if gray:
        args.append("-gray")
    subprocess.run(args + [str(pdf), str(out_stem)], check=True)
    return out_stem.with_suffix(".png")
