"""The queries sync needs: the change log to export, records read and written field by
field in their JSON-friendly form, peers, received ranges, packages and conflicts.

Plain SQLAlchemy Core/ORM only (no SQLite-only SQL), so headquarters can run the same
code on PostgreSQL."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from operator import itemgetter
from typing import Any

from sqlalchemy import String, func, select, text, type_coerce
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
            python_type = _python_type(column)
            if python_type in (str, bool, None):
                self.convert[column.key] = _same
            elif python_type is uuid.UUID:
                self.convert[column.key] = _to_uuid
        # the logged columns whose plain form is not the Python value itself
        self.replain = [c for c in self.logged if _python_type(model.__table__.c[c]) not in (str, int, bool, None)]


def _same(value: Any) -> Any:
    return value


def _to_uuid(value: Any) -> uuid.UUID:
    """from_plain for a Uuid column, without looking the column up."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


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
    """New records and their change-log rows (sealed into the chain here). On SQLite the
    records go in as multi-row INSERTs of up to 1,000 rows: the full-text triggers then
    fire inside one statement per 1,000 rows, and FTS5, which flushes its pending index
    at every statement savepoint, writes one segment per statement instead of one per
    row (a third of the time). Elsewhere, one executemany per table. Raises ChangeFailed
    when the database refuses a row (the caller's savepoint undoes the batch)."""
    from sqlalchemy import insert

    from desktop.db.chain import seal_dicts

    session.flush()
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        seal_dicts(session, logs)
        session.execute(insert(SYNCED_MODELS[kind]), rows)
        session.execute(insert(ChangeLog), logs)
        return
    from desktop.db.chain import changes_text, link, tail

    for log in logs:                         # the stored JSON text is what the chain hashes
        log["changes"] = changes_text(log["changes"])
    seq, prev = tail(session)
    for log in logs:
        seq += 1
        log["seq"] = seq
        prev = log["entry_hash"] = link(
            prev, seq, log["kind"], log["record_id"], log["op"], log["base_revision"], log["revision"],
            log["stamp"], log["site_id"], log["changed_by"], log["changed_at"], log["changes"], log.get("note"))
    raw = connection.connection.driver_connection
    try:
        _insert_many(raw, SYNCED_MODELS[kind].__table__, rows, connection.dialect, per_statement=1000)
        _insert_many(raw, ChangeLog.__table__, logs, connection.dialect, per_statement=1, text_columns={"changes"})
    except sqlite3.Error as error:
        raise ChangeFailed(str(error)) from None


def _insert_many(raw: Any, table: Any, rows: list[dict[str, Any]], dialect: Any, per_statement: int,
                 text_columns: frozenset[str] | set[str] = frozenset()) -> None:
    """Rows (dicts of Python values, every column present or defaulting to None) into
    ``table`` through the DBAPI connection, values converted by the columns' own bind
    processors (``text_columns`` are passed as they are)."""
    if not rows:
        return
    names = [c.key for c in table.columns]
    processors = []
    for i, column in enumerate(table.columns):
        process = None if column.key in text_columns else column.type._cached_bind_processor(dialect)
        if process is not None:
            processors.append((i, process))
    width = len(names)
    limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per_statement = max(1, min(per_statement, limit // width))
    one = "(" + ", ".join("?" * width) + ")"
    head = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES "
    pick = itemgetter(*names)
    values = []
    for row in rows:
        try:
            params = list(pick(row))
        except KeyError:
            params = [row.get(name) for name in names]
        for i, process in processors:
            if params[i] is not None:
                params[i] = process(params[i])
        values.append(params)
    cursor = raw.cursor()
    try:
        if per_statement == 1:
            cursor.executemany(head + one, values)
            return
        for start in range(0, len(values), per_statement):
            chunk = values[start:start + per_statement]
            flat = [v for params in chunk for v in params]
            cursor.execute(head + ", ".join([one] * len(chunk)), flat)
    finally:
        cursor.close()


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


_LOG_COLUMNS = ("seq, kind, record_id, op, base_revision, revision, stamp, site_id, changed_by, changed_at, "
                "changes, note")


def log_rows_after(session: Session, after: int) -> list[tuple]:
    """Every change-log row after ``after`` in seq order, as the driver returns it (no ORM
    objects): (seq, kind, record_id, op, base_revision, revision, stamp, site_id,
    changed_by, changed_at, changes, note). Ids, times and changes come as stored (text
    on SQLite; UUID, datetime and dict on PostgreSQL): see ``uuid_text`` and ``iso``."""
    return session.connection().execute(
        text(f"SELECT {_LOG_COLUMNS} FROM change_log WHERE seq > :after ORDER BY seq"), {"after": after}).fetchall()


def uuid_text(value: Any) -> str:
    """A stored id (32 hex digits on SQLite, a UUID on PostgreSQL) as str(UUID)."""
    if type(value) is str and len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}".lower()
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def iso(value: Any) -> str | None:
    """A stored time as ``plain`` writes the datetime (``isoformat``)."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).isoformat()
    return plain(value)


def window_values(session: Session, kind: str, after: int) -> dict[str, tuple[dict[str, Any], bool, str | None]]:
    """The records of ``kind`` with a logged change after ``after``, in one query:
    {str(id): (values as ``values_of`` gives them, deleted, created_at as ``plain``)}."""
    model = SYNCED_MODELS[kind]
    table = model.__table__
    fields = data_columns(model)
    # ids and times are read as stored and turned into their plain form directly (the
    # same text as plain() of the Python value, without a UUID or datetime per value)
    columns, convert = [], []
    for i, f in enumerate(fields):
        column = table.c[f]
        python_type = _python_type(column)
        if python_type in _FROM_STORED:
            columns.append(type_coerce(column, String))
            convert.append((i, f, _FROM_STORED[python_type]))
        else:
            columns.append(column)
            if python_type not in (str, int, bool, float, None):
                convert.append((i, f, plain))
    window = select(ChangeLog.record_id).where(ChangeLog.seq > after, ChangeLog.kind == kind)
    stmt = select(*columns, type_coerce(table.c.deleted_at, String), type_coerce(table.c.created_at, String),
                  type_coerce(table.c.id, String)).where(table.c.id.in_(window))
    found: dict[str, tuple[dict[str, Any], bool, str | None]] = {}
    n = len(fields)
    for row in session.connection().execute(stmt).fetchall():
        values = dict(zip(fields, row))
        for i, f, to_plain in convert:
            if row[i] is not None:
                values[f] = to_plain(row[i])
        created = row[n + 1]
        found[uuid_text(row[n + 2])] = (values, row[n] is not None, iso(created) if created is not None else None)
    return found


def _python_type(column: Any) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def _stored_date(value: Any) -> Any:
    return date.fromisoformat(value).isoformat() if isinstance(value, str) else plain(value)


def _stored_time(value: Any) -> Any:
    return time.fromisoformat(value).isoformat() if isinstance(value, str) else plain(value)


# stored form -> plain form, for the types whose stored text is not already the plain one
_FROM_STORED: dict[type, Any] = {uuid.UUID: uuid_text, datetime: iso, date: _stored_date, time: _stored_time}


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
