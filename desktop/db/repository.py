"""Generic queries over synced records: fetch, list with filters and order, search.

Services call these with a session from ``Database.read()`` or ``write()``; results are
ORM rows that the services turn into plain dicts before they leave the service layer."""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, Text, Uuid, and_, bindparam, case, func, inspect, or_, select, text
from sqlalchemy.orm import Session, aliased

from desktop.core.thai_order import sort_key
from desktop.db.models import SYNCED_MODELS, Agency, Base, SyncedRecord
from desktop.db.search_schema import reorder_statements
from desktop.db.tracking import plain

SEARCH_MIN_TRIGRAM = 3
SEARCH_COUNT_CAP = 1000   # a quick count stops here: "1,000+ found"


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

# The index rows of a kind numbered in its list order (see search_schema): its range, and
# where the tail (rows added or renamed since) starts.
_RANGE = text("SELECT b.low, b.high, (SELECT coalesce(max(high), 0) FROM search_block) FROM search_block b "
              "WHERE b.kind = :kind")
_NO_RANGE = text("SELECT coalesce(max(high), 0) FROM search_block")
_HITS = ("SELECT t.rowid, d.record_id FROM search_text AS t JOIN search_doc AS d ON d.rowid = t.rowid "
         "WHERE search_text MATCH :q AND t.rowid BETWEEN :low AND :high {after}{trash}"
         "ORDER BY t.rowid {direction} LIMIT :n OFFSET :skip")
# Leaves the trash out without reading a record: its ids, read once from the
# (deleted_at, ...) index, against each match's id.
_NOT_TRASHED = "AND d.record_id NOT IN (SELECT id FROM {table} WHERE deleted_at IS NOT NULL) "
_HIT_STATEMENTS: dict[tuple, Any] = {}


def _hits_statement(table: str | None, descending: bool, after: bool) -> Any:
    """The matches of a kind's range in list order (after a row number, ``after``);
    with ``table``, those of its records in the trash left out."""
    key = (table, descending, after)
    if key not in _HIT_STATEMENTS:
        _HIT_STATEMENTS[key] = text(_HITS.format(
            direction="DESC" if descending else "ASC",
            after=("AND t.rowid < :after " if descending else "AND t.rowid > :after ") if after else "",
            trash=_NOT_TRASHED.format(table=table) if table else ""))
    return _HIT_STATEMENTS[key]


_TAIL_HITS = text("SELECT d.record_id FROM search_text AS t JOIN search_doc AS d ON d.rowid = t.rowid "
                  "WHERE search_text MATCH :q AND t.rowid > :boundary AND d.kind = :kind")
_ORDERED_COUNT = text("SELECT count(*) FROM (SELECT 1 FROM search_text WHERE search_text MATCH :q "
                      "AND rowid BETWEEN :low AND :high LIMIT :cap)")
_COUNTS_BUT_TRASH: dict[str, Any] = {}


def _count_but_trash(table: str) -> Any:
    if table not in _COUNTS_BUT_TRASH:
        _COUNTS_BUT_TRASH[table] = text(
            "SELECT count(*) FROM (SELECT 1 FROM search_text AS t JOIN search_doc AS d ON d.rowid = t.rowid "
            "WHERE search_text MATCH :q AND t.rowid BETWEEN :low AND :high "
            f"{_NOT_TRASHED.format(table=table)}LIMIT :cap)")
    return _COUNTS_BUT_TRASH[table]


_VERIFY_BATCH = 64
_VERIFY_BUDGET = 5000   # matches checked one by one (filters, the trash) before the plain way is cheaper


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
    columns = [in_order(getattr(model, c)) for c in order if hasattr(model, c)] or [model.created_at]
    # descending: the exact reverse (ties too), a walk backwards over the same index
    return stmt.order_by(*[c.desc() if descending else c for c in [*columns, model.id]])


def in_order(column: Any) -> Any:
    """A column whose values have an order of their own (``info["order"]``: the parts of a
    day) sorts by their place in it, unknown values last; any other sorts as it is."""
    values = column.info.get("order") if hasattr(column, "info") else None
    if not values:
        return column
    return case({value: place for place, value in enumerate(values)}, value=column, else_=len(values))


def _plain_filters(filters: dict[str, Any] | None) -> bool:
    return not any(v is not None for v in (filters or {}).values())


def _total(session: Session, model: type[SyncedRecord], stmt: Select, found: SearchCondition | None,
           filters: dict[str, Any] | None, deleted: bool, cap: int | None = None) -> int:
    """How many records ``stmt`` selects; with ``cap``, counted only up to cap + 1."""
    if found is None and not deleted and _plain_filters(filters):
        # Every live record: count(*) of a whole table is a count of b-tree cells (no row
        # is read: 7 ms for a million people, against 75 ms testing each one's
        # deleted_at), less the trash, a short range of the (deleted_at, ...) index.
        everything = session.scalar(select(func.count()).select_from(model)) or 0
        trashed = session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_not(None))) or 0
        return everything - trashed
    counted = stmt.with_only_columns(model.id)
    if cap is not None:
        counted = counted.limit(cap + 1)
    return session.scalar(select(func.count()).select_from(counted.subquery())) or 0


# A page is read ids first: the ids of the page in the list's order (for people a walk over
# the (deleted_at, sort_name, id) index alone, even 500,000 rows deep), then the rows of
# those ids. Paging by OFFSET over whole rows read and dropped every row before the page.
IDS_FIRST_MAX = 1000


@dataclass(frozen=True)
class IdPage:
    ids: list[uuid.UUID]
    total: int | None     # None: not counted
    exact: bool = True    # False: ``total`` is a lower bound (a quick count stopped there)


def list_ids(session: Session, kind: str, **options: Any) -> tuple[list[uuid.UUID], int | None]:
    """The ids of one page of a listing, in its order, and (with ``count``) the total."""
    page = list_page(session, kind, **options)
    return page.ids, page.total


def list_page(
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
    exact: bool = True,
) -> IdPage:
    """The ids of one page of a listing, in its order, and (with ``count``) the total.

    ``exact=False`` lets a search count only up to ``SEARCH_COUNT_CAP`` (``IdPage.exact``
    then says whether it got to the end): what a list typed into needs for its first page,
    the exact count following in the background."""
    match = _match(session, search, kind)
    if match is not None and limit and not deleted and tuple(order) == ("sort_name",):
        page = _ordered_search(session, model_for(kind), kind, match, filters, descending, limit, offset,
                               count, exact)
        if page is not None:
            return page
    if match is None and search and search.strip() and limit and not deleted and _plain_filters(filters) \
            and tuple(order) == ("sort_name",) and session.bind.dialect.name == "sqlite" \
            and hasattr(model_for(kind), "sort_name"):
        return _prefix_search(session, model_for(kind).__tablename__, search.strip(), descending, limit, offset,
                              count, exact)
    model, stmt, found = _listing(session, kind, search, filters, deleted)
    ids_stmt = _ordered(model, stmt.with_only_columns(model.id), order, descending)
    if limit is not None:
        ids_stmt = ids_stmt.limit(limit).offset(offset)
    if count and found is not None and found.by_ids and limit:
        # The matches of a full-text search are gathered and sorted for the page anyway:
        # count them in the same pass (exact, no cap) instead of gathering them twice.
        counted = ids_stmt.add_columns(func.count().over())
        rows = session.connection().execute(counted).all()
        if rows or offset == 0:
            return IdPage([r[0] for r in rows], rows[0][1] if rows else 0)
        ids = []
    else:
        ids = list(session.connection().execute(ids_stmt).scalars())
    if not count:
        return IdPage(ids, None)
    quick = found is not None and not exact
    total = _total(session, model, stmt, found, filters, deleted, SEARCH_COUNT_CAP if quick else None)
    if quick and total > SEARCH_COUNT_CAP:
        return IdPage(ids, max(SEARCH_COUNT_CAP, offset + len(ids)), exact=False)
    return IdPage(ids, total)


def count_matching(session: Session, kind: str, *, search: str | None = None,
                   filters: dict[str, Any] | None = None, deleted: bool = False) -> int:
    """The exact number of records a listing holds (the count a quick one left out)."""
    match = _match(session, search, kind)
    if match is not None and not deleted:
        page = _ordered_search(session, model_for(kind), kind, match, filters, False, 1, 0, True, True)
        if page is not None:
            return page.total or 0
    model, stmt, found = _listing(session, kind, search, filters, deleted)
    return _total(session, model, stmt, found, filters, deleted)


def _prefix_search(session: Session, table: str, query: str, descending: bool, limit: int, offset: int,
                   count: bool, exact: bool) -> IdPage:
    """A search of one or two letters, the start of the sorted name (``search_condition``):
    a walk over the (deleted_at, sort_name, id) index, straight through the driver."""
    prefix = sort_key(query).split("\x01")[0]
    where = f"FROM {table} WHERE deleted_at IS NULL AND sort_name >= ? AND sort_name < ?"
    direction = "DESC" if descending else "ASC"
    cursor = session.connection().connection.dbapi_connection.cursor()
    try:
        rows = cursor.execute(f"SELECT id {where} ORDER BY sort_name {direction}, id {direction} LIMIT ? OFFSET ?",
                              (prefix, prefix + "\uffff", limit, offset)).fetchall()
        ids = [_uuid(r[0]) for r in rows]
        if not count:
            return IdPage(ids, None)
        if len(ids) < limit and (ids or offset == 0):
            return IdPage(ids, offset + len(ids))
        cap = "" if exact else f" LIMIT {SEARCH_COUNT_CAP + 1}"
        total = cursor.execute(f"SELECT count(*) FROM (SELECT 1 {where}{cap})",
                               (prefix, prefix + "\uffff")).fetchone()[0]
    finally:
        cursor.close()
    if not exact and total > SEARCH_COUNT_CAP:
        return IdPage(ids, max(SEARCH_COUNT_CAP, offset + len(ids)), exact=False)
    return IdPage(ids, total)


def _match(session: Session, search: str | None, kind: str) -> str | None:
    """The FTS5 query of a search the index rows numbered in list order can answer."""
    q = (search or "").strip()
    if len(q) < SEARCH_MIN_TRIGRAM or session.bind.dialect.name != "sqlite" \
            or not hasattr(model_for(kind), "sort_name"):
        return None
    return '"' + q.replace('"', '""') + '"'


def _uuid(value: Any) -> uuid.UUID:
    """A UUID from its 32 hex digits as SQLite holds it (a page's worth of them: a third of
    the time ``uuid.UUID(hex)`` takes, which parses every form of UUID there is)."""
    if isinstance(value, uuid.UUID):
        return value
    if len(value) != 32:
        return uuid.UUID(value)
    made = object.__new__(uuid.UUID)
    object.__setattr__(made, "int", int(value, 16))
    object.__setattr__(made, "is_safe", uuid.SafeUUID.unknown)
    return made


def _ordered_search(session: Session, model: type[SyncedRecord], kind: str, match: str,
                    filters: dict[str, Any] | None, descending: bool, limit: int, offset: int,
                    count: bool, exact: bool) -> IdPage | None:
    """A page of a trigram search in the list's order (``sort_name``, id), read from the
    index rows numbered in that order (search_schema): the first ``offset + limit``
    matches of the kind's range, merged with the matches of the tail (few: sorted here).
    The trash is left out in SQL; with filters the matches are checked against the
    records. None when too many would need checking: the caller then sorts them all."""
    conn = session.connection()
    # The plain statements go straight to the driver: a page takes five or six of them, and
    # SQLAlchemy's handling of each costs as much as SQLite's work.
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        return _ordered_search_in(session, conn, cursor, model, kind, match, filters, descending, limit,
                                  offset, count, exact)
    finally:
        cursor.close()


def _ordered_search_in(session: Session, conn: Any, cursor: Any, model: type[SyncedRecord], kind: str,
                       match: str, filters: dict[str, Any] | None, descending: bool, limit: int, offset: int,
                       count: bool, exact: bool) -> IdPage | None:
    def scalar(statement: Any, params: dict[str, Any]) -> Any:
        return cursor.execute(statement.text, params).fetchone()[0]

    table = model.__tablename__
    row = cursor.execute(_RANGE.text, {"kind": kind}).fetchone()
    low, high, boundary = row if row is not None else (1, 0, scalar(_NO_RANGE, {}) or 0)
    want = offset + limit
    checked = not _plain_filters(filters)
    trash = table if not checked and cursor.execute(
        f"SELECT 1 FROM {table} WHERE deleted_at IS NOT NULL LIMIT 1").fetchone() else None
    passing = _filtered(model, filters or {}, False, by_ids=True).whereclause

    def names_of(ids: list[uuid.UUID], check: bool) -> dict[uuid.UUID, str]:
        """id -> sort_name of those of ``ids`` that are listed (live, through the filters)."""
        if not ids:
            return {}
        stmt = select(model.id, model.sort_name).where(model.id.in_(ids))
        return dict(conn.execute(stmt.where(passing) if check else stmt).all())

    def hits(n: int, skip: int = 0, after: int | None = None) -> list[tuple[int, uuid.UUID]]:
        params = {"q": match, "low": low, "high": high, "n": n, "skip": skip}
        if after is not None:
            params["after"] = after
        statement = _hits_statement(trash, descending, after is not None)
        return [(r[0], _uuid(r[1])) for r in cursor.execute(statement.text, params).fetchall()]

    tail_names = names_of([_uuid(r[0]) for r in cursor.execute(
        _TAIL_HITS.text, {"q": match, "boundary": boundary, "kind": kind}).fetchall()], True)
    tail = sorted(((name, i) for i, name in tail_names.items()), reverse=descending)

    read = None   # how many of the range's matches are listed, once all of them were read
    if not checked and not tail:
        # Every match read is listed, in order: the page is a slice of them.
        page = [i for _r, i in hits(limit, offset)]
        if len(page) < limit and (page or offset == 0):
            read = offset + len(page)
    else:
        ordered: list[tuple[str, uuid.UUID]] = []
        after, seen = None, 0
        while len(ordered) < want:
            missing = want - len(ordered)   # checked: a few more, for those the check drops
            n = max(_VERIFY_BATCH, missing + missing // 4 + 8) if checked else missing
            batch = hits(n, after=after)
            seen += len(batch)
            names = names_of([i for _r, i in batch], checked)
            ordered += [(names[i], i) for _r, i in batch if i in names]
            if len(batch) < n:
                read = len(ordered)
                break
            after = batch[-1][0]
            if checked and seen >= _VERIFY_BUDGET and len(ordered) < want:
                return None
        merged = list(heapq.merge(ordered[:want], tail, reverse=descending))
        page = [i for _n, i in merged[offset:offset + limit]]
    if not count:
        return IdPage(page, None)
    if read is not None:
        return IdPage(page, read + len(tail))
    if checked:
        if not exact:
            return IdPage(page, want + len(tail), exact=False)   # at least the page and what came before it
        matching = model.id.in_(text(_FTS_IDS).bindparams(q=match, kind=kind).columns(record_id=model.id.type))
        counted = select(func.count()).select_from(model).where(passing, matching)
        return IdPage(page, session.scalar(counted) or 0)
    if not exact:
        cap = SEARCH_COUNT_CAP + 1
        params = {"q": match, "low": low, "high": high, "cap": cap}
        in_range = scalar(_count_but_trash(trash) if trash else _ORDERED_COUNT, params)
        if in_range > SEARCH_COUNT_CAP:
            return IdPage(page, SEARCH_COUNT_CAP + len(tail), exact=False)
        return IdPage(page, in_range + len(tail))
    in_range = scalar(_ORDERED_COUNT, {"q": match, "low": low, "high": high, "cap": -1})
    if trash:
        # the matches of the range less those in the trash (the trash's index rows gathered
        # once, each match tested against them)
        in_range -= scalar(_trashed_matches(model), {"q": match, "low": low, "high": high})
    return IdPage(page, in_range + len(tail))


_TRASHED: dict[str, Any] = {}


def _trashed_matches(model: type[SyncedRecord]) -> Any:
    table = model.__tablename__
    if table not in _TRASHED:
        # "+rowid": a test of each match, not a look-up in the full-text index per trashed row
        _TRASHED[table] = text(
            "SELECT count(*) FROM search_text WHERE search_text MATCH :q AND rowid BETWEEN :low AND :high "
            f"AND +rowid IN (SELECT d.rowid FROM {table} AS x JOIN search_doc AS d ON d.record_id = x.id "
            "WHERE x.deleted_at IS NOT NULL)")
    return _TRASHED[table]


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


def _hex_to_text(value: str | None) -> str | None:
    """A UUID column as SQLite holds it (32 hex digits) in its text form, as str(UUID)."""
    if value is None:
        return None
    if len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(uuid.UUID(value))


_RAW_ROWS: dict[tuple, tuple[str, list[str], list[tuple[str, Any]]]] = {}


def _raw_rows_statement(session: Session, kind: str, columns: Sequence[str],
                        count: int) -> tuple[str, list[str], list[tuple[str, Any]]]:
    """The SQL reading ``columns`` of ``kind`` for ``count`` ids through the driver, and the
    conversion of each column that needs one, decided once: ids go out in their text
    form straight from the hex digits SQLite holds, dates through their type, text as it
    is read (SQLAlchemy's result processing per value was half the time of a page)."""
    key = (kind, tuple(columns), count)
    if key not in _RAW_ROWS:
        stmt, keys, convert = _rows_statement(kind, columns, {})
        dialect = session.bind.dialect
        sql = stmt.compile(dialect=dialect).string.replace("__[POSTCOMPILE_ids]", ", ".join(["?"] * count))
        convertors: list[tuple[str, Any]] = []
        for name, column, needed in zip(keys, stmt.selected_columns, convert):
            if not needed:
                continue
            if isinstance(column.type, Uuid):
                convertors.append((name, _hex_to_text))
            else:
                process = column.type.dialect_impl(dialect).result_processor(dialect, None)
                convertors.append((name, (lambda v, p=process: plain(p(v))) if process else plain))
        _RAW_ROWS[key] = (sql, keys, convertors)
    return _RAW_ROWS[key]


def _sqlite_rows(session: Session, kind: str, ids: Sequence[uuid.UUID], columns: Sequence[str],
                 names: dict[str, str]) -> list[dict[str, Any]]:
    wanted = [*columns, *[c for c in names.values() if c not in columns]]
    sql, keys, convertors = _raw_rows_statement(session, kind, wanted, len(ids))
    hexes = [i.hex for i in ids]
    cursor = session.connection().connection.dbapi_connection.cursor()
    try:
        found = {}
        for row in cursor.execute(sql, hexes).fetchall():
            out = dict(zip(keys, row))
            for key, convert in convertors:
                value = out[key]
                if value is not None:
                    out[key] = convert(value)
            found[row[0]] = out
        if names:
            # The agencies named by the page (a few dozen at most) in one look-up, not a
            # join repeated for every row.
            held = {row[column] for row in found.values() for column in names.values()} - {None}
            agency_names = {}
            if held:
                marks = ", ".join(["?"] * len(held))
                agency_names = {_hex_to_text(i): n for i, n in cursor.execute(
                    f"SELECT id, name_th FROM agency WHERE id IN ({marks})",
                    [uuid.UUID(i).hex for i in held]).fetchall()}
            for row in found.values():
                for out, column in names.items():
                    row[out] = agency_names.get(row[column])
    finally:
        cursor.close()
    return [found[h] for h in hexes if h in found]


def rows_by_ids(session: Session, kind: str, ids: Sequence[uuid.UUID], columns: Sequence[str],
                names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Plain rows of just ``columns`` (plus id and deleted_at) for ``ids``, in that order;
    ``names`` adds an agency's name_th for a column holding an agency id
    (``{"agency_name": "agency_id"}``), by a join rather than one lookup per row."""
    if not ids:
        return []
    if session.bind.dialect.name == "sqlite":
        return _sqlite_rows(session, kind, ids, columns, names or {})
    stmt, keys, convert = _rows_statement(kind, columns, names or {})
    pairs = list(zip(keys, convert))
    found = {}
    for row in session.connection().execute(stmt, {"ids": list(ids)}):   # Core: no ORM result layer
        found[row[0]] = {k: (plain(v) if c else v) for (k, c), v in zip(pairs, row)}
    return [found[i] for i in ids if i in found]


def reorder_search_index(session: Session) -> None:
    """Fold the search index's tail (rows added or renamed since the last reorder) back
    into list order (``search_schema.reorder_statements``): after a bulk load or a large
    sync. SQLite only; inside the caller's write session."""
    if session.bind.dialect.name != "sqlite":
        return
    conn = session.connection()
    for statement in reorder_statements():
        conn.exec_driver_sql(statement)


def count_live(session: Session, kind: str) -> int:
    model = model_for(kind)
    return _total(session, model, select(model.id), None, None, False)


def children(session: Session, kind: str, **parent: Any) -> list[SyncedRecord]:
    model = model_for(kind)
    conditions = [getattr(model, k) == v for k, v in parent.items()]
    stmt = select(model).where(and_(*conditions), model.deleted_at.is_(None))
    order = [in_order(getattr(model, c)) for c in ("position", "day", "part", "sort_name", "created_at")
             if hasattr(model, c)]
    return list(session.scalars(stmt.order_by(*order)))


def apply_defaults(obj: Base) -> None:
    """Set the plain Python defaults of the columns still None (an ORM insert would set
    them at flush; a bulk insert of the object's values needs them now)."""
    for column in type(obj).__table__.columns:
        default = column.default
        if default is not None and default.is_scalar and getattr(obj, column.key, None) is None:
            setattr(obj, column.key, default.arg)


def exists_reference(session: Session, model: type[Base], key: Any) -> bool:
    return session.get(model, key) is not None
