"""Sync for the GUI and the command line: the desktop.sync machinery with the record
kinds' derived columns (sort names) recomputed on everything it writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.db.database import Database
from desktop.services import kinds, reference
from desktop.services.access import PEERS, SYNC, SYSTEM, require
from desktop.sync import conflicts, exchange
from desktop.sync.package import Limits
from desktop.sync.report import ImportReport


class SyncService:
    def __init__(self, db: Database, limits: Limits | None = None) -> None:
        self.db = db
        self.limits = limits or Limits()
        self._specs = {spec.kind: spec for spec in kinds.ALL_SPECS}
        self.actor = getattr(db, "actor", SYSTEM)

    def derive(self, kind: str, obj: Any, session: Any) -> None:
        spec = self._specs.get(kind)
        if spec is not None and spec.derive is not None:
            spec.derive(obj, session, self.db)

    def identity(self, out: Path) -> dict[str, Any]:
        require(self.actor, PEERS)
        return conflicts.write_identity(self.db, out)

    def enroll(self, file: Path, replace: bool = False) -> dict[str, Any]:
        require(self.actor, PEERS)
        return conflicts.enroll(self.db, file, replace)

    def revoke(self, who: str) -> str:
        require(self.actor, PEERS)
        return conflicts.revoke(self.db, who)

    def export(self, out: Path, to: str | None = None) -> exchange.ExportResult:
        require(self.actor, SYNC)
        return exchange.export_package(self.db, out, to, reference=reference)

    def import_file(self, path: Path, dry_run: bool = False) -> ImportReport:
        require(self.actor, SYNC)
        backup = None
        if not dry_run and self.db.is_sqlite and self.db.paths.database.exists():
            from desktop.services.backups import BackupService

            def backup(pending: int) -> None:
                # Only a package that passed every check and brings something new is worth a
                # backup first: a refused or already-applied one changes nothing.
                if pending:
                    BackupService(self.db, self.actor).automatic("before-import")
        return exchange.import_package(self.db, path, self.derive, dry_run=dry_run, limits=self.limits,
                                       reference=reference, before_apply=backup)

    def status(self) -> dict[str, Any]:
        return conflicts.status(self.db)

    def conflicts(self) -> list[dict[str, Any]]:
        return conflicts.list_conflicts(self.db)

    def resolve(self, choices: dict[str, str], user: str | None = None) -> int:
        require(self.actor, SYNC)
        return conflicts.resolve(self.db, choices, self.derive, user)
