"""A glance at a data folder's SQLite database with the standard library alone, taken
before the database layer is imported: can the app ask for the password at once?"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.db.revisions import HEAD
from desktop.paths import DataPaths


def ready_to_sign_in(data_dir: str | Path) -> bool:
    """True when the folder's database exists, is at this build's schema, and has its
    office profile and at least one account: the sign-in dialog can then be shown while
    the database layer loads behind it. Anything else (a first start, an upgrade due, a
    file that cannot be read) is False, and the start takes the ordinary path, which
    explains what is wrong. Opened read-only: the database itself is not changed."""
    path = DataPaths(Path(data_dir)).database
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error:
        return False
    try:
        stamp = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        if stamp != [(HEAD,)]:
            return False
        return all(conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
                   for table in ("office_profile", "app_user"))
    except sqlite3.Error:
        return False
    finally:
        conn.close()
