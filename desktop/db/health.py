"""Read-only facts about a database for the doctor."""

from __future__ import annotations

from sqlalchemy import Engine, func, select, text

from desktop.db.models import Area, OfficeProfile, ReferenceVersion


def area_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(select(Area.level, func.count()).group_by(Area.level))
        return {level: n for level, n in rows}


def reference_versions(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return {d: v for d, v in conn.execute(select(ReferenceVersion.dataset, ReferenceVersion.version))}


def office_profile_name(engine: Engine) -> str | None:
    with engine.connect() as conn:
        row = conn.execute(select(OfficeProfile.office_name, OfficeProfile.office_code, OfficeProfile.role)).first()
        return f"{row[0]} ({row[1]}, {row[2]})" if row else None


def search_index_ok(engine: Engine) -> tuple[bool, str] | None:
    """The FTS index's own integrity check, and its size against the searchable tables."""
    if engine.dialect.name != "sqlite":
        return None
    with engine.connect() as conn:
        try:
            conn.execute(text("INSERT INTO search_text(search_text, rank) VALUES ('integrity-check', 1)"))
        except Exception as error:
            conn.rollback()
            return False, f"damaged: {error}"
        conn.rollback()
        indexed = conn.execute(text("SELECT count(*) FROM search_doc")).scalar_one()
        rows = sum(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                   for t in ("person", "project", "activity", "agency"))
        return indexed == rows, f"{indexed} of {rows} records indexed"


def search_index_tail(engine: Engine) -> tuple[int, int] | None:
    """(rows in the search index's tail, rows indexed): the tail holds the records added
    or renamed since the index was last put in list order (search_schema), which a
    search reads and sorts apart from the rest. SQLite only."""
    if engine.dialect.name != "sqlite":
        return None
    with engine.connect() as conn:
        tail = conn.execute(text("SELECT count(*) FROM search_doc WHERE rowid > "
                                 "(SELECT coalesce(max(high), 0) FROM search_block)")).scalar_one()
        indexed = conn.execute(text("SELECT count(*) FROM search_doc")).scalar_one()
        conn.rollback()
    return tail, indexed
