"""Generated people in bulk: batches of ``BATCH`` people through the bulk path, each
batch in one transaction, with their enrollments in the ป.ย.ป. cohorts and attendance at
the workshop and the ceremony; all from the one ``random.Random(seed)``."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from typing import Any

from desktop.db import bulk
from desktop.services.demo.anchors import Anchors
from desktop.services.demo.marks import ATTENDANCE_NOTES, certificate_number, workshop_marks
from desktop.services.demo.people import PeopleGenerator, Weighted
from desktop.services.demo.refs import Ids, Refs
from desktop.services.demo.texts import GROUP_DRUGS, GROUP_EDUCATION
from desktop.services.demo.vocabulary import SENIOR_LEVELS

DEMO_USER = "demo"
BATCH = 20_000

Progress = Callable[[int, int], None]  # (people generated so far, people asked for)


def generate(services: Any, refs: Refs, ids: Ids, anchors: Anchors, persons: int, seed: int,
             progress: Progress | None, counts: dict[str, int]) -> None:
    people = PeopleGenerator(refs, seed)
    rng = people.rng
    protector = services.db.protector
    certificates = {level: services.enrollments.list(filters={"cohort_id": cohort}, limit=0).total
                    for level, cohort in anchors.cohorts.items()}
    groups = [g for g in (GROUP_EDUCATION, GROUP_DRUGS) if g in anchors.projects]
    area_kinds = {str(a["id"]) for a in refs.agency_list
                  if a.get("kind") in ("provincial", "district", "local_government")}
    done = 0
    while done < persons:
        size = min(BATCH, persons - done)
        person_rows, enrollment_rows, attendance_rows = [], [], []
        for _ in range(size):
            row = people.person(ids(), protector)
            person_rows.append(row)
            level = _cohort_level(row, area_kinds, rng)
            if level is None or level not in anchors.cohorts:
                if anchors.ceremony_sessions and rng.random() < 0.005:
                    attendance_rows.append(_attendance_row(ids(), anchors.ceremony_sessions[0], row["id"],
                                                           "present", "sign_in_sheet"))
                continue
            role = _ENROLL_ROLES.pick(rng)
            completion = _COMPLETIONS.pick(rng)
            certificate = None
            if completion == "completed":
                certificates[level] += 1
                certificate = certificate_number(level, certificates[level])
            group = rng.choice(groups) if groups else None
            enrollment_rows.append({
                "id": ids(), "person_id": row["id"], "cohort_id": anchors.cohorts[level], "role": role,
                "group_name": group, "project_id": anchors.projects.get(group) if group else None,
                "completion": completion, "certificate_number": certificate,
            })
            if len(anchors.workshop_sessions) >= 2:
                first, second = workshop_marks(rng)
                for session, status in zip(anchors.workshop_sessions[:2], (first, second)):
                    attendance_rows.append(_attendance_row(
                        ids(), session, row["id"], status,
                        "online_log" if status == "online" else "sign_in_sheet"))
        with services.db.write(user=DEMO_USER, note="demo") as session:
            for kind, rows in (("person", person_rows), ("enrollment", enrollment_rows),
                               ("attendance", attendance_rows)):
                # The ORM's bulk insert leaves out None values and sends each run of rows
                # with the same empty columns as one statement: group the rows that way.
                # (Ids, not insertion order, keep the rows in the order they were made.)
                if rows:
                    rows.sort(key=_empty_columns)
                    counts[kind] = counts.get(kind, 0) + bulk.insert_records(session, kind, rows)
        done += size
        if progress is not None:
            progress(done, persons)


_ENROLL_ROLES = Weighted((("participant", 85), ("iteam", 12), ("coach", 3)))
_COMPLETIONS = Weighted((("completed", 82), ("not_completed", 7), ("withdrawn", 3), ("enrolled", 8)))


def _cohort_level(row: dict[str, Any], area_agencies: set[str], rng: random.Random) -> int | None:
    """The ป.ย.ป. level a generated person would be sent to, if any (about 10% are)."""
    level = row["level"]
    if level in ("บริหารระดับต้น", "อำนวยการระดับสูง"):
        target = 2
    elif str(row["agency_id"]) in area_agencies and level not in ("ปฏิบัติการ", "ปฏิบัติงาน"):
        target = 3
    elif level in SENIOR_LEVELS:
        target = 4
    else:
        return None
    return target if rng.random() < 0.4 else None


def _empty_columns(row: dict[str, Any]) -> tuple[bool, ...]:
    return tuple(value is None for value in row.values())


def _attendance_row(record_id: uuid.UUID, session: uuid.UUID, person: uuid.UUID, status: str,
                    recorded_by: str) -> dict[str, Any]:
    return {"id": record_id, "session_id": session, "person_id": person, "status": status,
            "recorded_by": recorded_by, "note": ATTENDANCE_NOTES.get(status)}
