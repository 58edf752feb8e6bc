"""Backups as the office sets them up: where they go (a folder or a USB stick), how many
of each kind are kept, whether they are encrypted; the daily backup at start; restores
by administrators only, each one audited and undoable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.db import profile_store, trust_store
from desktop.services import backup as files
from desktop.services.access import BACKUP, OFFICE, RESTORE, Actor, require


class BackupService:
    def __init__(self, db: Any, actor: Actor) -> None:
        self.db = db.raw if hasattr(db, "raw") else db
        self.actor = actor
        self.paths = self.db.paths

    # -- settings -----------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        with self.db.read() as s:
            profile = profile_store.load(s) or {}
        folder = profile.get("backup_dir")
        return {"folder": Path(folder) if folder else self.paths.backups,
                "keep": profile.get("backup_keep") or files.DEFAULT_KEEP,
                "encrypted": bool(profile.get("backup_encrypted"))}

    def configure(self, folder: str | Path | None = None, keep: int | None = None,
                  passphrase: str | None = None, clear_passphrase: bool = False) -> dict[str, Any]:
        require(self.actor, OFFICE)
        if keep is not None and not 1 <= int(keep) <= 365:
            raise UserError(N_("Keep between 1 and 365 backups of each kind."))
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
        with self.db.write(self.actor.username) as s:
            values: dict[str, Any] = {"backup_dir": str(folder) if folder else None}
            if keep is not None:
                values["backup_keep"] = int(keep)
            if passphrase:
                values["backup_passphrase_sealed"] = self.db.protector.seal(passphrase).sealed
            elif clear_passphrase:
                values["backup_passphrase_sealed"] = None
            profile_store.update(s, **values)
            trust_store.add_event(s, self.actor.username, "backup_settings", None,
                                  {"folder": values["backup_dir"], "keep": keep, "encrypted": bool(passphrase)})
        return self.settings()

    def _passphrase(self) -> str | None:
        with self.db.read() as s:
            sealed = profile_store.backup_passphrase_sealed(s)
        return self.db.protector.unseal(sealed) if sealed else None

    # -- backing up ---------------------------------------------------------------
    def automatic(self, reason: str) -> Path:
        """A backup of ``reason`` into the office's folder, rotated. No permission check:
        the app takes these itself (at start, before imports). Only "manual" (Settings'
        "Back up now") holds the attachments; see desktop/services/backup.py."""
        conf = self.settings()
        return files.automatic_backup(self.paths, reason, conf["folder"], conf["keep"], self._passphrase())

    def daily_if_due(self) -> Path | None:
        folder = self.settings()["folder"]
        if not files.daily_due(folder):
            return None
        return self.automatic("daily")

    def create(self, out: Path) -> dict[str, Any]:
        require(self.actor, BACKUP)
        manifest = files.create_backup(self.paths, out)
        with self.db.write(self.actor.username) as s:
            trust_store.add_event(s, self.actor.username, "backup", Path(out).name)
        return manifest

    def list(self) -> list[Path]:
        return files.backups_in(self.settings()["folder"])

    # -- restoring ----------------------------------------------------------------
    def restore(self, backup: Path, passphrase: str | None = None) -> dict[str, Any]:
        """Checked restore; the replaced database is kept (``kept``) so it can be undone
        with ``restore(kept)``."""
        require(self.actor, RESTORE)
        if passphrase is None and Path(backup).name.endswith(files.AGE_SUFFIX):
            passphrase = self._passphrase()
        self.db.dispose()
        result = files.restore_backup(self.paths, backup, passphrase)
        self.db.dispose()
        self.db.forget_profile()
        self.db._clock = None
        with self.db.write(self.actor.username) as s:
            trust_store.add_event(s, self.actor.username, "restore", Path(backup).name, {"kept": result["kept"]})
        return result
