"""Generic queries over synced records: fetch, list with filters and order, search.

Services call these with a session from ``Database.read()`` or ``write()``; results are
ORM rows that the services turn into plain dicts before they leave the service layer."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, inspect, or_, select, text
from sqlalchemy.orm import Session

from desktop.core.thai_order import sort_key
from desktop.db.models import SYNCED_MODELS, Base, SyncedRecord
from desktop.db.tracking import plain

SEARCH_MIN_TRIGRAM = 3
SEARCH_COUNT_CAP = 10_000


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


def _filtered(model: type, filters: dict[str, Any], deleted: bool, by_ids: bool = False) -> Select:
    stmt = select(model)
    # When a search already narrows the rows to a list of ids, keep SQLite from walking
    # the (deleted_at, sort_name) index over every record to test each one: wrapping the
    # column in ifnull() leaves the id lookups to drive the query (150 ms -> 15 ms at 100k).
    tombstone = func.ifnull(model.deleted_at, None) if by_ids else model.deleted_at
    stmt = stmt.where(tombstone.is_not(None) if deleted else tombstone.is_(None))
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


_FTS_IDS = ("SELECT d.record_id FROM search_text JOIN search_doc d ON d.rowid = search_text.rowid "
            "WHERE search_text MATCH :q AND d.kind = :kind")
_SCAN_IDS = ("SELECT d.record_id FROM search_text JOIN search_doc d ON d.rowid = search_text.rowid "
             "WHERE d.kind = :kind AND search_text.body LIKE :q LIMIT 1000")


@dataclass(frozen=True)
class SearchCondition:
    where: Any
    by_ids: bool  # True: a list of matching ids (drive the query from it); False: an index range


def search_condition(session: Session, query: str, kind: str) -> SearchCondition | None:
    """A WHERE condition selecting the records of ``kind`` whose text contains ``query``.

    Three or more characters go through the trigram index. Shorter queries match the
    start of the sorted name (what a user typing "สม" expects) or, for kinds without
    one, a bounded substring scan. The ids stay in SQL (a subquery), so a search that
    matches half a million records costs no more than one that matches ten."""
    q = query.strip()
    if not q:
        return None
    model = model_for(kind)
    if session.bind.dialect.name != "sqlite":
        columns = [c for c in ("first_name_th", "last_name_th", "title_th", "name_th", "code") if hasattr(model, c)]
        return SearchCondition(or_(*[getattr(model, c).contains(q) for c in columns]), by_ids=False)
    if len(q) >= SEARCH_MIN_TRIGRAM:
        ids = text(_FTS_IDS).bindparams(q='"' + q.replace('"', '""') + '"', kind=kind)
    elif hasattr(model, "sort_name"):
        prefix = sort_key(q).split("\x01")[0]
        return SearchCondition(and_(model.sort_name >= prefix, model.sort_name < prefix + "\uffff"), by_ids=False)
    else:
        ids = text(_SCAN_IDS).bindparams(q=f"%{q}%", kind=kind)
    return SearchCondition(model.id.in_(ids.columns(record_id=model.id.type)), by_ids=True)


def search_record_ids(session: Session, query: str, kind: str, limit: int | None = None) -> list[uuid.UUID]:
    """Ids of the live records of ``kind`` matching ``query`` (see search_condition)."""
    model = model_for(kind)
    found = search_condition(session, query, kind)
    if found is None:
        return []
    stmt = select(model.id).where(found.where, model.deleted_at.is_(None))
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
    found = search_condition(session, search, kind) if search else None
    stmt = _filtered(model, filters or {}, deleted, by_ids=bool(found and found.by_ids))
    if found is not None:
        stmt = stmt.where(found.where)
    counted = stmt.with_only_columns(model.id)
    if found is not None:
        # A search typed one letter at a time may match most of a million records: count
        # them only up to a cap (the list shows the first pages at once either way).
        counted = counted.limit(SEARCH_COUNT_CAP)
    total = session.scalar(select(func.count()).select_from(counted.subquery())) or 0
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
