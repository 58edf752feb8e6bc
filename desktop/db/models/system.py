"""Records about this installation: office profile, users, the change log."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from desktop.db.models.base import Base


class OfficeProfile(Base):
    """This installation: which office, which role, its site id. One row."""

    __tablename__ = "office_profile"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    role: Mapped[str] = mapped_column(String(8))
    office_name: Mapped[str] = mapped_column(String(300))
    office_code: Mapped[str] = mapped_column(String(40))
    area_code: Mapped[str] = mapped_column(ForeignKey("area.code"))
    agency_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agency.id"))
    letter_prefix: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    default_signatory_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    logo_attachment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    digit_style: Mapped[str] = mapped_column(String(8), default="thai")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Where automatic backups go (None: the data folder's backups/), how many of each
    # kind to keep, the age passphrase that encrypts them (sealed with the field key),
    # and after how many idle minutes the screen locks (0: never).
    backup_dir: Mapped[str | None] = mapped_column(Text, nullable=True)
    backup_keep: Mapped[int | None] = mapped_column(Integer, nullable=True)
    backup_passphrase_sealed: Mapped[str | None] = mapped_column(Text, nullable=True)
    lock_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AppUser(Base):
    __tablename__ = "app_user"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(8))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ChangeLog(Base):
    """Every change to a synced record, in local order.

    ``seq`` is this installation's running change number (what sync exports after the
    last acknowledged one); ``base_revision`` is the record's revision the change was made
    on, so a concurrent edit elsewhere shows up as a conflict. ``changes`` holds the new
    values of a create, or ``{field: [old, new]}`` for an update.
    """

    __tablename__ = "change_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    op: Mapped[str] = mapped_column(String(8))
    base_revision: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    stamp: Mapped[str] = mapped_column(String(24))
    site_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changes: Mapped[dict] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    # SHA-256 chaining this entry to the one before it (desktop.db.chain)
    entry_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AuditEvent(Base):
    """What is not a record change but must be accounted for: sign-ins, user management,
    revealing a national ID, exports of personal data, restores. Chained like the change log;
    never synced."""

    __tablename__ = "audit_event"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str | None] = mapped_column(String(100), nullable=True)
    detail: Mapped[dict] = mapped_column(JSON)
    entry_hash: Mapped[str] = mapped_column(String(64))


class LoginAttempt(Base):
    """Failed sign-ins per user name (known or not), kept so a restart does not reset the delay."""

    __tablename__ = "login_attempt"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class RetentionRule(Base):
    """How long records of one kind are kept before they are due for review (PDPA)."""

    __tablename__ = "retention_rule"
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    months: Mapped[int] = mapped_column(Integer)
