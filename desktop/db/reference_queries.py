"""Lookups in the reference tables for pickers and checks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.db.models import Area, NamePrefix, Programme, ReferenceVersion
from desktop.db.repository import to_plain


def areas(session: Session, parent_code: str | None, query: str | None) -> list[dict[str, Any]]:
    stmt = select(Area)
    stmt = stmt.where(Area.parent_code == parent_code) if parent_code else stmt.where(Area.level == "province")
    if query:
        stmt = stmt.where(or_(Area.name_th.contains(query), Area.name_en.contains(query)))
    return [to_plain(a) for a in session.scalars(stmt.order_by(Area.code))]


def area(session: Session, code: str) -> dict[str, Any] | None:
    row = session.get(Area, code)
    return to_plain(row) if row else None


def prefixes(session: Session) -> list[dict[str, Any]]:
    return [to_plain(p) for p in session.scalars(select(NamePrefix).order_by(NamePrefix.position))]


def programmes(session: Session) -> list[dict[str, Any]]:
    return [to_plain(p) for p in session.scalars(select(Programme).order_by(Programme.position))]


def versions(session: Session) -> dict[str, str]:
    return {r.dataset: r.version for r in session.scalars(select(ReferenceVersion))}
