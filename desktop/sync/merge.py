"""Applying a checked package's changes inside the import transaction: field-by-field
three-way merge, the same winner on every site, conflicts kept, new records in bulk.
The rules are described in desktop.sync.exchange, which calls ``Merger``."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from desktop.core.text import N_
from desktop.db import sync_store
from desktop.db.database import Database
from desktop.db.tracking import plain, utcnow
from desktop.sync import exchange
from desktop.sync.exchange import DELETED, OPS, Derive, gaps_of, incoming_origin, origin_note, origin_of
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
        rank = sync_store.kind_rank()

        def order(c: dict[str, Any]) -> tuple[int, int, int]:
            seq = c.get("seq") if isinstance(c.get("seq"), int) else 0
            if c.get("op") == "create":
                return (0, rank.get(c.get("kind"), 0), seq)
            return (1, 0, seq)

        clock = self.db.clock
        for stamp in [manifest["created"]] + [c.get("stamp") for c in changes if isinstance(c, dict)]:
            if not isinstance(stamp, str):
                continue
            try:
                if clock.is_far_future(stamp):
                    if stamp not in self.report.clock_warnings:
                        self.report.clock_warnings.append(stamp)
                else:
                    clock.observe(stamp)
            except ValueError:
                pass
        self.rejected: set[int] = set()
        self.done = 0
        self.received = received
        ordered = sorted(changes, key=order)
        i = 0
        while i < len(ordered):
            change = ordered[i]
            if isinstance(change, dict) and change.get("op") == "create" and change.get("kind") in sync_store.kinds():
                j = i + 1
                while (j < len(ordered) and j - i < BULK_BATCH and isinstance(ordered[j], dict)
                       and ordered[j].get("op") == "create" and ordered[j].get("kind") == change["kind"]):
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

    def admit(self, change: Any) -> bool:
        """Whether a change is still to be applied: not received before, well formed."""
        seq = change.get("seq") if isinstance(change, dict) else None
        if isinstance(seq, int) and any(a <= seq <= b for a, b in self.received):
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
        we already hold, national IDs to seal, or a batch the database refused."""
        if not batch:
            return []
        kind = batch[0]["kind"]
        ids = [uuid.UUID(c["record_id"]) for c in batch]
        existing = sync_store.existing_ids(self.s, kind, ids)
        fast, slow, seen = [], [], set()
        for c, record_id in zip(batch, ids):
            values = c["record"] or c["changes"]
            if record_id in existing or record_id in seen or values.get("national_id") is not None:
                slow.append(c)
            else:
                seen.add(record_id)
                fast.append((c, record_id, values))
        if not fast:
            return slow
        shape = sync_store.row_shape(kind)
        empty, convert, logged, replain = shape.empty, shape.convert, shape.logged, shape.replain
        context, now = self.writer, utcnow()
        site, user, tick, derive, session = context.site_id, context.user, context.clock.tick, self.derive, self.s
        rows, logs = [], []
        try:
            for c, record_id, values in fast:
                row = dict(empty)
                for field, value in values.items():
                    if value is not None and field != "national_id":
                        row[field] = convert[field](value)
                row["id"] = record_id
                derive(kind, _Holder(row), session)
                stamp = tick()
                created = c.get("created_at")
                row.update(created_at=_when(created) if created else now, updated_at=now,
                           site_id=site, changed_by=user, revision=1, stamp=stamp,
                           deleted_at=_when(c.get("changed_at")) if c.get("deleted") else None)
                changes = {f: row[f] for f in logged}          # as plain() gives them
                for f in replain:
                    if changes[f] is not None:
                        changes[f] = plain(changes[f])
                logs.append(dict(kind=kind, record_id=record_id, op="create", base_revision=0, revision=1,
                                 stamp=stamp, site_id=site, changed_by=user, changed_at=now, changes=changes,
                                 note=origin_note(self.base_note, *incoming_origin(c))))
                rows.append(row)
        except (ValueError, TypeError, KeyError):
            return [c for c, _r, _v in fast] + slow           # the one-by-one path says which
        try:
            with sync_store.savepoint(self.s):
                sync_store.insert_rows(self.s, kind, rows, logs)
        except sync_store.ChangeFailed:
            return [c for c, _r, _v in fast] + slow
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
        if not isinstance(c, dict) or not isinstance(c.get("seq"), int):
            return N_("it is malformed"), {}
        if c.get("kind") not in sync_store.kinds():
            return N_("this version does not know the record kind {kind}"), {"kind": str(c.get("kind"))}
        if c.get("op") not in OPS:
            return N_("unknown operation {op}"), {"op": str(c.get("op"))}
        try:
            uuid.UUID(str(c.get("record_id")))
        except ValueError:
            return N_("it is malformed"), {}
        changes, record = c.get("changes"), c.get("record")
        if not isinstance(changes, dict) or not isinstance(record, dict):
            return N_("it is malformed"), {}
        known = sync_store.known_fields(c["kind"])
        for fields in ((changes,) if changes is record else (changes, record)):
            if not known.issuperset(fields):
                for field in fields:
                    if not self.known_field(c["kind"], field):
                        return N_("this version does not know the field {field}"), {"field": field}
        origin = c.get("origin")
        if origin is not None and not (isinstance(origin, list) and len(origin) == 2
                                       and all(isinstance(v, str) and 0 < len(v) <= 64 for v in origin)):
            return N_("it is malformed"), {}
        if c["op"] == "update":
            for pair in c["changes"].values():
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
    """A row's values as attributes, for the kinds' derive functions (sort names)."""

    def __init__(self, row: dict[str, Any]) -> None:
        object.__setattr__(self, "_row", row)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._row[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        self._row[name] = value


BULK_BATCH = 5000


def _when(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    return utcnow()
