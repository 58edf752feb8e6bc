"""The audit view: every change (who, when, what, old -> new) and every audit event,
filtered, with national IDs masked; the chain check; CSV export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from desktop.core.ids import parse_id
from desktop.db import chain, trust_store
from desktop.services.access import AUDIT, Actor, require

MASK = "x-xxxx-xxxxx-xx-x"
_SEALED = ("national_id_sealed", "national_id_digest")


def mask_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """The stored change with national IDs masked: sealed values and digests never shown,
    the last digits shown the way the record screens show them."""
    out: dict[str, Any] = {}
    for field, value in (changes or {}).items():
        if field in _SEALED or field == "national_id":
            out[field] = _mask_value(value, None)
        elif field == "national_id_tail":
            out[field] = _mask_value(value, value)
        else:
            out[field] = value
    return out


def _mask_value(value: Any, tail: Any) -> Any:
    if isinstance(value, list):
        return [_mask_value(v, v if tail is not None else None) for v in value]
    if value in (None, ""):
        return value
    if tail:
        from desktop.core.validation import mask_national_id

        return mask_national_id(str(tail))
    return MASK


def _day(value: date | datetime | str | None, end: bool = False) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
        if end:
            value += timedelta(days=1)
    return value


class AuditService:
    def __init__(self, db: Any, actor: Actor) -> None:
        self.db = db.raw if hasattr(db, "raw") else db
        self.actor = actor

    def changes(self, *, user: str | None = None, kind: str | None = None, since: Any = None,
                until: Any = None, record_id: str | None = None, limit: int | None = 2000) -> list[dict[str, Any]]:
        require(self.actor, AUDIT)
        return list(self._changes(user, kind, since, until, record_id, limit))

    def _changes(self, user: str | None, kind: str | None, since: Any, until: Any, record_id: str | None,
                 limit: int | None) -> Iterator[dict[str, Any]]:
        with self.db.read() as s:
            for row in trust_store.changes(s, user=user or None, kind=kind or None, since=_day(since),
                                           until=_day(until, end=True),
                                           record_id=parse_id(record_id) if record_id else None, limit=limit):
                yield {"seq": row.seq, "changed_at": row.changed_at, "changed_by": row.changed_by,
                       "kind": row.kind, "record_id": str(row.record_id), "op": row.op,
                       "changes": mask_changes(row.changes), "note": row.note, "site_id": str(row.site_id)}

    def events(self, *, actor: str | None = None, action: str | None = None, since: Any = None,
               until: Any = None) -> list[dict[str, Any]]:
        require(self.actor, AUDIT)
        with self.db.read() as s:
            return [{"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "target": e.target,
                     "detail": e.detail} for e in trust_store.events(s, actor or None, action or None,
                                                                       _day(since), _day(until, end=True))]

    def users(self) -> list[str]:
        with self.db.read() as s:
            return trust_store.change_users(s)

    def verify(self) -> dict[str, Any]:
        with self.db.engine.connect() as conn:
            return chain.verify(conn)

    def export_csv(self, out: Path, **filters: Any) -> int:
        """Write the filtered changes (masked) as a UTF-8 CSV that Excel opens in Thai."""
        require(self.actor, AUDIT)
        out = Path(out)
        count = 0
        partial = out.with_name(out.name + ".partial")
        with partial.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["seq", "changed_at", "changed_by", "kind", "record_id", "op", "field", "old", "new",
                             "note"])
            for row in self._changes(filters.get("user"), filters.get("kind"), filters.get("since"),
                                     filters.get("until"), filters.get("record_id"), None):
                base = [row["seq"], row["changed_at"].isoformat(sep=" ", timespec="seconds"), row["changed_by"],
                        row["kind"], row["record_id"], row["op"]]
                for field, value in sorted(row["changes"].items()):
                    old, new = (value if row["op"] == "update" and isinstance(value, list) and len(value) == 2
                                else (None, value))
                    writer.writerow(base + [field, _cell(old), _cell(new), row["note"] or ""])
                if not row["changes"]:
                    writer.writerow(base + ["", "", "", row["note"] or ""])
                count += 1
        partial.replace(out)
        with self.db.write(self.actor.username) as s:
            trust_store.add_event(s, self.actor.username, "audit_export", out.name, {"entries": count})
        return count


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
