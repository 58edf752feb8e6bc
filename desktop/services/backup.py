"""Backups of a data folder and restoring them.

A backup is one zip file: ``manifest.json``, ``database.sqlite`` (a consistent snapshot
taken with SQLite's backup API) and ``field.key`` (without which sealed national IDs
cannot be read). Restore checks the zip, the database's integrity and its schema version
before anything is replaced, and keeps the replaced database beside it."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop import __version__
from desktop.core.errors import DatabaseTooNew, UserError
from desktop.core.files import flush_to_disk
from desktop.core.text import N_
from desktop.db import snapshot
from desktop.db.migrate import known_revisions
from desktop.paths import DataPaths

MEMBERS = ("manifest.json", "database.sqlite", "field.key")
FORMAT = "govlab-desk-backup/1"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def create_backup(paths: DataPaths, out: Path, reason: str = "manual") -> dict[str, Any]:
    out = Path(out)
    if not paths.database.exists():
        raise UserError(N_("There is no database in {folder} to back up."), folder=str(paths.root))
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".backup-") as tmp:
        db_copy = Path(tmp) / "database.sqlite"
        snapshot.snapshot(paths.database, db_copy)
        manifest = {
            "format": FORMAT, "app_version": __version__, "created": datetime.now().isoformat(timespec="seconds"),
            "reason": reason, "schema_revision": snapshot.schema_revision(db_copy),
            "database_sha256": _sha256(db_copy),
        }
        partial = Path(tmp) / "backup.zip"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            zf.write(db_copy, "database.sqlite")
            if paths.field_key.exists():
                zf.write(paths.field_key, "field.key")
        flush_to_disk(partial)
        os.replace(partial, out)
    return manifest


DEFAULT_KEEP = 7
AGE_SUFFIX = ".age"


def automatic_backup(paths: DataPaths, reason: str, folder: Path | None = None, keep: int | None = None,
                     passphrase: str | None = None) -> Path:
    """A backup named ``<reason>-<stamp>.zip`` (``.zip.age`` when encrypted with the
    office's passphrase) in ``folder`` (default: the data folder's backups/); then only
    the newest ``keep`` of that reason are kept."""
    folder = Path(folder) if folder else paths.backups
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    out = folder / f"{reason}-{stamp}.zip"
    create_backup(paths, out, reason)
    if passphrase:
        out = encrypt_file(out, passphrase)
    rotate(folder, reason, keep or DEFAULT_KEEP)
    return out


def encrypt_file(path: Path, passphrase: str) -> Path:
    """``x.zip`` -> ``x.zip.age`` (age, scrypt passphrase); the clear file is removed."""
    from pyrage import passphrase as age

    target = path.with_name(path.name + AGE_SUFFIX)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(age.encrypt(path.read_bytes(), passphrase))
    flush_to_disk(partial)
    os.replace(partial, target)
    path.unlink()
    return target


def rotate(folder: Path, reason: str, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups of one reason; returns those removed."""
    mine = sorted((p for p in Path(folder).glob(f"{reason}-*.zip*")
                   if p.name[len(reason) + 1:len(reason) + 2].isdigit() and not p.name.endswith(".partial")),
                  key=lambda p: p.name)
    removed = mine[:-keep] if keep > 0 else []
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def daily_due(folder: Path, now: datetime | None = None) -> bool:
    """No automatic daily backup in ``folder`` younger than a day."""
    now = now or datetime.now()
    newest = max((p.stat().st_mtime for p in Path(folder).glob("daily-*.zip*")), default=None)
    return newest is None or (now.timestamp() - newest) >= 24 * 3600


def backups_in(folder: Path) -> list[Path]:
    return sorted((p for p in Path(folder).glob("*.zip*") if not p.name.endswith(".partial")),
                  key=lambda p: p.stat().st_mtime, reverse=True)


def restore_backup(paths: DataPaths, backup: Path, passphrase: str | None = None) -> dict[str, Any]:
    """Replace the data folder's database with the one in ``backup``.

    Returns the manifest and where the replaced database was kept. Nothing changes unless
    every check passes."""
    backup = Path(backup)
    if not backup.is_file():
        raise UserError(N_("The backup file {name} cannot be found."), name=str(backup))
    if backup.name.endswith(AGE_SUFFIX):
        from pyrage import passphrase as age

        if not passphrase:
            raise UserError(N_("The backup {name} is encrypted; give its passphrase."), name=backup.name)
        try:
            clear = age.decrypt(backup.read_bytes(), passphrase)
        except Exception:
            raise UserError(N_("The backup {name} cannot be opened with this passphrase."), name=backup.name) \
                from None
        with tempfile.TemporaryDirectory(dir=paths.root, prefix=".restore-") as tmp:
            opened = Path(tmp) / backup.name[:-len(AGE_SUFFIX)]
            opened.write_bytes(clear)
            return restore_backup(paths, opened)
    try:
        zf = zipfile.ZipFile(backup)
    except (zipfile.BadZipFile, OSError):
        raise UserError(N_("{name} is not a GovLab Desk backup (not a readable zip file)."), name=backup.name) from None
    with zf, tempfile.TemporaryDirectory(dir=paths.root, prefix=".restore-") as tmp:
        names = zf.namelist()
        if sorted(names) != sorted(set(names)) or not {"manifest.json", "database.sqlite"} <= set(names) \
                or not set(names) <= set(MEMBERS):
            raise UserError(N_("{name} is not a GovLab Desk backup (unexpected contents)."), name=backup.name)
        try:
            manifest = json.loads(zf.read("manifest.json"))
        except ValueError:
            raise UserError(N_("{name} is not a GovLab Desk backup (unexpected contents)."), name=backup.name) from None
        if manifest.get("format") != FORMAT:
            raise UserError(N_("{name} is not a GovLab Desk backup (unexpected contents)."), name=backup.name)
        staged = Path(tmp) / "database.sqlite"
        try:
            zf.extract("database.sqlite", tmp)
        except (zipfile.BadZipFile, OSError, EOFError):
            raise UserError(N_("The backup {name} is damaged: its database could not be read."), name=backup.name) from None
        if _sha256(staged) != manifest.get("database_sha256"):
            raise UserError(N_("The backup {name} is damaged: its database does not match its checksum."),
                            name=backup.name)
        problem = snapshot.integrity(staged)
        if problem != "ok":
            raise UserError(N_("The backup {name} is damaged: {problem}."), name=backup.name, problem=problem)
        revision = snapshot.schema_revision(staged)
        if revision is None or revision not in known_revisions():
            raise DatabaseTooNew(N_("The backup {name} was made by a newer version of GovLab Desk "
                                    "(schema {revision}). Install the newer version to restore it."),
                                 name=backup.name, revision=str(revision))
        kept = None
        if paths.database.exists():
            kept = paths.backups / f"before-restore-{datetime.now().strftime('%Y%m%d-%H%M%S')}.zip"
            create_backup(paths, kept, reason="before-restore")
        if "field.key" in names:
            paths.keys.mkdir(parents=True, exist_ok=True)
            tmp_key = Path(tmp) / "field.key"
            tmp_key.write_bytes(zf.read("field.key"))
            os.replace(tmp_key, paths.field_key)
        if paths.database.exists():
            snapshot.checkpoint(paths.database)
        for suffix in ("-wal", "-shm"):
            side = paths.database.with_name(paths.database.name + suffix)
            if side.exists():
                side.unlink()
        os.replace(staged, paths.database)
    return {"manifest": manifest, "kept": str(kept) if kept else None}
