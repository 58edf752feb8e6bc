"""Fast generation (``generate_fast``): counts, the same people for the same seed, search,
the search index, Thai sort order, sealed national IDs and the change log."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace

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
        # the log has the numbers and addresses the rows have
        logged = con.execute("SELECT count(*) FROM change_log l JOIN enrollment e ON e.id = l.record_id "
                             "WHERE l.op = 'create' AND e.certificate_number IS NOT NULL "
                             "AND instr(l.changes, e.certificate_number) > 0").fetchone()[0]
        assert logged == len(numbers)
        assert con.execute("SELECT count(*) FROM change_log WHERE instr(changes, '\\u0000') > 0").fetchone()[0] == 0
        mismatched = con.execute("SELECT count(*) FROM change_log l JOIN person p ON p.id = l.record_id "
                                 "WHERE l.op = 'create' AND p.email IS NOT NULL "
                                 "AND instr(l.changes, '\"' || p.email || '\"') = 0").fetchone()[0]
        assert mismatched == 0
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


def test_the_change_log_chain_is_intact(generated):
    from desktop.db.chain import verify

    services, counts = generated
    with services.db.engine.connect() as conn:
        result = verify(conn)
    assert result["change_log"]["broken_seq"] is None
    assert result["change_log"]["entries"] >= counts["person"] + counts["enrollment"] + counts["attendance"]


def test_sealing_hashes_as_the_chain_does():
    from desktop.db.chain import GENESIS, seal_tuples
    from desktop.services.demo.generate_fast import DEMO_USER, _seal

    plan = SimpleNamespace(site="0" * 31 + "1", now="2026-11-22 09:30:00.123456", note='a "quoted" note')
    logs = [(kind, f"{i:032x}", f"001795307215039.{i:06d}", '{"first_name_th":"สมชาย","notes":"say \\"hi\\""}')
            for i, kind in enumerate(("person", "enrollment", "attendance", "person"))]
    whole = [(kind, rid, "create", 0, 1, stamp, plan.site, DEMO_USER, plan.now, changes, plan.note)
             for kind, rid, stamp, changes in logs]
    hashes, tail = _seal((41, GENESIS), logs, plan)
    sealed, sealed_tail = seal_tuples((41, GENESIS), whole)
    assert tail == sealed_tail and hashes == [row[-1] for row in sealed]


def test_the_search_index_is_numbered_in_list_order(generated):
    services, _ = generated
    con = sqlite3.connect(services.paths.database)
    try:
        # the demo's people and the generated ones (others' tests add people later, at the tail)
        order = [r[0] for r in con.execute("SELECT p.id FROM search_doc d JOIN person p ON p.id = d.record_id "
                                           "WHERE p.changed_by = 'demo' ORDER BY d.rowid")]
        assert order == [r[0] for r in con.execute("SELECT id FROM person WHERE changed_by = 'demo' "
                                                   "ORDER BY sort_name, id")]
        if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_block'").fetchone():
            low, high = con.execute("SELECT low, high FROM search_block WHERE kind = 'person'").fetchone()
            rowids = con.execute("SELECT min(d.rowid), max(d.rowid), count(*) FROM search_doc d "
                                 "JOIN person p ON p.id = d.record_id WHERE p.changed_by = 'demo'").fetchone()
            assert rowids == (low, high, high - low + 1)
    finally:
        con.close()


def test_a_person_added_after_generation_is_indexed(generated):
    services, _ = generated
    made = services.persons.create({"first_name_th": "ภายหลังค้นหา", "last_name_th": "ทดสอบดัชนี"})
    try:
        assert [r["id"] for r in services.persons.list(search="ภายหลังค้นหา").rows] == [made["id"]]
        ok, detail = search_index_ok(services.db.engine)
        assert ok, detail
    finally:
        services.persons.delete(made["id"])


def test_each_person_is_logged_with_the_values_it_was_created_with(generated):
    import json
    import uuid

    from desktop.services.demo.generate_fast import _PERSON_LOGGED

    services, _ = generated
    con = sqlite3.connect(services.paths.database)
    try:
        columns = ", ".join(f"p.{c}" for c in _PERSON_LOGGED)
        rows = con.execute(f"SELECT {columns}, l.changes FROM person p JOIN change_log l ON l.record_id = p.id "
                           "AND l.op = 'create' WHERE p.changed_by = 'demo' ORDER BY l.seq").fetchall()
    finally:
        con.close()
    generated_rows = rows[51:]   # after the demo's own people, logged by the ordinary path
    assert len(generated_rows) == PERSONS
    for row in generated_rows:
        values = dict(zip(_PERSON_LOGGED, row[:-1]))
        values["prefix_id"] = str(uuid.UUID(values["prefix_id"])) if values["prefix_id"] else None
        values["agency_id"] = str(uuid.UUID(values["agency_id"])) if values["agency_id"] else None
        expected = json.dumps({k: v for k, v in values.items() if v is not None}, ensure_ascii=False,
                              separators=(",", ":"))
        assert row[-1] == expected


def test_many_small_chunks_keep_addresses_unique_and_the_log_in_step(tmp_path, monkeypatch):
    from desktop.db.chain import verify
    from desktop.services.demo import generate_fast as fast

    monkeypatch.setattr(fast, "CHUNK", 400)       # 2,000 people in five chunks: addresses repeat across them
    monkeypatch.setattr(fast._SearchIndex, "BATCH", 300)   # and the search text indexed in several batches
    services = _open(tmp_path / "small")
    try:
        counts = fast.generate_fast(services, 2_000, seed=3, workers=0)
        con = sqlite3.connect(services.paths.database)
        try:
            emails = [e for (e,) in con.execute("SELECT email FROM person WHERE email IS NOT NULL")]
            assert len(emails) == len(set(emails))
            renamed = [e for e in emails if any(ch.isdigit() for ch in e.split("@")[0])]
            assert renamed   # some were taken by an earlier chunk and got a number
            stale = con.execute("SELECT count(*) FROM change_log l JOIN person p ON p.id = l.record_id "
                                "WHERE l.op = 'create' AND p.email IS NOT NULL "
                                "AND instr(l.changes, '\"' || p.email || '\"') = 0").fetchone()[0]
            assert stale == 0
            order = [r[0] for r in con.execute("SELECT d.record_id FROM search_doc d WHERE d.kind = 'person' "
                                               "ORDER BY d.rowid")]
            assert order == [r[0] for r in con.execute("SELECT id FROM person ORDER BY sort_name, id")]
            texts = con.execute("SELECT count(*) FROM search_text t JOIN search_doc d ON d.rowid = t.rowid "
                                "JOIN person p ON p.id = d.record_id WHERE instr(t.body, p.first_name_th) > 0 "
                                "AND instr(t.body, p.last_name_th) > 0").fetchone()[0]
            assert texts == counts["person"]      # each person's text under the person's row number
        finally:
            con.close()
        with services.db.engine.connect() as conn:
            assert verify(conn)["change_log"]["broken_seq"] is None
        assert services.persons.count() == counts["person"]
        ok, detail = search_index_ok(services.db.engine)
        assert ok, detail
    finally:
        services.close()
    other = _open(tmp_path / "in-a-worker")
    try:
        fast.generate_fast(other, 2_000, seed=3, workers=1)   # chunks made in another process
    finally:
        other.close()
    assert _people(tmp_path / "small") == _people(tmp_path / "in-a-worker")


def test_an_email_is_found_even_when_every_short_variant_is_taken():
    import random

    from desktop.services.demo.people import PeopleGenerator

    generator = PeopleGenerator.__new__(PeopleGenerator)   # only what email() reads
    generator.rng = random.Random(7)
    taken = {f"somchai.j{n}@moi.go.th" for n in range(1, 100)} | {"somchai.j@moi.go.th"}
    taken |= {f"somchai.jaidee{n}@moi.go.th" for n in range(1, 100)} | {"somchai.jaidee@moi.go.th"}
    taken |= {f"somchaija{n}@moi.go.th" for n in range(1, 100)} | {"somchaija@moi.go.th"}
    generator.emails = set(taken)
    address = generator.email("somchai", "jaidee", "moi.go.th")
    assert address not in taken and address in generator.emails
