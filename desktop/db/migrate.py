"""Schema versions: where a database stands against this build, and upgrading it.

The revisions this build knows are constants (``HEAD``, ``REVISIONS``, in
``desktop.db.revisions``), so that opening a database that is already current reads one
row of ``alembic_version`` and never imports Alembic (a quarter of a second of every
start). A test checks the constants against the migration scripts; adding a migration
means adding its revision there."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

from desktop.db.revisions import HEAD, REVISIONS


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return HEAD


def known_revisions() -> list[str]:
    return list(REVISIONS)


def script_revisions() -> list[str]:
    """The revisions of the migration scripts, newest first, read by Alembic (for the
    test that keeps ``REVISIONS`` in step with them)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in script.walk_revisions()]


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str

    @property
    def is_empty(self) -> bool:
        return self.current is None

    @property
    def is_current(self) -> bool:
        return self.current == self.head

    @property
    def is_newer(self) -> bool:
        return self.current is not None and self.current not in known_revisions()

    @property
    def needs_upgrade(self) -> bool:
        return self.current is not None and not self.is_current and not self.is_newer


def current_revision(conn: Any) -> str | None:
    """The revision stamped in ``alembic_version`` (what Alembic's MigrationContext reads),
    ``"unversioned"`` for a database with tables but no stamp, None for an empty one."""
    found = inspect(conn)
    if found.has_table("alembic_version"):
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
        if len(rows) > 1:
            raise RuntimeError(f"the database has {len(rows)} schema revisions; expected one")
        if rows:
            return str(rows[0][0])
    return "unversioned" if found.get_table_names() else None


def schema_state(engine: Engine) -> SchemaState:
    with engine.connect() as conn:
        current = current_revision(conn)
        conn.rollback()
    return SchemaState(current=current, head=head_revision())


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade in one transaction: on any error the database is left as it was."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, target)
