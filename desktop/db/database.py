"""The database of one data folder: sessions for reading and for writing, one writer at
a time, every write stamped with this site, its user and the hybrid clock."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

import desktop.db.tracking  # noqa: F401  (registers the change-log hook)
from desktop.core.clock import HybridClock
from desktop.db.engine import make_engine, sqlite_url
from desktop.db.models import ChangeLog, OfficeProfile
from desktop.db.protect import FieldProtector
from desktop.paths import DataPaths

# Before ``init`` there is no site id yet: changes made then (reference agencies) carry
# this one, which every installation shares.
SHIPPED_SITE = uuid.UUID("00000000-0000-0000-0000-000000000000")


@dataclass
class WriterContext:
    site_id: uuid.UUID
    user: str
    clock_source: Callable[[], HybridClock]   # the clock, read only when a write stamps a record
    note: str | None = None

    @property
    def clock(self) -> HybridClock:
        return self.clock_source()


class Database:
    def __init__(self, paths: DataPaths, url: str | None = None) -> None:
        self.paths = paths
        self.url = url or sqlite_url(paths.database)
        self.engine = make_engine(self.url)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(write=True), expire_on_commit=False)
        self._write_lock = threading.RLock()
        self._clock: HybridClock | None = None
        self._clock_lock = threading.Lock()
        self._clock_warming: threading.Thread | None = None
        self._site_id: uuid.UUID | None = None
        self._protector: FieldProtector | None = None
        self.user = "system"

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def protector(self) -> FieldProtector:
        if self._protector is None:
            self._protector = FieldProtector(self.paths.field_key)
        return self._protector

    @property
    def clock(self) -> HybridClock:
        """Started from the newest stamp in the change log, which reads the whole log
        (about a second at a million records): only a write that stamps a record needs
        it, and ``warm_clock`` finds it in the background."""
        if self._clock is None:
            with self._clock_lock:
                if self._clock is None:
                    with self.read() as s:
                        last = s.scalar(select(func.max(ChangeLog.stamp)))
                    self._clock = HybridClock(last)
        return self._clock

    def warm_clock(self) -> None:
        """Read the clock's starting point on a thread of its own (SQLite lets other
        threads run meanwhile), so that the first save does not wait for it."""
        if self._clock is not None or self._clock_warming is not None:
            return

        def warm() -> None:
            try:
                self.clock
            except Exception:  # noqa: BLE001 - the first write reads it again and reports it
                pass
        self._clock_warming = threading.Thread(target=warm, name="clock", daemon=True)
        self._clock_warming.start()

    def site_id(self, session: Session | None = None) -> uuid.UUID:
        if self._site_id is None:
            if session is not None:
                profile = session.scalar(select(OfficeProfile))
            else:
                with self.read() as s:
                    profile = s.scalar(select(OfficeProfile))
            if profile is None:
                return SHIPPED_SITE
            self._site_id = profile.site_id
        return self._site_id

    def forget_profile(self) -> None:
        self._site_id = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._read()
        try:
            yield session
        finally:
            session.close()  # returns the connection, rolled back; loaded objects stay readable

    @contextmanager
    def write(self, user: str | None = None, note: str | None = None) -> Iterator[Session]:
        """One transaction for one user action: committed whole or not at all."""
        with self._write_lock:
            session = self._write()
            try:
                session.info["writer"] = WriterContext(
                    site_id=self.site_id(session), user=user or self.user,
                    clock_source=lambda: self.clock, note=note,
                )
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            finally:
                session.close()

    def dispose(self) -> None:
        if self._clock_warming is not None:
            self._clock_warming.join()
        self.engine.dispose()


def open_database_file(path: Path) -> Database:
    """A Database on an arbitrary SQLite file (for checks on backups)."""
    return Database(DataPaths(path.parent), sqlite_url(path))
