"""Fast generation (``generate_fast``): counts, the same people for the same seed, search,
the search index, Thai sort order, sealed national IDs and the change log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.core.thai_order import sort_key
from desktop.db.health import search_index_ok
from desktop.services.app_services import open_services
from desktop.services.demo.generate_fast import generate_fast, seal_many

PERSONS = 3_000


def _open(folder: Path):
    services = open_services(folder)
    services.office.init("สำนักงานทดสอบ", "T01", "73", "office")
    return services


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    services = _open(tmp_path_factory.mktemp("generate") / "data")
    counts = generate_fast(services, PERSONS, seed=7)
    yield services, counts
    services.close()


def _people(folder: Path) -> list[tuple]:
    con = sqlite3.connect(folder / "govlab.sqlite")
    try:
        return con.execute("SELECT first_name_th, last_name_th, position, agency_id, phone, sort_name "
                           "FROM person WHERE changed_by = 'demo' ORDER BY id").fetchall()
    finally:
        con.close()


def test_counts(generated):
    services, counts = generated
    fixed = 51  # the demo's own people, created first
    assert services.persons.count() == counts["person"] == PERSONS + fixed
    assert counts["enrollment"] > PERSONS * 0.05 and counts["attendance"] > PERSONS * 0.1
    for kind in ("person", "enrollment", "attendance"):
        assert services.by_kind(kind).count() == counts[kind]


def test_same_seed_same_people_whatever_the_workers(generated, tmp_path):
    services, _ = generated
    other = _open(tmp_path / "again")
    try:
        generate_fast(other, PERSONS, seed=7, workers=0)
    finally:
        other.close()
    first, second = _people(services.paths.root), _people(tmp_path / "again")
    # the agencies and prefixes are shipped reference data: same ids everywhere
    assert first == second and len(first) > PERSONS


def test_search_finds_generated_names(generated):
    services, _ = generated
    person = services.persons.list(order=("id",), descending=True, limit=1).rows[0]
    for query in (person["first_name_th"], person["last_name_th"], person["first_name_th"][:2]):
        found = services.persons.list(search=query, limit=0).total
        assert found >= 1, query
    ids = {r["id"] for r in services.persons.list(search=person["last_name_th"]).rows}
    assert person["id"] in ids


def test_search_index_consistent(generated):
    services, _ = generated
    ok, detail = search_index_ok(services.db.engine)
    assert ok, detail
    con = sqlite3.connect(services.paths.database)
    try:
        triggers = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"search_person_insert", "search_person_update", "search_person_delete"} <= triggers
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def test_sort_order_and_keys(generated):
    services, _ = generated
    rows = services.persons.list(limit=500).rows
    keys = [sort_key(f"{r['first_name_th']} {r['last_name_th'] or ''}") for r in rows]
    assert keys == sorted(keys)
    con = sqlite3.connect(services.paths.database)
    try:
        for first, last, stored in con.execute("SELECT first_name_th, last_name_th, sort_name FROM person"):
            assert stored == sort_key(f"{first} {last or ''}")
    finally:
        con.close()


def test_sync_ready_and_logged(generated):
    services, counts = generated
    con = sqlite3.connect(services.paths.database)
    try:
        generated_people = con.execute("SELECT count(*) FROM person WHERE changed_by = 'demo' AND revision = 1 "
                                       "AND site_id = ? AND stamp IS NOT NULL",
                                       (services.db.site_id().hex,)).fetchone()[0]
        assert generated_people == counts["person"]
        logged = con.execute("SELECT count(DISTINCT record_id) FROM change_log WHERE op = 'create' "
                             "AND kind IN ('person', 'enrollment', 'attendance')").fetchone()[0]
        assert logged == counts["person"] + counts["enrollment"] + counts["attendance"]
        stamps = [s for (s,) in con.execute("SELECT stamp FROM change_log ORDER BY seq")]
        assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
        emails = [e for (e,) in con.execute("SELECT email FROM person WHERE email IS NOT NULL")]
        assert len(emails) == len(set(emails))
        numbers = [n for (n,) in con.execute("SELECT certificate_number FROM enrollment "
                                             "WHERE certificate_number IS NOT NULL")]
        assert len(numbers) == len(set(numbers)) and not any("\x00" in n for n in numbers)
    finally:
        con.close()
    # the next ordinary write stamps after the generated records
    later = services.persons.create({"first_name_th": "ทดสอบ", "last_name_th": "ภายหลัง"})
    with sqlite3.connect(services.paths.database) as con:
        newest = con.execute("SELECT max(stamp) FROM change_log WHERE record_id != ?",
                             (later["id"].replace("-", ""),)).fetchone()[0]
        mine = con.execute("SELECT stamp FROM person WHERE id = ?", (later["id"].replace("-", ""),)).fetchone()[0]
    assert mine > newest


def test_national_ids_open_with_the_field_key(generated):
    services, _ = generated
    con = sqlite3.connect(services.paths.database)
    try:
        rows = con.execute("SELECT national_id_sealed, national_id_digest, national_id_tail FROM person "
                           "WHERE national_id_sealed IS NOT NULL LIMIT 50").fetchall()
    finally:
        con.close()
    assert len(rows) == 50
    protector = services.db.protector
    for sealed, digest, tail in rows:
        digits = protector.unseal(sealed)
        assert len(digits) == 13 and digits.endswith(tail) and protector.digest(digits) == digest


def test_seal_many_matches_fernet(tmp_path):
    from desktop.db.protect import FieldProtector

    protector = FieldProtector(tmp_path / "field.key")
    digits = ["1101700203451", "3100600123456"]
    tokens = seal_many((tmp_path / "field.key").read_bytes().strip(), digits)
    assert [protector.unseal(t) for t in tokens] == digits


def test_without_change_log(tmp_path):
    services = _open(tmp_path / "quiet")
    try:
        counts = generate_fast(services, 500, seed=1, change_log=False)
        con = sqlite3.connect(services.paths.database)
        try:
            logged = con.execute("SELECT count(*) FROM change_log WHERE changed_by = 'demo' "
                                 "AND note = 'demo' AND kind = 'person'").fetchone()[0]
        finally:
            con.close()
        assert logged == 51  # only the demo's own people, through the ordinary path
        assert services.persons.count() == counts["person"] == 551
    finally:
        services.close()
