"""Projects (โครงการ / โจทย์) with team, stakeholders, action plan and artefacts."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from desktop.db.models.base import Base, SyncedRecord


class Project(SyncedRecord, Base):
    __tablename__ = "project"
    __sync_kind__ = "project"
    code: Mapped[str | None] = mapped_column(String(40), index=True)
    title_th: Mapped[str] = mapped_column(String(500))
    title_en: Mapped[str | None] = mapped_column(String(500))
    topic: Mapped[str | None] = mapped_column(Text)
    problem: Mapped[str | None] = mapped_column(Text)
    target_group: Mapped[str | None] = mapped_column(Text)
    area_code: Mapped[str | None] = mapped_column(ForeignKey("area.code"), index=True)
    lead_agency_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agency.id"), index=True)
    cohort_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cohort.id"), index=True)
    phase: Mapped[str] = mapped_column(String(16), default="understand")
    status: Mapped[str] = mapped_column(String(16), default="active")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    indicators: Mapped[str | None] = mapped_column(Text)
    results: Mapped[str | None] = mapped_column(Text)
    lessons: Mapped[str | None] = mapped_column(Text)
    sort_name: Mapped[str] = mapped_column(String(1100), index=True)


class ProjectPartner(SyncedRecord, Base):
    __tablename__ = "project_partner"
    __sync_kind__ = "project_partner"
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project.id"), index=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agency.id"))
    role: Mapped[str | None] = mapped_column(String(200))


class TeamMember(SyncedRecord, Base):
    """A member of the project's innovation team (i Team)."""

    __tablename__ = "team_member"
    __sync_kind__ = "team_member"
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[str | None] = mapped_column(String(200))


class Stakeholder(SyncedRecord, Base):
    __tablename__ = "stakeholder"
    __sync_kind__ = "stakeholder"
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="organisation")
    name: Mapped[str] = mapped_column(String(300))
    agency_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agency.id"))
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    role: Mapped[str | None] = mapped_column(String(300))
    interest: Mapped[str | None] = mapped_column(String(8))
    influence: Mapped[str | None] = mapped_column(String(8))


class ActionItem(SyncedRecord, Base):
    __tablename__ = "action_item"
    __sync_kind__ = "action_item"
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    activity: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str | None] = mapped_column(String(300))
    due_date: Mapped[date | None] = mapped_column(Date)
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    indicator: Mapped[str | None] = mapped_column(Text)
    progress: Mapped[int] = mapped_column(Integer, default=0)


class Artefact(SyncedRecord, Base):
    """A design-thinking artefact: interview, persona, journey map, idea, prototype, test."""

    __tablename__ = "artefact"
    __sync_kind__ = "artefact"
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    made_on: Mapped[date | None] = mapped_column(Date)
    attachment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
