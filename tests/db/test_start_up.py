"""What opening a data folder costs at start: the schema check without Alembic, and the
change-log clock read only when a write stamps a record (or on a thread of its own)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from desktop.db.engine import make_engine, sqlite_url
from desktop.db.migrate import HEAD, REVISIONS, current_revision, head_revision, known_revisions, script_revisions
from desktop.db.models import ChangeLog

ROOT = Path(__file__).resolve().parents[2]


def test_the_revisions_this_build_knows_are_its_migration_scripts():
    # A new migration needs its revision at the front of desktop.db.revisions.REVISIONS.
    assert list(REVISIONS) == script_revisions()
    assert head_revision() == HEAD == REVISIONS[0] and known_revisions() == list(REVISIONS)


def test_the_revision_is_read_from_alembic_version(tmp_path):
    path = tmp_path / "plain.sqlite"
    engine = make_engine(sqlite_url(path))
    try:
        with engine.connect() as conn:
            assert current_revision(conn) is None                       # empty
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE something (x)")
        con.commit()
        with engine.connect() as conn:
            assert current_revision(conn) == "unversioned"              # tables, no stamp
        con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        con.execute("INSERT INTO alembic_version VALUES ('0005')")
        con.commit()
        con.close()
        with engine.connect() as conn:
            assert current_revision(conn) == "0005"
    finally:
        engine.dispose()


def test_opening_a_current_folder_does_not_import_alembic(services):
    folder = services.paths.root
    services.close()
    code = ("import sys; from desktop.services.app_services import open_services; "
            "s = open_services(sys.argv[1]); s.persons.count(); s.close(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))")
    out = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True,
                         cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), check=True)
    assert out.stdout.strip() == "[]"


def test_a_write_that_stamps_no_record_does_not_read_the_clock(services):
    db = services.db.raw
    db._clock = None
    with db.write("someone") as session:
        assert session.info["writer"].user == "someone"
    assert db._clock is None
    services.persons.create({"first_name_th": "นาฬิกา"})       # a record: stamped, so the clock is read
    assert db._clock is not None


def test_the_clock_is_warmed_on_a_thread_and_ticks_after_the_newest_stamp(services):
    db = services.db.raw
    db._clock = None
    db.warm_clock()
    db._clock_warming.join(10)
    assert db._clock is not None
    with db.read() as s:
        newest = s.scalar(select(func.max(ChangeLog.stamp)))
    assert db.clock.tick() > newest
    db.dispose()       # waits for the thread (already done here) before closing the engine
