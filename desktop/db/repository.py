"""Generic queries over synced records: fetch, list with filters and order, search.

Services call these with a session from ``Database.read()`` or ``write()``; results are
ORM rows that the services turn into plain dicts before they leave the service layer."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, and_, func, inspect, or_, select, text
from sqlalchemy.orm import Session

from desktop.core.thai_order import sort_key
from desktop.db.models import SYNCED_MODELS, Base, SyncedRecord
from desktop.db.tracking import plain

SEARCH_MIN_TRIGRAM = 3


def model_for(kind: str) -> type[SyncedRecord]:
    return SYNCED_MODELS[kind]


def columns_of(model: type[Base]) -> list[str]:
    return [c.key for c in inspect(model).column_attrs]


def to_plain(obj: Base, hidden: Iterable[str] = ()) -> dict[str, Any]:
    skip = set(hidden)
    return {k: plain(getattr(obj, k)) for k in columns_of(type(obj)) if k not in skip}


def get(session: Session, kind: str, record_id: uuid.UUID, include_deleted: bool = True) -> SyncedRecord | None:
    obj = session.get(model_for(kind), record_id)
    if obj is not None and obj.deleted_at is not None and not include_deleted:
        return None
    return obj


def find_by(session: Session, kind: str, **equals: Any) -> SyncedRecord | None:
    model = model_for(kind)
    stmt = select(model).filter_by(**equals).where(model.deleted_at.is_(None)).limit(1)
    return session.scalar(stmt)


def _filtered(model: type, filters: dict[str, Any], deleted: bool) -> Select:
    stmt = select(model)
    stmt = stmt.where(model.deleted_at.is_not(None) if deleted else model.deleted_at.is_(None))
    for field, value in filters.items():
        if value is None:
            continue
        column = getattr(model, field)
        if field == "area_code" and isinstance(value, str):
            stmt = stmt.where(column.startswith(value))  # a province matches its districts
        elif isinstance(value, (list, tuple, set)):
            stmt = stmt.where(column.in_(list(value)))
        else:
            stmt = stmt.where(column == value)
    return stmt


def search_record_ids(session: Session, query: str, kind: str, limit: int | None = None) -> list[uuid.UUID] | None:
    """Ids of records whose searchable text contains ``query``.

    Three or more characters go through the trigram index. Shorter queries match the
    start of the sorted name (what a user typing "สม" expects) or, failing that, a
    substring scan with a limit. Returns None when the kind has no search index.
    """
    q = query.strip()
    if not q:
        return None
    model = model_for(kind)
    if session.bind.dialect.name != "sqlite":
        return _like_ids(session, model, q, limit)
    if len(q) >= SEARCH_MIN_TRIGRAM:
        sql = ("SELECT d.record_id FROM search_text JOIN search_doc d ON d.rowid = search_text.rowid "
               "WHERE search_text MATCH :q AND d.kind = :kind")
        if limit:
            sql += f" LIMIT {int(limit)}"
        rows = session.execute(text(sql), {"q": '"' + q.replace('"', '""') + '"', "kind": kind})
        return [uuid.UUID(hex=r[0]) for r in rows]
    ids: list[uuid.UUID] = []
    if hasattr(model, "sort_name"):
        prefix = sort_key(q).split("\x01")[0]
        stmt = select(model.id).where(model.sort_name >= prefix, model.sort_name < prefix + "\uffff")
        ids = list(session.scalars(stmt.limit(limit) if limit else stmt))
    if not ids:
        sql = ("SELECT d.record_id FROM search_text JOIN search_doc d ON d.rowid = search_text.rowid "
               "WHERE d.kind = :kind AND search_text.body LIKE :q")
        sql += f" LIMIT {int(limit or 1000)}"
        rows = session.execute(text(sql), {"q": f"%{q}%", "kind": kind})
        ids = [uuid.UUID(hex=r[0]) for r in rows]
    return ids


def _like_ids(session: Session, model: type, q: str, limit: int | None) -> list[uuid.UUID]:
    text_columns = [c for c in ("first_name_th", "last_name_th", "title_th", "name_th", "code") if hasattr(model, c)]
    stmt = select(model.id).where(or_(*[getattr(model, c).contains(q) for c in text_columns]))
    return list(session.scalars(stmt.limit(limit) if limit else stmt))


def list_records(
    session: Session,
    kind: str,
    *,
    search: str | None = None,
    filters: dict[str, Any] | None = None,
    order: Sequence[str] = ("sort_name",),
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
    deleted: bool = False,
) -> tuple[list[SyncedRecord], int]:
    model = model_for(kind)
    stmt = _filtered(model, filters or {}, deleted)
    if search:
        ids = search_record_ids(session, search, kind)
        if ids is not None:
            stmt = stmt.where(model.id.in_(ids))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    columns = [getattr(model, c) for c in order if hasattr(model, c)] or [model.created_at]
    stmt = stmt.order_by(*[c.desc() if descending else c for c in columns], model.id)
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return list(session.scalars(stmt)), total


def count_live(session: Session, kind: str) -> int:
    model = model_for(kind)
    return session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None))) or 0


def children(session: Session, kind: str, **parent: Any) -> list[SyncedRecord]:
    model = model_for(kind)
    conditions = [getattr(model, k) == v for k, v in parent.items()]
    stmt = select(model).where(and_(*conditions), model.deleted_at.is_(None))
    order = [c for c in ("position", "day", "sort_name", "created_at") if hasattr(model, c)]
    return list(session.scalars(stmt.order_by(*[getattr(model, c) for c in order])))


def exists_reference(session: Session, model: type[Base], key: Any) -> bool:
    return session.get(model, key) is not None
