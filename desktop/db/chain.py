"""The tamper-evident chain over the change log and the audit events.

Each entry's ``entry_hash`` is SHA-256 over the previous entry's hash followed by the
entry's canonical JSON: ``{"h":[seq, kind, record id, op, base revision, revision, stamp,
site, user, changed at, note],"c":<changes as stored>}``. The changes are hashed as the
JSON text the database stores (the engine's serializer: Thai kept, no spaces), so the
bulk paths hash the text they insert and the check hashes the text it reads, without
parsing either. Ids are 32 hex digits, times ``YYYY-MM-DD HH:MM:SS.ffffff``: the forms
SQLite stores. Editing, inserting or deleting any entry breaks every later link.

Format "chain/1": never change it; a new format needs a new name and a marker row."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime
from hashlib import sha256
from json.encoder import encode_basestring as _quote
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

GENESIS = "0" * 64
FORMAT = "chain/1"


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json(value: Any) -> str:
    return _ENCODE(value)              # json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _hex(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is uuid.UUID:
        return value.hex
    value = str(value)
    return value if len(value) == 32 else uuid.UUID(value).hex


def _when(value: Any) -> str | None:
    if isinstance(value, datetime):
        if value.tzinfo is None and value.year >= 1000:
            return value.isoformat(" ", "microseconds")      # what strftime below writes, faster
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return None if value is None else str(value)


def changes_text(value: Any) -> str:
    return value if isinstance(value, str) else _json(value)


def _item(value: Any) -> str:
    """One header item exactly as ``_json`` writes it inside a list (the common types
    without building a list and calling the encoder for each entry)."""
    kind = type(value)
    if kind is str:
        return _quote(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    return _json(value)


def link(prev: str, seq: int, kind: str, record_id: Any, op: str, base_revision: int, revision: int,
         stamp: str, site_id: Any, changed_by: str, changed_at: Any, changes: Any, note: str | None) -> str:
    # the same bytes as _json([...]) over the header list (tests/trust checks both ways)
    header = ",".join((int.__repr__(int(seq)), _item(kind), _item(_hex(record_id)), _item(op),
                       int.__repr__(int(base_revision)), int.__repr__(int(revision)), _item(stamp),
                       _item(_hex(site_id)), _item(changed_by), _item(_when(changed_at)), _item(note)))
    body = '{"h":[' + header + '],"c":' + changes_text(changes) + "}"
    return sha256((prev + body).encode("utf-8")).hexdigest()


def event_link(prev: str, seq: int, at: Any, actor: str, action: str, target: str | None,
               detail: Any) -> str:
    body = _json({"h": [int(seq), _when(at), actor, action, target], "d": detail if not isinstance(detail, str)
                  else json.loads(detail)})
    return hashlib.sha256((prev + body).encode("utf-8")).hexdigest()


# PostgreSQL: the advisory lock a transaction holds, from reading a chain's tail until
# it ends, so that two writers (headquarters' import workers, a person editing) never
# read the same tail: the second waits for the first's commit and links to its last entry.
CHAIN_LOCKS = {"change_log": 0x676C_6368_6169_6E31, "audit_event": 0x676C_6175_6469_7431}


def tail(session: Session, table: str = "change_log") -> tuple[int, str]:
    """The last seq and its hash inside this transaction (GENESIS for an empty chain).
    On PostgreSQL it first takes the chain's lock, held until the transaction ends."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        key = CHAIN_LOCKS.get(table) or int.from_bytes(sha256(table.encode()).digest()[:8], "big", signed=True)
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    row = connection.execute(
        text(f"SELECT seq, entry_hash FROM {table} ORDER BY seq DESC LIMIT 1")).first()
    if row is None:
        return 0, GENESIS
    return int(row[0]), row[1] or GENESIS


def seal_dicts(session: Session, logs: list[dict[str, Any]]) -> None:
    """Give change-log rows about to be inserted their seq and hash, in list order."""
    if not logs:
        return
    seq, prev = tail(session)
    for log in logs:
        seq += 1
        log["seq"] = seq
        prev = log["entry_hash"] = link(
            prev, seq, log["kind"], log["record_id"], log["op"], log["base_revision"], log["revision"],
            log["stamp"], log["site_id"], log["changed_by"], log["changed_at"], log["changes"], log.get("note"))


def seal_tuples(last: tuple[int, str], logs: list[tuple]) -> tuple[list[tuple], tuple[int, str]]:
    """Raw rows (kind, record id, op, base, revision, stamp, site, user, at, changes text,
    note) -> the same rows with seq first and the hash last, and the new tail. The same
    hashes as ``link`` (the header items that repeat from row to row are quoted once)."""
    seq, prev = last
    out = []
    append = out.append
    quoted: dict[Any, str] = {}
    for log in logs:
        kind, record_id, op, base, revision, stamp, site, user, at, changes, note = log
        seq += 1
        rid = record_id if type(record_id) is str and len(record_id) == 32 else _hex(record_id)
        repeated = (kind, op, site, user, at)
        head = quoted.get(repeated)
        if head is None:
            if len(quoted) > 64:
                quoted.clear()
            head = quoted[repeated] = (_item(kind), _item(op), _item(_hex(site)), _item(user), _item(_when(at)))
        body = (f'{{"h":[{int(seq)},{head[0]},{_item(rid)},{head[1]},{int(base)},{int(revision)},{_item(stamp)},'
                f'{head[2]},{head[3]},{head[4]},{_item(note)}],"c":{changes_text(changes)}}}')
        prev = sha256((prev + body).encode("utf-8")).hexdigest()
        append((seq, *log, prev))
    return out, (seq, prev)


def link_suffixes(logs: list[tuple]) -> list[bytes]:
    """For raw rows as ``seal_tuples`` takes them, what each link hashes after the previous
    hash and ``{"h":[<seq>``, as UTF-8: with ``seal_suffixes`` the same hashes as ``link``,
    the rows' part prepared before their seqs are known (outside a lock on the chain)."""
    out = []
    for kind, record_id, op, base, revision, stamp, site, user, at, changes, note in logs:
        rid = record_id if type(record_id) is str and len(record_id) == 32 else _hex(record_id)
        out.append((f',{_item(kind)},{_item(rid)},{_item(op)},{int(base)},{int(revision)},{_item(stamp)},'
                    f'{_item(_hex(site))},{_item(user)},{_item(_when(at))},{_item(note)}],"c":'
                    f'{changes_text(changes)}}}').encode("utf-8"))
    return out


def seal_suffixes(last: tuple[int, str], suffixes: list[bytes]) -> tuple[list[str], tuple[int, str]]:
    """The hashes of rows prepared by ``link_suffixes``, chained after ``last``, and the new tail."""
    seq, prev = last
    hashes = []
    append = hashes.append
    for suffix in suffixes:
        seq += 1
        prev = sha256(b"".join((prev.encode("ascii"), b'{"h":[', str(seq).encode("ascii"), suffix))).hexdigest()
        append(prev)
    return hashes, (seq, prev)


def seal_new_objects(session: Session, objects: Iterable[Any]) -> None:
    """Seal ChangeLog objects the flush is about to insert."""
    objects = [o for o in objects if o.entry_hash is None]
    if not objects:
        return
    seq, prev = tail(session)
    for obj in objects:
        seq += 1
        obj.seq = seq
        prev = obj.entry_hash = link(prev, seq, obj.kind, obj.record_id, obj.op, obj.base_revision, obj.revision,
                                     obj.stamp, obj.site_id, obj.changed_by, obj.changed_at, obj.changes, obj.note)


_LOG_SQL = ("SELECT seq, kind, record_id, op, base_revision, revision, stamp, site_id, changed_by, "
            "changed_at, changes, note, entry_hash FROM change_log WHERE seq > :after ORDER BY seq")
_EVENT_SQL = ("SELECT seq, at, actor, action, target, detail, entry_hash FROM audit_event "
              "WHERE seq > :after ORDER BY seq")


def _rows(connection: Any, sql: str, batch: int = 20_000) -> Iterator[tuple]:
    after = 0
    while True:
        rows = connection.execute(text(sql + f" LIMIT {batch}"), {"after": after}).fetchall()
        if not rows:
            return
        yield from rows
        after = rows[-1][0]


def verify(connection: Any) -> dict[str, Any]:
    """Walk both chains. Returns counts and the first broken seq of each (None if intact)."""
    return {"change_log": _walk(_rows(connection, _LOG_SQL), link, 12),
            "audit_event": _walk(_rows(connection, _EVENT_SQL), event_link, 6)}


def _walk(rows: Any, link_of: Any, width: int) -> dict[str, Any]:
    """Recompute each row's hash from the one before: row[:width] are the linked fields,
    row[width] the stored hash, row[0] the seq."""
    prev, count = GENESIS, 0
    for row in rows:
        count += 1
        if row[width] != link_of(prev, *row[:width]):
            return {"entries": count, "broken_seq": row[0]}
        prev = row[width]
    return {"entries": count, "broken_seq": None}
