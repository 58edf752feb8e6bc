"""Sync state: enrolled peers and their keys, what was received from each, which
packages were applied, and conflicts waiting for a person. Not synced themselves."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from desktop.db.models.base import Base


class SyncPeer(Base):
    """Another installation this one exchanges packages with, enrolled from its
    public identity file. Its keys are the only keys packages are checked against."""

    __tablename__ = "sync_peer"
    site_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    role: Mapped[str] = mapped_column(String(8))
    office_name: Mapped[str] = mapped_column(String(300))
    office_code: Mapped[str] = mapped_column(String(40), index=True)
    area_code: Mapped[str | None] = mapped_column(String(6))
    signing_key: Mapped[str] = mapped_column(String(100))     # Ed25519 public key, base64
    age_recipient: Mapped[str] = mapped_column(String(100))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    # highest seq of OUR change log the peer has applied without a hole
    acked_by_peer: Mapped[int] = mapped_column(Integer, default=0)
    last_sent_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    last_received_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    # reference datasets the peer last said it holds, {dataset: version} (headquarters
    # sends a newer one until the office acknowledges it)
    reference_versions: Mapped[dict | None] = mapped_column(JSON, default=None)


class SyncReceived(Base):
    """A range of a sender's change-log seqs that has been applied here."""

    __tablename__ = "sync_received"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    seq_from: Mapped[int] = mapped_column(Integer)
    seq_to: Mapped[int] = mapped_column(Integer)
    package_id: Mapped[uuid.UUID] = mapped_column(Uuid)


class SyncPackage(Base):
    """A package applied here (direction "in") or written here ("out")."""

    __tablename__ = "sync_package"
    package_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    direction: Mapped[str] = mapped_column(String(4))
    peer_site: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    seq_from: Mapped[int] = mapped_column(Integer)
    seq_to: Mapped[int] = mapped_column(Integer)
    created_stamp: Mapped[str] = mapped_column(String(24))
    processed_at: Mapped[datetime] = mapped_column(DateTime)
    summary: Mapped[dict] = mapped_column(JSON)


class SyncConflict(Base):
    """One field edited on both sides (or a delete against an edit): both values kept
    until a person decides. ``field`` is "(deleted)" for a delete against an edit."""

    __tablename__ = "sync_conflict"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    field: Mapped[str] = mapped_column(String(64))
    base: Mapped[dict | None] = mapped_column(JSON)      # {"v": value}: wrapped so null survives
    mine: Mapped[dict | None] = mapped_column(JSON)
    theirs: Mapped[dict | None] = mapped_column(JSON)
    their_site: Mapped[uuid.UUID] = mapped_column(Uuid)
    their_user: Mapped[str] = mapped_column(String(64))
    their_stamp: Mapped[str] = mapped_column(String(24))
    package_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(8), default="open", index=True)
    resolution: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
