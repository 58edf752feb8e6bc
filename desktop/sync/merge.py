"""Applying a checked package's changes inside the import transaction: field-by-field
three-way merge, the same winner on every site, conflicts kept, new records in bulk.
The rules are described in desktop.sync.exchange, which calls ``Merger``."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from desktop.core.clock import format_stamp, parse_stamp
from desktop.core.text import N_
from desktop.db import sync_store
from desktop.db.database import Database
from desktop.db.tracking import plain, utcnow
from desktop.sync import exchange
from desktop.sync.exchange import (
    DELETED, OPS, ORIGIN_MARK, Derive, gaps_of, incoming_origin, origin_note, origin_of,
)
from desktop.sync.report import ConflictNote, ImportReport, Rejected

class Merger:
    def __init__(self, db: Database, session: Any, report: ImportReport, sender: uuid.UUID,
                 package_id: uuid.UUID, derive: Derive) -> None:
        self.db, self.s, self.report = db, session, report
        self.sender, self.package_id, self.derive = sender, package_id, derive
        self.protector = db.protector
        self.current_seq = 0
        self.conflict_seq: dict[uuid.UUID, int] = {}     # conflicts raised by this package
        self.writer = session.info["writer"]
        self.base_note = self.writer.note
        # the change-log rows of records created in bulk, appended to the log (and sealed
        # into its chain) before a change that goes the one-by-one way (whose own rows the
        # flush appends), so the log keeps the order of application, and at the end. On
        # PostgreSQL they wait for the end of the transaction (appending takes the chain's
        # lock until the commit, which other import workers wait for); on SQLite, the one
        # writer, after each batch (less to hold in memory)
        self.pending_log: list[tuple] = []
        self.defer_log = session.connection().dialect.name != "sqlite"

    # values as the package speaks them (national IDs in the clear)
    def get(self, obj: Any, field: str) -> Any:
        if field == "national_id":
            return self.protector.unseal(obj.national_id_sealed) if obj.national_id_sealed else None
        return plain(getattr(obj, field))

    def put(self, obj: Any, field: str, value: Any) -> None:
        if field == "national_id":
            if value is None:
                obj.national_id_sealed = obj.national_id_digest = obj.national_id_tail = None
            else:
                sealed = self.protector.seal(str(value))
                obj.national_id_sealed, obj.national_id_digest, obj.national_id_tail = (
                    sealed.sealed, sealed.digest, sealed.tail)
        else:
            sync_store.set_value(obj, field, value)

    def wrap(self, field: str, value: Any) -> dict[str, Any]:
        if field == "national_id" and value is not None:
            return {"sealed": self.protector.seal(str(value)).sealed}
        return {"v": value}

    def unwrap(self, wrapped: dict[str, Any] | None) -> Any:
        if not wrapped:
            return None
        if "sealed" in wrapped:
            return self.protector.unseal(wrapped["sealed"])
        return wrapped.get("v")

    def known_field(self, kind: str, field: str) -> bool:
        return field in sync_store.known_fields(kind)

    # -- the package --------------------------------------------------------------------
    def apply(self, changes: list[dict[str, Any]], manifest: dict[str, Any]) -> None:
        received = sync_store.received_ranges(self.s, self.sender)
        self.observe_stamps([manifest["created"]] + [c.get("stamp") for c in changes if type(c) is dict])
        self.rejected: set[int] = set()
        self.done = 0
        self.received = received
        ordered = order_changes(changes)
        i = 0
        while i < len(ordered):
            change = ordered[i]
            if type(change) is dict and change.get("op") == "create" and _known_kind(change.get("kind")):
                kind, j = change["kind"], i + 1
                while (j < len(ordered) and j - i < BULK_BATCH and type(ordered[j]) is dict
                       and ordered[j].get("op") == "create" and ordered[j].get("kind") == kind):
                    j += 1
                for slow in self.bulk_create([c for c in ordered[i:j] if self.admit(c)]):
                    self.one(slow)
                i = j
                continue
            if self.admit(change):
                self.one(change)
            i += 1
        rejected = self.rejected
        first = manifest["seq_from"]
        for seq in sorted(s for s in rejected if manifest["seq_from"] <= s <= manifest["seq_to"]):
            sync_store.add_received(self.s, self.sender, first, seq - 1, self.package_id)
            first = seq + 1
        sync_store.add_received(self.s, self.sender, first, manifest["seq_to"], self.package_id)
        self.writer.note = self.base_note
        sync_store.flush(self.s)
        self.report.gaps = gaps_of(sync_store.received_ranges(self.s, self.sender))

    def observe_stamps(self, stamps: list[Any]) -> None:
        """Far-future stamps are reported (each once, in package order) and not followed;
        the clock moves past the greatest of the others (what observing each one does)."""
        clock = self.db.clock
        greatest: tuple[int, int] | None = None
        limit = None
        for stamp in dict.fromkeys(s for s in stamps if type(s) is str):
            try:
                key = parse_stamp(stamp)
            except ValueError:
                continue
            if limit is None or key[0] > limit:
                # is_far_future asks the wall clock: only when this stamp might be past it
                if clock.is_far_future(stamp):
                    if stamp not in self.report.clock_warnings:
                        self.report.clock_warnings.append(stamp)
                    continue
                limit = key[0]
            if greatest is None or key > greatest:
                greatest = key
        if greatest is not None:
            clock.observe(format_stamp(*greatest))

    def append_log(self) -> None:
        """The bulk path's change-log rows not yet in the log (see ``pending_log``)."""
        if self.pending_log:
            logs, self.pending_log = self.pending_log, []
            sync_store.append_log(self.s, logs)

    def admit(self, change: Any) -> bool:
        """Whether a change is still to be applied: not received before, well formed."""
        seq = change.get("seq") if type(change) is dict else None
        if self.received and isinstance(seq, int) and any(a <= seq <= b for a, b in self.received):
            self.report.unchanged += 1
            return False
        problem = self.check(change)
        if problem:
            self.reject(change if isinstance(change, dict) else {}, *problem)
            if isinstance(seq, int):
                self.rejected.add(seq)
            return False
        return True

    def one(self, change: dict[str, Any]) -> None:
        """Apply one change under its own savepoint: a change the database refuses is
        rejected alone (and sent again), the rest of the package still applies."""
        seq = change["seq"]
        self.current_seq = seq
        self.append_log()
        self.writer.note = origin_note(self.base_note, *incoming_origin(change))
        try:
            with sync_store.savepoint(self.s):
                self.apply_one(change)
        except sync_store.ChangeFailed as error:
            self.reject(change, N_("the database refused it ({reason}); it will be sent again"),
                        {"reason": str(error)})
            self.rejected.add(seq)
        except (ValueError, TypeError, KeyError) as error:
            self.reject(change, N_("a value is not valid ({reason}); it will be sent again"),
                        {"reason": str(error)})
            self.rejected.add(seq)
        self.done += 1
        exchange.progress(self.done)

    def bulk_create(self, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Creates of records we do not hold yet, inserted in one statement per table (a
        large first package is almost only these), stamped and logged exactly as the
        change-log hook would. Returns the changes that need the one-by-one path: records
        we already hold, or a batch the database refused.

        Rows are built as plain values (on SQLite the id, times and site already in their
        stored form) and the change-log JSON from a template, not through ORM objects."""
        if not batch:
            return []
        kind = batch[0]["kind"]
        keys = [sync_store.id_hex(c["record_id"]) for c in batch]
        existing = sync_store.existing_hex(self.s, kind, keys)
        fast, slow, seen = [], [], set()
        for c, key in zip(batch, keys):
            if key in existing or key in seen:
                slow.append(c)
            else:
                seen.add(key)
                fast.append((c, key))
        if not fast:
            return slow
        shape = sync_store.row_shape(kind)
        empty, converters = shape.empty, shape.converters
        changes_json = sync_store.plain_json_writer(kind)
        context = self.writer
        # the id, times and site in their stored form (SQLite's; PostgreSQL reads them too)
        now_at, site_at = sync_store.sqlite_time(utcnow()), context.site_id.hex
        user, derive, session = context.user, self.derive, self.s
        protector, base_note = self.protector, self.base_note
        stamps = _stamps(context.clock, len(fast))
        rows, logs = [], []
        try:
            for (c, key), stamp in zip(fast, stamps):
                values = c["record"] or c["changes"]
                row = dict(empty)
                row.update(values)                        # the fields check() let through
                for field, convert in converters:
                    value = row[field]
                    if value is not None:
                        row[field] = convert(value)
                if "national_id" in row:                  # sealed with this site's key
                    digits = row.pop("national_id")
                    if digits is None:
                        row["national_id_sealed"] = row["national_id_digest"] = row["national_id_tail"] = None
                    else:
                        sealed = protector.seal(str(digits))
                        row["national_id_sealed"], row["national_id_digest"], row["national_id_tail"] = (
                            sealed.sealed, sealed.digest, sealed.tail)
                row["id"] = key
                derive(kind, _holder(row), session)
                created = c.get("created_at")
                row["created_at"] = _stored_when(created) if created else now_at
                row["updated_at"], row["site_id"], row["changed_by"] = now_at, site_at, user
                row["revision"], row["stamp"] = 1, stamp
                row["deleted_at"] = _stored_when(c.get("changed_at")) if c.get("deleted") else None
                origin = c.get("origin")
                if type(origin) is list and len(origin) == 2 and type(origin[0]) is str and type(origin[1]) is str:
                    note = f"{base_note or 'sync'}{ORIGIN_MARK}{origin[0]}@{origin[1]}"
                else:
                    note = origin_note(base_note, *incoming_origin(c))
                # the change log's JSON as plain() gives it, the text the chain hashes
                logs.append((kind, key, "create", 0, 1, stamp, site_at, user, now_at, changes_json(row), note))
                rows.append(row)
        except (ValueError, TypeError, KeyError):
            return [c for c, _key in fast] + slow           # the one-by-one path says which
        try:
            with sync_store.savepoint(self.s):
                sync_store.insert_stored(self.s, kind, rows)
                if not self.defer_log:
                    sync_store.append_log(self.s, logs)
        except sync_store.ChangeFailed:
            return [c for c, _key in fast] + slow
        if self.defer_log:
            self.pending_log.extend(logs)
        self.report.created += len(rows)
        self.done += len(rows)
        exchange.progress(self.done)
        return slow

    def reject(self, change: dict[str, Any], message: str, params: dict[str, Any] | None = None) -> None:
        self.report.rejected.append(Rejected(
            seq=change.get("seq") if isinstance(change.get("seq"), int) else None,
            kind=str(change.get("kind")), record_id=str(change.get("record_id")),
            message=message, params=params or {}))

    def check(self, c: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        if type(c) is not dict or not isinstance(c.get("seq"), int):
            return N_("it is malformed"), {}
        kind = c.get("kind")
        if not _known_kind(kind):
            return N_("this version does not know the record kind {kind}"), {"kind": str(c.get("kind"))}
        op = c.get("op")
        if op not in OPS:
            return N_("unknown operation {op}"), {"op": str(c.get("op"))}
        if not sync_store.is_id(c.get("record_id")):
            return N_("it is malformed"), {}
        changes, record = c.get("changes"), c.get("record")
        if not isinstance(changes, dict) or not isinstance(record, dict):
            return N_("it is malformed"), {}
        known = sync_store.known_fields(kind)
        if not known.issuperset(changes) or (changes is not record and not known.issuperset(record)):
            for fields in ((changes,) if changes is record else (changes, record)):
                for field in fields:
                    if not self.known_field(kind, field):
                        return N_("this version does not know the field {field}"), {"field": field}
        origin = c.get("origin")
        if origin is not None and not _good_origin(origin):
            return N_("it is malformed"), {}
        if op == "update":
            for pair in changes.values():
                if not isinstance(pair, list) or len(pair) != 2:
                    return N_("it is malformed"), {}
        return None

    # -- one change -----------------------------------------------------------------------
    def apply_one(self, c: dict[str, Any]) -> None:
        kind, record_id, op = c["kind"], uuid.UUID(c["record_id"]), c["op"]
        obj = sync_store.get_record(self.s, kind, record_id)
        if obj is None:
            self.insert(c, kind, record_id)
            return
        if op == "create":
            self.merge_create(c, obj)
        elif op == "update":
            if obj.deleted_at is not None:
                obj.deleted_at = None                          # an edit against our delete
                sync_store.flush(self.s)
                self.conflict(c, obj, DELETED, base="live", mine="deleted", theirs="live")
            self.merge_fields(c, obj)
        elif op == "delete":
            if obj.deleted_at is not None:
                self.report.unchanged += 1
                return
            differing = [f for f, v in c["record"].items() if self.get(obj, f) != v]
            if differing:
                self.conflict(c, obj, DELETED, base="live", mine="live", theirs="deleted")
            else:
                obj.deleted_at = _when(c.get("changed_at"))
                self.report.deleted += 1
                self.settle(obj, DELETED, "deleted")
        elif op == "restore":
            if obj.deleted_at is None:
                self.report.unchanged += 1
            else:
                obj.deleted_at = None
                sync_store.flush(self.s)
                self.report.updated += 1
                self.settle(obj, DELETED, "live")
            if c["changes"]:
                self.merge_fields(c, obj, count=False)

    def insert(self, c: dict[str, Any], kind: str, record_id: uuid.UUID) -> None:
        values = c["record"] or (c["changes"] if c["op"] == "create" else {})
        model_values = {k: v for k, v in values.items() if k != "national_id"}
        obj = sync_store.new_record(self.s, kind, record_id, model_values)
        if "national_id" in values:
            self.put(obj, "national_id", values["national_id"])
        if c.get("created_at"):
            obj.created_at = _when(c["created_at"])
        if c.get("deleted"):
            obj.deleted_at = _when(c.get("changed_at"))
        self.derive(kind, obj, self.s)
        self.report.created += 1

    def merge_create(self, c: dict[str, Any], obj: Any) -> None:
        values = c["record"] or c["changes"]
        differing = [f for f, v in values.items() if self.get(obj, f) != v]
        taken = 0
        for field in differing:
            local = self.get(obj, field)
            self.conflict(c, obj, field, base=None, mine=local, theirs=values[field])
            if self.theirs_win(c, obj, field):
                self.put(obj, field, values[field])
                taken += 1
        if taken:
            self.derive(c["kind"], obj, self.s)
        if not differing:
            self.report.unchanged += 1

    def field_origin(self, obj: Any, field: str) -> tuple[str, str]:
        """The origin of our current value of ``field``: the last logged change that wrote it."""
        logged = "national_id_sealed" if field == "national_id" else field
        for row in sync_store.history_of(self.s, obj.id):
            if logged in (row.changes or {}):
                return origin_of(row.stamp, row.site_id, row.note)
        return str(obj.stamp), str(obj.site_id)

    def theirs_win(self, c: dict[str, Any], obj: Any, field: str) -> bool:
        """Concurrent values of one field: every site keeps the one with the greater
        (stamp, site) origin as the current value; the other stays in the conflict row."""
        return incoming_origin(c) > self.field_origin(obj, field)

    def merge_fields(self, c: dict[str, Any], obj: Any, count: bool = True) -> None:
        taken = 0
        for field, (old, new) in c["changes"].items():
            local = self.get(obj, field)
            if local == new:
                self.settle(obj, field, new)
                continue
            if local == old:
                self.put(obj, field, new)
                taken += 1
                self.settle(obj, field, new)
            else:
                self.conflict(c, obj, field, base=old, mine=local, theirs=new)
                if self.theirs_win(c, obj, field):
                    self.put(obj, field, new)
                    taken += 1
        if taken:
            self.derive(c["kind"], obj, self.s)
        if count:
            if taken:
                self.report.updated += 1
            elif not any(n.record_id == c["record_id"] for n in self.report.conflicts):
                self.report.unchanged += 1

    def conflict(self, c: dict[str, Any], obj: Any, field: str, base: Any, mine: Any, theirs: Any) -> None:
        for row in sync_store.open_conflicts(self.s, obj.id, field):
            if self.unwrap(row.theirs) == theirs and self.unwrap(row.mine) == mine:
                return                                          # the same conflict, already kept
        origin_stamp, origin_site = incoming_origin(c)
        try:
            their_site = uuid.UUID(origin_site)
        except ValueError:
            their_site = self.sender
        row = sync_store.add_conflict(
            self.s, kind=c["kind"], record_id=obj.id, field=field, base=self.wrap(field, base),
            mine=self.wrap(field, mine), theirs=self.wrap(field, theirs), their_site=their_site,
            their_user=str(c.get("changed_by"))[:64], their_stamp=origin_stamp[:24],
            package_id=self.package_id)
        self.conflict_seq[row.id] = self.current_seq
        self.report.conflicts.append(ConflictNote(kind=c["kind"], record_id=c["record_id"], field=field))

    def settle(self, obj: Any, field: str, value: Any) -> None:
        """A conflict the other side has since decided: their decision arrives as a plain change."""
        for row in sync_store.open_conflicts(self.s, obj.id, field):
            later = row.package_id != self.package_id or self.conflict_seq.get(row.id, self.current_seq) < self.current_seq
            if later and value in (self.unwrap(row.mine), self.unwrap(row.theirs)):
                sync_store.resolve_conflict(row, f"settled by {self.sender}")
                self.report.settled_conflicts += 1


class _Holder:
    """A row's values as attributes, for the kinds' derive functions (sort names): the
    row dict is the holder's own attribute dict; the id, kept there in hex, reads as a UUID."""

    @property
    def id(self) -> uuid.UUID:
        return uuid.UUID(hex=self.__dict__["id"])


def _holder(row: dict[str, Any]) -> _Holder:
    holder = _Holder.__new__(_Holder)
    holder.__dict__ = row
    return holder


def _stamps(clock: Any, count: int) -> list[str]:
    """``count`` stamps as ``count`` ticks of the clock would give them (increasing, after
    every stamp before), from one tick: the same millisecond, counted on."""
    first = clock.tick()
    ms, counter = parse_stamp(first)
    if count <= 1 or counter + count > _MAX_COUNTER:
        return [first] + [clock.tick() for _ in range(count - 1)]
    stamps = [first] + [format_stamp(ms, counter + i) for i in range(1, count)]
    clock.observe(stamps[-1])
    return stamps


_MAX_COUNTER = 999_999


BULK_BATCH = 5000
_KINDS = frozenset(sync_store.kinds())


def _known_kind(kind: Any) -> bool:
    return type(kind) is str and kind in _KINDS


def order_changes(changes: list[Any]) -> list[Any]:
    """Creates first, parents before children (by kind), then everything else; by seq
    within each (a change without an integer seq counts as seq 0). Stable, so what a
    package lists in order keeps its order; equal to sorting by
    (op != create, kind rank if create, seq)."""
    rank = sync_store.kind_rank()
    creates: dict[int, list[Any]] = {}
    others: list[Any] = []
    for c in changes:
        if type(c) is dict and c.get("op") == "create":
            kind = c.get("kind")
            creates.setdefault(rank.get(kind, 0) if type(kind) is str else 0, []).append(c)
        else:
            others.append(c)
    ordered: list[Any] = []
    for _rank, group in sorted(creates.items()):
        ordered.extend(_by_seq(group))
    ordered.extend(_by_seq(others))
    return ordered


def _good_origin(origin: Any) -> bool:
    """[stamp, site]: two strings of 1 to 64 characters."""
    if not isinstance(origin, list) or len(origin) != 2:
        return False
    first, second = origin
    return (isinstance(first, str) and 0 < len(first) <= 64 and isinstance(second, str)
            and 0 < len(second) <= 64)


def _seq_of(c: Any) -> int:
    seq = c.get("seq") if isinstance(c, dict) else None
    return seq if isinstance(seq, int) else 0


def _by_seq(group: list[Any]) -> list[Any]:
    seqs = [_seq_of(c) for c in group]
    if all(a <= b for a, b in zip(seqs, seqs[1:])):
        return group
    return [c for _s, _i, c in sorted(zip(seqs, range(len(group)), group), key=lambda t: (t[0], t[1]))]


def _stored_when(value: Any) -> str:
    """``_when`` in SQLite's stored form (isoformat text without building a datetime)."""
    if type(value) is str:
        stored = sync_store.iso_to_sqlite(value)
        if stored is not None:
            return stored
    return sync_store.sqlite_time(_when(value))


def _when(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    return utcnow()
