"""Conflicts for a person to decide, peers, enrolment and the state of each exchange.

A decision is a normal change to the record (logged, so it syncs): 'theirs' writes
their value; 'mine' keeps ours and logs a change from their value to ours, so the
other side takes it too and closes its own copy of the conflict."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.core.text import N_
from desktop.db import profile_store, sync_store
from desktop.db.database import SHIPPED_SITE, Database
from desktop.db.tracking import plain, utcnow
from desktop.sync.errors import SyncError
from desktop.sync.exchange import (
    DELETED,
    contiguous_through,
    gaps_of,
    keys_for,
    sync_user,
)
from desktop.sync.keys import public_identity, read_identity_file, write_atomic

Derive = Callable[[str, Any, Any], None]


def _unwrap(db: Database, wrapped: dict[str, Any] | None) -> Any:
    if not wrapped:
        return None
    if "sealed" in wrapped:
        return db.protector.unseal(wrapped["sealed"])
    return wrapped.get("v")


def _shown(field: str, value: Any) -> Any:
    if field == "national_id" and value:
        return "x-xxxx-xxxxx-" + str(value)[-4:-1] + "-" + str(value)[-1]
    return value


def list_conflicts(db: Database) -> list[dict[str, Any]]:
    with db.read() as s:
        return [{
            "id": str(c.id), "kind": c.kind, "record_id": str(c.record_id), "field": c.field,
            "base": _shown(c.field, _unwrap(db, c.base)), "mine": _shown(c.field, _unwrap(db, c.mine)),
            "theirs": _shown(c.field, _unwrap(db, c.theirs)), "their_site": str(c.their_site),
            "their_user": c.their_user, "their_stamp": c.their_stamp, "package_id": str(c.package_id),
        } for c in sync_store.open_conflicts(s)]


def resolve(db: Database, choices: dict[str, str], derive: Derive, user: str | None = None) -> int:
    """Decide conflicts: ``choices`` maps a conflict id (or a unique prefix) to "mine" or
    "theirs". All in one transaction; returns how many were decided."""
    with db.write(user, note="sync:resolve") as s:
        for key, choice in choices.items():
            if choice not in ("mine", "theirs"):
                raise SyncError(N_("Choose 'mine' or 'theirs', not {choice}."), choice=choice)
            rows = sync_store.find_conflicts(s, key)
            if len(rows) != 1:
                raise SyncError(N_("No single open conflict has the id {id}."), id=key)
            row = rows[0]
            obj = sync_store.get_record(s, row.kind, row.record_id)
            if obj is None:
                raise SyncError(N_("No single open conflict has the id {id}."), id=key)
            chosen = _unwrap(db, row.mine if choice == "mine" else row.theirs)
            other = _unwrap(db, row.theirs if choice == "mine" else row.mine)
            if row.field == DELETED:
                if chosen == "deleted" and obj.deleted_at is None:
                    obj.deleted_at = utcnow()
                elif chosen == "live" and obj.deleted_at is not None:
                    obj.deleted_at = None
            else:
                current = _get(db, obj, row.field)
                if current != chosen:
                    _put(db, obj, row.field, chosen)
                    derive(row.kind, obj, s)
                else:
                    sync_store.log_change(s, obj, "update", _logged(db, row.field, other, chosen))
            sync_store.resolve_conflict(row, choice)
        return len(choices)


def _get(db: Database, obj: Any, field: str) -> Any:
    if field == "national_id":
        return db.protector.unseal(obj.national_id_sealed) if obj.national_id_sealed else None
    return plain(getattr(obj, field))


def _put(db: Database, obj: Any, field: str, value: Any) -> None:
    if field == "national_id":
        if value is None:
            obj.national_id_sealed = obj.national_id_digest = obj.national_id_tail = None
        else:
            sealed = db.protector.seal(str(value))
            obj.national_id_sealed, obj.national_id_digest, obj.national_id_tail = (
                sealed.sealed, sealed.digest, sealed.tail)
    else:
        sync_store.set_value(obj, field, value)


def _logged(db: Database, field: str, old: Any, new: Any) -> dict[str, Any]:
    if field == "national_id":
        seal = lambda v: db.protector.seal(str(v)).sealed if v else None
        return {"national_id_sealed": [seal(old), seal(new)]}
    return {field: [old, new]}


# -- identity and peers ---------------------------------------------------------------------


def write_identity(db: Database, out: Path) -> dict[str, Any]:
    import json

    with db.read() as s:
        profile = profile_store.load(s)
    if profile is None:
        raise SyncError(N_("This data folder has no office profile yet. Run 'govlab-desk init' first."))
    identity = public_identity(keys_for(db), profile)
    write_atomic(Path(out), json.dumps(identity, ensure_ascii=False, indent=1).encode("utf-8"))
    return identity


def enroll(db: Database, file: Path, replace: bool = False) -> dict[str, Any]:
    body = read_identity_file(Path(file))
    site = uuid.UUID(body["site_id"])
    with db.write(note="sync:enroll") as s:
        profile = profile_store.load(s)
        if profile is None:
            raise SyncError(N_("This data folder has no office profile yet. Run 'govlab-desk init' first."))
        if site == profile["site_id"]:
            raise SyncError(N_("{file} is this installation's own identity."), file=str(file))
        if profile["role"] == "office" and body["role"] != "hq":
            raise SyncError(N_("An office exchanges packages only with headquarters; {office} is an office."),
                            office=body["office_name"])
        if profile["role"] == "hq" and body["role"] != "office":
            raise SyncError(N_("Headquarters enrolls offices; {office} is headquarters."), office=body["office_name"])
        existing = sync_store.get_peer(s, site)
        if existing is not None and not replace and (
                existing.signing_key != body["signing_key"] or existing.age_recipient != body["age_recipient"]):
            raise SyncError(N_("{office} is already enrolled with other keys. Check the file came from them, "
                               "then enroll it again with --replace."), office=existing.office_name)
        sync_store.save_peer(s, site_id=site, role=body["role"], office_name=body["office_name"],
                             office_code=body["office_code"], area_code=body.get("area_code"),
                             signing_key=body["signing_key"], age_recipient=body["age_recipient"])
    return body


def revoke(db: Database, who: str) -> str:
    with db.write(note="sync:revoke") as s:
        peers = sync_store.find_peers(s, who)
        if len(peers) != 1:
            raise SyncError(N_("No single enrolled office or headquarters matches {who}."), who=who)
        peers[0].revoked_at = utcnow()
        return peers[0].office_name


def status(db: Database) -> dict[str, Any]:
    with db.read() as s:
        peers = []
        for p in sync_store.list_peers(s):
            ranges = sync_store.received_ranges(s, p.site_id)
            peers.append({
                "site_id": str(p.site_id), "role": p.role, "office_name": p.office_name,
                "office_code": p.office_code, "revoked": p.revoked_at is not None,
                "waiting": sync_store.count_after(s, p.acked_by_peer, [sync_user(p.site_id)], [SHIPPED_SITE]),
                "acked_by_peer": p.acked_by_peer, "received_through": contiguous_through(ranges),
                "gaps": gaps_of(ranges),
                "last_sent_at": plain(p.last_sent_at), "last_received_at": plain(p.last_received_at),
            })
        return {"peers": peers, "open_conflicts": sync_store.count_open_conflicts(s)}
