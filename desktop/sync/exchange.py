"""Exporting the changes a peer has not acknowledged, and importing a package: checked
completely first, then merged field by field in one transaction.

Merge rules (value based, so they do not depend on anyone's clock):
- an incoming update names each field's old and new value: if our value is the old
  one we take the new one; if we already have the new one nothing changes; otherwise
  both values are kept in a conflict row and ours stays until a person decides;
- a delete applies only if our record still has the values the deleter saw; a delete
  against an edit (either way round) leaves the record live with the edit applied and
  a "(deleted)" conflict: every side ends in the same state, whatever the order;
- a change from a sender seq we have already applied is skipped (idempotence), and the
  seq ranges applied per sender show gaps, which the sender's next export fills.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.core.text import N_
from desktop.db import profile_store, sync_store
from desktop.db.database import SHIPPED_SITE, Database
from desktop.db.migrate import head_revision, known_revisions
from desktop.db.tracking import plain, utcnow
from desktop.sync.errors import PackageRefused, SyncError
from desktop.sync.keys import LocalKeys, load_or_create
from desktop.sync.package import FORMAT, Content, Limits, open_package, write_package
from desktop.sync.report import ConflictNote, ImportReport, Rejected

Derive = Callable[[str, Any, Any], None]        # (kind, obj, session)
SEALED = ("national_id_sealed", "national_id_digest", "national_id_tail")
DELETED = "(deleted)"
OPS = ("create", "update", "delete", "restore")

# Upgrading the changes of a package written by an older schema, one step per revision:
# CHANGE_UPGRADERS[r] turns a change written at the revision before r into one at r.
CHANGE_UPGRADERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "0002": lambda change: change,
    "0003": lambda change: change,
}


def sync_user(site: uuid.UUID | str) -> str:
    return f"sync:{site}"


def keys_for(db: Database) -> LocalKeys:
    return load_or_create(db.paths.keys)


# -- national IDs: plain only inside the encrypted package ----------------------------------


def _open_values(values: dict[str, Any], protector: Any) -> dict[str, Any]:
    if "national_id_sealed" not in values:
        return values
    out = {k: v for k, v in values.items() if k not in SEALED}
    sealed = values.get("national_id_sealed")
    out["national_id"] = protector.unseal(sealed) if sealed else None
    return out


def _open_changes(op: str, changes: dict[str, Any], protector: Any) -> dict[str, Any]:
    if op == "create":
        return _open_values(changes, protector)
    if not any(k in changes for k in SEALED):
        return changes
    out = {k: v for k, v in changes.items() if k not in SEALED}
    if "national_id_sealed" in changes:
        old, new = changes["national_id_sealed"]
        out["national_id"] = [protector.unseal(old) if old else None, protector.unseal(new) if new else None]
    return out


# -- export ---------------------------------------------------------------------------------


@dataclass
class ExportResult:
    path: Path
    package_id: str
    recipient: str
    recipient_name: str
    changes: int
    attachments: int
    seq_from: int
    seq_to: int
    size: int


def contiguous_through(ranges: list[tuple[int, int]]) -> int:
    return ranges[0][1] if ranges and ranges[0][0] <= 1 else 0


def gaps_of(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    gaps, expected = [], 1
    for first, last in ranges:
        if first > expected:
            gaps.append((expected, first - 1))
        expected = max(expected, last + 1)
    return gaps


def choose_peer(db: Database, to: str | None) -> Any:
    with db.read() as s:
        profile = profile_store.load(s)
        if profile is None:
            raise SyncError(N_("This data folder has no office profile yet. Run 'govlab-desk init' first."))
        if to:
            peers = sync_store.find_peers(s, to)
            if not peers:
                raise SyncError(N_("No enrolled office or headquarters matches {who}."), who=to)
            if len(peers) > 1:
                raise SyncError(N_("Several enrolled sites have the code {who}; give the site id instead."), who=to)
            peer = peers[0]
        else:
            peers = [p for p in sync_store.list_peers(s) if p.role == "hq" and p.revoked_at is None]
            if len(peers) != 1:
                raise SyncError(N_("Say which site the package is for with --to (enrolled headquarters: {count})."),
                                count=len(peers))
            peer = peers[0]
        if peer.revoked_at is not None:
            raise SyncError(N_("{office} has been revoked; no package can be written to it."), office=peer.office_name)
        return profile, peer


def export_package(db: Database, out: Path, to: str | None = None) -> ExportResult:
    keys = keys_for(db)
    profile, peer = choose_peer(db, to)
    package_id = uuid.uuid4()
    protector = db.protector
    with db.read() as s:
        after = peer.acked_by_peer
        seq_to = max(sync_store.max_seq(s), after)
        rows = sync_store.changes_after(s, after, skip_users=[sync_user(peer.site_id)], skip_sites=[SHIPPED_SITE])
        kinds_of = {row.record_id: row.kind for row in rows}
        # each change carries the record as it stood right after it: walk back from now
        state: dict[uuid.UUID, tuple[dict[str, Any], bool, str | None]] = {}
        for record_id, kind in kinds_of.items():
            obj = sync_store.get_record(s, kind, record_id)
            if obj is not None:
                state[record_id] = (sync_store.values_of(obj), obj.deleted_at is not None,
                                    plain(obj.created_at))
        snapshots: dict[int, tuple[dict[str, Any], bool]] = {}
        for ch in sync_store.record_history_after(s, list(state), after):
            values, deleted, created = state[ch.record_id]
            snapshots[ch.seq] = (dict(values), deleted)
            if ch.op == "update":
                for f, pair in (ch.changes or {}).items():
                    if f in values and isinstance(pair, list) and len(pair) == 2:
                        values[f] = pair[0]
            elif ch.op == "delete":
                deleted = False
            elif ch.op == "restore":
                deleted = True
            state[ch.record_id] = (values, deleted, created)
        changes, attachments = [], {}
        for row in rows:
            values, deleted = snapshots.get(row.seq, ({}, False))
            entry = {
                "seq": row.seq, "kind": row.kind, "record_id": str(row.record_id), "op": row.op,
                "base_revision": row.base_revision, "revision": row.revision, "stamp": row.stamp,
                "site_id": str(row.site_id), "changed_by": row.changed_by,
                "changed_at": plain(row.changed_at),
                "changes": _open_changes(row.op, dict(row.changes or {}), protector),
                "record": _open_values(values, protector), "deleted": deleted,
                "created_at": state.get(row.record_id, ({}, False, None))[2],
            }
            changes.append(entry)
            sha = values.get("sha256") if row.kind == "attachment" else None
            if sha:
                path = db.paths.attachments / sha[:2] / sha
                if path.exists():
                    attachments[sha] = path
        received = sync_store.received_ranges(s, peer.site_id)
    manifest = {
        "format": FORMAT, "schema": head_revision(), "package_id": str(package_id),
        "sender": str(profile["site_id"]), "sender_role": profile["role"],
        "sender_office_code": profile["office_code"], "sender_office_name": profile["office_name"],
        "recipient": str(peer.site_id), "created": db.clock.tick(),
        "created_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "seq_from": after + 1, "seq_to": seq_to,
        "counts": {"changes": len(changes), "attachments": len(attachments)},
    }
    acks = {"site": str(peer.site_id), "through": contiguous_through(received)}
    written = write_package(Path(out), Content(changes=changes, acks=acks, attachments=attachments),
                            manifest, keys, peer.age_recipient)
    with db.write(note=f"sync:{package_id}") as s:
        sync_store.add_package(s, package_id=package_id, direction="out", peer_site=peer.site_id,
                               seq_from=after + 1, seq_to=seq_to, created_stamp=manifest["created"],
                               summary={"changes": len(changes), "attachments": len(attachments),
                                        "sha256": written["sha256"], "size": written["size"]})
        live = sync_store.get_peer(s, peer.site_id)
        live.last_sent_at = utcnow()
    return ExportResult(Path(out), str(package_id), str(peer.site_id), peer.office_name, len(changes),
                        len(attachments), after + 1, seq_to, written["size"])


# -- import ---------------------------------------------------------------------------------


class _DryRun(Exception):
    pass


def _upgrade_change(change: dict[str, Any], schema: str) -> dict[str, Any]:
    order = list(reversed(known_revisions()))          # oldest first
    for revision in order[order.index(schema) + 1:]:
        change = CHANGE_UPGRADERS.get(revision, lambda c: c)(change)
    return change


def import_package(db: Database, path: Path, derive: Derive, dry_run: bool = False,
                   limits: Limits = Limits()) -> ImportReport:
    """Check ``path`` completely, then apply it in one transaction (or, for a dry run,
    apply it and roll back). Raises PackageRefused, leaving the database unchanged."""
    keys = keys_for(db)
    my_site = db.site_id()
    staged = open_package(path, keys.age, db.paths.root, limits)
    with staged:
        m = staged.manifest
        sender, package_id = uuid.UUID(m["sender"]), uuid.UUID(m["package_id"])
        with db.read() as s:
            peer = sync_store.get_peer(s, sender)
        if peer is None:
            raise PackageRefused(N_("The package was signed by a site that is not enrolled here ({site}); "
                                    "nothing was imported."), site=str(sender))
        if peer.revoked_at is not None:
            raise PackageRefused(N_("The package comes from {office}, whose enrolment has been revoked; "
                                    "nothing was imported."), office=peer.office_name)
        if not staged.check_signature(peer.signing_key):
            raise PackageRefused(N_("The package signature does not match the enrolled key of {office}: "
                                    "it was changed or forged. Nothing was imported."), office=peer.office_name)
        if uuid.UUID(m["recipient"]) != my_site:
            raise PackageRefused(N_("The package is addressed to another site ({site}), not to this one."),
                                 site=m["recipient"])
        if m["schema"] not in known_revisions():
            raise PackageRefused(N_("The package was written by a newer version of GovLab Desk (schema {schema}). "
                                    "Update this installation, then import it again."), schema=m["schema"])
        staged.verify_members()
        report = ImportReport(package_id=str(package_id), sender=str(sender), sender_name=peer.office_name,
                              dry_run=dry_run, seq_from=m["seq_from"], seq_to=m["seq_to"])
        with db.read() as s:
            if sync_store.get_package(s, package_id) is not None:
                report.already_applied = True
                return report
        try:
            changes = [_upgrade_change(c, m["schema"]) for c in staged.iter_changes()]
            acks = staged.read_json("acks.json")
        except (ValueError, UnicodeDecodeError) as error:
            raise PackageRefused(N_("The package changes are unreadable ({reason})."), reason=str(error)) from None
        try:
            with db.write(user=sync_user(sender), note=f"sync:{package_id}") as s:
                if sync_store.get_package(s, package_id) is not None:   # applied meanwhile
                    report.already_applied = True
                    raise _DryRun
                _Merger(db, s, report, sender, package_id, derive).apply(changes, m)
                peer_row = sync_store.get_peer(s, sender)
                peer_row.last_received_at = utcnow()
                if isinstance(acks, dict) and acks.get("site") == str(my_site) and isinstance(acks.get("through"), int):
                    peer_row.acked_by_peer = max(peer_row.acked_by_peer, acks["through"])
                sync_store.add_package(s, package_id=package_id, direction="in", peer_site=sender,
                                       seq_from=m["seq_from"], seq_to=m["seq_to"], created_stamp=m["created"],
                                       summary=report.summary())
                if dry_run:
                    raise _DryRun
                for name in m["members"]:
                    if name.startswith("attachments/"):
                        sha = name.split("/", 1)[1]
                        staged.copy_attachment(sha, db.paths.attachments / sha[:2] / sha)
                        report.attachments += 1
        except _DryRun:
            pass
    return report


class _Merger:
    def __init__(self, db: Database, session: Any, report: ImportReport, sender: uuid.UUID,
                 package_id: uuid.UUID, derive: Derive) -> None:
        self.db, self.s, self.report = db, session, report
        self.sender, self.package_id, self.derive = sender, package_id, derive
        self.protector = db.protector
        self.current_seq = 0
        self.conflict_seq: dict[uuid.UUID, int] = {}     # conflicts raised by this package

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
        if field == "national_id":
            return sync_store.has_field(kind, "national_id_sealed")
        return sync_store.has_field(kind, field) and field in sync_store.fields_of(kind)

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
        for stamp in [manifest["created"]] + [c.get("stamp") for c in changes]:
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
        rejected: set[int] = set()
        for change in sorted(changes, key=order):
            seq = change.get("seq")
            if isinstance(seq, int) and any(a <= seq <= b for a, b in received):
                self.report.unchanged += 1
                continue
            problem = self.check(change)
            if problem:
                self.reject(change, *problem)
                if isinstance(seq, int):
                    rejected.add(seq)
                continue
            self.current_seq = seq
            try:
                with sync_store.savepoint(self.s):
                    self.apply_one(change)
            except sync_store.ChangeFailed as error:
                self.reject(change, N_("the database refused it ({reason}); it will be sent again"),
                            {"reason": str(error)})
                rejected.add(seq)
            except (ValueError, TypeError, KeyError) as error:
                self.reject(change, N_("a value is not valid ({reason}); it will be sent again"),
                            {"reason": str(error)})
                rejected.add(seq)
        first = manifest["seq_from"]
        for seq in sorted(s for s in rejected if manifest["seq_from"] <= s <= manifest["seq_to"]):
            sync_store.add_received(self.s, self.sender, first, seq - 1, self.package_id)
            first = seq + 1
        sync_store.add_received(self.s, self.sender, first, manifest["seq_to"], self.package_id)
        sync_store.flush(self.s)
        self.report.gaps = gaps_of(sync_store.received_ranges(self.s, self.sender))

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
        if not isinstance(c.get("changes"), dict) or not isinstance(c.get("record"), dict):
            return N_("it is malformed"), {}
        for field in list(c["changes"]) + list(c["record"]):
            if not self.known_field(c["kind"], field):
                return N_("this version does not know the field {field}"), {"field": field}
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
        for field in differing:
            self.conflict(c, obj, field, base=None, mine=self.get(obj, field), theirs=values[field])
        if not differing:
            self.report.unchanged += 1

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
        row = sync_store.add_conflict(
            self.s, kind=c["kind"], record_id=obj.id, field=field, base=self.wrap(field, base),
            mine=self.wrap(field, mine), theirs=self.wrap(field, theirs), their_site=self.sender,
            their_user=str(c.get("changed_by"))[:64], their_stamp=str(c.get("stamp"))[:24],
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


def _when(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    return utcnow()
