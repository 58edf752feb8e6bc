"""What generated people are enrolled in and attend (``Anchors``), and finding those
records when an earlier run created them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from desktop.services.demo.refs import Refs
from desktop.services.demo.texts import (
    COURSES, GROUP_DRUGS, GROUP_EDUCATION, MOU_2017_TITLE, TOPIC_DRUGS, TOPIC_EDUCATION, WORKSHOP_2023_TITLE,
)


@dataclass
class Anchors:
    """What generated people are enrolled in and attend: found or just created."""

    cohorts: dict[int, uuid.UUID] = field(default_factory=dict)        # ป.ย.ป. level -> cohort
    projects: dict[str, uuid.UUID] = field(default_factory=dict)       # group name -> project
    workshop_sessions: list[uuid.UUID] = field(default_factory=list)   # 2023, morning first
    ceremony_sessions: list[uuid.UUID] = field(default_factory=list)   # 2017


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _find_titled(service: Any, title: str, probe: str) -> dict[str, Any] | None:
    for row in service.list(search=probe).rows:
        if row.get("title_th") == title:
            return row
    return None


def find_anchors(services: Any, refs: Refs) -> Anchors | None:
    """The records generated people attach to, if an earlier run created them."""
    workshop = _find_titled(services.activities, WORKSHOP_2023_TITLE, "กิจกรรมการเตรียมความพร้อม")
    if workshop is None:
        return None
    anchors = Anchors()
    anchors.workshop_sessions = [_uuid(s["id"]) for s in
                                 services.sessions.list(filters={"activity_id": _uuid(workshop["id"])}).rows]
    ceremony = _find_titled(services.activities, MOU_2017_TITLE, "พิธีลงนามบันทึกข้อตกลง")
    if ceremony is not None:
        anchors.ceremony_sessions = [_uuid(s["id"]) for s in
                                     services.sessions.list(filters={"activity_id": _uuid(ceremony["id"])}).rows]
    for code, level, _ in COURSES:
        programme = refs.programmes.get(code)
        if programme is None:
            continue
        for course in services.courses.list(filters={"programme_id": _uuid(programme["id"])}).rows:
            for cohort in services.cohorts.list(filters={"course_id": _uuid(course["id"]), "year_be": 2566}).rows:
                anchors.cohorts.setdefault(level, _uuid(cohort["id"]))
    for group, title, probe in ((GROUP_EDUCATION, TOPIC_EDUCATION, "การเพิ่มโอกาสเข้าถึงการศึกษา"),
                                (GROUP_DRUGS, TOPIC_DRUGS, "การลดจำนวนผู้เสพยาเสพติด")):
        project = _find_titled(services.projects, title, probe)
        if project is not None:
            anchors.projects[group] = _uuid(project["id"])
    return anchors
