"""Courses, their cohorts (รุ่น) and who is enrolled in them."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.db.models.base import Base, SyncedRecord


class Course(SyncedRecord, Base):
    __tablename__ = "course"
    __sync_kind__ = "course"
    programme_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("programme.id"), index=True)
    title_th: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    organiser_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agency.id"))
    description: Mapped[str | None] = mapped_column(Text)


class Cohort(SyncedRecord, Base):
    """One running of a course: ประจำปี 2566 รุ่นที่ 1."""

    __tablename__ = "cohort"
    __sync_kind__ = "cohort"
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("course.id"), index=True)
    year_be: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer, default=1)
    title_th: Mapped[str | None] = mapped_column(String(300))
    organiser_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agency.id"))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)


class Enrollment(SyncedRecord, Base):
    __tablename__ = "enrollment"
    __sync_kind__ = "enrollment"
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    cohort_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cohort.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="participant")
    group_name: Mapped[str | None] = mapped_column(String(200))
    project_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("project.id"))
    completion: Mapped[str] = mapped_column(String(16), default="enrolled")
    certificate_number: Mapped[str | None] = mapped_column(String(60))

    __table_args__ = (UniqueConstraint("person_id", "cohort_id", name="uq_enrollment_person_cohort"),)
