"""Fast paths for large writes (reference data, generated demo data) that still stamp
every synced record and log every change, like the ORM path does."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.db.chain import seal_dicts
from desktop.db.models import ChangeLog, ReferenceVersion
from desktop.db.repository import model_for
from desktop.db.tracking import data_columns, plain, utcnow


def insert_records(session: Session, kind: str, rows: list[dict[str, Any]]) -> int:
    """Insert new synced records of ``kind`` in one statement per batch."""
    if not rows:
        return 0
    context = session.info["writer"]
    model = model_for(kind)
    columns = data_columns(model)
    now = utcnow()
    logs = []
    all_columns = [c.key for c in model.__table__.columns]
    for row in rows:
        for column in all_columns:
            row.setdefault(column, None)  # identical keys: one executemany per batch
        stamp = context.clock.tick()
        row.update(created_at=now, updated_at=now, site_id=context.site_id,
                   changed_by=context.user, revision=1, stamp=stamp, deleted_at=None)
        logs.append(dict(kind=kind, record_id=row["id"], op="create", base_revision=0, revision=1,
                         stamp=stamp, site_id=context.site_id, changed_by=context.user,
                         changed_at=now, note=context.note,
                         changes={c: plain(row[c]) for c in columns if row[c] is not None}))
    session.flush()
    seal_dicts(session, logs)
    for start in range(0, len(rows), 5000):
        session.execute(insert(model), rows[start:start + 5000])
        session.execute(insert(ChangeLog), logs[start:start + 5000])
    return len(rows)


def upsert_reference_rows(session: Session, model: type, rows: Iterable[dict[str, Any]]) -> int:
    """Insert or update plain reference rows (areas, prefixes, programmes) by primary key.

    Rows are never deleted here: records may point at them (a renamed district keeps its
    code); headquarters retires a reference row by a newer dataset, not by deletion."""
    rows = list(rows)
    if not rows:
        return 0
    dialect = session.bind.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    keys = [c.name for c in model.__table__.primary_key.columns]
    for start in range(0, len(rows), 2000):
        stmt = dialect_insert(model)
        update = {c.name: stmt.excluded[c.name] for c in model.__table__.columns if c.name not in keys}
        session.execute(stmt.on_conflict_do_update(index_elements=keys, set_=update), rows[start:start + 2000])
    return len(rows)


def reference_versions(session: Session) -> dict[str, str]:
    return {r.dataset: r.version for r in session.scalars(select(ReferenceVersion))}


def set_reference_version(session: Session, dataset: str, version: str, count: int) -> None:
    row = session.get(ReferenceVersion, dataset)
    if row is None:
        session.add(ReferenceVersion(dataset=dataset, version=version, loaded_at=utcnow(), count=count))
    else:
        row.version, row.loaded_at, row.count = version, utcnow(), count


def insert_objects(session: Session, kind: str, objects: list[Any]) -> int:
    """Insert new records built (checked and derived) as ORM objects but never added to
    the session, through ``insert_records``: stamped and logged the same way."""
    columns = [c.key for c in model_for(kind).__table__.columns]
    return insert_records(session, kind, [{c: getattr(o, c) for c in columns} for o in objects])
