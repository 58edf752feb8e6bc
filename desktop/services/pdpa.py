"""Personal data under the PDPA (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562): what is held on one
person (subject access), erasure, retention rules and the records due for review, and
revealing a national ID. Every one of these is an audit event.

Erasure is made of ordinary record changes (so it syncs like any edit): the person keeps
their id, so attendance counts, rosters and statistics stay consistent, and shows as
"ลบข้อมูลแล้ว" wherever their name appeared.

The change log is hash-chained (desktop.db.chain, format "chain/1") and keeps the values a
record had before the erasure. Rewriting those entries would break the chain for every
later entry, here and in the proof a backup or a peer holds, so it is not done: national
IDs were never in the log in the clear (only sealed with the installation's field key and
as a keyed digest), and every view of the log the app gives out (the audit screen, its CSV,
subject-access exports) masks the fields of erased persons. The plain old values stay only
in the database file and its backups, which are protected as a whole (and rotated out of
the backups as they age)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop.core.errors import NotFound, UserError
from desktop.core.ids import parse_id
from desktop.core.text import N_
from desktop.db import repository, sync_store, trust_store
from desktop.db.tracking import utcnow
from desktop.services import kinds
from desktop.services.access import OFFICE, PERSONAL_DATA, REVEAL, Actor, require
from desktop.services.audit import AuditService, mask_changes

ERASED = kinds.ERASED_NAME
ERASE_NOTE = "pdpa:erase"
# Person fields an erasure empties (the Thai first name becomes ERASED). The agency stays,
# so statistics per agency still add up; it does not identify a person on its own.
PERSON_CLEARED = ("prefix_id", "prefix_th", "prefix_en", "last_name_th", "first_name_en", "last_name_en",
                  "position", "level", "phone", "email", "notes", "photo_id",
                  "national_id_sealed", "national_id_digest", "national_id_tail")
PERSONAL_FIELDS = frozenset(PERSON_CLEARED) | {"first_name_th", "national_id"}
# Fields of other records that name or describe the person (masked in history of erased persons)
LINKED_PERSONAL = {"stakeholder": ("name", "role"), "attachment": ("file_name", "caption"),
                   "attendance": ("note",)}

# Kinds a retention rule may be set for, and what "last used" means for each (see retention_due).
RETENTION_KINDS = ("person", "activity", "project", "cohort", "consent")
RETENTION_EVENT = "retention_rule"


def is_erased(person: Any) -> bool:
    """A person (record object or plain dict) whose data has been erased."""
    get = person.get if isinstance(person, dict) else (lambda k: getattr(person, k, None))
    return get("first_name_th") == ERASED and not get("last_name_th") and not get("national_id_tail")


def _day(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _years_ago(today: date, months: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = min(today.day, 28)
    return date(year, month + 1, day)


class PdpaService:
    def __init__(self, services: Any) -> None:
        self.services = services
        self.db = services.db
        self.raw = services.db.raw
        self.actor: Actor = services.actor

    # -- subject access ------------------------------------------------------------
    def export_subject(self, person_id: str | uuid.UUID, *, _audit: dict[str, Any] | None = None) -> dict[str, Any]:
        """Everything held on one person, as plain data (JSON-ready); an audit event."""
        require(self.actor, PERSONAL_DATA)
        data = self._gather(parse_id(person_id))
        detail = {"national_id": "revealed" if data["person"].get("national_id") else "masked",
                  "erased": data["erased"], **(_audit or {"format": "data"})}
        with self.raw.write(self.actor.username) as s:
            trust_store.add_event(s, self.actor.username, "pdpa_export", str(data["person"]["id"]), detail)
        return data

    def write_export(self, person_id: str | uuid.UUID, out: Path, *, digits: str | None = None) -> Path:
        """The export as ``.json`` (UTF-8, Thai as Thai) or ``.pdf``, by ``out``'s suffix."""
        import json

        out = Path(out)
        suffix = out.suffix.lower()
        if suffix not in (".json", ".pdf"):
            raise UserError(N_("Write the export to a .json or a .pdf file."))
        data = self.export_subject(person_id, _audit={"format": suffix[1:], "file": out.name})
        partial = out.with_name(out.name + ".partial")
        if suffix == ".json":
            partial.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        else:
            from desktop.reports.subject_access import render_subject_access
            from desktop.services import paper_fonts

            paper_fonts.apply(self.services.paths)  # the office's paper font, like every paper
            profile = self.services.office.get() or {}
            render_subject_access(data, partial, digits=digits or profile.get("digit_style") or "thai")
        partial.replace(out)
        return out

    def _gather(self, pid: uuid.UUID) -> dict[str, Any]:
        services = self.services
        with self.raw.read() as s:
            person = repository.get(s, "person", pid)
            if person is None:
                raise NotFound(N_("No {kind} with id {id}."), kind="person", id=str(pid))
            erased = is_erased(person)
            record = services.persons._plain(person, s)
            if self.actor.can(REVEAL) and person.national_id_sealed:
                record["national_id"] = self.raw.protector.unseal(person.national_id_sealed)
            else:
                record["national_id"] = None
            titles: dict[tuple[str, Any], str | None] = {}

            def title(kind: str, rid: Any, field: str = "title_th") -> str | None:
                if rid is None:
                    return None
                if (kind, rid) not in titles:
                    obj = repository.get(s, kind, rid)
                    titles[(kind, rid)] = getattr(obj, field, None) if obj is not None else None
                return titles[(kind, rid)]

            consents = [repository.to_plain(c) for c in repository.children(s, "consent", person_id=pid)]
            enrollments = []
            for e in repository.children(s, "enrollment", person_id=pid):
                row = repository.to_plain(e)
                cohort = repository.get(s, "cohort", e.cohort_id)
                if cohort is not None:
                    shown = services.cohorts._plain(cohort, s)
                    row.update(cohort_name=shown.get("display_name_th"), course_title=shown.get("course_title_th"),
                               cohort_start=shown.get("start_date"), cohort_end=shown.get("end_date"))
                row["project_title"] = title("project", e.project_id)
                enrollments.append(row)
            attendance = []
            for a in repository.children(s, "attendance", person_id=pid):
                row = repository.to_plain(a)
                session = repository.get(s, "activity_session", a.session_id)
                if session is not None:
                    row.update(day=str(session.day) if session.day else None, part=session.part,
                               activity_id=str(session.activity_id),
                               activity_title=title("activity", session.activity_id))
                attendance.append(row)
            attendance.sort(key=lambda r: (r.get("day") or "", r.get("part") or ""))
            teams = []
            for t in repository.children(s, "team_member", person_id=pid):
                row = repository.to_plain(t)
                row["project_title"] = title("project", t.project_id)
                teams.append(row)
            stakeholders = []
            for t in repository.children(s, "stakeholder", person_id=pid):
                row = repository.to_plain(t)
                row["project_title"] = title("project", t.project_id)
                stakeholders.append(row)
            chaired = [{"id": str(a.id), "title_th": a.title_th, "start_date": str(a.start_date or "") or None}
                       for a in repository.children(s, "activity", chair_id=pid)]
            signatories = [repository.to_plain(x) for x in repository.children(s, "signatory", person_id=pid)]
            attachments = [{k: v for k, v in repository.to_plain(x).items()
                            if k in ("id", "file_name", "media_type", "size", "caption", "created_at", "sha256")}
                           for x in repository.children(s, "attachment", owner_id=pid)]
            related = {("person", pid)}
            for kind, rows in (("consent", consents), ("enrollment", enrollments), ("attendance", attendance),
                               ("team_member", teams), ("stakeholder", stakeholders),
                               ("attachment", attachments)):
                related |= {(kind, parse_id(r["id"])) for r in rows}
            history = []
            for entry in sync_store.record_history_after(s, [rid for _k, rid in related], 0):
                changes = mask_changes(entry.changes)
                if erased:
                    changes = mask_erased(entry.kind, changes)
                history.append({"seq": entry.seq, "changed_at": entry.changed_at.isoformat(sep=" ",
                                                                                        timespec="seconds"),
                                "changed_by": entry.changed_by, "kind": entry.kind,
                                "record_id": str(entry.record_id), "op": entry.op, "changes": changes})
        profile = services.office.get() or {}
        return {
            "title": "ข้อมูลส่วนบุคคลที่หน่วยงานเก็บรักษา",
            "generated_at": datetime.now().isoformat(timespec="seconds"),
            "generated_by": self.actor.display_name or self.actor.username,
            "office": profile.get("office_name"),
            "erased": erased,
            "person": record, "consents": consents, "enrollments": enrollments, "attendance": attendance,
            "team_memberships": teams, "stakeholder_entries": stakeholders, "chaired_activities": chaired,
            "signatories": signatories, "attachments": attachments, "history": history,
        }

    # -- erasure -------------------------------------------------------------------
    def erase(self, person_id: str | uuid.UUID, reason: str) -> dict[str, Any]:
        """Anonymise one person everywhere, as ordinary changes that sync. Returns counts."""
        require(self.actor, PERSONAL_DATA)
        reason = (reason or "").strip()
        if len(reason) < 3:
            raise UserError(N_("Give the reason for erasing this person's data (for the audit log)."))
        pid = parse_id(person_id)
        now = utcnow()
        with self.db.write(note=ERASE_NOTE) as s:
            person = repository.get(s, "person", pid)
            if person is None:
                raise NotFound(N_("No {kind} with id {id}."), kind="person", id=str(pid))
            if is_erased(person):
                raise UserError(N_("This person's data has already been erased."))
            person.first_name_th = ERASED
            for field in PERSON_CLEARED:
                setattr(person, field, None)
            kinds.PERSON.derive(person, s, self.raw)
            attachments = self._attachments_of(s, pid)
            for a in attachments:
                a.file_name, a.caption = ERASED, None
            s.flush()                 # the renaming and the delete travel as two changes
            for a in attachments:
                if a.deleted_at is None:
                    a.deleted_at = now
            for consent in repository.children(s, "consent", person_id=pid):
                if consent.withdrawn_on is None:
                    consent.withdrawn_on = now.date()
            for entry in repository.children(s, "stakeholder", person_id=pid):
                entry.name = ERASED
            for mark in repository.children(s, "attendance", person_id=pid):
                mark.note = None
            shas = {a.sha256 for a in attachments}
            ids = {a.id for a in attachments}
            s.flush()
            still_used = {sha for sha in shas
                          if any(o.id not in ids for o in self._attachments_with(s, sha))}
            trust_store.add_event(s, self.actor.username, "pdpa_erase", str(pid),
                                  {"reason": reason, "attachments": len(attachments)})
        removed = self._remove_files(shas - still_used)
        return {"person_id": str(pid), "attachments": len(attachments), "files_removed": removed}

    @staticmethod
    def _attachments_of(session: Any, pid: uuid.UUID) -> list[Any]:
        return [a for a in sync_store.all_records(session, "attachment") if a.owner_id == pid]

    @staticmethod
    def _attachments_with(session: Any, sha: str) -> list[Any]:
        return [a for a in sync_store.all_records(session, "attachment") if a.sha256 == sha]

    def _remove_files(self, shas: set[str]) -> int:
        removed = 0
        for sha in shas:
            path = self.services.attachments.path_for(sha)
            if path.exists():
                path.unlink()
                removed += 1
        return removed

    def purge_erased_files(self) -> int:
        """Remove stored files that only erased persons' (tombstoned) attachments refer
        to: after a sync brought an erasure made elsewhere, or a crash between an erasure's
        commit and its file removal."""
        with self.raw.read() as s:
            erased = {p.id for p in repository.children(s, "person", first_name_th=ERASED) if is_erased(p)}
            rows = sync_store.all_records(s, "attachment")
        doomed = {a.sha256 for a in rows if a.owner_id in erased}
        kept = {a.sha256 for a in rows if a.owner_id not in erased}
        return self._remove_files(doomed - kept)

    def erased_ids(self) -> set[str]:
        with self.raw.read() as s:
            return {str(p.id) for p in repository.children(s, "person", first_name_th=ERASED) if is_erased(p)}

    # -- retention -----------------------------------------------------------------
    def retention_rules(self) -> list[dict[str, Any]]:
        """Every rule: kind, months, years (whole years, else a fraction), basis, set by/at."""
        with self.raw.read() as s:
            rules = trust_store.retention_rules(s)
            events = trust_store.events(s, action=RETENTION_EVENT)
        basis: dict[str, dict[str, Any]] = {}
        for e in events:  # newest first
            kind = (e.detail or {}).get("kind")
            if kind and kind not in basis:
                basis[kind] = {"basis": (e.detail or {}).get("basis") or "", "set_by": e.actor, "set_at": e.at}
        return [{"kind": kind, "months": months, "years": months // 12 if months % 12 == 0 else months / 12,
                 **basis.get(kind, {"basis": "", "set_by": None, "set_at": None})}
                for kind, months in sorted(rules.items(), key=lambda kv: RETENTION_KINDS.index(kv[0])
                                           if kv[0] in RETENTION_KINDS else 99)]

    def set_retention(self, kind: str, years: float | None, basis: str = "") -> None:
        """Keep records of ``kind`` for ``years`` (None: no rule). The basis (the law,
        regulation or purpose) is kept in the rule's audit event."""
        require(self.actor, OFFICE)
        if kind not in RETENTION_KINDS:
            raise UserError(N_("Unknown kind '{kind}'. Choose one of: {kinds}."), kind=kind,
                            kinds=", ".join(RETENTION_KINDS))
        months = None
        if years is not None:
            try:
                months = round(float(years) * 12)
            except (TypeError, ValueError):
                months = -1
            if not 1 <= months <= 100 * 12:
                raise UserError(N_("Keep records between 1 month and 100 years."))
        with self.raw.write(self.actor.username) as s:
            trust_store.set_retention(s, kind, months)
            trust_store.add_event(s, self.actor.username, RETENTION_EVENT, kind,
                                  {"kind": kind, "months": months, "basis": (basis or "").strip()[:1000]})

    def retention_due(self, today: date | None = None) -> list[dict[str, Any]]:
        """Records past their kind's retention period, for review (nothing is removed).

        A person is due when nothing about them (their creation, an enrollment or its
        cohort's dates, an attendance mark's session day, a team membership) is newer than
        the period; an activity when it ended (else started, else was created) before it;
        a project or cohort likewise by its end date; a consent by its withdrawal (else
        its last change). Erased persons and records in the trash are not listed."""
        today = today or date.today()
        with self.raw.read() as s:
            rules = trust_store.retention_rules(s)
            due: list[dict[str, Any]] = []
            for kind, months in rules.items():
                cutoff = _years_ago(today, months)
                due += [dict(row, kind=kind, months=months, cutoff=cutoff.isoformat())
                        for row in self._due(s, kind, cutoff)]
        return sorted(due, key=lambda r: (r["kind"], r["last_used"] or ""))

    def _due(self, s: Any, kind: str, cutoff: date) -> list[dict[str, Any]]:
        def live(k: str) -> list[Any]:
            return [o for o in sync_store.all_records(s, k) if o.deleted_at is None]

        out = []
        if kind == "person":
            last: dict[Any, date] = {}

            def touch(pid: Any, *days: Any) -> None:
                for d in map(_day, days):
                    if d and (pid not in last or d > last[pid]):
                        last[pid] = d
            cohorts = {c.id: c for c in live("cohort")}
            sessions = {x.id: x for x in live("activity_session")}
            projects = {p.id: p for p in live("project")}
            for e in live("enrollment"):
                c = cohorts.get(e.cohort_id)
                touch(e.person_id, e.created_at, c.end_date if c else None, c.start_date if c else None)
            for a in live("attendance"):
                x = sessions.get(a.session_id)
                touch(a.person_id, a.created_at if x is None else x.day)
            for t in live("team_member"):
                p = projects.get(t.project_id)
                touch(t.person_id, t.created_at, p.end_date if p else None)
            for p in live("person"):
                if is_erased(p):
                    continue
                touch(p.id, p.created_at)
                if last[p.id] < cutoff:
                    out.append({"id": str(p.id), "label": kinds.full_name_th(p.prefix_th, p.first_name_th,
                                                                             p.last_name_th),
                                "last_used": last[p.id].isoformat()})
        elif kind in ("activity", "project", "cohort"):
            for o in live(kind):
                d = _day(o.end_date) or _day(o.start_date) or _day(o.created_at)
                if d and d < cutoff:
                    label = o.title_th or (f"{o.year_be}/{o.number}" if kind == "cohort" else "")
                    out.append({"id": str(o.id), "label": label, "last_used": d.isoformat()})
        elif kind == "consent":
            for o in live(kind):
                d = _day(o.withdrawn_on) or _day(o.updated_at)
                if d and d < cutoff:
                    out.append({"id": str(o.id), "label": str(o.person_id), "last_used": d.isoformat()})
        return out

    # -- national IDs --------------------------------------------------------------
    def reveal_national_id(self, person_id: str | uuid.UUID, purpose: str = "") -> str | None:
        """The full national ID of one person, for someone with REVEAL; an audit event."""
        require(self.actor, REVEAL)
        pid = parse_id(person_id)
        with self.raw.read() as s:
            person = repository.get(s, "person", pid)
            if person is None:
                raise NotFound(N_("No {kind} with id {id}."), kind="person", id=str(pid))
            sealed = person.national_id_sealed
        digits = self.raw.protector.unseal(sealed) if sealed else None
        with self.raw.write(self.actor.username) as s:
            trust_store.add_event(s, self.actor.username, "reveal", str(pid),
                                  {"field": "national_id", "found": digits is not None,
                                   **({"purpose": purpose[:200]} if purpose else {})})
        return digits


def mask_erased(kind: str, changes: dict[str, Any]) -> dict[str, Any]:
    """A change (already national-ID masked) with the personal fields of an erased person hidden."""
    fields = PERSONAL_FIELDS if kind == "person" else frozenset(LINKED_PERSONAL.get(kind, ()))
    out = {}
    for field, value in changes.items():
        if field in fields:
            out[field] = [_hide(v) for v in value] if isinstance(value, list) else _hide(value)
        else:
            out[field] = value
    return out


def _hide(value: Any) -> Any:
    return value if value in (None, "", ERASED) else ERASED


class ErasureAwareAuditService(AuditService):
    """The audit view (screen, list, CSV) with the history of erased persons masked."""

    def _changes(self, *args: Any) -> Any:
        erased: set[str] | None = None
        linked: dict[str, set[str]] = {}
        for row in super()._changes(*args):
            if erased is None:
                erased, linked = self._erased()
            if row["record_id"] in erased or row["record_id"] in linked.get(row["kind"], ()):
                row["changes"] = mask_erased(row["kind"], row["changes"])
            yield row

    def _erased(self) -> tuple[set[str], dict[str, set[str]]]:
        with self.db.read() as s:
            persons = {p.id for p in repository.children(s, "person", first_name_th=ERASED) if is_erased(p)}
            linked: dict[str, set[str]] = {}
            if persons:
                for kind, field in (("stakeholder", "person_id"), ("attachment", "owner_id"),
                                    ("attendance", "person_id")):
                    linked[kind] = {str(o.id) for o in sync_store.all_records(s, kind)
                                    if getattr(o, field) in persons}
        return {str(p) for p in persons}, linked
