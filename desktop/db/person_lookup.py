"""Finding people already on file for an import: by national ID digest (exact, indexed)
and by name (one streaming pass keeping only names the file mentions)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Agency, Enrollment, Person


@dataclass(frozen=True)
class KnownPerson:
    id: Any
    prefix_th: str | None
    first_name_th: str
    last_name_th: str | None
    agency_id: Any
    national_id_tail: str | None


_COLUMNS = (Person.id, Person.prefix_th, Person.first_name_th, Person.last_name_th, Person.agency_id,
            Person.national_id_tail)


def by_digests(session: Session, digests: Iterable[str]) -> dict[str, KnownPerson]:
    found: dict[str, KnownPerson] = {}
    wanted = sorted(set(digests))
    for start in range(0, len(wanted), 500):
        stmt = select(Person.national_id_digest, *_COLUMNS).where(
            Person.national_id_digest.in_(wanted[start:start + 500]), Person.deleted_at.is_(None))
        for digest, *rest in session.execute(stmt):
            found.setdefault(digest, KnownPerson(*rest))
    return found


def by_name_keys(session: Session, wanted: set[tuple[str, str]], key: Callable[[str], str]) -> list[KnownPerson]:
    """Live people whose (key(first name), key(last name)) is one of ``wanted``: one pass
    over the names, keeping only those the caller asked about."""
    out: list[KnownPerson] = []
    if not wanted:
        return out
    stmt = select(*_COLUMNS).where(Person.deleted_at.is_(None)).execution_options(yield_per=5000)
    for row in session.execute(stmt):
        if (key(row[2] or ""), key(row[3] or "")) in wanted:
            out.append(KnownPerson(*row))
    return out


def agencies(session: Session) -> list[tuple[Any, str, str | None, str | None]]:
    stmt = select(Agency.id, Agency.name_th, Agency.abbr_th, Agency.name_en).where(Agency.deleted_at.is_(None))
    return [tuple(r) for r in session.execute(stmt)]


def enrollments(session: Session, cohort_id: Any) -> dict[Any, Enrollment]:
    stmt = select(Enrollment).where(Enrollment.cohort_id == cohort_id, Enrollment.deleted_at.is_(None))
    return {e.person_id: e for e in session.scalars(stmt)}


def pin_references(session: Session) -> list[Any]:
    """Load the name prefixes and agencies into the session and return them: while the
    caller holds the list, checks of a prefix or agency id are answered from the session's
    identity map instead of a query per row."""
    from desktop.db.models import NamePrefix

    return list(session.scalars(select(NamePrefix))) + list(session.scalars(select(Agency)))
