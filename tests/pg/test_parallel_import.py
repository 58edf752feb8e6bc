"""Headquarters on PostgreSQL importing a folder of packages with two workers at once
(``sync import-dir --workers 2``): the same end state as one worker, nothing lost.

Eight offices send packages that all edit the same 120 records headquarters holds: each
office a field of its own (so every edit must land: a lost update would leave a field at
its old value, or two changes with the same revision), offices 0 and 1 also the same
field (a conflict, both values kept, the same winner either way). Each office also
creates records of its own, and office 2 sends a second package repeating its first
(only one of the two may apply its changes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine

from desktop.core.clock import format_stamp
from desktop.core.ids import new_id
from desktop.db import chain
from desktop.db.migrate import head_revision
from desktop.services.app_services import open_services
from desktop.sync.exchange import keys_for
from desktop.sync.keys import LocalKeys, public_identity, write_atomic
from desktop.sync.package import FORMAT, Content, write_package

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ["prefix_th", "first_name_en", "last_name_en", "position", "level", "phone", "email", "prefix_en"]
SHARED = 120
ODD = 'แท็บ\tขึ้นบรรทัด\nทับ\\ "คำพูด"'


def _database(pg_url: str, name: str) -> str:
    """A fresh database beside the session's one, on the same private server."""
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return pg_url.replace("/govlab_hq?", f"/{name}?")


def _line(seq: int, kind: str, record_id: str, op: str, stamp: str, site: str, record: dict, changes: dict | None,
          base: int = 0) -> str:
    at = datetime.now(UTC).replace(tzinfo=None).isoformat()
    change = {"seq": seq, "kind": kind, "record_id": record_id, "op": op, "base_revision": base,
              "revision": base + 1, "stamp": stamp, "site_id": site, "changed_by": "officer",
              "origin": [stamp, site], "changed_at": at, "record": record, "deleted": False, "created_at": at}
    if changes is not None:
        change["changes"] = changes
    return json.dumps(change, ensure_ascii=False, separators=(",", ":"))


def _offices(hq, shared: list[dict], inbox: Path) -> int:
    """Eight enrolled offices' packages into ``inbox``; returns how many records they create."""
    hq_site, hq_age = hq.db.site_id(), keys_for(hq.db).age_recipient
    created = 0
    base_ms = int(datetime.now(UTC).timestamp() * 1000) - 60_000
    for o in range(8):
        keys = LocalKeys(signing=Ed25519PrivateKey.generate(), age=pyrage.x25519.Identity.generate())
        site = str(new_id())
        profile = dict(site_id=site, role="office", office_name=f"สำนักงาน {o}", office_code=f"T{o}", area_code="10")
        identity = inbox / f"{o}.govlab-id"
        write_atomic(identity, json.dumps(public_identity(keys, profile)).encode("utf-8"))
        hq.sync.enroll(identity)
        identity.unlink()
        lines, seq = [], 0
        for i in range(40):                                     # records of its own
            seq += 1
            record = {"first_name_th": f"สำนักงาน{o}คนที่{i}", "notes": ODD if i == 0 else None}
            lines.append(_line(seq, "person", str(new_id()), "create", format_stamp(base_ms + seq, o), site,
                               record, None))
            created += 1
        for p in shared:                                         # a field of its own on every shared record
            seq += 1
            field = FIELDS[o]
            new = f"{field}-{o}" if field != "phone" else f"02{o}{p['n']:06d}"
            record = {"first_name_th": p["first_name_th"], field: new}
            lines.append(_line(seq, "person", p["id"], "update", format_stamp(base_ms + seq, o), site, record,
                               {field: [None, new]}, base=1))
            if o < 2 and p["n"] < 30:                            # and the same field as the other one
                seq += 1
                record = {"first_name_th": p["first_name_th"], "notes": f"บันทึกจากสำนักงาน {o}"}
                stamp = format_stamp(base_ms + seq, o)
                lines.append(_line(seq, "person", p["id"], "update", stamp, site, record,
                                   {"notes": [None, f"บันทึกจากสำนักงาน {o}"]}, base=1))
        packages = [lines] if o != 2 else [lines[:100], lines]   # office 2: a superset after a first one
        for k, chunk in enumerate(packages):
            manifest = {"format": FORMAT, "schema": head_revision(), "package_id": str(uuid.uuid4()),
                        "sender": site, "sender_role": "office", "sender_office_code": profile["office_code"],
                        "sender_office_name": profile["office_name"], "recipient": str(hq_site),
                        "created": format_stamp(base_ms + 5000, o),
                        "created_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
                        "seq_from": 1, "seq_to": len(chunk), "counts": {}, "reference": {}}
            write_package(inbox / f"office-{o}-{k}.govlab",
                          Content(lines=chunk, acks={"site": str(hq_site), "through": 0}), manifest, keys, hq_age)
    return created


def _state(url: str) -> dict:
    """Record values, revisions and open conflicts; the change log's shape and chain."""
    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain) as conn:
        persons = sorted(conn.execute(
            f"SELECT id, first_name_th, notes, revision, {', '.join(FIELDS)} FROM person").fetchall())
        conflicts = sorted(conn.execute(
            "SELECT record_id, field, mine::text, theirs::text FROM sync_conflict WHERE status = 'open'").fetchall())
        log = conn.execute("SELECT seq, record_id, revision FROM change_log ORDER BY seq").fetchall()
        received = sorted(conn.execute("SELECT site_id, seq_from, seq_to FROM sync_received").fetchall())
    return {"persons": persons, "conflicts": conflicts, "log": log, "received": received}


def test_two_workers_end_where_one_worker_does_and_lose_nothing(pg_url, tmp_path):
    urls = {n: _database(pg_url, f"govlab_workers_{n}") for n in (1, 2)}
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    hq = open_services(tmp_path / "hq", urls[1])
    try:
        hq.office.init("ส่วนกลาง", "HQ", "10", "hq")
        shared = [{"n": n, "first_name_th": f"ส่วนกลาง{n}"} for n in range(SHARED)]
        for p in shared:
            p["id"] = hq.persons.create({"first_name_th": p["first_name_th"]})["id"]
        created = _offices(hq, shared, inbox)
    finally:
        hq.close()
    # the second database starts as a copy of the first (PostgreSQL's template copy)
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("DROP DATABASE govlab_workers_2")
        conn.execute("CREATE DATABASE govlab_workers_2 TEMPLATE govlab_workers_1")
    before = _state(urls[1])
    assert _state(urls[2]) == before

    packages = sorted(inbox.glob("*.govlab"))
    one = open_services(tmp_path / "hq", urls[1])
    try:
        outcomes = one.sync.import_dir(packages, workers=1)
    finally:
        one.close()
    assert all(o.error is None for o in outcomes)

    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHAINLP_READ_ONLY="1", LANG="C.UTF-8")
    done = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(tmp_path / "hq"), "--database-url",
                           urls[2], "--lang", "en", "sync", "import-dir", str(inbox), "--workers", "2"],
                          capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert f"{len(packages)} of {len(packages)} packages imported." in done.stdout

    serial, parallel = _state(urls[1]), _state(urls[2])
    # every value the same (revisions aside: a conflict whose winner arrives second is one
    # more change than one whose winner arrives first), the same conflicts (both values
    # kept, whichever is "mine"), the same ranges received
    assert [r[:3] + r[4:] for r in parallel["persons"]] == [r[:3] + r[4:] for r in serial["persons"]]
    assert _pairs(parallel["conflicts"]) == _pairs(serial["conflicts"])
    assert parallel["received"] == serial["received"]
    assert len(parallel["persons"]) == len(before["persons"]) + created
    by_id = {row[0]: row for row in parallel["persons"]}
    for p in shared:                                                # every office's edit landed
        row = by_id[uuid.UUID(p["id"])]
        values = dict(zip(FIELDS, row[4:]))
        assert all(values[f] not in (None, "") for f in FIELDS), values
        if p["n"] < 30:
            assert row[2] in ("บันทึกจากสำนักงาน 0", "บันทึกจากสำนักงาน 1")
            assert row[3] in (1 + len(FIELDS) + 1, 1 + len(FIELDS) + 2)
        else:
            assert row[3] == 1 + len(FIELDS)                          # one revision per change applied
    assert len(parallel["conflicts"]) == 30                          # the notes: both values kept
    # the change log: seqs without holes, one change per revision of a record, the chain intact
    log = parallel["log"]
    assert [r[0] for r in log] == list(range(1, len(log) + 1))
    assert max(Counter((r[1], r[2]) for r in log).values()) == 1
    engine = create_engine(urls[2])
    try:
        with engine.connect() as conn:
            checked = chain.verify(conn)
    finally:
        engine.dispose()
    assert checked["change_log"] == {"entries": len(log), "broken_seq": None}
    with psycopg.connect(urls[2].replace("postgresql+psycopg://", "postgresql://", 1)) as conn:
        # the odd note survived COPY's escaping, once per office
        assert conn.execute("SELECT count(*) FROM person WHERE notes = %s", (ODD,)).fetchone()[0] == 8


def _pairs(conflicts: list[tuple]) -> list[tuple]:
    return sorted((record, field, tuple(sorted((mine, theirs)))) for record, field, mine, theirs in conflicts)


def test_on_sqlite_import_dir_runs_one_package_at_a_time(services):
    assert not services.sync.parallel(2) and not services.sync.parallel(1)
