"""What an imported row is attached to: nothing (a list of persons), a cohort (its
enrollments) or an activity session (attendance marks); and the agency each row names,
matched to the agencies on file with suggestions when unsure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop.core.errors import Problem, UserError
from desktop.core.ids import new_id, parse_id
from desktop.core.text import N_
from desktop.db import person_lookup, repository
from desktop.services.sheet_rows import ParsedRow
from desktop.sheets.matching import rank_matches

SURE = 0.85  # a suggestion at least this good is taken unless a person chooses otherwise


class ImportRefused(UserError):
    """The import cannot run as asked; nothing was written."""


@dataclass
class AgencyChoice:
    text: str                                   # as written in the file
    rows: list[int]
    agency_id: Any = None                       # set when the name matched exactly
    suggestions: list[tuple[str, str, float]] = field(default_factory=list)  # (id, name, score)
    decision: str | None = None                 # unsure: an agency id, "new" (create it) or "none"


def match_agencies(rows: list[ParsedRow], known: list[tuple[Any, str, str | None, str | None]]) -> list[AgencyChoice]:
    names = {a[0]: a[1] for a in known}
    candidates = [(a[0], [n for n in a[1:] if n]) for a in known]
    by_text: dict[str, AgencyChoice] = {}
    for row in rows:
        if row.agency_text and not row.problems:
            by_text.setdefault(row.agency_text, AgencyChoice(row.agency_text, [])).rows.append(row.number)
    for choice in by_text.values():
        ranked = rank_matches(choice.text, candidates, limit=3, floor=0.5)
        choice.suggestions = [(str(k), names[k], round(score, 2)) for k, score in ranked]
        if ranked and ranked[0][1] >= 1.0:
            choice.agency_id = ranked[0][0]
        else:
            choice.decision = choice.suggestions[0][0] if ranked and ranked[0][1] >= SURE else "new"
    return sorted(by_text.values(), key=lambda c: c.rows[0])


_KIND_WORDS = (("กระทรวง", "ministry"), ("กรม", "department"), ("จังหวัด", "provincial"),
               ("สำนักงานจังหวัด", "provincial"), ("อำเภอ", "district"), ("ที่ว่าการอำเภอ", "district"),
               ("องค์การบริหารส่วน", "local_government"), ("เทศบาล", "local_government"),
               ("อบต", "local_government"), ("อบจ", "local_government"), ("มหาวิทยาลัย", "university"),
               ("บริษัท", "private"), ("ห้างหุ้นส่วน", "private"), ("วิสาหกิจชุมชน", "community"),
               ("ชุมชน", "community"), ("องค์การมหาชน", "state_agency"), ("การไฟฟ้า", "state_agency"))


def guess_agency_kind(name: str) -> str:
    """The kind of a new agency from how its name starts (a person can correct it later)."""
    text = name.replace(" ", "")
    if "องค์การมหาชน" in text:
        return "state_agency"
    best = max((w for w in _KIND_WORDS if text.startswith(w[0])), key=lambda w: len(w[0]), default=None)
    return best[1] if best else "department"


@dataclass
class Target:
    kind: str
    cohort: dict[str, Any] | None = None
    session: dict[str, Any] | None = None
    existing: dict[Any, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, services: Any, kind: str, cohort_id: str | None, session_id: str | None) -> Target:
        if kind == "enrollments":
            if not cohort_id:
                raise ImportRefused(N_("An enrollment list needs its cohort: give --cohort ID."))
            return cls(kind, cohort=services.cohorts.get(cohort_id, include_deleted=False))
        if kind == "attendance":
            if not session_id:
                raise ImportRefused(N_("An attendance list needs its activity session: give --session ID."))
            return cls(kind, session=services.sessions.get(session_id, include_deleted=False))
        return cls(kind)

    def check_rows(self, rows: list[ParsedRow]) -> None:
        day = self.session.get("day") if self.session else None
        for row in rows:
            when = row.extra.get("date")
            if day and when and when.isoformat() != str(day):
                row.problems.append(Problem("date", N_("The date {date} is not the day of this session."),
                                            {"date": when.isoformat()}))

    def prepare(self, session: Any) -> None:
        if self.cohort:
            self.existing = person_lookup.enrollments(session, parse_id(self.cohort["id"]))
        elif self.session:
            sid = parse_id(self.session["id"])
            self.existing = {a.person_id: a for a in repository.children(session, "attendance", session_id=sid)}

    def record(self, session: Any, services: Any, person_id: Any, row: ParsedRow,
               queue: Callable[[str, Any], None] | None) -> str | None:
        """Attach one person; returns a msgid saying what happened, or None (persons only).
        With ``queue`` (a person being created) the new record is built and queued for a
        bulk insert; otherwise it is written through the record service."""
        if self.cohort:
            values = {k: row.extra[k] for k in ("role", "group_name", "completion", "certificate_number")
                      if row.extra.get(k) not in (None, "")}
            found = self.existing.get(person_id)
            if found is not None:
                services.enrollments.update_in(session, found, values)
                return N_("Already in the cohort; enrollment updated.")
            self.existing[person_id] = self._new(session, services.enrollments, queue, "enrollment", {
                "person_id": person_id, "cohort_id": parse_id(self.cohort["id"]), **values})
            return N_("Enrolled in the cohort.")
        if self.session:
            status = row.extra.get("status", "present") or "absent"
            found = self.existing.get(person_id)
            if found is not None:
                services.attendance.update_in(session, found, {"status": status, "recorded_by": "sign_in_sheet"})
                return N_("Attendance mark updated.")
            self.existing[person_id] = self._new(session, services.attendance, queue, "attendance", {
                "session_id": parse_id(self.session["id"]), "person_id": person_id, "status": status,
                "recorded_by": "sign_in_sheet"})
            return N_("Attendance recorded.")
        return None

    @staticmethod
    def _new(session: Any, service: Any, queue: Callable[[str, Any], None] | None, kind: str,
             values: dict[str, Any]) -> Any:
        if queue is None:
            return service.create_in(session, values, record_id=new_id())
        obj = service.build(session, values, record_id=new_id(), trusted=_PARENTS)
        queue(kind, obj)
        return obj


_PARENTS = frozenset({"person_id", "cohort_id", "session_id"})  # checked by the import itself
