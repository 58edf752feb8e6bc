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

import bisect
import gc
import heapq
import json
import queue
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from desktop.core.text import N_
from desktop.db import bulk, profile_store, sync_store
from desktop.db.database import SHIPPED_SITE, Database
from desktop.db.migrate import head_revision, known_revisions
from desktop.db.tracking import utcnow
from desktop.paths import resources_dir
from desktop.sync.errors import PackageRefused, SyncError
from desktop.sync.keys import LocalKeys, load_or_create
from desktop.sync.package import FORMAT, Content, Limits, open_package, write_package
from desktop.sync.report import ImportReport

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
            "counts": {"changes": 0, "attachments": 0},          # what is written (write_package)
            "reference": {name: version for name, (version, _path) in to_send.items()},
        }
        acks = {"site": str(peer.site_id), "through": contiguous_through(received), "reference": our_reference}
        # the lines are read (in this read transaction) while the package is written
        lines, attachments = _export_lines(db, s, after, skip_user=sync_user(peer.site_id))
        content = Content(acks=acks, attachments=attachments, reference={n: p for n, (_v, p) in to_send.items()},
                          **({"lines": lines} if isinstance(lines, list) else {"blocks": lines}))
        try:
            written = write_package(Path(out), content, manifest, keys, peer.age_recipient)
        finally:
            close = getattr(lines, "close", None)
            if close is not None:
                close()
    changes = written["manifest"]["counts"]["changes"]
    with db.write(note=f"sync:{package_id}") as s:
        sync_store.add_package(s, package_id=package_id, direction="out", peer_site=peer.site_id,
                               seq_from=after + 1, seq_to=seq_to, created_stamp=manifest["created"],
                               summary={"changes": changes, "attachments": len(attachments),
                                        "sha256": written["sha256"], "size": written["size"]})
        live = sync_store.get_peer(s, peer.site_id)
        live.last_sent_at = utcnow()
    return ExportResult(Path(out), str(package_id), str(peer.site_id), peer.office_name, changes,
                        len(attachments), after + 1, seq_to, written["size"])


def _export_lines(db: Database, s: Any, after: int, skip_user: str) -> tuple[Any, dict[str, Path]]:
    """The changes after ``after`` (but the peer's own, relayed back, and the shipped
    reference rows), each a line of changes.jsonl (UTF-8) in seq order, and the attachment
    files they need: a list of lines, or (SQLite) an iterable of pieces of the file (bytes,
    number of lines), as desktop.sync.package.Content takes them. Each change carries the
    record as it stood right after it: for a record changed once since ``after`` that is
    the record now; otherwise the log is walked back from now.

    On SQLite the lines of records changed once since ``after`` (a first export is almost
    only those) are written by SQL (desktop.db.sync_store.ExportReader), read by threads
    of their own while the package is written (``_ChunkedLines``: the queries and the
    compression run at the same time), and the attachments dict fills as they are read;
    the rest, and everything on PostgreSQL, in Python (``_python_lines``): the same bytes
    either way."""
    attachments: dict[str, Path] = {}
    if db.is_sqlite and sync_store.export_sql_matches_python(s):
        present, sites, last = sync_store.export_plan(s, after)
        sql_kinds = sync_store.export_kinds()
        multi = sync_store.touched_more_than_once(s, after)
        log = sync_store.log_rows_left(s, after, sql_kinds, multi)
        slow = _python_lines(db, s, after, skip_user, log, attachments, only=True) if log else []
        kinds = [k for k in sql_kinds if k in present]
        if not kinds:
            return [line for _seq, line in slow], attachments
        reader = sync_store.ExportReader(sync_store.raw_connection(s), kinds, sites, skip_user, multi,
                                         _export_functions(db.protector))
        return _ChunkedLines(db, reader, after, last, slow, attachments), attachments
    log = sync_store.log_rows_after(s, after)
    lines = _python_lines(db, s, after, skip_user, log, attachments, only=False) if log else []
    return [line for _seq, line in lines], attachments


class _ChunkedLines:
    """changes.jsonl in pieces (bytes, number of lines), in seq order, read
    by a thread of its own while the package is written: the seqs after the peer's
    acknowledgement in chunks, each chunk's lines written by SQL (one query per kind,
    sync_store.ExportReader) and merged with the lines written in Python (``slow``), a
    chunk or two ahead at most. SQLite, zlib and hashlib let go of the interpreter while
    they work, so the queries of a chunk and the compression of the one before run at the
    same time. Iterable once; ``close`` stops the thread if the lines are not all read.

    (A second connection reading every other chunk was tried: on two cores it cost a
    third more CPU and saved no time.)"""

    CHUNK = 10_000                 # seqs

    def __init__(self, db: Database, reader: Any, after: int, last: int, slow: list[tuple[int, bytes]],
                 attachments: dict[str, Path]) -> None:
        self.db, self.reader = db, reader
        self.chunks = [(lo, min(lo + self.CHUNK, last)) for lo in range(after, last, self.CHUNK)]
        self.slow, self.slow_seqs = slow, [seq for seq, _line in slow]
        self.attachments = attachments
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=2)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="govlab-export-lines", daemon=True)
        self.started = False

    def _run(self) -> None:
        try:
            for lo, hi in self.chunks:
                if not self._put(self._chunk(lo, hi)):
                    return
        except BaseException as error:  # handed to the reading thread
            self._put(error)

    def _chunk(self, lo: int, hi: int) -> list[tuple[bytes, int]]:
        first, end = bisect.bisect_right(self.slow_seqs, lo), bisect.bisect_right(self.slow_seqs, hi)
        if first == end and len(self.reader.kinds) == 1 and self.reader.joinable(self.reader.kinds[0]):
            block, count = self.reader.block(self.reader.kinds[0], lo, hi)     # nothing to merge: joined by SQL
            return [(block, count), (b"\n", 0)] if count else []
        streams: list[Any] = [rows for rows in self.reader.rows(lo, hi) if rows]
        if first < end:
            streams.append([(seq, line, None) for seq, line in self.slow[first:end]])
        if not streams:
            return []
        rows = streams[0] if len(streams) == 1 else list(heapq.merge(*streams, key=itemgetter(0)))
        for _seq, _line, sha in rows if any(r[2] for r in rows) else ():
            if sha:
                _attach(self.db, self.attachments, sha)
        return [(b"\n".join([r[1] for r in rows[i:i + 2000]]) + b"\n", len(rows[i:i + 2000]))
                for i in range(0, len(rows), 2000)]

    def _put(self, item: Any) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self) -> Iterator[tuple[bytes, int]]:
        if self.started:
            raise RuntimeError("the export lines are read once")
        self.started = True
        self.thread.start()
        for _chunk in self.chunks:
            item = self.queue.get()
            if isinstance(item, BaseException):
                raise item
            yield from item

    def close(self) -> None:
        self.stop.set()
        if self.started:
            self.thread.join()
        self.reader.close()


def _attach(db: Database, attachments: dict[str, Path], sha: str) -> None:
    path = db.paths.attachments / sha[:2] / sha
    if path.exists():
        attachments[sha] = path


def _export_functions(protector: Any) -> dict[str, Callable[..., Any]]:
    """The Python side of sync_store.ExportReader: what SQL hands back for values not in
    the form SQLAlchemy stores, and for the parts only Python knows (unsealing)."""
    encode = _ENCODE

    def govlab_uuid(value: Any) -> str:
        return sync_store.uuid_text(value)

    def govlab_iso(value: Any) -> Any:
        return sync_store.iso(value)

    def govlab_date(value: Any) -> Any:
        return sync_store.stored_date(value)

    def govlab_time(value: Any) -> Any:
        return sync_store.stored_time(value)

    def govlab_unseal(sealed: str) -> str:
        return protector.unseal(sealed)

    def govlab_origin(stamp: str, site: str, note: str) -> str:
        origin_stamp, origin_site = origin_of(stamp, site, note)
        return f"[{encode(origin_stamp)},{encode(origin_site)}]"

    def govlab_changes(op: str, changes: Any) -> str:
        return encode(_open_changes(op, dict(_stored_json(changes) or {}), protector))

    return {f.__name__: f for f in (govlab_uuid, govlab_iso, govlab_date, govlab_time, govlab_unseal,
                                    govlab_origin, govlab_changes)}


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _python_lines(db: Database, s: Any, after: int, skip_user: str, log: list[tuple],
                  attachments: dict[str, Path], only: bool) -> list[tuple[int, bytes]]:
    """(seq, line) of the changes in ``log`` (change-log rows as sync_store.log_rows_after
    gives them, every change after ``after`` of each record they name), written in
    Python: read as plain rows (no ORM objects), the records named in one query per kind
    (``only``: just those records; otherwise every record changed after ``after``)."""
    protector = db.protector
    shipped, uuid_text, iso = str(SHIPPED_SITE), sync_store.uuid_text, sync_store.iso
    # record id -> the seqs that changed it, oldest first (every change, sent or not)
    touched: dict[Any, list[int]] = {}
    kinds: dict[str, list[Any]] = {}
    for row in log:
        seqs = touched.get(row[2])
        if seqs is None:
            seqs = touched[row[2]] = []
            kinds.setdefault(row[1], []).append(row[2])
        seqs.append(row[0])
    state: dict[str, tuple[dict[str, Any], bool, str | None]] = {}
    for kind in sorted(kinds):
        if kind in sync_store.kinds():
            state.update(sync_store.window_values(s, kind, after, kinds[kind] if only else None))
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
    encode = _ENCODE
    quoted: dict[Any, str] = {}

    def q(value: Any) -> str:
        text = quoted.get(value)
        if text is None:
            text = encode(value)
            if len(quoted) < 10_000:
                quoted[value] = text
        return text

    lines: list[tuple[int, bytes]] = []
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
        lines.append((seq, line.encode("utf-8")))
        sha = values.get("sha256") if kind == "attachment" else None
        if sha:
            _attach(db, attachments, sha)
    return lines


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
    order = list(reversed(_known_revisions()))         # oldest first
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
            applied = sync_store.get_package(s, package_id) is not None
            received = sync_store.received_ranges(s, sender) if not applied else []
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
        if m["schema"] not in _known_revisions():
            raise PackageRefused(N_("The package was written by a newer version of GovLab Desk (schema {schema}). "
                                    "Update this installation, then import it again."), schema=m["schema"])

        def new_report() -> ImportReport:
            return ImportReport(package_id=str(package_id), sender=str(sender), sender_name=peer.office_name,
                                dry_run=dry_run, seq_from=m["seq_from"], seq_to=m["seq_to"])

        if applied:
            staged.verify_members()
            report = new_report()
            report.already_applied = True
            return report
        # changes.jsonl is checked against the manifest as it is read, the rest here: every
        # member is checked before anything is applied
        staged.verify_members(skip=("changes.jsonl",))
        with _no_cycle_collection():
            return _decode_and_apply(db, staged, m, peer, new_report, sender, package_id, my_site, derive,
                                     dry_run, reference, before_apply, received)
    raise AssertionError("unreachable")


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while a package's changes are decoded and
    applied: they are hundreds of thousands of new, long-lived containers (and no cycles),
    which would otherwise make it scan everything again and again (about 5% of a large
    import). Reference counting still frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _decode_and_apply(db: Database, staged: Any, m: dict[str, Any], peer: Any, new_report: Callable[[], ImportReport],
                      sender: uuid.UUID, package_id: uuid.UUID, my_site: uuid.UUID, derive: Derive, dry_run: bool,
                      reference: Any, before_apply: Callable[[int], None] | None,
                      received: list[tuple[int, int]]) -> ImportReport:
    """Decode the checked package's changes and apply them in one transaction (run
    again from the start when PostgreSQL picks it to break a deadlock)."""
    from desktop.sync.merge import Merger   # merge builds on this module's helpers

    try:
        # changes received before (from the same sender: ranges only grow) are not decoded
        changes = staged.read_changes(_in_ranges(received) if received else None)
        steps = upgrade_steps(m["schema"])
        if m["format"] != "govlab-sync/1":
            changes = [_from_format(c) for c in changes]
        if steps:
            changes = [_upgrade_change(c, steps) for c in changes]
        acks = staged.read_json("acks.json")
        datasets = _read_reference(staged, peer, reference)
    except (ValueError, UnicodeDecodeError) as error:
        raise PackageRefused(N_("The package changes are unreadable ({reason})."), reason=str(error)) from None
    if before_apply is not None:
        before_apply(sum(1 for c in changes if not (isinstance(c, dict) and isinstance(c.get("seq"), int)
                                                    and any(a <= c["seq"] <= b for a, b in received)))
                     if received else len(changes))
    # the records to lock where several workers may import at once (not on SQLite)
    record_keys = [] if db.is_sqlite else [
        key for key in (sync_store.id_hex_or_none(c.get("record_id")) for c in changes if isinstance(c, dict)) if key]
    for attempt in range(RETRIES + 1):
        report = new_report()
        try:
            _apply(db, staged, m, changes, acks, datasets, report, sender, package_id, my_site, record_keys,
                   derive, reference, dry_run, Merger)
            return report
        except Exception as error:
            if attempt == RETRIES or not sync_store.must_retry(error):
                raise
    raise AssertionError("unreachable")


# PostgreSQL: times an import whose transaction was chosen to break a deadlock with another
# writer (or failed serialization) is run again from the start, before giving up
RETRIES = 3


def _apply(db: Database, staged: Any, m: dict[str, Any], changes: list[Any], acks: Any, datasets: list[Any],
           report: ImportReport, sender: uuid.UUID, package_id: uuid.UUID, my_site: uuid.UUID,
           record_keys: list[str], derive: Derive, reference: Any, dry_run: bool, merger: Any) -> None:
    """The import's transaction: every change of a checked package, or none."""
    try:
        with db.write(user=sync_user(sender), note=f"sync:{package_id}") as s:
            sync_store.lock_import(s, sender, record_keys)
            if sync_store.get_package(s, package_id) is not None:   # applied meanwhile
                report.already_applied = True
                raise _DryRun
            _load_reference(s, datasets, report, reference)
            merging = merger(db, s, report, sender, package_id, derive)
            merging.apply(changes, m)
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
            merging.append_log()            # last: on PostgreSQL it holds the chain's lock until the commit
    except _DryRun:
        pass


_REVISIONS: list[str] = []


def _known_revisions() -> list[str]:
    """This build's schema revisions (walking alembic's scripts once per process)."""
    if not _REVISIONS:
        _REVISIONS.extend(known_revisions())
    return _REVISIONS


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


def _in_ranges(ranges: list[tuple[int, int]]) -> Callable[[int], bool]:
    """seq -> whether it is in one of these (merged, sorted) ranges."""
    starts = [a for a, _b in ranges]

    def inside(seq: int) -> bool:
        i = bisect.bisect_right(starts, seq) - 1
        return i >= 0 and seq <= ranges[i][1]

    return inside


def _load_reference(session: Any, datasets: list[Any], report: ImportReport, ref: Any) -> None:
    """Newer reference datasets from headquarters, loaded in the import's transaction
    before the changes (which may point at new agencies, programmes or areas)."""
    if not datasets:
        return
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
