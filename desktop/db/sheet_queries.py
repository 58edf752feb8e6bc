"""Rows for spreadsheet exports, streamed in list order (Thai dictionary order of names
and titles) without loading whole records."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from desktop.db.models import (Activity, ActivitySession, Agency, Area, Attendance, Cohort, Course,
                               Enrollment, Person, Project)
from desktop.db.repository import in_order

_PERSON = (Person.prefix_th, Person.first_name_th, Person.last_name_th, Person.position, Person.level,
           Agency.name_th, Person.phone, Person.email)
PERSON_KEYS = ("prefix_th", "first_name_th", "last_name_th", "position", "level", "agency_name", "phone", "email")


def _rows(session: Session, stmt: Any, keys: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    for row in session.execute(stmt.execution_options(yield_per=2000)):
        yield dict(zip(keys, row))


def persons(session: Session) -> Iterator[dict[str, Any]]:
    stmt = (select(*_PERSON).outerjoin(Agency, Agency.id == Person.agency_id)
            .where(Person.deleted_at.is_(None)).order_by(Person.sort_name, Person.id))
    return _rows(session, stmt, PERSON_KEYS)


def enrollments(session: Session, cohort_id: uuid.UUID | None) -> Iterator[dict[str, Any]]:
    stmt = (select(*_PERSON, Course.title_th, Cohort.year_be, Cohort.number, Enrollment.role,
                   Enrollment.group_name, Enrollment.completion, Enrollment.certificate_number)
            .join(Person, Person.id == Enrollment.person_id)
            .join(Cohort, Cohort.id == Enrollment.cohort_id).join(Course, Course.id == Cohort.course_id)
            .outerjoin(Agency, Agency.id == Person.agency_id)
            .where(Enrollment.deleted_at.is_(None), Person.deleted_at.is_(None)))
    if cohort_id is not None:
        stmt = stmt.where(Enrollment.cohort_id == cohort_id)
    stmt = stmt.order_by(Course.title_th, Cohort.year_be, Cohort.number, Person.sort_name, Person.id)
    keys = PERSON_KEYS + ("course", "year_be", "cohort_number", "role", "group_name", "completion",
                          "certificate_number")
    return _rows(session, stmt, keys)


def attendance(session: Session, activity_id: uuid.UUID | None) -> Iterator[dict[str, Any]]:
    stmt = (select(*_PERSON, Activity.title_th, ActivitySession.day, ActivitySession.part, Attendance.status)
            .join(Person, Person.id == Attendance.person_id)
            .join(ActivitySession, ActivitySession.id == Attendance.session_id)
            .join(Activity, Activity.id == ActivitySession.activity_id)
            .outerjoin(Agency, Agency.id == Person.agency_id)
            .where(Attendance.deleted_at.is_(None), Person.deleted_at.is_(None),
                   ActivitySession.deleted_at.is_(None)))
    if activity_id is not None:
        stmt = stmt.where(Activity.id == activity_id)
    stmt = stmt.order_by(Activity.start_date, Activity.sort_name, ActivitySession.day, in_order(ActivitySession.part),
                         Person.sort_name, Person.id)
    return _rows(session, stmt, PERSON_KEYS + ("activity", "day", "part", "status"))


def projects(session: Session) -> Iterator[dict[str, Any]]:
    lead = aliased(Agency)
    stmt = (select(Project.code, Project.title_th, Project.title_en, lead.name_th, Area.name_th,
                   Project.phase, Project.status, Project.start_date, Project.end_date, Project.budget)
            .outerjoin(lead, lead.id == Project.lead_agency_id).outerjoin(Area, Area.code == Project.area_code)
            .where(Project.deleted_at.is_(None)).order_by(Project.sort_name, Project.id))
    keys = ("code", "title_th", "title_en", "lead_agency", "area", "phase", "status", "start_date",
            "end_date", "budget")
    return _rows(session, stmt, keys)
