"""Helpers of the sync tests, imported by name (``from sync_helpers import dump``): a
module called ``conftest`` is ambiguous when pytest collects tests/sync beside another
folder with its own conftest.py (tests/pg), so the test modules do not import from it."""

from __future__ import annotations

import sqlite3

from desktop.services.app_services import Services


def dump(services: Services) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: equal dumps mean nothing changed."""
    services.db.engine.dispose()
    conn = sqlite3.connect(services.paths.database)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'search_text%' ORDER BY name")]
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    finally:
        conn.close()


def bulk_persons(services: Services, count: int, prefix: str = "คน") -> list[str]:
    """``count`` persons written through desktop.db.bulk (stamped and logged like any)."""
    from desktop.core.ids import new_id
    from desktop.core.thai_order import sort_key
    from desktop.db import bulk

    rows = []
    for i in range(count):
        first, last = f"{prefix}{i:06d}", "ทดสอบนำเข้า"
        rows.append(dict(id=new_id(), first_name_th=first, last_name_th=last, phone=f"02{i:07d}",
                         position="นักวิเคราะห์นโยบายและแผน", sort_name=sort_key(f"{first} {last}")))
    with services.db.write(note="test:bulk") as s:
        bulk.insert_records(s, "person", rows)
    return [str(r["id"]) for r in rows]


def normalized(services: Services) -> dict[str, object]:
    """What an import must leave identical however it got there: record values, row counts
    of every table, and the packages recorded as applied (timestamps and stamps aside)."""
    from desktop.db import sync_store
    from desktop.db.models import SYNCED_MODELS

    out: dict[str, object] = {}
    with services.db.read() as s:
        for kind in SYNCED_MODELS:
            out[kind] = sorted((str(o.id), repr(sorted(sync_store.values_of(o).items())), o.deleted_at is None)
                               for o in sync_store.all_records(s, kind))
    tables = dump(services)
    out["counts"] = {name: len(rows) for name, rows in tables.items()}
    conn = sqlite3.connect(services.paths.database)
    try:
        out["packages"] = sorted(r[0] for r in conn.execute("SELECT package_id FROM sync_package"))
        out["received"] = sorted(conn.execute("SELECT site_id, seq_from, seq_to FROM sync_received"))
    finally:
        conn.close()
    return out
