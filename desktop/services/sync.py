"""Sync for the GUI and the command line: the desktop.sync machinery with the record
kinds' derived columns (sort names) recomputed on everything it writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.errors import UserError
from desktop.db.database import Database
from desktop.services import kinds, reference
from desktop.services.access import PEERS, SYNC, SYSTEM, Actor, require
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

    def import_dir(self, paths: list[Path], workers: int = 1,
                   on_result: Callable[[FolderOutcome], None] | None = None) -> list[FolderOutcome]:
        """Import each package of a folder on its own (one refused package does not stop
        the others), reporting each in the order given, to ``on_result`` as soon as it and
        every one before it are done.

        With ``workers`` > 1 on PostgreSQL, that many processes import at once, each with
        its own connection: every import still runs in one transaction, and the locks of
        desktop.db.sync_store.lock_import (the sender, every record the package names,
        then the change log's chain) keep two of them from working on the same records at
        the same time, so the result is the same as one at a time in some order (and
        order does not matter). SQLite has one writer at a time: there they run one at a
        time whatever ``workers`` says (``parallel`` tells beforehand)."""
        require(self.actor, SYNC)
        paths = [Path(p) for p in paths]
        if not self.parallel(workers) or len(paths) < 2:
            outcomes = []
            for path in paths:
                try:
                    outcome = FolderOutcome(path, report=self.import_file(path))
                except UserError as error:
                    outcome = FolderOutcome(path, error=error)
                outcomes.append(outcome)
                if on_result is not None:
                    on_result(outcome)
            return outcomes
        return _import_in_workers(self, paths, min(workers, len(paths)), on_result)

    def parallel(self, workers: int) -> bool:
        """Whether ``import_dir`` would use ``workers`` processes (PostgreSQL only)."""
        return workers > 1 and not self.db.is_sqlite

    def status(self) -> dict[str, Any]:
        return conflicts.status(self.db)

    def conflicts(self) -> list[dict[str, Any]]:
        return conflicts.list_conflicts(self.db)

    def resolve(self, choices: dict[str, str], user: str | None = None) -> int:
        require(self.actor, SYNC)
        return conflicts.resolve(self.db, choices, self.derive, user)


@dataclass
class FolderOutcome:
    """One package of ``import_dir``: its report, or why it was refused."""

    path: Path
    report: ImportReport | None = None
    error: UserError | None = None


# -- import workers (processes, PostgreSQL) -------------------------------------------------

_WORKER: dict[str, Any] = {}


def _import_in_workers(service: SyncService, paths: list[Path], workers: int,
                       on_result: Callable[[FolderOutcome], None] | None) -> list[FolderOutcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    db = service.db
    context = multiprocessing.get_context("spawn")      # a fresh interpreter: no inherited connections
    outcomes: list[FolderOutcome | None] = [None] * len(paths)
    reported = 0
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start,
                             initargs=(str(db.paths.root), db.url, service.actor, service.limits)) as pool:
        futures = {pool.submit(_worker_import, str(path)): i for i, path in enumerate(paths)}
        try:
            from concurrent.futures import as_completed

            for future in as_completed(futures):
                i = futures[future]
                report, refused = future.result()
                outcomes[i] = FolderOutcome(paths[i], report=report,
                                            error=_rebuilt(*refused) if refused is not None else None)
                while reported < len(paths) and outcomes[reported] is not None:
                    if on_result is not None:
                        on_result(outcomes[reported])
                    reported += 1
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return [o for o in outcomes if o is not None]


def _worker_start(data_dir: str, url: str | None, actor: Actor, limits: Limits) -> None:
    from desktop.services.app_services import open_services

    services = open_services(Path(data_dir), url, actor=actor)
    services.sync.limits = limits
    _WORKER["services"] = services


def _worker_import(path: str) -> tuple[ImportReport | None, tuple[type, str, dict[str, Any]] | None]:
    try:
        return _WORKER["services"].sync.import_file(Path(path)), None
    except UserError as error:              # sent back as its class, msgid and parameters
        return None, (type(error), error.message, dict(error.params))


def _rebuilt(cls: type, message: str, params: dict[str, Any]) -> UserError:
    error = cls.__new__(cls)
    UserError.__init__(error, message, **params)
    return error
