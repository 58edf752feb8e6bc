"""Opening a data folder: schema checks and upgrades, reference data, and every service
wired to one database. The GUI and the command line both start here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desktop.core.errors import DatabaseTooNew
from desktop.core.text import N_
from desktop.db.database import Database
from desktop.db.migrate import schema_state, upgrade
from desktop.paths import DataPaths
from desktop.services import kinds, recovery, reference
from desktop.services.access import SYSTEM, Actor
from desktop.services.attachments import AttachmentService
from desktop.services.attendance import AttendanceService
from desktop.services.audit import AuditService
from desktop.services.backup import automatic_backup
from desktop.services.backups import BackupService
from desktop.services.office import OfficeService
from desktop.services.records import RecordService
from desktop.services.search import SearchService
from desktop.services.sync import SyncService
from desktop.services.users import UserService
from desktop.sync.package import clean_staging


@dataclass
class Services:
    """Every service, bound to one actor (see desktop.services.access). ``db`` is the
    actor's view of the database; ``as_user`` gives the same services for another actor."""

    db: Any  # ActorDatabase
    paths: DataPaths
    office: OfficeService
    agencies: RecordService
    persons: RecordService
    consents: RecordService
    courses: RecordService
    cohorts: RecordService
    enrollments: RecordService
    projects: RecordService
    project_partners: RecordService
    team_members: RecordService
    stakeholders: RecordService
    action_items: RecordService
    artefacts: RecordService
    activities: RecordService
    sessions: RecordService
    attendance: AttendanceService
    signatories: RecordService
    attachments: AttachmentService
    search: SearchService
    upgraded_from: str | None = None
    backup_before_upgrade: Path | None = None
    sync: SyncService | None = None  # set by open_services
    actor: Actor = SYSTEM
    users: UserService | None = None
    audit: AuditService | None = None
    backups: BackupService | None = None
    pdpa: Any = None  # PdpaService: subject access, erasure, retention, revealing national IDs

    def by_kind(self, kind: str) -> RecordService:
        for value in vars(self).values():
            if isinstance(value, RecordService) and value.kind == kind:
                return value
        raise KeyError(kind)

    def as_user(self, actor: Actor) -> Services:
        """The same database and folder, every service acting as ``actor``."""
        bound = _build(self.db.raw, actor)
        return replace(bound, upgraded_from=self.upgraded_from, backup_before_upgrade=self.backup_before_upgrade)

    def close(self) -> None:
        self.db.dispose()
        recovery.session_marker(self.paths).unlink(missing_ok=True)


def _build(raw: Database, actor: Actor) -> Services:
    from desktop.services.pdpa import ErasureAwareAuditService, PdpaService
    from desktop.services.recovery import GuardedDatabase

    db = GuardedDatabase(raw, actor)
    record = {spec.kind: RecordService(db, spec) for spec in kinds.ALL_SPECS}
    services = Services(
        db=db, paths=raw.paths, office=OfficeService(db),
        agencies=record["agency"], persons=record["person"], consents=record["consent"],
        courses=record["course"], cohorts=record["cohort"], enrollments=record["enrollment"],
        projects=record["project"], project_partners=record["project_partner"],
        team_members=record["team_member"], stakeholders=record["stakeholder"],
        action_items=record["action_item"], artefacts=record["artefact"],
        activities=record["activity"], sessions=record["activity_session"],
        attendance=AttendanceService(db), signatories=record["signatory"],
        attachments=AttachmentService(db), search=SearchService(db), sync=SyncService(db),
        actor=actor, users=UserService(db, actor), audit=ErasureAwareAuditService(db, actor),
        backups=BackupService(db, actor),
    )
    services.pdpa = PdpaService(services)
    return services


def open_services(data_dir: Path, database_url: str | None = None, *, actor: Actor = SYSTEM) -> Services:
    """Open (creating on first run) the data folder's database, upgraded to this build,
    with every service acting as ``actor``.

    Code that opens a folder without naming an actor (scripts, tests, the command line
    trusted by the operating system) acts as SYSTEM, an administrator; the GUI opens with
    NOBODY and binds the user who signs in (``as_user``).

    An older database is backed up before it is upgraded; a newer one is refused and left
    untouched."""
    paths = DataPaths(data_dir)
    if database_url is None:
        recovery.check_folder(paths)    # read-only folder, damaged database: a clear message
    paths.ensure()
    if database_url is None:
        recovery.session_marker(paths).touch()   # removed by close(); still here after a crash
    clean_staging(paths.root)           # what an import killed midway left behind
    db = Database(paths, database_url)
    state = schema_state(db.engine)
    upgraded_from, backup_path = None, None
    if state.is_newer:
        db.dispose()
        raise DatabaseTooNew(
            N_("This database was written by a newer version of GovLab Desk (schema {revision}). "
               "Install that version or newer; the database has been left untouched."),
            revision=state.current)
    if state.needs_upgrade:
        if db.is_sqlite:
            backup_path = automatic_backup(paths, f"before-upgrade-{state.current}")
        upgrade(db.engine)
        upgraded_from = state.current
    elif state.is_empty:
        upgrade(db.engine)
    reference.ensure_loaded(db)
    return replace(_build(db, actor), upgraded_from=upgraded_from, backup_before_upgrade=backup_path)
