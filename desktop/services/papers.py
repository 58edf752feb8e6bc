"""Gathering the records each paper shows, then handing them to its renderer."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import NotFound
from desktop.core.text import N_
from desktop.core.thai_order import sort_key
from desktop.reports.signin_sheet import SigninSheet, render_signin_sheet

if TYPE_CHECKING:
    from desktop.services.app_services import Services


def _session(services: Services, activity: dict[str, Any], session_id: str | None) -> dict[str, Any] | None:
    if session_id is not None:
        session = services.sessions.get(session_id)
        if str(session.get("activity_id")) != str(activity["id"]):
            raise NotFound(N_("Session {session} does not belong to activity {activity}."),
                           session=str(session_id), activity=str(activity["id"]))
        return session
    rows = services.sessions.list(filters={"activity_id": activity["id"]}).rows
    return rows[0] if rows else None


def _signin_people(services: Services, activity: dict[str, Any], session_id: str | None) -> list[dict[str, Any]]:
    """Those enrolled in the activity's cohort plus those marked in this session, in
    Thai dictionary order."""
    ids: list[str] = []
    if activity.get("cohort_id"):
        ids += [str(row["person_id"]) for row in services.enrollments.list(
            filters={"cohort_id": activity["cohort_id"]}).rows]
    for person_id, by_session in services.attendance.grid(activity["id"])["marks"].items():
        if session_id is None or session_id in by_session:
            ids.append(person_id)
    people = [services.persons.get(pid) for pid in dict.fromkeys(ids)]
    people = [p for p in people if not p["deleted"]]
    people.sort(key=lambda p: (sort_key(f"{p['first_name_th']} {p.get('last_name_th') or ''}"), p["id"]))
    return people


def signin_sheet(services: Services, activity_id: str | uuid.UUID, session_id: str | uuid.UUID | None,
                 out_path: str | Path, digits: str | None = None) -> Path:
    """Print the sign-in sheet of an activity's session (its first one by default).

    ``digits`` is "thai" or "arabic"; None takes the office's setting."""
    activity = services.activities.get(activity_id, include_deleted=False)
    session = _session(services, activity, str(session_id) if session_id else None)
    people = _signin_people(services, activity, str(session["id"]) if session else None)
    if digits is None:
        digits = (services.office.get() or {}).get("digit_style") or "thai"
    return render_signin_sheet(SigninSheet(activity, session, people, digits), out_path)
