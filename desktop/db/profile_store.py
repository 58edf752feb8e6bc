"""Reading and writing the single office-profile row."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import OfficeProfile
from desktop.db.repository import to_plain
from desktop.db.tracking import utcnow


def load(session: Session) -> dict[str, Any] | None:
    row = session.scalar(select(OfficeProfile))
    if row is None:
        return None
    data = to_plain(row)
    data["site_id"] = row.site_id
    data["backup_encrypted"] = bool(data.pop("backup_passphrase_sealed", None))
    return data


def backup_passphrase_sealed(session: Session) -> str | None:
    row = session.scalar(select(OfficeProfile))
    return row.backup_passphrase_sealed if row is not None else None


def save(session: Session, site_id: uuid.UUID, **values: Any) -> None:
    row = session.scalar(select(OfficeProfile))
    if row is None:
        session.add(OfficeProfile(id=1, site_id=site_id, created_at=utcnow(), **values))
    else:
        for key, value in values.items():
            setattr(row, key, value)


def update(session: Session, **values: Any) -> None:
    row = session.scalar(select(OfficeProfile))
    for key, value in values.items():
        setattr(row, key, value)
