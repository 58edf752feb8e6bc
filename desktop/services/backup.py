"""Backups of a data folder and restoring them.

A backup is one zip file: ``manifest.json``, ``database.sqlite`` (a consistent snapshot
taken with SQLite's backup API), ``field.key`` (without which sealed national IDs
cannot be read) and the data folder's own files: the paper font the office chose
(``fonts/``), the remembered spreadsheet column mappings (``sheet-mappings.json``) and,
in a full backup, the photos and documents attached to records (``attachments/``, stored
as they are: they are mostly JPEG, PNG, PDF and Office files, already compressed). The
manifest lists each of those files with its SHA-256 and size.

Full and automatic backups. A backup made on request (``govlab-desk backup``, the
Settings screen's "Back up now", ``BackupService.create``) is full: it is the one that
goes on a USB stick and brings the office back on a new PC. The automatic ones (daily,
before a schema upgrade, before a sync import, before a restore) are rotated in the
data folder or the office's backup folder and guard the database against a bad upgrade,
import or restore; none of these touches the attachments, which are stored once under
their SHA-256 and never changed in place, so copying them every day would only fill the
disk. Automatic backups still carry the font and the mappings (a few small files) so that
undoing a restore puts them back too.

Restore checks the zip (only the names above, nothing outside the data folder), the
database's checksum, integrity and schema version, and every file against the manifest
before anything is replaced: a damaged backup changes nothing. Then

- the replaced database (with the font and mappings) is kept as a ``before-restore``
  backup, so a restore can be undone by restoring that; when there was no database to
  keep (a new PC, a damaged database moved aside) a font or mappings that the restore
  replaces are copied into ``backups/before-restore-<time>-files/`` instead;
- attachments missing from the folder are added; those already there are left alone,
  and those in the folder but not in the backup are never removed: they may belong to
  records made after the backup (kept by a later restore or sync), and an attachment no
  record refers to costs only disk space;
- the font and the mappings become the backup's (removed when the backup had none);
- the key and the database are replaced.

Backups of format ``govlab-desk-backup/1`` (database and key only) are still restored;
they leave the folder's files as they are. An encrypted backup (``.zip.age``) is
encrypted and decrypted in memory (the age passphrase API takes bytes): a backup with
many photos needs about twice its size in free memory to be encrypted or opened."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import zipfile
import zlib
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from desktop import __version__
from desktop.core.errors import DatabaseTooNew, UserError
from desktop.core.files import flush_to_disk
from desktop.core.text import N_
from desktop.db import snapshot
from desktop.db.migrate import known_revisions
from desktop.paths import DataPaths
from desktop.services.paper_fonts import MANIFEST as FONT_MANIFEST
from desktop.services.paper_fonts import tidy_folder

MEMBERS = ("manifest.json", "database.sqlite", "field.key")
FORMAT = "govlab-desk-backup/2"
FORMATS = ("govlab-desk-backup/1", FORMAT)     # /1: the members above only
MANUAL = "manual"
# The data folder's files a backup may hold, by their names inside the zip (and inside
# the folder): attachments/<first two of the SHA-256>/<SHA-256>; the paper font's copies
# and manifest (desktop/services/paper_fonts.py names them); the mappings.
ATTACHMENT_NAME = re.compile(r"attachments/([0-9a-f]{2})/(\1[0-9a-f]{62})")
FONT_NAME = re.compile(r"fonts/(paper-font\.json|[a-z_]{1,32}-[0-9a-f]{16}\.ttf)")
SHEET_MAPPINGS = "sheet-mappings.json"
SHA256 = re.compile(r"[0-9a-f]{64}")
CHUNK = 1 << 20


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def is_data_file(name: str) -> bool:
    """Whether ``name`` (inside a backup zip) is one of the data folder's files a backup holds."""
    return bool(ATTACHMENT_NAME.fullmatch(name) or FONT_NAME.fullmatch(name) or name == SHEET_MAPPINGS)


def data_files(paths: DataPaths, attachments: bool = True) -> list[tuple[str, Path]]:
    """(name in the zip, file) of the folder's files a backup holds, in a fixed order.
    Files of other names (an attachment or font being written, named ``.incoming-…`` or
    ``….partial``) are not the folder's files yet and are left out."""
    found: list[tuple[str, Path]] = []
    if paths.sheet_mappings.is_file():
        found.append((SHEET_MAPPINGS, paths.sheet_mappings))
    if paths.paper_fonts.is_dir():
        found += [(f"fonts/{p.name}", p) for p in sorted(paths.paper_fonts.iterdir())
                  if FONT_NAME.fullmatch(f"fonts/{p.name}") and p.is_file()]
    if attachments and paths.attachments.is_dir():
        for folder in sorted(paths.attachments.iterdir()):
            if folder.is_dir() and re.fullmatch(r"[0-9a-f]{2}", folder.name):
                found += [(f"attachments/{folder.name}/{p.name}", p) for p in sorted(folder.iterdir())
                          if ATTACHMENT_NAME.fullmatch(f"attachments/{folder.name}/{p.name}") and p.is_file()]
    return found


def _add_file(zf: zipfile.ZipFile, name: str, source: Path) -> dict[str, Any] | None:
    """Stream ``source`` into the zip as ``name``, hashing it on the way (one read);
    None when it went away meanwhile (an erased person's photo removed)."""
    try:
        src = source.open("rb")
    except FileNotFoundError:
        return None
    with src:
        st = os.fstat(src.fileno())
        info = zipfile.ZipInfo(name, date_time=max(time.localtime(st.st_mtime)[:6], (1980, 1, 1, 0, 0, 0)))
        info.compress_type = zipfile.ZIP_STORED if name.startswith("attachments/") else zipfile.ZIP_DEFLATED
        info.file_size = st.st_size             # lets zipfile choose ZIP64 for a large file
        digest, size = hashlib.sha256(), 0
        with zf.open(info, "w") as dst:
            for chunk in iter(lambda: src.read(CHUNK), b""):
                digest.update(chunk)
                dst.write(chunk)
                size += len(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def damaged_attachments(manifest: dict[str, Any]) -> list[str]:
    """Attachments whose content no longer matched their name (their SHA-256) when the
    backup was made: damaged in the folder already; a restore does not put them back."""
    return [name for name, entry in (manifest.get("files") or {}).items()
            if (m := ATTACHMENT_NAME.fullmatch(name)) and entry.get("sha256") != m.group(2)]


def create_backup(paths: DataPaths, out: Path, reason: str = MANUAL, attachments: bool = True) -> dict[str, Any]:
    """Write the backup ``out``; returns its manifest. ``attachments=False`` leaves the
    photos and documents out (the automatic backups)."""
    out = Path(out)
    if not paths.database.exists():
        raise UserError(N_("There is no database in {folder} to back up."), folder=str(paths.root))
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".backup-") as tmp:
        db_copy = Path(tmp) / "database.sqlite"
        snapshot.snapshot(paths.database, db_copy)
        manifest: dict[str, Any] = {
            "format": FORMAT, "app_version": __version__, "created": datetime.now().isoformat(timespec="seconds"),
            "reason": reason, "schema_revision": snapshot.schema_revision(db_copy),
            "database_sha256": _sha256(db_copy), "attachments": bool(attachments),
        }
        listed: dict[str, dict[str, Any]] = {}
        partial = Path(tmp) / "backup.zip"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.write(db_copy, "database.sqlite")
            if paths.field_key.exists():
                zf.write(paths.field_key, "field.key")
            for name, source in data_files(paths, attachments):
                entry = _add_file(zf, name, source)
                if entry is not None:
                    listed[name] = entry
            manifest["files"] = listed
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        flush_to_disk(partial)
        os.replace(partial, out)
    return manifest


DEFAULT_KEEP = 7
AGE_SUFFIX = ".age"


def automatic_backup(paths: DataPaths, reason: str, folder: Path | None = None, keep: int | None = None,
                     passphrase: str | None = None, attachments: bool | None = None) -> Path:
    """A backup named ``<reason>-<stamp>.zip`` (``.zip.age`` when encrypted with the
    office's passphrase) in ``folder`` (default: the data folder's backups/); then only
    the newest ``keep`` of that reason are kept. The attachments are in it only when
    asked, or by default when ``reason`` is "manual" (Settings' "Back up now")."""
    folder = Path(folder) if folder else paths.backups
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    out = folder / f"{reason}-{stamp}.zip"
    create_backup(paths, out, reason, attachments=reason == MANUAL if attachments is None else attachments)
    if passphrase:
        out = encrypt_file(out, passphrase)
    rotate(folder, reason, keep or DEFAULT_KEEP)
    return out


def encrypt_file(path: Path, passphrase: str) -> Path:
    """``x.zip`` -> ``x.zip.age`` (age, scrypt passphrase); the clear file is removed.
    Done in memory: pyrage's passphrase API takes and returns bytes."""
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


# ---------------------------------------------------------------------------------------
# Checking a backup's contents.
# ---------------------------------------------------------------------------------------

def _unexpected(backup_name: str) -> UserError:
    return UserError(N_("{name} is not a GovLab Desk backup (unexpected contents)."), name=backup_name)


def read_manifest(zf: zipfile.ZipFile, backup_name: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The manifest and the folder files it lists ({name in the zip: {sha256, size}}),
    once the zip is known to hold what a backup holds and nothing else: no duplicate
    names, no name outside MEMBERS and the data files' patterns (so no absolute path, no
    ``..``), and exactly the files the manifest lists. A UserError otherwise."""
    names = zf.namelist()
    if len(names) != len(set(names)) or not {"manifest.json", "database.sqlite"} <= set(names) \
            or not all(name in MEMBERS or is_data_file(name) for name in names):
        raise _unexpected(backup_name)
    try:
        manifest = json.loads(zf.read("manifest.json"))
    except (ValueError, zipfile.BadZipFile, EOFError, zlib.error):
        raise _unexpected(backup_name) from None
    if not isinstance(manifest, dict) or manifest.get("format") not in FORMATS:
        raise _unexpected(backup_name)
    listed = manifest.get("files") if manifest["format"] == FORMAT else {}
    if not isinstance(listed, dict) or set(listed) != {name for name in names if name not in MEMBERS}:
        raise _unexpected(backup_name)
    for entry in listed.values():
        if not (isinstance(entry, dict) and isinstance(entry.get("sha256"), str) and SHA256.fullmatch(entry["sha256"])
                and type(entry.get("size")) is int and entry["size"] >= 0):
            raise _unexpected(backup_name)
    return manifest, listed


def check_member(zf: zipfile.ZipFile, member: str, entry: dict[str, Any], backup_name: str,
                 out: Path | None = None) -> None:
    """Read ``member`` (streamed into ``out`` when given, flushed to disk) and refuse it
    unless its size and SHA-256 are the manifest's."""
    digest, size = hashlib.sha256(), 0
    try:
        with zf.open(member) as src:
            dst: IO[bytes] | None = out.open("wb") if out is not None else None
            try:
                for chunk in iter(lambda: src.read(CHUNK), b""):
                    size += len(chunk)
                    if size > entry["size"]:
                        break           # longer than listed: damaged, and not worth writing out
                    digest.update(chunk)
                    if dst is not None:
                        dst.write(chunk)
                if dst is not None:
                    dst.flush()
                    os.fsync(dst.fileno())
            finally:
                if dst is not None:
                    dst.close()
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError):
        size = -1
    if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
        raise UserError(N_("The backup {name} is damaged: {file} does not match its checksum."),
                        name=backup_name, file=member)


class _Staged:
    """The folder files a restore will write, checked and waiting in its temporary folder."""

    def __init__(self) -> None:
        self.attachments: list[tuple[Path, Path]] = []      # (staged, target)
        self.present = 0                                     # attachments already in the folder
        self.damaged = 0                                     # damaged in the folder the backup was made of
        self.fonts: dict[str, Path] | None = None            # None: the font stays as it is
        self.mappings: Path | None = None
        self.mappings_change = False


def _fonts_now(paths: DataPaths) -> dict[str, str]:
    folder = paths.paper_fonts
    if not folder.is_dir():
        return {}
    return {f"fonts/{p.name}": _sha256(p) for p in folder.iterdir()
            if FONT_NAME.fullmatch(f"fonts/{p.name}") and p.is_file()}


def _stage(paths: DataPaths, zf: zipfile.ZipFile, manifest: dict[str, Any], listed: dict[str, dict[str, Any]],
           into: Path, backup_name: str) -> _Staged:
    """Check every listed file against the manifest (a damaged one refuses the whole
    restore) and keep in ``into`` those the restore will write."""
    staged = _Staged()
    full = manifest["format"] == FORMAT            # /1 backups leave the folder's files alone
    fonts = {name: entry["sha256"] for name, entry in listed.items() if name.startswith("fonts/")}
    fonts_change = full and fonts != _fonts_now(paths)
    mappings_entry = listed.get(SHEET_MAPPINGS)
    mappings_now = _sha256(paths.sheet_mappings) if paths.sheet_mappings.is_file() else None
    staged.mappings_change = full and (mappings_entry or {}).get("sha256") != mappings_now
    if fonts_change:
        staged.fonts = {}
    for member, entry in sorted(listed.items()):
        out: Path | None = into / member
        attachment = ATTACHMENT_NAME.fullmatch(member)
        if attachment:
            if entry["sha256"] != attachment.group(2):
                staged.damaged += 1
                out = None
            elif (paths.root / member).is_file():
                staged.present += 1
                out = None
        elif member.startswith("fonts/") and not fonts_change:
            out = None
        elif member == SHEET_MAPPINGS and not staged.mappings_change:
            out = None
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
        check_member(zf, member, entry, backup_name, out)
        if out is None:
            continue
        if attachment:
            staged.attachments.append((out, paths.root / member))
        elif member == SHEET_MAPPINGS:
            staged.mappings = out
        elif staged.fonts is not None:
            staged.fonts[member.split("/", 1)[1]] = out
    return staged


def _set_aside(paths: DataPaths, staged: _Staged, stamp: str) -> Path | None:
    """With no database to keep as a before-restore backup, copy the font and mappings
    the restore replaces into backups/before-restore-<stamp>-files/."""
    replaced = []
    if staged.fonts is not None and paths.paper_fonts.is_dir():
        replaced += [p for p in sorted(paths.paper_fonts.iterdir()) if p.is_file()]
    if staged.mappings_change and paths.sheet_mappings.is_file():
        replaced.append(paths.sheet_mappings)
    if not replaced:
        return None
    aside = paths.backups / f"before-restore-{stamp}-files"
    for path in replaced:
        target = aside / path.relative_to(paths.root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return aside


def _replace_fonts(folder: Path, files: dict[str, Path]) -> None:
    """The font files first, then ``paper-font.json`` in one step (a crash in between
    leaves the previous choice whole), then the files no longer used go
    (``paper_fonts.tidy_folder``). No files: the bundled Sarabun again."""
    if files:
        folder.mkdir(parents=True, exist_ok=True)
        for name, path in files.items():
            if name != FONT_MANIFEST:
                os.replace(path, folder / name)
    if FONT_MANIFEST in files:
        os.replace(files[FONT_MANIFEST], folder / FONT_MANIFEST)
    else:
        (folder / FONT_MANIFEST).unlink(missing_ok=True)
    tidy_folder(folder, files, remove_empty=not files)


def _put(paths: DataPaths, staged: _Staged) -> int:
    """Write the staged files into the folder; returns how many."""
    for source, target in staged.attachments:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
    written = len(staged.attachments)
    if staged.fonts is not None:
        _replace_fonts(paths.paper_fonts, staged.fonts)
        written += len(staged.fonts)
    if staged.mappings_change:
        if staged.mappings is not None:
            os.replace(staged.mappings, paths.sheet_mappings)
            written += 1
        else:
            paths.sheet_mappings.unlink(missing_ok=True)
    return written


# ---------------------------------------------------------------------------------------
# Restoring.
# ---------------------------------------------------------------------------------------

def restore_backup(paths: DataPaths, backup: Path, passphrase: str | None = None) -> dict[str, Any]:
    """Replace the data folder's database with the one in ``backup``, and its files as
    the module's docstring says.

    Returns the manifest, where the replaced database was kept (``kept``; restoring it
    undoes the restore), where a replaced font and mappings were copied when there was
    no database to keep (``kept_files``), how many files were written (``restored``),
    how many of the backup's attachments were already in the folder
    (``attachments_present``) and how many were damaged when the backup was made and
    not restored (``attachments_damaged``). Nothing changes unless every check passes."""
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
            del clear                   # not held in memory while the restore reads the file
            return restore_backup(paths, opened)
    try:
        zf = zipfile.ZipFile(backup)
    except (zipfile.BadZipFile, OSError):
        raise UserError(N_("{name} is not a GovLab Desk backup (not a readable zip file)."), name=backup.name) from None
    with zf, tempfile.TemporaryDirectory(dir=paths.root, prefix=".restore-") as tmp:
        manifest, listed = read_manifest(zf, backup.name)
        names = zf.namelist()
        staged_db = Path(tmp) / "database.sqlite"
        try:
            zf.extract("database.sqlite", tmp)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
            raise UserError(N_("The backup {name} is damaged: its database could not be read."),
                            name=backup.name) from None
        if _sha256(staged_db) != manifest.get("database_sha256"):
            raise UserError(N_("The backup {name} is damaged: its database does not match its checksum."),
                            name=backup.name)
        problem = snapshot.integrity(staged_db)
        if problem != "ok":
            raise UserError(N_("The backup {name} is damaged: {problem}."), name=backup.name, problem=problem)
        revision = snapshot.schema_revision(staged_db)
        if revision is None or revision not in known_revisions():
            raise DatabaseTooNew(N_("The backup {name} was made by a newer version of GovLab Desk "
                                    "(schema {revision}). Install the newer version to restore it."),
                                 name=backup.name, revision=str(revision))
        staged = _stage(paths, zf, manifest, listed, Path(tmp) / "files", backup.name)
        staged_key = None
        if "field.key" in names:
            staged_key = Path(tmp) / "field.key"
            try:
                staged_key.write_bytes(zf.read("field.key"))
            except (zipfile.BadZipFile, EOFError, zlib.error):
                raise UserError(N_("The backup {name} is damaged: {file} does not match its checksum."),
                                name=backup.name, file="field.key") from None
        # Every check has passed: from here on the folder changes.
        stamp = datetime.now().strftime('%Y%m%d-%H%M%S')
        kept = kept_files = None
        if paths.database.exists():
            kept = paths.backups / f"before-restore-{stamp}.zip"
            create_backup(paths, kept, reason="before-restore", attachments=False)
        else:
            kept_files = _set_aside(paths, staged, stamp)
        restored = _put(paths, staged)
        if staged_key is not None:
            paths.keys.mkdir(parents=True, exist_ok=True)
            os.replace(staged_key, paths.field_key)
        if paths.database.exists():
            snapshot.checkpoint(paths.database)
        for suffix in ("-wal", "-shm"):
            side = paths.database.with_name(paths.database.name + suffix)
            if side.exists():
                side.unlink()
        os.replace(staged_db, paths.database)
    return {"manifest": manifest, "kept": str(kept) if kept else None,
            "kept_files": str(kept_files) if kept_files else None, "restored": restored,
            "attachments_present": staged.present, "attachments_damaged": staged.damaged}


def restore_notes(result: dict[str, Any]) -> list[str]:
    """What a restore did with the folder's files, in the user's language, for the
    command line and the Settings screen alike."""
    from desktop.i18n import _

    notes = [_("Files restored: {count} (attachments, paper font, spreadsheet column mappings); attachments "
               "already in the data folder: {present}.", count=result["restored"],
               present=result["attachments_present"])]
    if not result["manifest"].get("attachments"):
        notes.append(_("This backup holds no attachments (photos and documents): automatic and older backups leave "
                       "them out. Those already in the data folder were left as they are."))
    if result["attachments_damaged"]:
        notes.append(_("{count} attachment files were already damaged when the backup was made and were not "
                       "restored.", count=result["attachments_damaged"]))
    if result["kept_files"]:
        notes.append(_("The replaced paper font and spreadsheet column mappings were copied to {folder}.",
                       folder=result["kept_files"]))
    return notes
