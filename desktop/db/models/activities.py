"""Activities (workshops, meetings, visits, trainings), their sessions and attendance."""

from __future__ import annotations

import uuid
from datetime import date, time

from sqlalchemy import Date, ForeignKey, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.core.enums import SessionPart
from desktop.db.models.base import Base, SyncedRecord


class Activity(SyncedRecord, Base):
    __tablename__ = "activity"
    __sync_kind__ = "activity"
    title_th: Mapped[str] = mapped_column(String(500))
    title_en: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(16), default="workshop")
    mode: Mapped[str] = mapped_column(String(8), default="onsite")
    venue: Mapped[str | None] = mapped_column(String(500))
    area_code: Mapped[str | None] = mapped_column(ForeignKey("area.code"))
    online_meeting_id: Mapped[str | None] = mapped_column(String(120))
    chair_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    chair_text: Mapped[str | None] = mapped_column(String(300))
    organiser_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agency.id"))
    project_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("project.id"), index=True)
    cohort_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cohort.id"), index=True)
    start_date: Mapped[date | None] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(Text)
    sort_name: Mapped[str] = mapped_column(String(1100), index=True)


class ActivitySession(SyncedRecord, Base):
    __tablename__ = "activity_session"
    __sync_kind__ = "activity_session"
    activity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("activity.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    # listed in the day's order (the enum's), not the alphabet's: repository.in_order
    part: Mapped[str] = mapped_column(String(12), default="morning",
                                      info={"order": tuple(part.value for part in SessionPart)})
    starts_at: Mapped[time | None] = mapped_column(Time)
    ends_at: Mapped[time | None] = mapped_column(Time)
    title: Mapped[str | None] = mapped_column(String(300))


class Attendance(SyncedRecord, Base):
    __tablename__ = "attendance"
    __sync_kind__ = "attendance"
    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("activity_session.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    status: Mapped[str] = mapped_column(String(8), default="present")
    recorded_by: Mapped[str] = mapped_column(String(16), default="app")
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("session_id", "person_id", name="uq_attendance_session_person"),)
