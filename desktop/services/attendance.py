"""Taking attendance: one mark per person and session, changed in place."""

from __future__ import annotations

import uuid
from typing import Any

from desktop.core import enums
from desktop.core import validation as v
from desktop.core.ids import parse_id
from desktop.core.text import N_
from desktop.db import repository
from desktop.db.database import Database
from desktop.services.kinds import ATTENDANCE
from desktop.services.records import RecordService


class AttendanceService(RecordService):
    def __init__(self, db: Database) -> None:
        super().__init__(db, ATTENDANCE)

    def mark(self, session_id: str | uuid.UUID, marks: dict[str | uuid.UUID, str],
             recorded_by: str = "app", user: str | None = None) -> int:
        """Set the status of several people for one session in one transaction.

        Returns how many marks changed."""
        recorded = v.clean_choice(recorded_by, enums.RecordedBy, "recorded_by")
        cleaned = {parse_id(p): v.clean_choice(status, enums.AttendanceStatus, "status")
                   for p, status in marks.items()}
        changed = 0
        with self.db.write(user) as s:
            sid = parse_id(session_id)
            if repository.get(s, "activity_session", sid, include_deleted=False) is None:
                raise v.fail("session_id", N_("The chosen record does not exist or is in the trash."))
            existing = {a.person_id: a for a in repository.children(s, "attendance", session_id=sid)}
            for person_id, status in cleaned.items():
                if repository.get(s, "person", person_id, include_deleted=False) is None:
                    raise v.fail("person_id", N_("The chosen record does not exist or is in the trash."))
                row = existing.get(person_id)
                if row is None:
                    self.create_in(s, {"session_id": sid, "person_id": person_id, "status": status,
                                       "recorded_by": recorded})
                    changed += 1
                elif row.status != status:
                    row.status, row.recorded_by = status, recorded
                    changed += 1
        return changed

    def grid(self, activity_id: str | uuid.UUID) -> dict[str, Any]:
        """Sessions of an activity and every mark, for the attendance grid and sign-in sheets."""
        with self.db.read() as s:
            aid = parse_id(activity_id)
            sessions = repository.children(s, "activity_session", activity_id=aid)
            marks: dict[str, dict[str, str]] = {}
            for session in sessions:
                for a in repository.children(s, "attendance", session_id=session.id):
                    marks.setdefault(str(a.person_id), {})[str(session.id)] = a.status
            return {"sessions": [repository.to_plain(x) for x in sessions], "marks": marks}
