"""Consistent copies of a live SQLite database (the backup API, never a file copy) and
checks on a copy before it is trusted."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def snapshot(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` page by page while other connections may write."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True, timeout=15)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
        dst.commit()
    finally:
        dst.close()
        src.close()


def integrity(path: Path) -> str:
    """'ok' or the first problem PRAGMA integrity_check reports."""
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        conn.close()


def schema_revision(path: Path) -> str | None:
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the database file and empty it."""
    conn = sqlite3.connect(path, timeout=15)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
