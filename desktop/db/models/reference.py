"""Reference data shipped with the app and updated by headquarters."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from desktop.db.models.base import Base, SyncedRecord


class ReferenceVersion(Base):
    """Which version of each shipped dataset this database holds."""

    __tablename__ = "reference_version"
    dataset: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[str] = mapped_column(String(32))
    loaded_at: Mapped[datetime] = mapped_column(DateTime)
    count: Mapped[int] = mapped_column(Integer)


class Area(Base):
    """A province (2-digit DOPA code), district (4) or subdistrict (6)."""

    __tablename__ = "area"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    level: Mapped[str] = mapped_column(String(12))
    name_th: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("area.code"), index=True)
    postal_codes: Mapped[str | None] = mapped_column(String(60))


class NamePrefix(Base):
    """A name prefix or rank, full and abbreviated, Thai and English."""

    __tablename__ = "name_prefix"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    category: Mapped[str] = mapped_column(String(16))
    full_th: Mapped[str] = mapped_column(String(80))
    abbr_th: Mapped[str] = mapped_column(String(40))
    full_en: Mapped[str] = mapped_column(String(80))
    abbr_en: Mapped[str] = mapped_column(String(40))
    gender: Mapped[str | None] = mapped_column(String(1))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Programme(Base):
    """A programme or course family: GovLab, ป.ย.ป. levels 1-4, i Team ..."""

    __tablename__ = "programme"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    level: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Agency(SyncedRecord, Base):
    """An organisation unit: ministry, department, provincial office, local government,
    partner. Shipped agencies have fixed ids; offices and headquarters add more."""

    __tablename__ = "agency"
    __sync_kind__ = "agency"
    key: Mapped[str | None] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    name_th: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    abbr_th: Mapped[str | None] = mapped_column(String(60))
    letter_code: Mapped[str | None] = mapped_column(String(16))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agency.id"), index=True)
    area_code: Mapped[str | None] = mapped_column(ForeignKey("area.code"))
    sort_name: Mapped[str] = mapped_column(String(700), index=True)
