"""One generic service for every kind of synced record: create, read, update, delete
into the trash, restore, list, search. Kinds differ only in their ``KindSpec``."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from desktop.core.errors import Conflict, NotFound, Problem, ValidationFailed
from desktop.core.ids import parse_id
from desktop.core.text import N_
from desktop.db import repository
from desktop.db.database import Database
from desktop.services.fields import Cleaner, collect


@dataclass(frozen=True)
class KindSpec:
    """What a record kind looks like to the services."""

    kind: str                                  # sync kind, e.g. "person"
    fields: dict[str, Cleaner]                 # writable fields and their cleaners
    required: frozenset[str] = frozenset()
    order: tuple[str, ...] = ("sort_name",)
    filters: frozenset[str] = frozenset()
    hidden: frozenset[str] = frozenset()       # stored but never handed out
    check: Callable[[dict[str, Any]], None] | None = None      # cross-field rules
    derive: Callable[[Any, Any, Database], None] | None = None  # (obj, session, db)
    present: Callable[[dict[str, Any], Any, Any, Database], None] | None = None
    # fields that are not columns: name -> (cleaner, apply(obj, cleaned value, db))
    virtual: dict[str, tuple[Cleaner, Callable[[Any, Any, Database], None]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    total: int | None   # None when the caller asked not to count (a further page of a list)
    exact: bool = True  # False: a quick count (``exact=False``) stopped at ``total``; there are more


@dataclass(frozen=True)
class ListView:
    """What a list shows of a kind, read as plain columns (``list(lean=True)``) instead of
    whole records: ``columns`` of the record, agency names joined in (``names``: output
    key -> the column holding the agency's id), then ``present(row)`` adds what is
    derived. The rows carry id, record_kind, deleted and deleted_at as full rows do."""

    columns: tuple[str, ...]
    names: dict[str, str] = field(default_factory=dict)
    present: Callable[[dict[str, Any]], None] | None = None


# kind -> its list view (registered by ``desktop.services.kinds``)
LIST_VIEWS: dict[str, ListView] = {}


class RecordService:
    lean_lists = True   # list(lean=True, count=False) is understood (see RecordTableModel)
    quick_counts = True  # list(exact=False) and count(search=, filters=, deleted=) too

    def __init__(self, db: Database, spec: KindSpec) -> None:
        self.db = db
        self.spec = spec
        self.kind = spec.kind

    # -- reading -----------------------------------------------------------------
    def get(self, record_id: str | uuid.UUID, include_deleted: bool = True) -> dict[str, Any]:
        with self.db.read() as s:
            obj = repository.get(s, self.kind, parse_id(record_id), include_deleted)
            if obj is None:
                raise NotFound(N_("No {kind} with id {id}."), kind=self.kind, id=str(record_id))
            return self._plain(obj, s)

    def list(self, *, search: str | None = None, filters: dict[str, Any] | None = None,
             order: tuple[str, ...] | None = None, descending: bool = False,
             limit: int | None = None, offset: int = 0, deleted: bool = False,
             lean: bool = False, count: bool = True, exact: bool = True) -> Page:
        """A page of records. ``lean``: only what the kind's list shows (its ``ListView``;
        whole records for a kind without one), the way a list of thousands pages through
        them. ``count=False`` skips the total (``Page.total`` is None) for a further page.
        ``exact=False`` lets a search count only so far (``Page.exact`` False: ``total`` is
        a lower bound; ``count(...)`` gives the rest), what a list typed into needs."""
        unknown = set(filters or {}) - set(self.spec.filters)
        if unknown:
            raise ValidationFailed([Problem(f, N_("Cannot filter by {field}."), {"field": f}) for f in sorted(unknown)])
        filters = {k: (parse_id(v) if k.endswith("_id") and isinstance(v, str) else v)
                   for k, v in (filters or {}).items()}
        view = LIST_VIEWS.get(self.kind) if lean else None
        with self.db.read() as s:
            if view is not None and limit is not None and limit <= repository.IDS_FIRST_MAX:
                found = repository.list_page(
                    s, self.kind, search=search, filters=filters, order=order or self.spec.order,
                    descending=descending, limit=limit, offset=offset, deleted=deleted, count=count, exact=exact)
                rows = repository.rows_by_ids(s, self.kind, found.ids, view.columns, view.names)
                hidden = self.spec.hidden.intersection(rows[0]) if rows else ()
                return Page([self._lean(row, view, hidden) for row in rows], found.total, found.exact)
            rows, total = repository.list_records(
                s, self.kind, search=search, filters=filters, order=order or self.spec.order,
                descending=descending, limit=limit, offset=offset, deleted=deleted)
            return Page([self._plain(o, s) for o in rows], total if count else None)

    def _lean(self, row: dict[str, Any], view: ListView, hidden: Any = ()) -> dict[str, Any]:
        """``hidden``: the hidden keys a row of this view holds (the same for every row)."""
        row["record_kind"] = self.kind
        row["deleted"] = row.get("deleted_at") is not None
        if view.present is not None:
            view.present(row)
        for key in hidden:
            row.pop(key, None)
        return row

    def count(self, *, search: str | None = None, filters: dict[str, Any] | None = None,
              deleted: bool = False) -> int:
        """How many live records (or, ``deleted``, records in the trash) a list of them
        holds, with its search and filters: the exact total a quick count left out."""
        with self.db.read() as s:
            if search is None and not filters and not deleted:
                return repository.count_live(s, self.kind)
            filters = {k: (parse_id(v) if k.endswith("_id") and isinstance(v, str) else v)
                       for k, v in (filters or {}).items()}
            return repository.count_matching(s, self.kind, search=search, filters=filters, deleted=deleted)

    # -- writing -----------------------------------------------------------------
    def create(self, values: dict[str, Any], user: str | None = None) -> dict[str, Any]:
        with self.db.write(user) as s:
            obj = self.create_in(s, values)
            s.flush()
            return self._plain(obj, s)

    def create_in(self, session: Any, values: dict[str, Any], record_id: uuid.UUID | None = None) -> Any:
        """Create inside an open write session (for actions that write several records)."""
        obj = self.build(session, values, record_id)
        session.add(obj)
        return obj

    def build(self, session: Any, values: dict[str, Any], record_id: uuid.UUID | None = None,
              trusted: frozenset[str] = frozenset()) -> Any:
        """A new record checked and derived like ``create_in`` but not added to the session
        (for bulk inserts). ``trusted`` fields are taken as given: ids the caller has just
        created or checked itself."""
        cleaned, virtual = self._clean(values, session, creating=True, trusted=trusted)
        model = repository.model_for(self.kind)
        obj = model(**cleaned)
        if record_id is not None:
            obj.id = record_id
        self._apply_virtual(obj, virtual, session)
        if self.spec.derive:
            self.spec.derive(obj, session, self.db)
        repository.apply_defaults(obj)
        return obj

    def update(self, record_id: str | uuid.UUID, changes: dict[str, Any], user: str | None = None,
               expected_revision: int | None = None) -> dict[str, Any]:
        with self.db.write(user) as s:
            obj = self._live(s, record_id)
            if expected_revision is not None and obj.revision != expected_revision:
                raise Conflict(N_("Someone else changed this record while you were editing it. "
                                  "Reopen it to see their changes, then edit again."))
            self.update_in(s, obj, changes)
            s.flush()
            return self._plain(obj, s)

    def update_in(self, session: Any, obj: Any, changes: dict[str, Any]) -> Any:
        """Change a live record inside an open write session (nothing is set when a
        value fails its check)."""
        cleaned, virtual = self._clean(changes, session, creating=False, current=obj)
        for key, value in cleaned.items():
            setattr(obj, key, value)
        self._apply_virtual(obj, virtual, session)
        if self.spec.derive:
            self.spec.derive(obj, session, self.db)
        return obj

    def delete(self, record_id: str | uuid.UUID, user: str | None = None) -> dict[str, Any]:
        """Move a record to the trash: a tombstone that syncs and can be restored."""
        with self.db.write(user) as s:
            obj = self._live(s, record_id)
            obj.deleted_at = datetime.now(timezone.utc).replace(tzinfo=None)
            s.flush()
            return self._plain(obj, s)

    def restore(self, record_id: str | uuid.UUID, user: str | None = None) -> dict[str, Any]:
        with self.db.write(user) as s:
            obj = repository.get(s, self.kind, parse_id(record_id))
            if obj is None or obj.deleted_at is None:
                raise NotFound(N_("No {kind} with id {id} in the trash."), kind=self.kind, id=str(record_id))
            obj.deleted_at = None
            s.flush()
            return self._plain(obj, s)

    # -- helpers -----------------------------------------------------------------
    def _live(self, session: Any, record_id: str | uuid.UUID) -> Any:
        obj = repository.get(session, self.kind, parse_id(record_id), include_deleted=False)
        if obj is None:
            raise NotFound(N_("No {kind} with id {id}."), kind=self.kind, id=str(record_id))
        return obj

    def _clean(self, values: dict[str, Any], session: Any, creating: bool,
               current: Any = None, trusted: frozenset[str] = frozenset()) -> tuple[dict[str, Any], dict[str, Any]]:
        allowed = set(self.spec.fields) | set(self.spec.virtual)
        unknown = sorted(set(values) - allowed)
        cleaned: dict[str, Any] = {k: values[k] for k in trusted if k in values}
        virtual: dict[str, Any] = {}
        checks = [self._unknown_check(f) for f in unknown]
        for name, (cleaner, _apply) in self.spec.virtual.items():
            if name in values:
                checks.append(self._field_check(name, cleaner, values[name], session, virtual))
        for name, cleaner in self.spec.fields.items():
            if name in cleaned or (name not in values and not (creating and name in self.spec.required)):
                continue
            checks.append(self._field_check(name, cleaner, values.get(name), session, cleaned))
        collect(checks)
        merged = {n: getattr(current, n) for n in self.spec.fields} if current is not None else {}
        merged.update(cleaned)
        if self.spec.check:
            self.spec.check(merged)
        return cleaned, virtual

    @staticmethod
    def _unknown_check(name: str) -> Callable[[], None]:
        def check() -> None:
            raise ValidationFailed([Problem(name, N_("Unknown field {field}."), {"field": name})])
        return check

    def _field_check(self, name: str, cleaner: Cleaner, value: Any, session: Any,
                     out: dict[str, Any]) -> Callable[[], None]:
        def check() -> None:
            result = cleaner(value, name, session)
            if result in (None, "") and name in self.spec.required:
                raise ValidationFailed([Problem(name, N_("This field is required."))])
            out[name] = result
        return check

    def _apply_virtual(self, obj: Any, virtual: dict[str, Any], session: Any) -> None:
        for name, value in virtual.items():
            self.spec.virtual[name][1](obj, value, self.db)

    def _plain(self, obj: Any, session: Any) -> dict[str, Any]:
        data = repository.to_plain(obj, hidden=self.spec.hidden)
        data["record_kind"] = self.kind
        data["deleted"] = obj.deleted_at is not None
        if self.spec.present:
            self.spec.present(data, obj, session, self.db)
        return data
