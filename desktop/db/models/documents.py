"""Attachments, signatories and the outgoing document register."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from desktop.db.models.base import Base, SyncedRecord


class Attachment(SyncedRecord, Base):
    """A photo or document linked to any record; the bytes live in the data folder
    under their SHA-256, so the same file attached twice is stored once."""

    __tablename__ = "attachment"
    __sync_kind__ = "attachment"
    owner_kind: Mapped[str] = mapped_column(String(24))
    owner_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    caption: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Signatory(SyncedRecord, Base):
    """Who signs papers: name as printed and position lines, optional signature image."""

    __tablename__ = "signatory"
    __sync_kind__ = "signatory"
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    full_name: Mapped[str] = mapped_column(String(300))
    position_lines: Mapped[str] = mapped_column(Text)
    signature_attachment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class OutgoingDocument(SyncedRecord, Base):
    """The register of outgoing numbers (ที่ นร 0101/123): assigned once, never reused."""

    __tablename__ = "outgoing_document"
    __sync_kind__ = "outgoing_document"
    year_be: Mapped[int] = mapped_column(Integer)
    running_number: Mapped[int] = mapped_column(Integer)
    number_text: Mapped[str] = mapped_column(String(80))
    issued_on: Mapped[date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(Text)
    recipient: Mapped[str | None] = mapped_column(Text)
    signatory_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("signatory.id"))
    report_kind: Mapped[str] = mapped_column(String(24))
    about_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    file_sha256: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("year_be", "running_number", name="uq_outgoing_year_number"),)
