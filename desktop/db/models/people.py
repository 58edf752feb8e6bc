"""People and their PDPA legal basis."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from desktop.db.models.base import Base, SyncedRecord


class Person(SyncedRecord, Base):
    """A participant, official, speaker or coach.

    The national ID is never stored in the clear: ``national_id_sealed`` holds it
    encrypted with this installation's field key, ``national_id_digest`` a keyed hash for
    exact duplicate lookup, and ``national_id_tail`` the last four digits for masked
    display (x-xxxx-xxxxx-12-3).
    """

    __tablename__ = "person"
    __sync_kind__ = "person"
    prefix_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("name_prefix.id"))
    prefix_th: Mapped[str | None] = mapped_column(String(80))
    first_name_th: Mapped[str] = mapped_column(String(120))
    last_name_th: Mapped[str | None] = mapped_column(String(120))
    prefix_en: Mapped[str | None] = mapped_column(String(80))
    first_name_en: Mapped[str | None] = mapped_column(String(120))
    last_name_en: Mapped[str | None] = mapped_column(String(120))
    position: Mapped[str | None] = mapped_column(String(300))
    level: Mapped[str | None] = mapped_column(String(120))
    agency_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agency.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    national_id_sealed: Mapped[str | None] = mapped_column(Text)
    national_id_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    national_id_tail: Mapped[str | None] = mapped_column(String(4))
    photo_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    notes: Mapped[str | None] = mapped_column(Text)
    sort_name: Mapped[str] = mapped_column(String(600))

    # (deleted_at, sort_name, id): the list's order, paged through the index alone
    __table_args__ = (Index("ix_person_live_sort", "deleted_at", "sort_name", "id"),)


class Consent(SyncedRecord, Base):
    """The legal basis for holding a person's data: notice, purposes, given/withdrawn."""

    __tablename__ = "consent"
    __sync_kind__ = "consent"
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    basis: Mapped[str] = mapped_column(String(24))
    notice_version: Mapped[str | None] = mapped_column(String(40))
    purposes: Mapped[str | None] = mapped_column(Text)
    given_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
