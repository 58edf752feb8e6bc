"""Exporting the changes a peer has not acknowledged, and importing a package: checked
completely first, then merged field by field in one transaction.

Merge rules (value based, so they do not depend on anyone's clock):
- an incoming update names each field's old and new value: if our value is the old
  one we take the new one; if we already have the new one nothing changes; otherwise
  the edits were concurrent: both values are kept in an open conflict row for a person
  to decide, and the current value is the one whose origin (the stamp and site of the
  edit that wrote it, carried along when headquarters relays it) is greater, so every
  site shows the same value whatever order the packages arrive in (as CouchDB picks
  its winning revision);
- a delete applies only if our record still has the values the deleter saw; a delete
  against an edit (either way round) leaves the record live with the edit applied and
  a "(deleted)" conflict: every side ends in the same state, whatever the order;
- a change from a sender seq we have already applied is skipped (idempotence), and the
  seq ranges applied per sender show gaps, which the sender's next export fills.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.core.text import N_
from desktop.db import bulk, profile_store, sync_store
from desktop.db.database import SHIPPED_SITE, Database
from desktop.db.migrate import head_revision, known_revisions
from desktop.db.tracking import plain, utcnow
from desktop.paths import resources_dir
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
def _with_origin(change: dict[str, Any]) -> dict[str, Any]:
    """0004: a change names the (stamp, site) of the edit that made it; before, a change
    was always the sender's own."""
    if isinstance(change, dict) and "origin" not in change and isinstance(change.get("stamp"), str):
        return {**change, "origin": [change["stamp"], str(change.get("site_id"))]}
    return change


CHANGE_UPGRADERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "0002": lambda change: change,
    "0003": lambda change: change,
    "0004": _with_origin,
}


def sync_user(site: uuid.UUID | str) -> str:
    return f"sync:{site}"


# Where a value was first written: the (stamp, site) of the edit that made it, carried
# unchanged when headquarters relays the edit, so that every site picks the same winner
# of a concurrent edit (the greater origin), whatever order packages arrive in. A change
# applied from a package keeps its origin in its change-log note.
ORIGIN_MARK = " origin:"


def origin_note(note: str | None, stamp: str, site: str) -> str:
    return f"{note or 'sync'}{ORIGIN_MARK}{stamp}@{site}"


def origin_of(stamp: str, site: uuid.UUID | str, note: str | None) -> tuple[str, str]:
    if note and ORIGIN_MARK in note:
        origin_stamp, _, origin_site = note.rpartition(ORIGIN_MARK)[2].partition("@")
        if origin_stamp and origin_site:
            return origin_stamp, origin_site
    return str(stamp), str(site)


def incoming_origin(change: dict[str, Any]) -> tuple[str, str]:
    origin = change.get("origin")
    if isinstance(origin, list) and len(origin) == 2 and all(isinstance(v, str) for v in origin):
        return origin[0], origin[1]
    return str(change.get("stamp") or ""), str(change.get("site_id") or "")


def keys_for(db: Database) -> LocalKeys:
    return load_or_create(db.paths.keys)


# -- national IDs: plain only inside the encrypted package ----------------------------------


def _open_values(values: dict[str, Any], protector: Any) -> dict[str, Any]:
    if "national_id_sealed" not in values:
        return values
    out = dict(values)
    sealed = out.pop("national_id_sealed")
    for name in SEALED[1:]:
        out.pop(name, None)
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


def export_package(db: Database, out: Path, to: str | None = None, reference: Any = None) -> ExportResult:
    """``reference`` is desktop.services.reference (the service layer hands it in): with
    it, headquarters' packages carry newer reference datasets."""
    keys = keys_for(db)
    profile, peer = choose_peer(db, to)
    package_id = uuid.uuid4()
    with db.read() as s:
        after = peer.acked_by_peer
        seq_to = max(sync_store.max_seq(s), after)
        lines, attachments = _export_lines(db, s, after, skip_user=sync_user(peer.site_id))
        received = sync_store.received_ranges(s, peer.site_id)
        to_send = _reference_to_send(db, s, profile, peer, reference) if reference is not None else {}
        our_reference = bulk.reference_versions(s)
    manifest = {
        "format": FORMAT, "schema": head_revision(), "package_id": str(package_id),
        "sender": str(profile["site_id"]), "sender_role": profile["role"],
        "sender_office_code": profile["office_code"], "sender_office_name": profile["office_name"],
        "recipient": str(peer.site_id), "created": db.clock.tick(),
        "created_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "seq_from": after + 1, "seq_to": seq_to,
        "counts": {"changes": len(lines), "attachments": len(attachments)},
        "reference": {name: version for name, (version, _path) in to_send.items()},
    }
    acks = {"site": str(peer.site_id), "through": contiguous_through(received), "reference": our_reference}
    written = write_package(Path(out), Content(lines=lines, acks=acks, attachments=attachments,
                                               reference={n: p for n, (_v, p) in to_send.items()}),
                            manifest, keys, peer.age_recipient)
    with db.write(note=f"sync:{package_id}") as s:
        sync_store.add_package(s, package_id=package_id, direction="out", peer_site=peer.site_id,
                               seq_from=after + 1, seq_to=seq_to, created_stamp=manifest["created"],
                               summary={"changes": len(lines), "attachments": len(attachments),
                                        "sha256": written["sha256"], "size": written["size"]})
        live = sync_store.get_peer(s, peer.site_id)
        live.last_sent_at = utcnow()
    return ExportResult(Path(out), str(package_id), str(peer.site_id), peer.office_name, len(lines),
                        len(attachments), after + 1, seq_to, written["size"])


def _export_lines(db: Database, s: Any, after: int, skip_user: str) -> tuple[list[bytes], dict[str, Path]]:
    """The changes after ``after`` (but the peer's own, relayed back, and the shipped
    reference rows), each a line of changes.jsonl, and the attachment files they need.

    Read as plain rows (no ORM objects): the change log once, and each kind's records
    changed since ``after`` in one query. Each change carries the record as it stood
    right after it: for a record changed once since ``after`` that is the record now;
    otherwise the log is walked back from now."""
    protector = db.protector
    log = sync_store.log_rows_after(s, after)
    shipped, uuid_text, iso = str(SHIPPED_SITE), sync_store.uuid_text, sync_store.iso
    # record id -> the seqs that changed it, oldest first (every change, sent or not)
    touched: dict[Any, list[int]] = {}
    kinds: set[str] = set()
    for row in log:
        touched.setdefault(row[2], []).append(row[0])
        kinds.add(row[1])
    state: dict[str, tuple[dict[str, Any], bool, str | None]] = {}
    for kind in sorted(kinds):
        state.update(sync_store.window_values(s, kind, after))
    # records changed more than once: walk their changes back from now, newest first
    snapshots: dict[int, tuple[dict[str, Any], bool]] = {}
    by_seq = {row[0]: row for row in log}
    for record_id, seqs in touched.items():
        if len(seqs) < 2:
            continue
        rid = uuid_text(record_id)
        if rid not in state:
            continue
        values, deleted, _created = state[rid]
        values = dict(values)
        for seq in reversed(seqs):
            op, changes = by_seq[seq][3], by_seq[seq][10]
            snapshots[seq] = (dict(values), deleted)
            if op == "update":
                for f, pair in (_stored_json(changes) or {}).items():
                    if f in values and isinstance(pair, list) and len(pair) == 2:
                        values[f] = pair[0]
            elif op == "delete":
                deleted = False
            elif op == "restore":
                deleted = True
    # Each line is the JSON object of one change, written from a template (the values
    # quoted by the json module's own encoder): a third of the time of json.dumps on a dict.
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    quoted: dict[Any, str] = {}

    def q(value: Any) -> str:
        text = quoted.get(value)
        if text is None:
            text = encode(value)
            if len(quoted) < 10_000:
                quoted[value] = text
        return text

    lines: list[str] = []
    attachments: dict[str, Path] = {}
    site_text: dict[Any, str] = {}
    for seq, kind, record_id, op, base, revision, stamp, site, user, at, changes, note in log:
        if user == skip_user:
            continue
        site_id = site_text.get(site)
        if site_id is None:
            site_id = site_text[site] = uuid_text(site)
        if site_id == shipped:
            continue
        rid = uuid_text(record_id)
        current = state.get(rid)
        if len(touched[record_id]) < 2:
            values, deleted = (current[0], current[1]) if current else ({}, False)
        else:
            values, deleted = snapshots.get(seq, ({}, False))
        origin_stamp, origin_site = origin_of(stamp, site_id, note) if note else (stamp, site_id)
        line = (f'{{"seq":{int(seq)},"kind":{q(kind)},"record_id":{q(rid)},"op":{q(op)},'
                f'"base_revision":{int(base)},"revision":{int(revision)},"stamp":{encode(stamp)},'
                f'"site_id":{q(site_id)},"changed_by":{q(user)},"origin":[{encode(origin_stamp)},{q(origin_site)}],'
                f'"changed_at":{encode(iso(at))},"record":{encode(_open_values(values, protector))},'
                f'"deleted":{"true" if deleted else "false"},"created_at":{encode(current[2] if current else None)}')
        if op != "create" or not values:       # format 1.1: a create's record says it all
            line += f',"changes":{encode(_open_changes(op, dict(_stored_json(changes) or {}), protector))}}}'
        else:
            line += "}"
        lines.append(line)
        sha = values.get("sha256") if kind == "attachment" else None
        if sha:
            path = db.paths.attachments / sha[:2] / sha
            if path.exists():
                attachments[sha] = path
    return lines, attachments


def _stored_json(value: Any) -> Any:
    """A JSON column as the driver returns it: text on SQLite, decoded on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else value


def _reference_to_send(db: Database, session: Any, profile: dict[str, Any], peer: Any,
                       ref: Any) -> dict[str, tuple[str, Path]]:
    """Reference datasets headquarters holds in a newer version than the office has
    acknowledged (or, before the office has said, any that differs from this build's
    shipped one), with the JSON file to send: {dataset: (version, file)}."""
    if profile["role"] != "hq" or peer.role != "office":
        return {}
    acked = peer.reference_versions if isinstance(peer.reference_versions, dict) else None
    out: dict[str, tuple[str, Path]] = {}
    for name, version in bulk.reference_versions(session).items():
        if name not in ref.DATASETS:
            continue
        kept = ref.dataset_file(db, name)
        if kept.exists():
            try:
                kept_version = json.loads(kept.read_text(encoding="utf-8")).get("version")
            except (OSError, ValueError):
                kept_version = None
            source = kept if kept_version == version else None
        else:
            source = None
        if source is None and name != "areas":
            shipped = resources_dir() / "reference" / f"{name}.json"
            if shipped.exists() and ref.shipped_version(name) == version:
                source = shipped
        if source is None:
            continue
        if acked is not None:
            wanted = ref.is_newer(version, acked.get(name))
        else:
            wanted = name != "areas" and ref.shipped_version(name) != version
        if wanted:
            out[name] = (version, source)
    return out


# -- import ---------------------------------------------------------------------------------


class _DryRun(Exception):
    pass


def progress(done: int) -> None:
    """Called after each change of a package is merged (inside the transaction); a hook
    for progress display and for the tests that kill an import midway."""


def upgrade_steps(schema: str) -> list[Callable[[dict[str, Any]], dict[str, Any]]]:
    """The upgraders that bring a change written at ``schema`` to this build's schema
    (read once per package: walking alembic's scripts costs milliseconds)."""
    order = list(reversed(known_revisions()))          # oldest first
    return [CHANGE_UPGRADERS[r] for r in order[order.index(schema) + 1:] if r in CHANGE_UPGRADERS]


def _from_format(change: Any) -> Any:
    """Format 1.1: a create that leaves out "changes" had the values of its record."""
    if (isinstance(change, dict) and change.get("op") == "create" and "changes" not in change
            and isinstance(change.get("record"), dict) and change["record"]):
        change["changes"] = change["record"]
    return change


def _upgrade_change(change: dict[str, Any], steps: list[Callable[[dict[str, Any]], dict[str, Any]]]) -> dict[str, Any]:
    for step in steps:
        change = step(change)
    return change


def import_package(db: Database, path: Path, derive: Derive, dry_run: bool = False,
                   limits: Limits = Limits(), reference: Any = None,
                   before_apply: Callable[[int], None] | None = None) -> ImportReport:
    """Check ``path`` completely, then apply it in one transaction (or, for a dry run,
    apply it and roll back). Raises PackageRefused, leaving the database unchanged.

    ``before_apply``, when given, is called once the package has passed every check and
    has not been applied before, right before its transaction, with the number of its
    changes not received before (0 when it only repeats changes already applied): the
    place for a backup before an import, which a refused or repeated package then skips."""
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
            steps = upgrade_steps(m["schema"])
            shared = m["format"] != "govlab-sync/1"
            changes = [_upgrade_change(_from_format(c) if shared else c, steps) if steps
                       else (_from_format(c) if shared else c) for c in staged.iter_changes()]
            acks = staged.read_json("acks.json")
            datasets = _read_reference(staged, peer, reference)
        except (ValueError, UnicodeDecodeError) as error:
            raise PackageRefused(N_("The package changes are unreadable ({reason})."), reason=str(error)) from None
        if before_apply is not None:
            with db.read() as s:
                received = sync_store.received_ranges(s, sender)
            before_apply(sum(1 for c in changes if not (isinstance(c, dict) and isinstance(c.get("seq"), int)
                                                        and any(a <= c["seq"] <= b for a, b in received))))
        try:
            with db.write(user=sync_user(sender), note=f"sync:{package_id}") as s:
                if sync_store.get_package(s, package_id) is not None:   # applied meanwhile
                    report.already_applied = True
                    raise _DryRun
                _load_reference(s, datasets, report, reference)
                _Merger(db, s, report, sender, package_id, derive).apply(changes, m)
                peer_row = sync_store.get_peer(s, sender)
                peer_row.last_received_at = utcnow()
                if isinstance(acks, dict) and acks.get("site") == str(my_site) and isinstance(acks.get("through"), int):
                    peer_row.acked_by_peer = max(peer_row.acked_by_peer, acks["through"])
                if isinstance(acks, dict) and isinstance(acks.get("reference"), dict):
                    peer_row.reference_versions = {
                        str(k)[:32]: str(v)[:64] for k, v in list(acks["reference"].items())[:32]
                        if isinstance(v, str)}
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


def _read_reference(staged: Any, peer: Any, ref: Any) -> list[Any]:
    """The reference datasets a package carries, checked (only headquarters sends them)."""
    names = sorted(n for n in staged.manifest["members"] if n.startswith("reference/"))
    if names and ref is None:
        raise PackageRefused(N_("The package carries reference data, which this build cannot load; "
                                "nothing was imported."))
    if names and peer.role != "hq":
        raise PackageRefused(N_("The package carries reference data, which only headquarters sends; "
                                "nothing was imported."))
    datasets = []
    for member in names:
        data = staged.read_json(member)
        try:
            dataset = ref.dataset_from(data)
            if f"reference/{dataset.name}.json" != member:
                raise ValueError(member)
        except ValueError as error:
            raise PackageRefused(N_("The reference data {name} in the package is not valid ({reason}); "
                                    "nothing was imported."), name=member, reason=str(error)) from None
        datasets.append(dataset)
    return datasets


def _load_reference(session: Any, datasets: list[Any], report: ImportReport, ref: Any) -> None:
    """Newer reference datasets from headquarters, loaded in the import's transaction
    before the changes (which may point at new agencies, programmes or areas)."""
    have = bulk.reference_versions(session)
    for dataset in datasets:
        if not ref.is_newer(dataset.version, have.get(dataset.name)):
            continue
        try:
            ref.load_into(session, dataset)
        except ValueError as error:
            raise PackageRefused(N_("The reference data {name} in the package is not valid ({reason}); "
                                    "nothing was imported."), name=dataset.name, reason=str(error)) from None
        report.reference.append((dataset.name, dataset.version))


class _Merger:
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
        progress(self.done)

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
        progress(self.done)
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
