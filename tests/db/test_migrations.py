"""Upgrading real databases: from the first revision with data in it, and refusing
a database newer than this build."""

from __future__ import annotations

import sqlite3
import uuid

import pytest

from desktop.core.errors import DatabaseTooNew
from desktop.db.engine import make_engine, sqlite_url
from desktop.db.migrate import head_revision, known_revisions, schema_state, upgrade
from desktop.paths import DataPaths
from desktop.services.app_services import open_services


def _first_revision_db(folder):
    paths = DataPaths(folder)
    paths.ensure()
    engine = make_engine(sqlite_url(paths.database))
    upgrade(engine, known_revisions()[-1])
    engine.dispose()
    person = uuid.uuid4()
    conn = sqlite3.connect(paths.database)
    conn.execute(
        "INSERT INTO person (id, first_name_th, last_name_th, sort_name, created_at, updated_at, site_id, "
        "changed_by, revision, stamp) VALUES (?, 'ธนพล', 'วีรา', 'ธนพล วีรา', '2023-05-19 09:00:00', "
        "'2023-05-19 09:00:00', ?, 'old-version', 1, '000001684486800000.000000')",
        (person.hex, uuid.uuid4().hex))
    conn.commit()
    conn.close()
    return paths, person


def test_upgrade_from_first_revision_keeps_data_and_backs_up_first(tmp_path):
    paths, person = _first_revision_db(tmp_path / "data")
    assert known_revisions()[-1] != head_revision()
    services = open_services(paths.root)
    try:
        assert services.upgraded_from == known_revisions()[-1]
        assert services.backup_before_upgrade is not None and services.backup_before_upgrade.exists()
        found = services.persons.list(search="วีรา").rows
        assert [r["id"] for r in found] == [str(person)]   # the search index was filled
        assert schema_state(services.db.engine).is_current
    finally:
        services.close()


def test_upgrade_numbers_the_search_index_in_list_order(tmp_path):
    from sqlalchemy import text

    from desktop.core.thai_order import person_sort_key

    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    engine = make_engine(sqlite_url(paths.database))
    upgrade(engine, "0006")   # the search index's rows numbered as the records came
    engine.dispose()
    people = [("สมชาย", "ศรีสุข"), ("กมล", "ศรีสุข"), ("เกษม", "ศรีสุขใจ"), ("ไก่", "ทอง"), ("ขวัญ", "ศรีสุข")]
    conn = sqlite3.connect(paths.database)
    for first, last in people:
        conn.execute(
            "INSERT INTO person (id, first_name_th, last_name_th, sort_name, created_at, updated_at, site_id, "
            "changed_by, revision, stamp) VALUES (?, ?, ?, ?, '2023-05-19 09:00:00', '2023-05-19 09:00:00', ?, "
            "'old-version', 1, '000001684486800000.000000')",
            (uuid.uuid4().hex, first, last, person_sort_key(first, last), uuid.uuid4().hex))
    conn.commit()
    conn.close()
    services = open_services(paths.root)
    try:
        assert services.upgraded_from == "0006"
        with services.db.read() as s:
            low, high = s.execute(text("SELECT low, high FROM search_block WHERE kind = 'person'")).one()
            names = s.execute(text("SELECT p.sort_name FROM search_doc d JOIN person p ON p.id = d.record_id "
                                   "WHERE d.kind = 'person' ORDER BY d.rowid")).scalars().all()
        assert high - low + 1 == len(people) and names == sorted(names)
        found = [r["first_name_th"] for r in services.persons.list(search="ศรีสุข", limit=2).rows]
        assert found == ["กมล", "เกษม"]   # เกษม sorts under ก
        assert services.persons.list(search="ศรีสุข", limit=2).total == 4
        added = services.persons.create({"first_name_th": "กนก", "last_name_th": "ศรีสุข"})   # the tail
        found = [r["id"] for r in services.persons.list(search="ศรีสุข", limit=1).rows]
        assert found == [added["id"]]
    finally:
        services.close()


def test_newer_database_is_refused_and_untouched(tmp_path):
    paths, _ = _first_revision_db(tmp_path / "data")
    conn = sqlite3.connect(paths.database)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = paths.database.read_bytes()
    with pytest.raises(DatabaseTooNew) as e:
        open_services(paths.root)
    assert e.value.params["revision"] == "9999_from_the_future"
    assert paths.database.read_bytes() == before
    assert not list(paths.backups.iterdir())


def test_failed_upgrade_leaves_database_as_it_was(tmp_path, monkeypatch):
    paths, person = _first_revision_db(tmp_path / "data")
    from desktop.db import search_schema

    original = search_schema.backfill_statements
    monkeypatch.setattr(search_schema, "backfill_statements",
                        lambda: original() + ["INSERT INTO no_such_table VALUES (1)"])
    engine = make_engine(sqlite_url(paths.database))
    with pytest.raises(Exception):
        upgrade(engine)
    state = schema_state(engine)
    engine.dispose()
    assert state.current == known_revisions()[-1]
    conn = sqlite3.connect(paths.database)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "search_doc" not in tables
    assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 1
    conn.close()


def test_sqlite_pragmas(services):
    with services.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
