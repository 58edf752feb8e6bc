"""Generic queries over synced records: fetch, list with filters and order, search.

Services call these with a session from ``Database.read()`` or ``write()``; results are
ORM rows that the services turn into plain dicts before they leave the service layer."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, Text, and_, bindparam, func, inspect, or_, select, text
from sqlalchemy.orm import Session, aliased

from desktop.core.thai_order import sort_key
from desktop.db.models import SYNCED_MODELS, Agency, Base, SyncedRecord
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


def _listing(session: Session, kind: str, search: str | None, filters: dict[str, Any] | None,
             deleted: bool) -> tuple[type[SyncedRecord], Select, SearchCondition | None]:
    model = model_for(kind)
    found = search_condition(session, search, kind) if search else None
    stmt = _filtered(model, filters or {}, deleted, by_ids=bool(found and found.by_ids))
    if found is not None:
        stmt = stmt.where(found.where)
    return model, stmt, found


def _ordered(model: type[SyncedRecord], stmt: Select, order: Sequence[str], descending: bool) -> Select:
    columns = [getattr(model, c) for c in order if hasattr(model, c)] or [model.created_at]
    return stmt.order_by(*[c.desc() if descending else c for c in columns], model.id)


def _plain_filters(filters: dict[str, Any] | None) -> bool:
    return not any(v is not None for v in (filters or {}).values())


def _total(session: Session, model: type[SyncedRecord], stmt: Select, found: SearchCondition | None,
           filters: dict[str, Any] | None, deleted: bool) -> int:
    if found is None and not deleted and _plain_filters(filters):
        # Every live record: count(*) of a whole table is a count of b-tree cells (no row
        # is read: 7 ms for a million people, against 75 ms testing each one's
        # deleted_at), less the trash, a short range of the (deleted_at, ...) index.
        everything = session.scalar(select(func.count()).select_from(model)) or 0
        trashed = session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_not(None))) or 0
        return everything - trashed
    counted = stmt.with_only_columns(model.id)
    if found is not None:
        # A search typed one letter at a time may match most of a million records: count
        # them only up to a cap (the list shows the first pages at once either way).
        counted = counted.limit(SEARCH_COUNT_CAP)
    return session.scalar(select(func.count()).select_from(counted.subquery())) or 0


# A page is read ids first: the ids of the page in the list's order (for people a walk over
# the (deleted_at, sort_name, id) index alone, even 500,000 rows deep), then the rows of
# those ids. Paging by OFFSET over whole rows read and dropped every row before the page.
IDS_FIRST_MAX = 1000


def list_ids(
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
    count: bool = True,
) -> tuple[list[uuid.UUID], int | None]:
    """The ids of one page of a listing, in its order, and (with ``count``) the total."""
    model, stmt, found = _listing(session, kind, search, filters, deleted)
    ids_stmt = _ordered(model, stmt.with_only_columns(model.id), order, descending)
    if limit is not None:
        ids_stmt = ids_stmt.limit(limit).offset(offset)
    total = None
    if count and found is not None and found.by_ids and limit:
        # The matches of a full-text search are gathered and sorted for the page anyway:
        # count them in the same pass (exact, no cap) instead of gathering them twice.
        counted = ids_stmt.add_columns(func.count().over())
        rows = session.connection().execute(counted).all()
        if rows or offset == 0:
            return [r[0] for r in rows], (rows[0][1] if rows else 0)
        ids = []
    else:
        ids = list(session.connection().execute(ids_stmt).scalars())
    if count:
        total = _total(session, model, stmt, found, filters, deleted)
    return ids, total


def _by_ids(session: Session, model: type[SyncedRecord], ids: Sequence[uuid.UUID]) -> list[Any]:
    return list(session.scalars(select(model).where(model.id.in_(list(ids)))))


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
    if limit is not None and limit <= IDS_FIRST_MAX:
        ids, total = list_ids(session, kind, search=search, filters=filters, order=order,
                              descending=descending, limit=limit, offset=offset, deleted=deleted)
        if not ids:
            return [], total or 0
        found = {obj.id: obj for obj in _by_ids(session, model_for(kind), ids)}
        return [found[i] for i in ids if i in found], total or 0
    model, stmt, found = _listing(session, kind, search, filters, deleted)
    total = _total(session, model, stmt, found, filters, deleted)
    stmt = _ordered(model, stmt, order, descending)
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return list(session.scalars(stmt)), total


_ROWS: dict[tuple, tuple[Select, list[str], list[bool]]] = {}


def _rows_statement(kind: str, columns: Sequence[str], names: dict[str, str]) -> tuple[Select, list[str], list[bool]]:
    """The statement reading ``columns`` of ``kind`` for a list of ids, built once (the
    same statement object each time, so SQLAlchemy's compiled form is reused)."""
    key = (kind, tuple(columns), tuple(names.items()))
    if key not in _ROWS:
        model = model_for(kind)
        wanted = ["id", "deleted_at", *[c for c in columns if c not in ("id", "deleted_at")]]
        stmt = select(*[getattr(model, c) for c in wanted])
        for out, column in names.items():
            agency = aliased(Agency)
            stmt = stmt.add_columns(agency.name_th.label(out)).outerjoin(agency, agency.id == getattr(model, column))
        stmt = stmt.where(model.id.in_(bindparam("ids", expanding=True)))
        # Only ids, dates and numbers need plain(); text goes out as it is read.
        convert = [not isinstance(getattr(model, c).type, (String, Text)) for c in wanted] + [False] * len(names)
        _ROWS[key] = (stmt, [*wanted, *names], convert)
    return _ROWS[key]


def rows_by_ids(session: Session, kind: str, ids: Sequence[uuid.UUID], columns: Sequence[str],
                names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Plain rows of just ``columns`` (plus id and deleted_at) for ``ids``, in that order;
    ``names`` adds an agency's name_th for a column holding an agency id
    (``{"agency_name": "agency_id"}``), by a join rather than one lookup per row."""
    if not ids:
        return []
    stmt, keys, convert = _rows_statement(kind, columns, names or {})
    pairs = list(zip(keys, convert))
    found = {}
    for row in session.connection().execute(stmt, {"ids": list(ids)}):   # Core: no ORM result layer
        found[row[0]] = {k: (plain(v) if c else v) for (k, c), v in zip(pairs, row)}
    return [found[i] for i in ids if i in found]


def count_live(session: Session, kind: str) -> int:
    model = model_for(kind)
    return _total(session, model, select(model.id), None, None, False)


def children(session: Session, kind: str, **parent: Any) -> list[SyncedRecord]:
    model = model_for(kind)
    conditions = [getattr(model, k) == v for k, v in parent.items()]
    stmt = select(model).where(and_(*conditions), model.deleted_at.is_(None))
    order = [c for c in ("position", "day", "sort_name", "created_at") if hasattr(model, c)]
    return list(session.scalars(stmt.order_by(*[getattr(model, c) for c in order])))


def exists_reference(session: Session, model: type[Base], key: Any) -> bool:
    return session.get(model, key) is not None
