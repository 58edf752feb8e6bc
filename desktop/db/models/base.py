"""Declarative base and the columns every synced office record carries."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Integer, MetaData, String, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop.core.ids import new_id

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SyncedRecord:
    """Identity and change metadata that sync, audit and the trash rely on.

    ``id`` is a UUID never reused. ``revision`` counts this record's changes and
    ``stamp`` is the hybrid-clock stamp of the last one; ``site_id`` and ``changed_by``
    name the installation and user that made it. A delete sets ``deleted_at`` (a
    tombstone): the row stays so the delete can travel and be undone.
    """

    __sync_kind__: str  # the record kind's name in change logs and packages

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    site_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    changed_by: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    stamp: Mapped[str] = mapped_column(String(24), index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)

    # Metadata columns, which the change log does not list as edited fields.
    META_FIELDS = frozenset(
        {"id", "created_at", "updated_at", "site_id", "changed_by", "revision", "stamp", "deleted_at"}
    )
