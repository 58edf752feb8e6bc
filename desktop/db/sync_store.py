"""The queries sync needs: the change log to export, records read and written field by
field in their JSON-friendly form, peers, received ranges, packages and conflicts.

SQLAlchemy Core/ORM, so headquarters runs the same code on PostgreSQL, but for the bulk
paths, which write each database its own fastest way with the same result: new records
and change-log rows as multi-row INSERTs on SQLite and COPY on PostgreSQL, the export's
lines written by SQL on SQLite (with the Python path as the reference), and PostgreSQL's
advisory locks that let several import workers run at once (``lock_import``)."""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from json.encoder import encode_basestring as _quote
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
        # (column, converter) for the logged columns whose JSON form is not the Python value
        self.converters = [(c, self.convert[c]) for c in self.logged if self.convert[c] is not _same]


def _same(value: Any) -> Any:
    return value


def _to_uuid(value: Any) -> uuid.UUID:
    """from_plain for a Uuid column, without looking the column up."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_WRITERS: dict[str, Any] = {}


def plain_json_writer(kind: str) -> Any:
    """row -> the JSON text of {logged column: plain(value)}, as the engine's serializer
    writes that dict (so as the change log stores and the chain hashes it), from a
    template: most values are None or text, quoted without the encoder's per-call setup."""
    if kind not in _WRITERS:
        shape = row_shape(kind)
        keys = shape.logged
        replain = frozenset(shape.replain)
        heads = [("{" if i == 0 else ",") + _quote(k) + ":" for i, k in enumerate(keys)]
        fields = list(zip(heads, keys, [k in replain for k in keys]))
        encode, quote = _ENCODE, _quote

        def write(row: dict[str, Any]) -> str:
            out = []
            for head, key, replained in fields:
                value = row[key]
                if value is None:
                    out.append(head + "null")
                elif type(value) is str:
                    out.append(head + quote(value))
                else:
                    out.append(head + encode(plain(value) if replained else value))
            out.append("}")
            return "".join(out)

        _WRITERS[kind] = write
    return _WRITERS[kind]


_SHAPES: dict[str, RowShape] = {}


def row_shape(kind: str) -> RowShape:
    if kind not in _SHAPES:
        _SHAPES[kind] = RowShape(kind)
    return _SHAPES[kind]


# An id as packages write it (str(UUID)): checked and turned into its stored form without
# building a UUID object (the other spellings uuid.UUID accepts take the slow way).
_CANONICAL_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def id_hex(value: Any) -> str:
    """A record id in any form ``uuid.UUID(str(value))`` accepts, as 32 lowercase hex digits
    (the form SQLite stores). Raises ValueError for anything else."""
    if type(value) is str and len(value) == 36 and _CANONICAL_ID.fullmatch(value):
        return value.replace("-", "")
    return uuid.UUID(str(value)).hex


def id_hex_or_none(value: Any) -> str | None:
    """``id_hex``, or None for a value that is not an id."""
    if type(value) is str and len(value) == 36 and _CANONICAL_ID.fullmatch(value):
        return value.replace("-", "")
    try:
        return uuid.UUID(str(value)).hex
    except ValueError:
        return None


def is_id(value: Any) -> bool:
    if type(value) is str and len(value) == 36 and _CANONICAL_ID.fullmatch(value):
        return True
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def existing_ids(session: Session, kind: str, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    model = SYNCED_MODELS[kind]
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), 500):
        found.update(session.scalars(select(model.id).where(model.id.in_(ids[start:start + 500]))))
    return found


def existing_hex(session: Session, kind: str, keys: list[str]) -> set[str]:
    """Which of these ids (``id_hex`` form) a record of ``kind`` already has, as hex."""
    connection = session.connection()
    table = SYNCED_MODELS[kind].__table__.name
    if connection.dialect.name == "postgresql":          # one array, written as text, not 500 parameters
        found_ids = connection.execute(text(f"SELECT id FROM {table} WHERE id = ANY(CAST(:ids AS uuid[]))"),
                                       {"ids": "{" + ",".join(keys) + "}"}).scalars()
        return {i.hex for i in found_ids}
    if connection.dialect.name != "sqlite":
        return {i.hex for i in existing_ids(session, kind, [uuid.UUID(hex=k) for k in keys])}
    raw = connection.connection.driver_connection
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        found.update(r[0] for r in raw.execute(
            f"SELECT id FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
    return found


def sqlite_time(value: datetime) -> str:
    """A datetime as SQLAlchemy stores it on SQLite (and as the chain hashes it)."""
    return _SQLITE_DATETIME % (value.year, value.month, value.day, value.hour, value.minute, value.second,
                               value.microsecond)


_SQLITE_DATETIME = "%04d-%02d-%02d %02d:%02d:%02d.%06d"
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?")


def iso_to_sqlite(value: str) -> str | None:
    """``isoformat()`` text of a naive datetime, as SQLite stores it; None for anything else."""
    if _ISO_TIME.fullmatch(value):
        return f"{value[:10]} {value[11:19]}{value[19:] or '.000000'}"
    return None


def insert_stored(session: Session, kind: str, rows: list[dict[str, Any]]) -> None:
    """New records of ``kind``, as dicts of column values, every column present: the
    metadata columns (id, times, site, user, revision, stamp) in their stored form
    (SQLite's text, which PostgreSQL reads too), the others as Python values. Their
    change-log rows are for ``append_log``.

    SQLite: multi-row INSERTs of up to 1,000 rows: the full-text triggers then fire
    inside one statement per 1,000 rows, and FTS5, which flushes its pending index at
    every statement savepoint, writes one segment per statement instead of one per row (a
    third of the time). PostgreSQL: COPY (one round trip, where an executemany costs one
    per row). Raises ChangeFailed when the database refuses a row (the caller's savepoint
    undoes the batch)."""
    session.flush()
    connection = session.connection()
    raw = connection.connection.driver_connection
    table = SYNCED_MODELS[kind].__table__
    if connection.dialect.name == "sqlite":
        try:
            _insert_many(raw, table, _stored_values(table, rows), per_statement=1000)
        except sqlite3.Error as error:
            raise ChangeFailed(str(error)) from None
        return
    from psycopg import Error as PgError

    pick = itemgetter(*[c.key for c in table.columns])
    try:
        _copy(raw, table, [pick(row) for row in rows])
    except PgError as error:
        if must_retry(error):
            raise
        raise ChangeFailed(str(error)) from None


def append_log(session: Session, logs: list[tuple]) -> None:
    """Change-log rows, sealed into the chain here, in list order: (kind, record id, op,
    base revision, revision, stamp, site, user, changed at, changes text, note) in stored
    form (the hash covers that text; PostgreSQL's json column keeps it as it is). On
    PostgreSQL this takes the chain's lock until the transaction ends (``tail``): an
    import appends its rows last, right before its commit, so that the lock is held for
    no longer than that."""
    from desktop.db.chain import link_suffixes, seal_suffixes, seal_tuples, tail

    if not logs:
        return
    session.flush()
    connection = session.connection()
    raw = connection.connection.driver_connection
    if connection.dialect.name == "sqlite":
        sealed, _tail = seal_tuples(tail(session), logs)
        try:
            _insert_many(raw, ChangeLog.__table__, sealed, per_statement=1)
        except sqlite3.Error as error:
            raise ChangeFailed(str(error)) from None
        return
    # everything but the seqs and hashes prepared before the lock: the COPY text of each
    # row and what its link hashes after the seq
    suffixes = link_suffixes(logs)
    middles = ["\t".join([_copy_text(v) for v in log]) for log in logs]
    hashes, (last, _hash) = seal_suffixes(tail(session), suffixes)
    first = last - len(logs) + 1
    data = "".join([f"{first + i}\t{middle}\t{digest}\n" for i, (middle, digest) in enumerate(zip(middles, hashes))])
    columns = ", ".join(c.key for c in ChangeLog.__table__.columns)
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY change_log ({columns}) FROM STDIN") as copy:
            copy.write(data.encode("utf-8"))


def _copy_text(value: Any) -> str:
    """A value in COPY's text format (the columns of change_log: text, integers, NULL)."""
    if value is None:
        return "\\N"
    if type(value) is not str:
        return str(int(value)) if type(value) in (int, bool) else str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _copy(raw: Any, table: Any, values: list[tuple]) -> None:
    """PostgreSQL: rows (tuples in the table's column order) through COPY."""
    if not values:
        return
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY {table.name} ({', '.join(c.key for c in table.columns)}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)


_STORERS: dict[str, list[tuple[str, Any]]] = {}


def _storers(table: Any) -> list[tuple[str, Any]]:
    """(column, value -> stored value) for the data columns whose Python values SQLite
    does not take as they are; text already in stored form passes through."""
    if table.name not in _STORERS:
        from sqlalchemy.dialects import sqlite

        dialect = sqlite.dialect()
        out = []
        for column in table.columns:
            if column.key in SyncedRecord.META_FIELDS:       # stored form already
                continue
            python_type = _python_type(column)
            if python_type is uuid.UUID:
                out.append((column.key, _uuid_stored))
            elif python_type is datetime:
                out.append((column.key, _datetime_stored))
            elif python_type is not str:
                process = column.type._cached_bind_processor(dialect)
                if process is not None:
                    out.append((column.key, process))
        _STORERS[table.name] = out
    return _STORERS[table.name]


def _uuid_stored(value: Any) -> str:
    return value if type(value) is str else value.hex


def _datetime_stored(value: Any) -> str:
    return value if type(value) is str else sqlite_time(value)


def _stored_values(table: Any, rows: list[dict[str, Any]]) -> list[tuple]:
    storers = _storers(table)
    pick = itemgetter(*[c.key for c in table.columns])
    out = []
    for row in rows:
        for key, store in storers:
            value = row[key]
            if value is not None and type(value) is not str:
                row[key] = store(value)
        out.append(pick(row))
    return out


def _insert_many(raw: Any, table: Any, values: list[tuple], per_statement: int) -> None:
    """Rows (tuples of stored values, in the table's column order) into ``table`` through
    the DBAPI connection, ``per_statement`` rows per INSERT."""
    if not values:
        return
    names = [c.key for c in table.columns]
    width = len(names)
    limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per_statement = max(1, min(per_statement, limit // width))
    one = "(" + ", ".join("?" * width) + ")"
    head = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES "
    cursor = raw.cursor()
    try:
        if per_statement == 1:
            cursor.executemany(head + one, values)
            return
        for start in range(0, len(values), per_statement):
            chunk = values[start:start + per_statement]
            cursor.execute(head + ", ".join([one] * len(chunk)), [v for params in chunk for v in params])
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


def window_values(session: Session, kind: str, after: int, record_ids: list[Any] | None = None,
                  ) -> dict[str, tuple[dict[str, Any], bool, str | None]]:
    """The records of ``kind`` with a logged change after ``after`` (or just those of
    ``record_ids``, ids as stored), in one query (per 500 ids):
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
    base = select(*columns, type_coerce(table.c.deleted_at, String), type_coerce(table.c.created_at, String),
                  type_coerce(table.c.id, String))
    if record_ids is None:
        window = select(ChangeLog.record_id).where(ChangeLog.seq > after, ChangeLog.kind == kind)
        statements = [base.where(table.c.id.in_(window))]
    else:
        ids = [i if isinstance(i, uuid.UUID) else uuid.UUID(str(i)) for i in record_ids]
        statements = [base.where(table.c.id.in_(ids[start:start + 500])) for start in range(0, len(ids), 500)]
    rows = [row for stmt in statements for row in session.connection().execute(stmt).fetchall()]
    found: dict[str, tuple[dict[str, Any], bool, str | None]] = {}
    n = len(fields)
    for row in rows:
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


def stored_date(value: Any) -> Any:
    return date.fromisoformat(value).isoformat() if isinstance(value, str) else plain(value)


def stored_time(value: Any) -> Any:
    return time.fromisoformat(value).isoformat() if isinstance(value, str) else plain(value)


# stored form -> plain form, for the types whose stored text is not already the plain one
_FROM_STORED: dict[type, Any] = {uuid.UUID: uuid_text, datetime: iso, date: stored_date, time: stored_time}


# -- export on SQLite: the lines written by SQL -------------------------------------------
#
# For a record changed once since the peer's acknowledgement, the line of that change is
# the change-log row and the record as it stands, which SQLite turns into the JSON line
# itself (json_quote and json_object escape exactly as the json module with
# ensure_ascii=False, which ``export_sql_matches_python`` checks on the running SQLite).
# The stored forms (ids in hex, "YYYY-MM-DD HH:MM:SS.ffffff" times) become the plain forms
# (str(UUID), isoformat) in SQL; any value not in the stored form SQLAlchemy writes goes
# through the Python function the export registers (``EXPORT_FUNCTIONS``), as do national
# IDs (unsealed), origins kept in notes, and changes whose JSON is not plainly the
# canonical text. What this cannot write (records changed more than once, kinds with other
# column types) the export writes in Python from ``log_rows_left``.

SHIPPED_HEX = "0" * 32
EXPORT_FUNCTIONS = ("govlab_uuid", "govlab_iso", "govlab_date", "govlab_time", "govlab_unseal", "govlab_origin",
                    "govlab_changes")
_HEX32 = "typeof({x}) = 'text' AND length(CAST({x} AS BLOB)) = 32"
_DATETIME_GLOB = ("'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]"
                  ".[0-9][0-9][0-9][0-9][0-9][0-9]'")
_DATE_GLOB = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
_TIME_GLOB = "'[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]'"
_SQL_TYPES = (str, int, uuid.UUID, datetime, date, time)


def _uuid_value(x: str) -> str:
    """SQL: a stored id as str(UUID) (``uuid_text``: 32 characters, here all ASCII, are
    cut into groups and lower-cased; anything else goes to Python); NULL stays NULL."""
    return (f"CASE WHEN {x} IS NULL THEN NULL WHEN {_HEX32.format(x=x)} THEN lower(substr({x}, 1, 8) || '-' || "
            f"substr({x}, 9, 4) || '-' || substr({x}, 13, 4) || '-' || substr({x}, 17, 4) || '-' || "
            f"substr({x}, 21)) ELSE govlab_uuid({x}) END")


def _iso_value(x: str) -> str:
    """SQL: a stored datetime as ``iso`` writes it (isoformat: a T, no zero microseconds)."""
    return (f"CASE WHEN {x} IS NULL THEN NULL WHEN {x} GLOB {_DATETIME_GLOB} THEN replace(CASE WHEN "
            f"substr({x}, 20) = '.000000' THEN substr({x}, 1, 19) ELSE {x} END, ' ', 'T') ELSE govlab_iso({x}) END")


def _date_value(x: str) -> str:
    return f"CASE WHEN {x} IS NULL THEN NULL WHEN {x} GLOB {_DATE_GLOB} THEN {x} ELSE govlab_date({x}) END"


def _time_value(x: str) -> str:
    return (f"CASE WHEN {x} IS NULL THEN NULL WHEN {x} GLOB {_TIME_GLOB} THEN substr({x}, 1, 8) || "
            f"CASE WHEN substr({x}, 9) = '.000000' THEN '' ELSE substr({x}, 9) END ELSE govlab_time({x}) END")


def export_kinds() -> list[str]:
    """The kinds whose lines SQL writes: every column text, integer, id, date or time."""
    out = []
    for kind, model in SYNCED_MODELS.items():
        if all(_python_type(c) in _SQL_TYPES for c in model.__table__.columns):
            out.append(kind)
    return out


_EXPORT_SQL: dict[str, str] = {}


def _export_sql(kind: str) -> str:
    """The SELECT of (seq, line as UTF-8 bytes, sha256 of an attachment) for ``kind``."""
    import json as _json

    if kind in _EXPORT_SQL:
        return _EXPORT_SQL[kind]
    model = SYNCED_MODELS[kind]
    table = model.__table__
    fields = data_columns(model)
    sealing = "national_id_sealed" in fields
    pairs = []
    for f in fields:
        if sealing and f in ("national_id_sealed", "national_id_digest", "national_id_tail"):
            continue
        column, x = table.c[f], f"t.{f}"
        python_type = _python_type(column)
        value = {uuid.UUID: _uuid_value, datetime: _iso_value, date: _date_value,
                 time: _time_value}.get(python_type, lambda x: x)(x)
        pairs.append(f"'{f}', {value}")
    if sealing:
        pairs.append("'national_id', CASE WHEN coalesce(t.national_id_sealed, '') = '' THEN NULL "
                     "ELSE govlab_unseal(t.national_id_sealed) END")
    changes = ("CASE WHEN l.changes GLOB '{*}' AND instr(l.changes, '\\') = 0 "
               "AND instr(l.changes, '\"national_id_') = 0 THEN l.changes ELSE govlab_changes(l.op, l.changes) END")
    # one printf, not a chain of ||, which would copy the growing line at every step
    quoted_kind = _json.dumps(kind).replace("'", "''").replace("%", "%%")      # the query is for this kind only
    line = ("printf('{\"seq\":%d,\"kind\":" + quoted_kind + ",\"record_id\":%s,\"op\":%s,\"base_revision\":%d,"
            "\"revision\":%d,"
            "\"stamp\":%s,\"site_id\":%s,\"changed_by\":%s,\"origin\":%s,\"changed_at\":%s,\"record\":%s,"
            "\"deleted\":%s,\"created_at\":%s%s}', "
            f"l.seq, json_quote({_uuid_value('l.record_id')}), json_quote(l.op), "
            "CAST(l.base_revision AS INTEGER), CAST(l.revision AS INTEGER), json_quote(l.stamp), s.quoted, "
            "json_quote(l.changed_by), CASE WHEN l.note IS NULL OR instr(l.note, ' origin:') = 0 "
            "THEN printf('[%s,%s]', json_quote(l.stamp), s.quoted) ELSE govlab_origin(l.stamp, s.txt, l.note) END, "
            f"json_quote({_iso_value('l.changed_at')}), "
            f"CASE WHEN t.id IS NULL THEN '{{}}' ELSE json_object({', '.join(pairs)}) END, "
            "CASE WHEN t.deleted_at IS NULL THEN 'false' ELSE 'true' END, "
            f"json_quote({_iso_value('t.created_at')}), "
            f"CASE WHEN l.op = 'create' AND t.id IS NOT NULL THEN '' ELSE ',\"changes\":' || {changes} END)")
    sha = "t.sha256" if "sha256" in table.c else "NULL"
    # s: the sites of the window as text (and quoted), computed once each in Python
    # a record no longer there is written as the Python path writes it: {} as its record, its changes
    sql = (f"SELECT l.seq, CAST({line} AS BLOB), {sha} FROM change_log l LEFT JOIN {table.name} t "
           "ON t.id = l.record_id "
           "JOIN temp.govlab_export_site s ON s.stored = l.site_id "
           "WHERE l.seq > :lo AND l.seq <= :hi AND l.kind = :kind AND (l.changed_by IS NULL OR l.changed_by <> :skip) "
           "AND s.txt <> :shipped AND l.record_id NOT IN (SELECT value FROM json_each(:multi)) ORDER BY l.seq")
    _EXPORT_SQL[kind] = sql
    return sql


def _export_block_sql(kind: str) -> str:
    sql = _export_sql(kind).replace("SELECT l.seq, CAST(", "SELECT CAST(", 1)
    head, _, tail = sql.partition(" AS BLOB), NULL FROM ")
    return f"SELECT CAST(group_concat(line, char(10)) AS BLOB), count(*) FROM ({head} AS TEXT) AS line FROM {tail})"


def touched_more_than_once(session: Session, after: int) -> list[str]:
    """SQLite: the stored ids of the records with more than one logged change after ``after``."""
    return [r[0] for r in session.connection().exec_driver_sql(
        "SELECT record_id FROM change_log WHERE seq > ? GROUP BY record_id HAVING count(*) > 1", (after,))]


def raw_connection(session: Session) -> Any:
    """The DBAPI connection (sqlite3) of this session's transaction."""
    return session.connection().connection.driver_connection


def export_plan(session: Session, after: int) -> tuple[list[str], list[Any], int]:
    """SQLite: the kinds and the sites (as stored) with a change after ``after``, and the
    last seq, in this session's read transaction."""
    connection = session.connection()
    kinds, sites = set(), set()
    for kind, site in connection.exec_driver_sql(
            "SELECT kind, site_id FROM change_log WHERE seq > ? GROUP BY kind, site_id", (after,)).fetchall():
        kinds.add(kind)
        sites.add(site)
    return sorted(kinds), sorted(sites, key=str), max_seq(session)


class ExportReader:
    """SQLite: the lines SQL writes (``_export_sql``) for the changes in a range of seqs
    of ``kinds`` whose record has no other change after the peer's acknowledgement
    (``multi`` lists those that do), but the ones made by ``skip_user`` or at the shipped
    site, through one connection (``raw``, sqlite3) in a read transaction. ``functions``
    are the Python fallbacks named in EXPORT_FUNCTIONS; ``sites`` the sites of the window
    as stored (their text is computed once each, into a temporary table of this
    connection: the read transaction leaves the database itself untouched)."""

    def __init__(self, raw: Any, kinds: list[str], sites: list[Any], skip_user: str, multi: list[str],
                 functions: dict[str, Any]) -> None:
        import json as _json

        self.raw, self.kinds = raw, kinds
        for name in EXPORT_FUNCTIONS:
            fn = functions[name]
            raw.create_function(name, fn.__code__.co_argcount, fn, deterministic=True)
        rows = []
        for site in sites:
            site_text = functions["govlab_uuid"](site)
            rows.append((site, site_text, _json.dumps(site_text, ensure_ascii=False)))
        raw.execute("CREATE TEMP TABLE IF NOT EXISTS govlab_export_site (stored PRIMARY KEY, txt TEXT, quoted TEXT) "
                    "WITHOUT ROWID")
        raw.execute("DELETE FROM temp.govlab_export_site")
        raw.executemany("INSERT OR IGNORE INTO temp.govlab_export_site VALUES (?, ?, ?)", rows)
        self.params = {"skip": skip_user, "shipped": uuid_text(SHIPPED_HEX), "multi": _json.dumps(multi)}

    def joinable(self, kind: str) -> bool:
        """Whether ``block`` serves ``kind`` (not a kind with files, whose hashes are needed)."""
        return "sha256" not in SYNCED_MODELS[kind].__table__.c

    def block(self, kind: str, lo: int, hi: int) -> tuple[bytes, int]:
        """The lines of ``kind`` with lo < seq <= hi as one block, joined by newlines (none
        after the last), and how many: what ``rows`` gives, joined by SQLite (group_concat, fed in the
        subquery's seq order), without a Python object per line (see ``joinable``)."""
        block, count = self.raw.execute(_export_block_sql(kind), dict(self.params, kind=kind, lo=lo, hi=hi)).fetchone()
        return (block, count) if count else (b"", 0)

    def rows(self, lo: int, hi: int) -> list[list[tuple[int, bytes, str | None]]]:
        """For each kind, its (seq, line, attachment sha256) with lo < seq <= hi, in seq order."""
        out = []
        for kind in self.kinds:
            out.append(self.raw.execute(_export_sql(kind), dict(self.params, kind=kind, lo=lo, hi=hi)).fetchall())
        return out

    def close(self) -> None:
        self.raw.execute("DELETE FROM temp.govlab_export_site")


def log_rows_left(session: Session, after: int, kinds: list[str], multi: list[str]) -> list[tuple]:
    """SQLite: the change-log rows (as ``log_rows_after``) that ``ExportReader`` leaves out
    but the export must still consider: every change after ``after`` of a record changed
    more than once since, or of a kind not in ``kinds``."""
    import json as _json

    listed = ", ".join(f"'{k}'" for k in kinds) or "''"
    sql = (f"SELECT {_LOG_COLUMNS} FROM change_log WHERE seq > :after AND (kind NOT IN ({listed}) "
           f"OR record_id IN (SELECT value FROM json_each(:multi))) ORDER BY seq")
    return session.connection().execute(text(sql), {"after": after, "multi": _json.dumps(multi)}).fetchall()


def export_sql_matches_python(session: Session) -> bool:
    """Whether this SQLite escapes JSON text exactly as the json module does (the lines
    SQL writes must be the bytes the Python path writes)."""
    global _SQL_JSON_OK
    if _SQL_JSON_OK is None:
        import json as _json

        encode = _json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        samples = ["".join(map(chr, range(0, 0x80))), "ก่ข้\u2028\u2029\ufeff\U0001F600\x7f\x80", "", 'a"b\\c/']
        raw = session.connection().connection.driver_connection
        try:
            _SQL_JSON_OK = all(raw.execute("SELECT json_quote(?), json_object('k', ?, 'n', 5, 'z', NULL)",
                                           (text_, text_)).fetchone() == (encode(text_),
                                                                          encode({"k": text_, "n": 5, "z": None}))
                               for text_ in samples)
        except sqlite3.Error:
            _SQL_JSON_OK = False
    return _SQL_JSON_OK


_SQL_JSON_OK: bool | None = None


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


# deadlock detected, serialization failure: the transaction is to be run again, not a
# change the database refused
RETRY_STATES = frozenset({"40P01", "40001"})


def must_retry(error: BaseException) -> bool:
    """Whether a database error means "run the whole transaction again" (PostgreSQL)."""
    orig = getattr(error, "orig", error)
    return getattr(orig, "sqlstate", None) in RETRY_STATES


# -- several import workers at once (PostgreSQL) ------------------------------------------

IMPORT_LOCK = 0x676C_696D_706F_7274          # shared by small imports, exclusive for large ones
SENDER_LOCKS = 0x676C_7364                   # the first key of a sender's (two-key) lock
MAX_RECORD_LOCKS = 1000


def _record_lock(key: str) -> int:
    value = int(key[16:], 16)                 # the random half of the id
    return value - (1 << 64) if value >= 1 << 63 else value


def lock_import(session: Session, sender: uuid.UUID, record_keys: Iterable[str]) -> None:
    """PostgreSQL, where several workers may import at once: lock, until the transaction
    ends, the sender (its packages one at a time: received ranges, acknowledgements) and
    every record the package names, whether it exists yet or not, so that a worker reads
    a record only after any other worker's changes to it are committed (no lost update,
    no two creates of one record). Locks are taken in one order (sender, then records by
    key, then the change log's chain at the end), so workers never wait on each other in
    a circle. A package naming more than MAX_RECORD_LOCKS records locks out every other
    import instead. Nothing to do on SQLite, which has one writer at a time."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    connection.execute(text("SELECT pg_advisory_xact_lock(:space, :key)"),
                       {"space": SENDER_LOCKS, "key": int(sender.hex[-8:], 16) - (1 << 31)})
    keys = sorted({_record_lock(k) for k in record_keys})
    if len(keys) > MAX_RECORD_LOCKS:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})
        return
    connection.execute(text("SELECT pg_advisory_xact_lock_shared(:key)"), {"key": IMPORT_LOCK})
    if keys:
        connection.execute(text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k"),
                           {"keys": "{" + ",".join(map(str, keys)) + "}"}).fetchall()


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
                if must_retry(error):
                    raise
                raise ChangeFailed(str(getattr(error, "orig", error))) from None
        self.nested.rollback()
        if isinstance(exc, SQLAlchemyError) and not must_retry(exc):
            raise ChangeFailed(str(getattr(exc, "orig", exc))) from None
        return False


def flush(session: Session) -> None:
    session.flush()


def all_records(session: Session, kind: str) -> list[SyncedRecord]:
    model = SYNCED_MODELS[kind]
    return list(session.scalars(select(model).order_by(model.id)))
