"""Search across persons, projects and activities, and reference lookups for pickers."""

from __future__ import annotations

from typing import Any

from desktop.db import reference_queries, repository
from desktop.db.database import Database
from desktop.services.kinds import full_name_th

SEARCH_KINDS = ("person", "project", "activity")


class SearchService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def reorder(self) -> None:
        """Put the search index back in list order (``repository.reorder_search_index``):
        after large imports, so that searches read every match in order again. One write
        transaction (a million people: one to two minutes, other writers wait)."""
        with self.db.write(note="search index put in list order") as s:
            repository.reorder_search_index(s)

    def ids(self, kind: str, query: str, limit: int | None = None) -> list[str]:
        with self.db.read() as s:
            found = repository.search_record_ids(s, query, kind, limit)
        return [str(i) for i in found]

    def everywhere(self, query: str, limit: int = 20) -> dict[str, list[dict[str, Any]]]:
        """Up to ``limit`` live matches per kind, as id and title."""
        out: dict[str, list[dict[str, Any]]] = {}
        with self.db.read() as s:
            for kind in SEARCH_KINDS:
                rows, _ = repository.list_records(s, kind, search=query, limit=limit)
                out[kind] = [{"id": str(r.id), "title": _title(r)} for r in rows]
        return out

    def areas(self, parent_code: str | None = None, query: str | None = None) -> list[dict[str, Any]]:
        with self.db.read() as s:
            return reference_queries.areas(s, parent_code, query)

    def area(self, code: str) -> dict[str, Any] | None:
        with self.db.read() as s:
            return reference_queries.area(s, code)

    def prefixes(self) -> list[dict[str, Any]]:
        with self.db.read() as s:
            return reference_queries.prefixes(s)

    def programmes(self) -> list[dict[str, Any]]:
        with self.db.read() as s:
            return reference_queries.programmes(s)

    def reference_versions(self) -> dict[str, str]:
        with self.db.read() as s:
            return reference_queries.versions(s)


def _title(record: Any) -> str:
    for attr in ("title_th", "name_th"):
        if hasattr(record, attr):
            return getattr(record, attr)
    return full_name_th(record.prefix_th, record.first_name_th, record.last_name_th)
