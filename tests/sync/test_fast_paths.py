"""The fast paths of sync give what the plain paths give.

Export: each line of changes.jsonl is written either in SQL (SQLite, records changed
once since the last acknowledgement) or in Python (the rest, and PostgreSQL): the same
bytes, whatever the data (national IDs, relayed origins, control characters, records
changed several times, deleted, restored, gone, odd stored forms).

Import: new records go in as plain rows (the bulk path) or one by one through the ORM
(the change-log hook): the same records, the same change-log values, an intact chain.
A change already received is not decoded again; a malformed one is still rejected alone."""

from __future__ import annotations

import sqlite3
import uuid

import pytest

from desktop.db import sync_store
from desktop.services.demo import load_demo
from desktop.sync import exchange


def _lines(services, after: int, skip_user: str, sql: bool, monkeypatch, chunk: int = 0
           ) -> tuple[list[bytes], dict]:
    with monkeypatch.context() as m:
        if not sql:
            m.setattr(sync_store, "export_sql_matches_python", lambda session: False)
        if chunk:                     # small chunks: lines merged across chunks and kinds
            m.setattr(exchange._ChunkedLines, "CHUNK", chunk)
        with services.db.read() as s:
            produced, files = exchange._export_lines(services.db.raw, s, after, skip_user)
            try:
                lines = list(produced)
                if lines and isinstance(lines[0], tuple):                 # pieces of changes.jsonl
                    data = b"".join(block for block, _count in lines)
                    assert data.endswith(b"\n") and sum(count for _block, count in lines) == data.count(b"\n")
                    lines = data.split(b"\n")[:-1]
            finally:
                getattr(produced, "close", lambda: None)()
    return lines, files


def _same_both_ways(services, monkeypatch, skip_user: str = "nobody") -> int:
    with services.db.read() as s:
        top = sync_store.max_seq(s)
    checked = 0
    for after in sorted({0, 1, top // 3, top // 2, top - 5, top - 1, top}):
        slow, slow_files = _lines(services, after, skip_user, False, monkeypatch)
        for chunk in (0, 7):
            fast, fast_files = _lines(services, after, skip_user, True, monkeypatch, chunk)
            assert fast == slow, (next((a, b) for a, b in zip(fast, slow) if a != b) if len(fast) == len(slow)
                                  else (after, chunk, len(fast), len(slow)))
            assert fast_files == slow_files
        checked += len(fast)
    return checked


ODD = 'เครื่องหมาย "คำพูด" \\ ทับ / และ \x01\x1f\t\n ท้าย \u2028 😀'


def test_sql_and_python_lines_are_the_same_bytes(sites, monkeypatch, tmp_path):
    a, hq = sites["a"], sites["hq"]
    load_demo(a, persons=25, seed=3)
    people = [a.persons.create({"first_name_th": f"ทดสอบ{i}", "last_name_th": ODD if i % 2 else None,
                                "national_id": "1101700207030" if i == 1 else None, "notes": ODD})
              for i in range(6)]
    a.persons.update(people[0]["id"], {"phone": "021111111"})               # changed twice
    a.persons.update(people[0]["id"], {"notes": "แก้อีกครั้ง"})
    a.persons.delete(people[2]["id"])
    a.persons.delete(people[3]["id"])
    a.persons.restore(people[3]["id"])
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8photo\xff\xd9")
    a.attachments.add("person", people[4]["id"], photo, caption=ODD)
    assert _same_both_ways(a, monkeypatch) > 100

    # relayed through headquarters: origins in the notes, the office's own changes skipped
    hq.sync.import_file(sites.send("a", "hq"))
    hq.persons.update(people[5]["id"], {"position": "หัวหน้า"})
    assert _same_both_ways(hq, monkeypatch, skip_user=exchange.sync_user(sites.site_id("b"))) > 100
    assert _same_both_ways(hq, monkeypatch, skip_user=exchange.sync_user(sites.site_id("a"))) > 0


def test_one_kind_in_the_window_is_joined_by_sql_the_same(sites, monkeypatch):
    from sync_helpers import bulk_persons

    a = sites["a"]
    with a.db.read() as s:
        start = sync_store.max_seq(s)
    bulk_persons(a, 40)
    for i in range(3):
        a.persons.create({"first_name_th": f"แปลก{i}", "notes": ODD, "national_id": "1101700207030" if i else None})
    for after in (start, start + 1, start + 17):
        slow, _files = _lines(a, after, "nobody", False, monkeypatch)
        for chunk in (0, 7):
            assert _lines(a, after, "nobody", True, monkeypatch, chunk)[0] == slow
        assert len(slow) == 43 - (after - start)


def test_values_not_in_their_usual_stored_form_take_the_python_functions(sites, monkeypatch):
    a = sites["a"]
    load_demo(a, persons=5, seed=4)
    people = [a.persons.create({"first_name_th": f"แปลก{i}", "national_id": "3100600123450" if i else None})
              for i in range(4)]
    a.db.engine.dispose()
    conn = sqlite3.connect(a.paths.database)
    try:
        ids = [p["id"].replace("-", "") for p in people]
        with conn:
            # isoformat with a T, no microseconds, a note with an origin, upper-case ids, a record gone
            conn.execute("UPDATE person SET created_at = '2024-01-02T03:04:05' WHERE id = ?", (ids[0],))
            conn.execute("UPDATE person SET created_at = '2024-01-02 03:04:05.000000' WHERE id = ?", (ids[1],))
            conn.execute("UPDATE change_log SET note = 'sync origin:001700000000000.000001@somewhere' "
                         "WHERE record_id = ?", (ids[2],))
            conn.execute("UPDATE change_log SET changed_at = '2024-05-06 07:08:09.000000' WHERE record_id = ?",
                         (ids[3],))
            conn.execute("UPDATE person SET id = upper(id) WHERE id = ?", (ids[3],))       # as if gone
            conn.execute("UPDATE change_log SET site_id = upper(site_id) WHERE record_id = ?", (ids[2],))
            conn.execute("UPDATE activity_session SET starts_at = '09:00:00.000000' WHERE starts_at IS NOT NULL")
            conn.execute("UPDATE change_log SET changes = '{\"a\": 1}' WHERE seq = (SELECT min(seq) FROM change_log "
                         "WHERE op = 'update')")
    finally:
        conn.close()
    assert _same_both_ways(a, monkeypatch) > 10


def test_a_package_still_round_trips_through_the_sql_lines(sites):
    a, hq = sites["a"], sites["hq"]
    load_demo(a, persons=30, seed=5)
    p = a.persons.create({"first_name_th": "สมชาย", "national_id": "1101700207030", "notes": ODD})
    report = hq.sync.import_file(sites.send("a", "hq"))
    assert report.created > 30 and not report.rejected and not report.conflicts
    assert hq.persons.get(p["id"])["notes"] == ODD
    assert hq.pdpa.reveal_national_id(p["id"], "test") == "1101700207030"


@pytest.mark.parametrize("text", ["", "\x00", "\x7f\x80", '"', "\\", "\ud7ff\ue000", "ก" * 300])
def test_this_sqlite_quotes_json_as_the_json_module(sites, text):
    import json

    with sites["a"].db.read() as s:
        assert sync_store.export_sql_matches_python(s)
        raw = s.connection().connection.driver_connection
        assert raw.execute("SELECT json_quote(?)", (text,)).fetchone()[0] == json.dumps(text, ensure_ascii=False)


def _resealed(sites, package, name: str, edit) -> object:
    """``package`` with changes.jsonl edited, its manifest updated and signed again by office a."""
    import hashlib
    import json

    from test_refusals import _open, _seal

    members = _open(sites, package)
    changes = edit(members["changes.jsonl"])
    manifest = json.loads(members["manifest.json"])
    manifest["members"]["changes.jsonl"] = {"sha256": hashlib.sha256(changes).hexdigest(), "size": len(changes)}
    members["changes.jsonl"] = changes
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    return _seal(sites, list(members.items()), name, resign=True)


def test_a_change_received_before_is_not_decoded_again_a_new_one_is(sites):
    from desktop.sync.errors import PackageRefused

    a, hq = sites["a"], sites["hq"]
    a.persons.create({"first_name_th": "หนึ่ง"})
    a.persons.create({"first_name_th": "สอง"})
    hq.sync.import_file(sites.send("a", "hq"))
    a.persons.create({"first_name_th": "สาม"})
    again = sites.send("a", "hq")                    # the first two again (not acknowledged), and the third

    def spoil(which: str):
        def edit(data: bytes) -> bytes:
            lines = data.split(b"\n")
            at = next(i for i, line in enumerate(lines) if which.encode() in line)
            lines[at] = lines[at][:lines[at].index(b",") + 1] + b' "not json'
            return b"\n".join(lines)
        return edit

    refused = _resealed(sites, again, "new-spoiled.govlab", spoil("สาม"))
    with pytest.raises(PackageRefused) as error:
        hq.sync.import_file(refused)
    assert "unreadable" in error.value.message
    assert [p["first_name_th"] for p in hq.persons.list().rows if p["first_name_th"] == "สาม"] == []
    report = hq.sync.import_file(_resealed(sites, again, "old-spoiled.govlab", spoil("หนึ่ง")))
    assert (report.created, report.unchanged, report.rejected) == (1, 2, [])


def _records(services) -> dict[str, list]:
    """Every record's values, national IDs unsealed (their ciphertexts differ every time)."""
    from desktop.db.models import SYNCED_MODELS

    out = {}
    with services.db.read() as s:
        for kind in SYNCED_MODELS:
            rows = []
            for obj in sync_store.all_records(s, kind):
                values = sync_store.values_of(obj)
                if values.pop("national_id_sealed", None):
                    values["national_id"] = services.db.protector.unseal(obj.national_id_sealed)
                rows.append((str(obj.id), sorted(values.items(), key=repr), obj.deleted_at is None))
            out[kind] = sorted(rows, key=repr)
    return out


def _log_changes(services) -> dict[str, dict]:
    """record id -> the values its create logged (national IDs unsealed, not compared sealed)."""
    import json

    services.db.engine.dispose()
    conn = sqlite3.connect(services.paths.database)
    try:
        rows = conn.execute("SELECT record_id, changes FROM change_log WHERE op = 'create' AND kind = 'person'")
        out = {}
        for record_id, changes in rows:
            values = json.loads(changes)
            sealed = values.pop("national_id_sealed", None)
            values["national_id"] = services.db.protector.unseal(sealed) if sealed else None
            out[record_id] = values
        return out
    finally:
        conn.close()


def test_bulk_and_one_by_one_creates_log_and_store_the_same(sites, monkeypatch):
    from sync_helpers import normalized

    from desktop.db.chain import verify
    from desktop.services.app_services import open_services
    from desktop.sync import merge

    a = sites["a"]
    load_demo(a, persons=20, seed=6)
    for i in range(5):
        a.persons.create({"first_name_th": f"เลขบัตร{i}", "national_id": "1101700207030" if i % 2 else None,
                          "notes": ODD, "agency_id": None})
    package = sites.send("a", "hq")
    hq_folder = sites.folders["hq"]
    sites["hq"].db.protector                     # its field key made before the copy: the same digests
    sites["hq"].close()
    import shutil

    slow_folder = shutil.copytree(hq_folder, sites.root / "hq-one-by-one")
    fast = open_services(hq_folder)
    sites.opened["hq"] = fast
    fast_report = fast.sync.import_file(package)
    with monkeypatch.context() as m:
        m.setattr(merge.Merger, "bulk_create", lambda self, batch: batch)
        slow = open_services(slow_folder)
        try:
            slow_report = slow.sync.import_file(package)
            slow_state, slow_log, slow_records = normalized(slow), _log_changes(slow), _records(slow)
        finally:
            slow.close()
    assert fast_report.summary() == slow_report.summary() and not fast_report.rejected
    fast_state = normalized(fast)
    assert _records(fast) == slow_records                   # values (national IDs compared unsealed)
    assert fast_state["counts"] == slow_state["counts"]
    assert _log_changes(fast) == slow_log
    with fast.db.engine.connect() as conn:
        assert verify(conn)["change_log"]["broken_seq"] is None
    p = next(r for r in fast.persons.list(search="เลขบัตร1").rows)
    assert fast.pdpa.reveal_national_id(p["id"], "test") == "1101700207030"


def test_malformed_changes_are_rejected_alone_on_the_fast_path(sites):
    import json

    a, hq = sites["a"], sites["hq"]
    a.persons.create({"first_name_th": "ดี"})
    package = sites.send("a", "hq")

    def spoil(data: bytes) -> bytes:
        good = json.loads(data.split(b"\n")[-2])
        extra = []
        for n, (key, value) in enumerate([("kind", ["person"]), ("kind", "spaceship"), ("record_id", "not-an-id"),
                                          ("record_id", {"x": 1}), ("origin", ["", "x"]), ("op", None)]):
            bad = dict(good, seq=good["seq"] + 1 + n, record_id=str(uuid.uuid4()))
            bad[key] = value
            extra.append(json.dumps(bad, ensure_ascii=False).encode())
        return data + b"\n".join(extra) + b"\n"

    report = hq.sync.import_file(_resealed(sites, package, "malformed.govlab", spoil))
    assert report.created == 1 and len(report.rejected) == 6
