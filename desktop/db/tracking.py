"""Every write to a synced record, whichever path it takes, stamps the record and
appends to the change log. Hooked into the session's flush, so no service can forget."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from desktop.db.models import ChangeLog, SyncedRecord


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def plain(value: Any) -> Any:
    """A JSON-friendly form of a column value."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# Columns computed from others on every write (by the services and again by whoever
# applies a synced change), so the change log leaves them out.
DERIVED_FIELDS = frozenset({"sort_name"})


def data_columns(model: type) -> list[str]:
    skip = SyncedRecord.META_FIELDS | DERIVED_FIELDS
    return [c.key for c in inspect(model).column_attrs if c.key not in skip]


def _changed_fields(obj: SyncedRecord) -> dict[str, list[Any]]:
    state = inspect(obj)
    changed: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in SyncedRecord.META_FIELDS or key in DERIVED_FIELDS:
            continue
        hist = state.attrs[key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if old != new:
            changed[key] = [plain(old), plain(new)]
    return changed


@event.listens_for(Session, "before_flush")
def _stamp_changes(session: Session, _ctx, _instances) -> None:  # noqa: ANN001
    context = session.info.get("writer")
    records = [o for o in session.new if isinstance(o, SyncedRecord)]
    records += [o for o in session.dirty if isinstance(o, SyncedRecord) and session.is_modified(o)]
    if not records:
        _seal(session)
        return
    if context is None:
        raise RuntimeError("synced records may only be written inside Database.write()")
    now = utcnow()
    for obj in records:
        is_new = obj in session.new
        state = inspect(obj)
        if is_new:
            if obj.id is None:
                from desktop.core.ids import new_id

                obj.id = new_id()
            op = "create"
            changes = {c: plain(getattr(obj, c)) for c in data_columns(type(obj))}
            base = 0
            obj.created_at = obj.created_at or now
            obj.revision = 1
        else:
            delete_hist = state.attrs["deleted_at"].history
            changes = _changed_fields(obj)
            if delete_hist.has_changes():
                op = "delete" if obj.deleted_at is not None else "restore"
            elif changes:
                op = "update"
            else:
                continue
            base = obj.revision
            obj.revision = base + 1
        obj.updated_at = now
        obj.site_id = context.site_id
        obj.changed_by = context.user
        obj.stamp = context.clock.tick()
        session.add(ChangeLog(
            kind=obj.__sync_kind__, record_id=obj.id, op=op, base_revision=base,
            revision=obj.revision, stamp=obj.stamp, site_id=context.site_id,
            changed_by=context.user, changed_at=now, changes=changes, note=context.note,
        ))
    _seal(session)


def _seal(session: Session) -> None:
    """Chain every change-log entry this flush inserts (whoever added it)."""
    pending = [o for o in session.new if isinstance(o, ChangeLog)]
    if pending:
        from desktop.db.chain import seal_new_objects

        seal_new_objects(session, pending)
