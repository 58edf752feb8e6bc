"""The queries sync needs: the change log to export, records read and written field by
field in their JSON-friendly form, peers, received ranges, packages and conflicts.

Plain SQLAlchemy Core/ORM only (no SQLite-only SQL), so headquarters can run the same
code on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import (
    SYNCED_MODELS,
    Base,
    ChangeLog,
    SyncConflict,
    SyncedRecord,
    SyncPackage,
    SyncPeer,
    SyncReceived,
)
from desktop.db.tracking import data_columns, plain, utcnow

# -- records ----------------------------------------------------------------------------


def kinds() -> list[str]:
    return list(SYNCED_MODELS)


def fields_of(kind: str) -> list[str]:
    """The logged (non-derived, non-metadata) columns of a kind."""
    return data_columns(SYNCED_MODELS[kind])


def kind_rank() -> dict[str, int]:
    """Kinds ordered parents first (by foreign keys), for inserting a package's records."""
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    return {kind: order[model.__table__.name] for kind, model in SYNCED_MODELS.items()}


def get_record(session: Session, kind: str, record_id: uuid.UUID) -> SyncedRecord | None:
    return session.get(SYNCED_MODELS[kind], record_id)


def records_by_id(session: Session, kind: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, SyncedRecord]:
    """Records of one kind by id, read 500 at a time (not one query each)."""
    model = SYNCED_MODELS[kind]
    found: dict[uuid.UUID, SyncedRecord] = {}
    for start in range(0, len(ids), 500):
        for obj in session.scalars(select(model).where(model.id.in_(ids[start:start + 500]))):
            found[obj.id] = obj
    return found


def values_of(obj: SyncedRecord) -> dict[str, Any]:
    return {f: plain(getattr(obj, f)) for f in data_columns(type(obj))}


def from_plain(kind: str, field: str, value: Any) -> Any:
    """The Python value a column takes, from its JSON-friendly form."""
    if value is None:
        return None
    column = SYNCED_MODELS[kind].__table__.c[field]
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    if python_type is uuid.UUID:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is time:
        return time.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(str(value))
    if python_type is int and not isinstance(value, bool):
        return int(value)
    return value


class RowShape:
    """What a bulk insert of one kind needs, computed once: every column set to None,
    a converter from the JSON form per column, the logged columns, whether any is derived."""

    def __init__(self, kind: str) -> None:
        model = SYNCED_MODELS[kind]
        self.empty = {c.key: None for c in model.__table__.columns}
        self.logged = data_columns(model)
        self.derived = any(c not in self.logged and c not in SyncedRecord.META_FIELDS for c in self.empty)
        self.convert = {c: (lambda v, c=c: from_plain(kind, c, v)) for c in self.empty}
        for column in model.__table__.columns:
            try:
                if column.type.python_type in (str, bool):
                    self.convert[column.key] = _same
            except NotImplementedError:
                self.convert[column.key] = _same


def _same(value: Any) -> Any:
    return value


_SHAPES: dict[str, RowShape] = {}


def row_shape(kind: str) -> RowShape:
    if kind not in _SHAPES:
        _SHAPES[kind] = RowShape(kind)
    return _SHAPES[kind]


def existing_ids(session: Session, kind: str, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    model = SYNCED_MODELS[kind]
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), 500):
        found.update(session.scalars(select(model.id).where(model.id.in_(ids[start:start + 500]))))
    return found


def insert_rows(session: Session, kind: str, rows: list[dict[str, Any]], logs: list[dict[str, Any]]) -> None:
    """New records and their change-log rows, one executemany per table."""
    from sqlalchemy import insert

    from desktop.db.chain import seal_dicts

    session.flush()
    seal_dicts(session, logs)
    session.execute(insert(SYNCED_MODELS[kind]), rows)
    session.execute(insert(ChangeLog), logs)


_KNOWN: dict[str, frozenset[str]] = {}


def known_fields(kind: str) -> frozenset[str]:
    """The fields a package may name for ``kind``: the logged columns, and national_id
    (sealed here) where the kind keeps one."""
    if kind not in _KNOWN:
        fields = set(fields_of(kind))
        if has_field(kind, "national_id_sealed"):
            fields.add("national_id")
        _KNOWN[kind] = frozenset(fields)
    return _KNOWN[kind]


def has_field(kind: str, field: str) -> bool:
    return field in SYNCED_MODELS[kind].__table__.c


def set_value(obj: SyncedRecord, field: str, value: Any) -> None:
    setattr(obj, field, from_plain(obj.__sync_kind__, field, value))


def new_record(session: Session, kind: str, record_id: uuid.UUID, values: dict[str, Any]) -> SyncedRecord:
    model = SYNCED_MODELS[kind]
    obj = model(id=record_id)
    for field, value in values.items():
        set_value(obj, field, value)
    session.add(obj)
    return obj


def log_change(session: Session, obj: SyncedRecord, op: str, changes: dict[str, Any]) -> None:
    """Record a change that set no column (a 'keep mine' decision) so that it still syncs."""
    context = session.info["writer"]
    now = utcnow()
    base = obj.revision
    obj.revision = base + 1
    obj.stamp = context.clock.tick()
    obj.updated_at, obj.site_id, obj.changed_by = now, context.site_id, context.user
    session.add(ChangeLog(kind=obj.__sync_kind__, record_id=obj.id, op=op, base_revision=base,
                          revision=obj.revision, stamp=obj.stamp, site_id=context.site_id,
                          changed_by=context.user, changed_at=now, changes=changes, note=context.note))


# -- the change log -----------------------------------------------------------------------


def max_seq(session: Session) -> int:
    return session.scalar(select(func.max(ChangeLog.seq))) or 0


def changes_after(session: Session, after: int, skip_users: Iterable[str] = (),
                  skip_sites: Iterable[uuid.UUID] = ()) -> list[ChangeLog]:
    stmt = select(ChangeLog).where(ChangeLog.seq > after)
    users, sites = list(skip_users), list(skip_sites)
    if users:
        stmt = stmt.where(ChangeLog.changed_by.not_in(users))
    if sites:
        stmt = stmt.where(ChangeLog.site_id.not_in(sites))
    return list(session.scalars(stmt.order_by(ChangeLog.seq)))


def record_history_after(session: Session, record_ids: list[uuid.UUID], after: int) -> list[ChangeLog]:
    """Every logged change of these records after ``after``, newest first."""
    found: list[ChangeLog] = []
    for start in range(0, len(record_ids), 500):
        chunk = record_ids[start:start + 500]
        stmt = select(ChangeLog).where(ChangeLog.seq > after, ChangeLog.record_id.in_(chunk))
        found.extend(session.scalars(stmt))
    return sorted(found, key=lambda c: c.seq, reverse=True)


def history_of(session: Session, record_id: uuid.UUID) -> list[ChangeLog]:
    """Every logged change of one record, newest first."""
    stmt = select(ChangeLog).where(ChangeLog.record_id == record_id).order_by(ChangeLog.seq.desc())
    return list(session.scalars(stmt))


def count_after(session: Session, after: int, skip_users: Iterable[str] = (),
                skip_sites: Iterable[uuid.UUID] = ()) -> int:
    stmt = select(func.count()).select_from(ChangeLog).where(ChangeLog.seq > after)
    users, sites = list(skip_users), list(skip_sites)
    if users:
        stmt = stmt.where(ChangeLog.changed_by.not_in(users))
    if sites:
        stmt = stmt.where(ChangeLog.site_id.not_in(sites))
    return session.scalar(stmt) or 0


# -- peers --------------------------------------------------------------------------------


def get_peer(session: Session, site_id: uuid.UUID) -> SyncPeer | None:
    return session.get(SyncPeer, site_id)


def find_peers(session: Session, site_or_code: str) -> list[SyncPeer]:
    try:
        peer = session.get(SyncPeer, uuid.UUID(site_or_code))
        if peer is not None:
            return [peer]
    except ValueError:
        pass
    return list(session.scalars(select(SyncPeer).where(SyncPeer.office_code == site_or_code)))


def list_peers(session: Session) -> list[SyncPeer]:
    return list(session.scalars(select(SyncPeer).order_by(SyncPeer.role, SyncPeer.office_code)))


def save_peer(session: Session, **values: Any) -> SyncPeer:
    peer = session.get(SyncPeer, values["site_id"])
    if peer is None:
        peer = SyncPeer(enrolled_at=utcnow(), acked_by_peer=0, **values)
        session.add(peer)
    else:
        for key, value in values.items():
            setattr(peer, key, value)
        peer.enrolled_at, peer.revoked_at = utcnow(), None
    return peer


# -- received ranges and packages ---------------------------------------------------------


def received_ranges(session: Session, site_id: uuid.UUID) -> list[tuple[int, int]]:
    rows = session.execute(select(SyncReceived.seq_from, SyncReceived.seq_to)
                           .where(SyncReceived.site_id == site_id))
    return merge_ranges((a, b) for a, b in rows)


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(r for r in ranges if r[0] <= r[1]):
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def add_received(session: Session, site_id: uuid.UUID, seq_from: int, seq_to: int,
                 package_id: uuid.UUID) -> None:
    if seq_from <= seq_to:
        session.add(SyncReceived(site_id=site_id, seq_from=seq_from, seq_to=seq_to, package_id=package_id))


def get_package(session: Session, package_id: uuid.UUID) -> SyncPackage | None:
    return session.get(SyncPackage, package_id)


def add_package(session: Session, **values: Any) -> None:
    session.add(SyncPackage(processed_at=utcnow(), **values))


def last_package(session: Session, peer_site: uuid.UUID, direction: str) -> SyncPackage | None:
    stmt = (select(SyncPackage).where(SyncPackage.peer_site == peer_site, SyncPackage.direction == direction)
            .order_by(SyncPackage.processed_at.desc()).limit(1))
    return session.scalar(stmt)


# -- conflicts ----------------------------------------------------------------------------


def add_conflict(session: Session, **values: Any) -> SyncConflict:
    row = SyncConflict(id=uuid.uuid4(), status="open", created_at=utcnow(), **values)
    session.add(row)
    return row


def open_conflicts(session: Session, record_id: uuid.UUID | None = None,
                   field: str | None = None) -> list[SyncConflict]:
    stmt = select(SyncConflict).where(SyncConflict.status == "open")
    if record_id is not None:
        stmt = stmt.where(SyncConflict.record_id == record_id)
    if field is not None:
        stmt = stmt.where(SyncConflict.field == field)
    return list(session.scalars(stmt.order_by(SyncConflict.created_at, SyncConflict.id)))


def get_conflict(session: Session, conflict_id: uuid.UUID) -> SyncConflict | None:
    return session.get(SyncConflict, conflict_id)


def find_conflicts(session: Session, prefix: str) -> list[SyncConflict]:
    """Conflicts whose id starts with ``prefix`` (the short ids the command line shows)."""
    rows = session.scalars(select(SyncConflict).where(SyncConflict.status == "open"))
    return [r for r in rows if str(r.id).startswith(prefix.lower())]


def count_open_conflicts(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SyncConflict)
                          .where(SyncConflict.status == "open")) or 0


def resolve_conflict(row: SyncConflict, resolution: str) -> None:
    row.status, row.resolution, row.resolved_at = "resolved", resolution, utcnow()


# -- one change at a time -----------------------------------------------------------------


class ChangeFailed(Exception):
    """The database refused one incoming change (a missing parent record, a constraint)."""


class savepoint:
    """Apply one change under a SAVEPOINT: if the database refuses it, only it is undone."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __enter__(self) -> Session:
        self.nested = self.session.begin_nested()
        return self.session

    def __exit__(self, exc_type, exc, tb) -> bool:
        from sqlalchemy.exc import SQLAlchemyError

        if exc_type is None:
            try:
                self.session.flush()
                self.nested.commit()
                return False
            except SQLAlchemyError as error:
                self.nested.rollback()
                raise ChangeFailed(str(getattr(error, "orig", error))) from None
        self.nested.rollback()
        if isinstance(exc, SQLAlchemyError):
            raise ChangeFailed(str(getattr(exc, "orig", exc))) from None
        return False


def flush(session: Session) -> None:
    session.flush()


def all_records(session: Session, kind: str) -> list[SyncedRecord]:
    model = SYNCED_MODELS[kind]
    return list(session.scalars(select(model).order_by(model.id)))
