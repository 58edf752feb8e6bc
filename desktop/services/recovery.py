"""When the power goes out or the disk fills up: the start-up check of the database file,
the newest backup that is known good, restoring it while keeping the damaged copy, and a
clear message instead of a database error when a save does not fit on the disk.

A read-only data folder (a write-protected USB stick, a folder without permission) is
refused at start with a clear message rather than opened read-only: opening writes (the
daily backup, sign-in audit events, upgrades), and a copy that silently cannot save would
lose the office's work. Copy the folder somewhere writable, or fix its permissions.

These checks use the standard library's sqlite3 on the file itself, before SQLAlchemy
opens it: a damaged file must not get as far as the schema upgrade."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.db import snapshot
from desktop.paths import DataPaths
from desktop.services import backup as files
from desktop.services.access import ActorDatabase

SQLITE_FULL = 13


class DatabaseDamaged(UserError):
    """The database file failed its start-up check. ``backup`` is the newest backup that
    passed a full integrity check (None when there is none)."""

    def __init__(self, message: str, *, database: Path, problem: str, backup: Path | None, **params: Any) -> None:
        super().__init__(message, folder=str(database.parent), problem=problem,
                         backup=str(backup) if backup else "", **params)
        self.database = database
        self.problem = problem
        self.backup = backup


class DataFolderReadOnly(UserError):
    pass


class DiskFull(UserError):
    pass


# -- the start-up check ---------------------------------------------------------------------

def quick_check(database: Path) -> str:
    """'ok' or the first problem PRAGMA quick_check reports (or the error opening it)."""
    try:
        conn = sqlite3.connect(f"file:{database.as_posix()}?mode=ro", uri=True, timeout=15)
    except sqlite3.Error as error:
        return str(error)
    try:
        result = str(conn.execute("PRAGMA quick_check").fetchone()[0])
    except sqlite3.DatabaseError as error:
        result = str(error)
    finally:
        conn.close()
    if result == "ok":
        return result
    lines = [line for line in result.splitlines() if line.strip() and not line.startswith("***")]
    return (lines[0] if lines else result)[:160]      # one line for the message


def writable(folder: Path) -> bool:
    """Whether a file can be created in ``folder`` (tried, not guessed from permissions)."""
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".write-test-")
    except OSError:
        return False
    os.close(fd)
    os.unlink(name)
    return True


SESSION_MARKER = "session.open"


def session_marker(paths: DataPaths) -> Path:
    """Present while the data folder is open; left behind when the power went out."""
    return paths.root / SESSION_MARKER


def check_folder(paths: DataPaths, always: bool = False) -> None:
    """Before the database is opened: refuse a folder that cannot be written and a
    database file that fails ``PRAGMA quick_check``, naming the newest good backup.

    The check reads the whole file (seconds on a large database), so it runs only after
    an unclean end (the session marker is still there) or when ``always`` is asked;
    ``doctor`` runs the full integrity check every time."""
    if not paths.database.exists():
        return
    if not writable(paths.root) or not os.access(paths.database, os.W_OK):
        raise DataFolderReadOnly(
            N_("The data folder {folder} cannot be written to (read-only or no permission). GovLab Desk "
               "needs to save in it: copy the folder to a writable place, or ask your IT officer to fix "
               "its permissions. Nothing was changed."), folder=str(paths.root))
    if not always and not session_marker(paths).exists():
        return
    problem = quick_check(paths.database)
    if problem == "ok":
        return
    good = newest_good_backup(paths)
    if good is None:
        raise DatabaseDamaged(
            N_("The database in {folder} is damaged ({problem}) and there is no good backup to restore. "
               "Do not delete anything; ask your IT officer or headquarters for help."),
            database=paths.database, problem=problem, backup=None)
    raise DatabaseDamaged(
        N_("The database in {folder} is damaged ({problem}). The newest good backup is {backup}; restore it "
           "with: govlab-desk restore \"{backup}\" (the damaged copy is kept)."),
        database=paths.database, problem=problem, backup=good)


# -- backups known to be good ------------------------------------------------------------

def verify_backup(backup: Path) -> bool:
    """A plain (.zip) backup whose database matches its checksum and passes
    ``PRAGMA integrity_check``, and whose other files match theirs (what restoring it
    checks). Encrypted backups cannot be checked without their passphrase (kept in the
    database) and are not offered."""
    try:
        with zipfile.ZipFile(backup) as zf, tempfile.TemporaryDirectory(prefix=".verify-") as tmp:
            manifest, listed = files.read_manifest(zf, backup.name)
            zf.extract("database.sqlite", tmp)
            staged = Path(tmp) / "database.sqlite"
            if files._sha256(staged) != manifest.get("database_sha256") or snapshot.integrity(staged) != "ok":
                return False
            for member, entry in listed.items():
                files.check_member(zf, member, entry, backup.name)
            return True
    except (UserError, zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, zlib.error):
        return False


def candidate_backups(paths: DataPaths) -> list[Path]:
    """Backups in the data folder's backups/ and, when it can still be read, the office's
    backup folder, newest first."""
    folders = [paths.backups]
    try:
        conn = sqlite3.connect(f"file:{paths.database.as_posix()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT backup_dir FROM office_profile").fetchone()
        finally:
            conn.close()
        if row and row[0]:
            folders.append(Path(row[0]))
    except sqlite3.Error:
        pass
    found: dict[Path, float] = {}
    for folder in folders:
        if folder.is_dir():
            for p in files.backups_in(folder):
                if p.name.endswith(".zip"):
                    found[p] = p.stat().st_mtime
    return sorted(found, key=lambda p: found[p], reverse=True)


def newest_good_backup(paths: DataPaths) -> Path | None:
    for candidate in candidate_backups(paths):
        if verify_backup(candidate):
            return candidate
    return None


def restore_damaged(paths: DataPaths, backup: Path, passphrase: str | None = None) -> dict[str, Any]:
    """Move the damaged database (and its -wal/-shm) aside into backups/ as
    ``damaged-<time>.sqlite``, then restore ``backup``. Returns the restore's result with
    ``damaged``: where the damaged copy was kept."""
    paths.backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = paths.backups / f"damaged-{stamp}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        source = paths.database.with_name(paths.database.name + suffix)
        if source.exists():
            shutil.move(str(source), str(kept.with_name(kept.name + suffix)))
    result = files.restore_backup(paths, backup, passphrase)
    return {**result, "damaged": str(kept)}


# -- saves that do not fit on the disk -------------------------------------------------------

def is_disk_full(error: BaseException) -> bool:
    for e in (error, getattr(error, "orig", None), error.__cause__, error.__context__):
        if e is None:
            continue
        if getattr(e, "sqlite_errorcode", None) == SQLITE_FULL:
            return True
        if isinstance(e, OSError) and e.errno == errno.ENOSPC:
            return True
        if "database or disk is full" in str(e):
            return True
    return False


def disk_full_error() -> DiskFull:
    return DiskFull(N_("The disk is full: this change was not saved and nothing was lost. Free some space "
                       "(or move old files off the disk), then save again."))


class GuardedDatabase(ActorDatabase):
    """The actor's database whose writes end with a clear message when the disk is full
    (the transaction has been rolled back by then: nothing half written)."""

    def write(self, user: str | None = None, note: str | None = None) -> AbstractContextManager[Any]:
        return self._guarded(super().write(user, note))

    @staticmethod
    @contextmanager
    def _guarded(inner: AbstractContextManager[Any]) -> Iterator[Any]:
        try:
            with inner as session:
                yield session
        except UserError:
            raise
        except Exception as error:
            if is_disk_full(error):
                raise disk_full_error() from error
            raise
