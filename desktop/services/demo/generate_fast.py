"""A large realistic database fast: a million generated Thai civil servants in under a
minute, for benchmarks and for trying the app at the size of a ministry.

The people are the demo's (``PeopleGenerator``: the same vocabularies, agencies, posts and
names), with the demo's enrollments in the ป.ย.ป. cohorts and attendance at the 2023
workshop and the 2017 ceremony. What differs is how they reach the database:

* people are made in chunks of ``CHUNK``, each chunk from its own ``random.Random`` seeded
  by ``(seed, chunk number)``, so chunks can be made in worker processes while this
  process writes, and the result is the same for the same seed whatever the number of
  workers;
* a chunk arrives as finished rows (tuples, ids, stamps, the change log's JSON): ids count
  up from one UUIDv7 (chunk ``k`` starts at ``base + k << 24``), stamps are hybrid-clock
  stamps reserved ahead (chunk ``k`` takes millisecond ``first + k``), so records sort in
  the order they were made and after everything already stored;
* everything goes in through the sqlite3 driver's ``executemany`` in ONE transaction:
  all of it or nothing. The search index's insert trigger on ``person`` is dropped for the
  load and created again before the commit; each chunk's people are indexed with one
  ``INSERT ... SELECT`` using the trigger's own text expression (``search_schema``).
  Foreign keys are not checked during the load (the rows are made to fit);
* national IDs are sealed as the field protector seals them (Fernet tokens, opened by
  ``FieldProtector.unseal``), a chunk at a time.

Every record is sync-ready: UUID, ``created_at``/``updated_at``, this site, the user
``demo``, revision 1, a stamp, and (by default) its ``create`` row in the change log,
which is what sync exports. ``change_log=False`` leaves the change log out: the records
then stay on this computer (sync never sends them, and a later edit of one would reach
other offices as an update of a record they never received), which suits a benchmark
database that is never synced and saves about a third of the time and of the size.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import random
import struct
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from desktop.core.clock import format_stamp, parse_stamp
from desktop.core.ids import new_id
from desktop.core.text import N_
from desktop.core.thai_order import person_sort_key
from desktop.db.chain import GENESIS, seal_tuples
from desktop.db.search_schema import SEARCHABLE, create_statements
from desktop.services.demo.generate import _COMPLETIONS, _ENROLL_ROLES, DEMO_USER, _cohort_level
from desktop.services.demo.marks import ATTENDANCE_NOTES, certificate_number, workshop_marks
from desktop.services.demo.people import PeopleGenerator, random_name, random_phone
from desktop.services.demo.refs import DemoDataError, Refs, load_refs
from desktop.services.demo.texts import GROUP_DRUGS, GROUP_EDUCATION

CHUNK = 20_000
ID_SHARE = 0.3          # people with a national ID on file, as in the demo
_CHUNK_IDS = 1 << 24    # ids per chunk (a chunk uses about 1.3 per person)
_CERTIFICATE = "\x00certificate\x00"   # filled in by the writer, in chunk order
_HASHSIZE, _LOAD_HASHSIZE = 1024 * 1024, 64 * 1024 * 1024   # FTS5's default; during the load

Progress = Callable[[int, int], None]  # (people written so far, people asked for)

PERSON_COLUMNS = (
    "id", "prefix_id", "prefix_th", "first_name_th", "last_name_th", "prefix_en", "first_name_en",
    "last_name_en", "position", "level", "agency_id", "phone", "email", "national_id_sealed",
    "national_id_digest", "national_id_tail", "photo_id", "notes", "sort_name",
    "created_at", "updated_at", "site_id", "changed_by", "revision", "stamp", "deleted_at",
)
ENROLLMENT_COLUMNS = (
    "id", "person_id", "cohort_id", "role", "group_name", "project_id", "completion", "certificate_number",
    "created_at", "updated_at", "site_id", "changed_by", "revision", "stamp", "deleted_at",
)
ATTENDANCE_COLUMNS = (
    "id", "session_id", "person_id", "status", "recorded_by", "note",
    "created_at", "updated_at", "site_id", "changed_by", "revision", "stamp", "deleted_at",
)
LOG_COLUMNS = ("kind", "record_id", "op", "base_revision", "revision", "stamp", "site_id", "changed_by",
               "changed_at", "changes", "note")
# The data fields of a person as the change log lists them (tracking.data_columns order).
_PERSON_LOGGED = PERSON_COLUMNS[1:18]


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _json(value: dict[str, Any]) -> str:
    # As the engine stores JSON (desktop.db.engine._json): Thai stays Thai, no spaces.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def check_columns() -> None:
    """The tuples below follow the tables' columns; a schema change must fail loudly here."""
    from desktop.db.models import Attendance, ChangeLog, Enrollment, Person

    for model, columns in ((Person, PERSON_COLUMNS), (Enrollment, ENROLLMENT_COLUMNS),
                           (Attendance, ATTENDANCE_COLUMNS)):
        if set(columns) != {c.name for c in model.__table__.columns}:
            raise RuntimeError(f"generate_fast: the columns of {model.__tablename__} changed")
    if set(LOG_COLUMNS) | {"seq", "entry_hash"} != {c.name for c in ChangeLog.__table__.columns}:
        raise RuntimeError("generate_fast: the columns of change_log changed")


# -- sealing national IDs in bulk ---------------------------------------------------------

def seal_many(fernet_key: bytes, digits: list[str]) -> list[str]:
    """Fernet tokens of 13-digit national IDs, as ``Fernet(key).encrypt`` makes them.

    A 13-byte ID pads to one AES block, so each token's CBC encryption is AES of
    (block XOR IV): all blocks are XORed with their random IVs at once and encrypted in one
    ECB call, which is CBC block by block. Each token still gets its own random IV, the
    current time and its HMAC, and opens with ``Fernet.decrypt``."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    if not digits:
        return []
    key = base64.urlsafe_b64decode(fernet_key)
    signing, encryption = key[:16], key[16:]
    n = len(digits)
    plain = "".join(digits).encode("ascii")
    if len(plain) != 13 * n:
        raise ValueError("national IDs must have 13 digits")
    blocks = b"".join(plain[i:i + 13] + b"\x03\x03\x03" for i in range(0, 13 * n, 13))  # PKCS7
    ivs = os.urandom(16 * n)
    mixed = (int.from_bytes(blocks, "big") ^ int.from_bytes(ivs, "big")).to_bytes(16 * n, "big")
    encryptor = Cipher(algorithms.AES(encryption), modes.ECB()).encryptor()
    cipher = encryptor.update(mixed) + encryptor.finalize()
    head = struct.pack(">BQ", 0x80, int(time.time()))
    out = []
    for i in range(0, 16 * n, 16):
        body = head + ivs[i:i + 16] + cipher[i:i + 16]
        out.append(base64.urlsafe_b64encode(body + hmac.digest(signing, body, "sha256")).decode("ascii"))
    return out


def _national_id(rng: random.Random) -> str:
    """Like ``people.national_id`` (first digit mostly 1 or 3, correct check digit), in one draw."""
    body = rng.choice("1111111333332458") + f"{rng.randrange(10 ** 11):011d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    return body + str((11 - total % 11) % 10)


# -- making one chunk (in a worker process, or here) -------------------------------------

@dataclass
class Plan:
    """Everything a worker needs to make a chunk (picklable)."""

    refs: Refs
    seed: int
    id_base: int
    first_ms: int
    now: str
    site: str
    note: str | None
    key_file: str
    cohorts: dict[int, str]                 # level -> cohort id (hex)
    projects: dict[str, str]                # group -> project id (hex)
    workshop_sessions: list[str]
    ceremony_sessions: list[str]
    area_agencies: set[str] = field(default_factory=set)
    change_log: bool = True


@dataclass
class Chunk:
    number: int
    persons: list[tuple]
    enrollments: list[tuple]
    attendance: list[tuple]
    logs: list[tuple]
    certificates: list[tuple[int, int, int]]     # (enrollment index, log index or -1, level)
    emails: list[tuple[int, int, str]]           # (person index, log index or -1, email)


def _dashed(hex_id: str) -> str:
    return str(uuid.UUID(hex_id))


def make_chunk(plan: Plan, number: int, size: int) -> Chunk:
    people = PeopleGenerator(plan.refs, f"govlab-desk generate {plan.seed} {number}")
    rng = people.rng
    next_id = plan.id_base + number * _CHUNK_IDS
    ms = plan.first_ms + number
    counter = 0
    now, site, user, log_on = plan.now, plan.site, DEMO_USER, plan.change_log
    meta_tail = (now, now, site, user, 1)
    groups = [g for g in (GROUP_EDUCATION, GROUP_DRUGS) if g in plan.projects]
    dashed = {h: _dashed(h) for h in (*plan.cohorts.values(), *plan.projects.values(),
                                      *plan.workshop_sessions, *plan.ceremony_sessions)}
    prefix_ids: dict[uuid.UUID, tuple[str, str]] = {}
    raw, enroll_raw, attend_raw = [], [], []
    digits_list: list[str] = []
    for person in range(size):
        profile = people.agencies.pick(rng)
        gender = "m" if rng.random() < 0.48 else "f"
        prefix, position, level, gender = people.post(profile, gender)
        first, last, first_en, last_en = random_name(rng, gender)
        phone = random_phone(rng) if rng.random() < 0.85 else None
        email = people.email(first_en, last_en, profile.domain) if rng.random() < 0.8 else None
        nid = None
        if rng.random() < ID_SHARE:
            nid = len(digits_list)
            digits_list.append(_national_id(rng))
        raw.append((prefix, first, last, first_en, last_en, position, level, profile, phone, email, nid))
        target = _cohort_level({"level": level, "agency_id": profile.id}, plan.area_agencies, rng)
        if target is None or target not in plan.cohorts:
            if plan.ceremony_sessions and rng.random() < 0.005:
                attend_raw.append((plan.ceremony_sessions[0], person, "present", "sign_in_sheet"))
            continue
        role = _ENROLL_ROLES.pick(rng)
        completion = _COMPLETIONS.pick(rng)
        group = rng.choice(groups) if groups else None
        enroll_raw.append((person, target, role, group, completion))
        if len(plan.workshop_sessions) >= 2:
            marks = workshop_marks(rng)
            for session, status in zip(plan.workshop_sessions[:2], marks):
                attend_raw.append((session, person, status, "online_log" if status == "online" else "sign_in_sheet"))

    sealed = seal_many(Path(plan.key_file).read_bytes().strip(), digits_list)
    from desktop.db.protect import FieldProtector

    protector = FieldProtector(Path(plan.key_file))
    chunk = Chunk(number, [], [], [], [], [], [])
    person_ids: list[tuple[str, str]] = []
    for (prefix, first, last, first_en, last_en, position, level, profile, phone, email, nid) in raw:
        hex_id = f"{next_id:032x}"
        next_id += 1
        stamp = format_stamp(ms, counter)
        counter += 1
        if prefix.id not in prefix_ids:
            prefix_ids[prefix.id] = (prefix.id.hex, str(prefix.id))
        prefix_hex, prefix_dashed = prefix_ids[prefix.id]
        if nid is not None:
            digits = digits_list[nid]
            seal, digest, tail = sealed[nid], protector.digest(digits), digits[-4:]
        else:
            seal = digest = tail = None
        values = (prefix_hex, prefix.th, first, last, prefix.en, first_en.capitalize(), last_en.capitalize(),
                  position, level, profile.id.hex, phone, email, seal, digest, tail, None, None)
        chunk.persons.append((hex_id, *values, person_sort_key(first, last), *meta_tail, stamp, None))
        log_index = -1
        if log_on:
            changes = dict(zip(_PERSON_LOGGED, values))
            changes["prefix_id"], changes["agency_id"] = prefix_dashed, str(profile.id)
            log_index = len(chunk.logs)
            chunk.logs.append(("person", hex_id, "create", 0, 1, stamp, site, user, now,
                               _json({k: v for k, v in changes.items() if v is not None}), plan.note))
        if email is not None:
            chunk.emails.append((len(chunk.persons) - 1, log_index, email))
        person_ids.append((hex_id, str(uuid.UUID(hex_id))))
    for person, target, role, group, completion in enroll_raw:
        hex_id = f"{next_id:032x}"
        next_id += 1
        stamp = format_stamp(ms, counter)
        counter += 1
        cohort = plan.cohorts[target]
        project = plan.projects.get(group) if group else None
        certificate = _CERTIFICATE if completion == "completed" else None
        chunk.enrollments.append((hex_id, person_ids[person][0], cohort, role, group, project, completion,
                                  certificate, *meta_tail, stamp, None))
        log_index = -1
        if log_on:
            changes = {"person_id": person_ids[person][1], "cohort_id": dashed[cohort], "role": role,
                       "group_name": group, "project_id": dashed[project] if project else None,
                       "completion": completion, "certificate_number": certificate}
            log_index = len(chunk.logs)
            chunk.logs.append(("enrollment", hex_id, "create", 0, 1, stamp, site, user, now,
                               _json({k: v for k, v in changes.items() if v is not None}), plan.note))
        if certificate is not None:
            chunk.certificates.append((len(chunk.enrollments) - 1, log_index, target))
    for session, person, status, recorded_by in attend_raw:
        hex_id = f"{next_id:032x}"
        next_id += 1
        stamp = format_stamp(ms, counter)
        counter += 1
        note = ATTENDANCE_NOTES.get(status)
        chunk.attendance.append((hex_id, session, person_ids[person][0], status, recorded_by, note,
                                 *meta_tail, stamp, None))
        if log_on:
            changes = {"session_id": dashed[session], "person_id": person_ids[person][1], "status": status,
                       "recorded_by": recorded_by, "note": note}
            chunk.logs.append(("attendance", hex_id, "create", 0, 1, stamp, site, user, now,
                               _json({k: v for k, v in changes.items() if v is not None}), plan.note))
    if next_id - (plan.id_base + number * _CHUNK_IDS) > _CHUNK_IDS or counter > 999_999:
        raise RuntimeError("generate_fast: chunk too large")
    return chunk


# -- writing -------------------------------------------------------------------------------

def _chunks(plan: Plan, persons: int, workers: int) -> Iterator[Chunk]:
    sizes = [min(CHUNK, persons - start) for start in range(0, persons, CHUNK)]
    if workers <= 0 or len(sizes) < 2:
        for number, size in enumerate(sizes):
            yield make_chunk(plan, number, size)
        return
    import multiprocessing

    # spawn everywhere: the same on Windows, and no fork of a process holding SQLite handles
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: list[Future] = []
        queued = 0
        while queued < len(sizes) and len(pending) < workers + 1:
            pending.append(pool.submit(make_chunk, plan, queued, sizes[queued]))
            queued += 1
        while pending:
            chunk = pending.pop(0).result()
            if queued < len(sizes):
                pending.append(pool.submit(make_chunk, plan, queued, sizes[queued]))
                queued += 1
            yield chunk


def default_workers() -> int:
    return max(0, min(3, (os.cpu_count() or 1) - 1))


def generate_fast(services: Any, persons: int, seed: int = 2566, *, change_log: bool = True,
                  workers: int | None = None, progress: Progress | None = None) -> dict[str, int]:
    """Add ``persons`` generated people (with their enrollments and attendance) in one
    transaction, after the demo's fixed records (created first if missing). Returns the
    records created, by kind."""
    from desktop.services.demo import load_demo
    from desktop.services.demo.anchors import find_anchors

    from desktop.services.access import WRITE, require

    require(services.actor, WRITE)      # this path writes past ActorDatabase.write()
    if persons < 0:
        raise DemoDataError(N_("Must be at least {minimum}."), minimum=0)
    services.office.require()
    db = services.db
    if not db.is_sqlite:
        raise DemoDataError(N_("Fast generation needs the data folder's SQLite database."))
    check_columns()
    counts = load_demo(services, persons=0)
    if not persons:
        return counts
    refs = load_refs(services)
    anchors = find_anchors(services, refs)
    if anchors is None:  # load_demo has just made them
        raise DemoDataError(N_("The demo records generated people attach to are missing."))
    certificates = {level: services.enrollments.list(filters={"cohort_id": cohort}, limit=0).total
                    for level, cohort in anchors.cohorts.items()}
    clock = db.clock
    last_ms, _ = parse_stamp(clock.tick())
    first_ms = max(time.time_ns() // 1_000_000, last_ms + 1)
    now = datetime.now(timezone.utc).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    plan = Plan(
        refs=refs, seed=seed, id_base=new_id().int & ~((1 << 40) - 1), first_ms=first_ms, now=now,
        site=db.site_id().hex, note="demo", key_file=str(db.protector.key_file),
        cohorts={level: c.hex for level, c in anchors.cohorts.items()},
        projects={g: p.hex for g, p in anchors.projects.items()},
        workshop_sessions=[s.hex for s in anchors.workshop_sessions],
        ceremony_sessions=[s.hex for s in anchors.ceremony_sessions],
        area_agencies={str(a["id"]) for a in refs.agency_list
                       if a.get("kind") in ("provincial", "district", "local_government")},
        change_log=change_log,
    )
    if workers is None:
        workers = default_workers() if persons > 2 * CHUNK else 0
    with db._write_lock:  # one writer at a time, as Database.write() keeps it
        made, last_stamp = _write(db, plan, persons, workers, certificates, progress)
    clock.observe(last_stamp)
    for kind, n in made.items():
        counts[kind] = counts.get(kind, 0) + n
    return counts


def _write(db: Any, plan: Plan, persons: int, workers: int, certificates: dict[int, int],
           progress: Progress | None) -> tuple[dict[str, int], str]:
    table, body = SEARCHABLE["person"]
    row_body = body.replace("NEW.", f"{table}.")
    trigger = next(s for s in create_statements() if s.startswith(f"CREATE TRIGGER search_{table}_insert "))
    index_sql = (f"INSERT INTO search_text(rowid, body) SELECT d.rowid, {row_body} FROM search_doc d "
                 f"JOIN {table} ON {table}.id = d.record_id WHERE d.rowid > ?")
    sql = {"person": _insert_sql("person", PERSON_COLUMNS),
           "enrollment": _insert_sql("enrollment", ENROLLMENT_COLUMNS),
           "attendance": _insert_sql("attendance", ATTENDANCE_COLUMNS),
           "log": _insert_sql("change_log", ("seq", *LOG_COLUMNS, "entry_hash"))}
    made = {"person": 0, "enrollment": 0, "attendance": 0}
    emails: set[str] = set()
    last_stamp = ""
    db.engine.dispose()   # no other connection open: the journal mode can change
    raw = db.engine.raw_connection()
    try:
        con = raw.driver_connection
        cur = con.cursor()
        cur.execute("PRAGMA foreign_keys = OFF")   # no effect inside a transaction: set before BEGIN
        cur.execute("PRAGMA cache_size = -262144")  # 256 MB for the load's index pages
        # A rollback journal for the load: the new pages are written once (a WAL would take
        # them all and then copy them into the file). Back to WAL after the commit.
        journal = cur.execute("PRAGMA journal_mode").fetchone()[0]
        if journal == "wal":
            cur.execute("PRAGMA journal_mode = DELETE")
        emails.update(e for (e,) in cur.execute("SELECT email FROM person WHERE email IS NOT NULL"))
        cur.execute("BEGIN IMMEDIATE")
        try:
            last = cur.execute("SELECT seq, entry_hash FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()
            chain_tail = (last[0], last[1] or GENESIS) if last else (0, GENESIS)
            cur.execute(f"DROP TRIGGER IF EXISTS search_{table}_insert")
            # Bigger in-memory index batches for the load (fewer segments to merge)
            cur.execute("INSERT INTO search_text(search_text, rank) VALUES ('hashsize', ?)", (_LOAD_HASHSIZE,))
            # Secondary indexes are built again at the end, from sorted data.
            indexes = cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                  "AND tbl_name IN ('person', 'change_log')").fetchall()
            for name, _sql in indexes:
                cur.execute(f'DROP INDEX "{name}"')
            for chunk in _chunks(plan, persons, workers):
                _fix_up(chunk, certificates, emails)
                cur.executemany(sql["person"], chunk.persons)
                start = cur.execute("SELECT coalesce(max(rowid), 0) FROM search_doc").fetchone()[0]
                cur.executemany("INSERT INTO search_doc(kind, record_id) VALUES ('person', ?)",
                                [(p[0],) for p in chunk.persons])
                cur.execute(index_sql, (start,))
                cur.executemany(sql["enrollment"], chunk.enrollments)
                cur.executemany(sql["attendance"], chunk.attendance)
                logs, chain_tail = seal_tuples(chain_tail, chunk.logs)   # chained in order, in Python
                cur.executemany(sql["log"], logs)
                made["person"] += len(chunk.persons)
                made["enrollment"] += len(chunk.enrollments)
                made["attendance"] += len(chunk.attendance)
                for rows in (chunk.attendance, chunk.enrollments, chunk.persons):
                    if rows:
                        last_stamp = max(last_stamp, rows[-1][-2])
                if progress is not None:
                    progress(made["person"], persons)
            for _name, index in indexes:
                cur.execute(index)
            cur.execute("INSERT INTO search_text(search_text, rank) VALUES ('hashsize', ?)", (_HASHSIZE,))
            cur.execute(trigger)
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        finally:
            cur.execute("PRAGMA foreign_keys = ON")
            if journal == "wal":
                cur.execute("PRAGMA journal_mode = WAL")
            cur.close()
    finally:
        raw.close()
    return made, last_stamp


def _fix_up(chunk: Chunk, certificates: dict[int, int], emails: set[str]) -> None:
    """What only the writer knows, in chunk order: certificate numbers that run on from
    those already issued, and e-mail addresses unique across chunks."""
    for index, log_index, level in chunk.certificates:
        certificates[level] = certificates.get(level, 0) + 1
        number = certificate_number(level, certificates[level])
        row = chunk.enrollments[index]
        chunk.enrollments[index] = (*row[:7], number, *row[8:])
        if log_index >= 0:
            log = chunk.logs[log_index]
            chunk.logs[log_index] = (*log[:9], log[9].replace(_CERTIFICATE, number), log[10])
    for index, log_index, email in chunk.emails:
        if email not in emails:
            emails.add(email)
            continue
        local, _, domain = email.partition("@")
        n = 2
        while f"{local}{n}@{domain}" in emails:
            n += 1
        fresh = f"{local}{n}@{domain}"
        emails.add(fresh)
        row = chunk.persons[index]
        chunk.persons[index] = (*row[:12], fresh, *row[13:])
        if log_index >= 0:
            log = chunk.logs[log_index]
            chunk.logs[log_index] = (*log[:9], log[9].replace(json.dumps(email), json.dumps(fresh)), log[10])
