"""A large realistic database fast: a million generated Thai civil servants in under a
minute, for benchmarks and for trying the app at the size of a ministry.

The people are the demo's (``PeopleGenerator``: the same vocabularies, agencies, posts and
names), with the demo's enrollments in the ป.ย.ป. cohorts and attendance at the 2023
workshop and the 2017 ceremony. What differs is how they reach the database:

* everyone's gender and given name are decided first, from one ``random.Random`` of the
  seed (``name_chunks``), and the people are made in chunks of about ``CHUNK`` that
  follow each other in list order (a chunk has all the people of some given names);
  a police or military rank then comes in the person's gender. The rest of each chunk
  comes from its own ``random.Random`` seeded by ``(seed, chunk number)``, so chunks are
  made in worker processes while this process writes, and the result is the same for
  the same seed whatever the number of workers;
* a chunk arrives as finished rows in an SQLite database image (``Chunk``): ids count up
  from one UUIDv7 (chunk ``k`` starts at ``base + k << 24``, the people in list order),
  stamps are hybrid-clock stamps reserved ahead (chunk ``k`` takes millisecond
  ``first + k``), so records sort after everything already stored. The writer puts the
  image beside the database and copies it with INSERT ... SELECT: no Python objects for
  a million rows on either side of the pipe;
* everything goes in in ONE transaction: all of it or nothing (a rollback journal for the
  load, WAL again after it; no waiting for the disk until then, so a power cut during
  the load can damage the file). Foreign keys are not checked during the load (the rows
  are made to fit); the person table's and the change log's secondary indexes are
  dropped for the load and built once at the end, sorting on two threads;
* the search index is made anew during the load, in list order (``_SearchIndex``): each
  chunk's people, with the people already there merged in where they belong, are
  numbered after the previous chunk's, their text (the triggers' own expression,
  ``search_schema.SEARCHABLE``) indexed a few hundred thousand rows at a time without
  merging, then the other searchable kinds; each kind one range (``search_block``). What
  ``search_schema.reorder_statements`` leaves, without sorting or indexing anything twice;
* the change log is chained (``desktop.db.chain``) by this process as the rows go in:
  each entry's canonical text is the one ``chain.seal_tuples`` hashes, written out with
  the parts every generated entry shares quoted once (``doctor`` checks the chain); a
  person's changes are written as ``json.dumps`` would, without building a dict;
* certificate numbers (running on from those issued) and e-mail addresses (unique across
  chunks) are settled by the writer, in chunk order, in the image before it is copied;
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
import sqlite3
import struct
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from hashlib import sha256
from json.encoder import encode_basestring as _quote   # a JSON string, as json.dumps writes it
from operator import mul
from pathlib import Path
from typing import Any

from desktop.core.clock import format_stamp, parse_stamp
from desktop.core.ids import new_id
from desktop.core.text import N_
from desktop.core.thai_order import person_sort_key, sort_key
from desktop.db.chain import GENESIS, _hex, _item, _when
from desktop.db.search_schema import SEARCHABLE, create_statements
from desktop.services.demo.generate import _COMPLETIONS, _ENROLL_ROLES, DEMO_USER, _cohort_level
from desktop.services.demo.marks import ATTENDANCE_NOTES, certificate_number, workshop_marks
from desktop.services.demo.people import PeopleGenerator, random_phone, random_surname
from desktop.services.demo.vocabulary import FEMALE_NAMES, MALE_NAMES
from desktop.services.demo.refs import DemoDataError, Refs, load_refs
from desktop.services.demo.texts import GROUP_DRUGS, GROUP_EDUCATION

CHUNK = 20_000
ID_SHARE = 0.3          # people with a national ID on file, as in the demo
_ID_WEIGHTS = tuple(range(13, 1, -1))   # a national ID's check digit: weights 13 ... 2 of digits 1-12
_CHUNK_IDS = 1 << 24    # ids per chunk (a chunk uses about 1.3 per person)
_CERTIFICATE = "\x00certificate\x00"   # filled in by the writer, in chunk order
_HASHSIZE, _LOAD_HASHSIZE = 1024 * 1024, 64 * 1024 * 1024   # FTS5's default; while the index is built
_AUTOMERGE = 4          # FTS5's default
_TIE = "\x01"          # thai_order.sort_key: primary key, this, then the folded text
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

Progress = Callable[[int, int], None]  # (people written so far, people asked for)

# The columns a generated row carries, in its tuple's order; the other columns of each
# table are the same for every generated row (written into the INSERT, see _fixed).
PERSON_COLUMNS = (
    "id", "prefix_id", "prefix_th", "first_name_th", "last_name_th", "prefix_en", "first_name_en",
    "last_name_en", "position", "level", "agency_id", "phone", "email", "national_id_sealed",
    "national_id_digest", "national_id_tail", "sort_name", "stamp",
)
ENROLLMENT_COLUMNS = (
    "id", "person_id", "cohort_id", "role", "group_name", "project_id", "completion", "certificate_number", "stamp",
)
ATTENDANCE_COLUMNS = ("id", "session_id", "person_id", "status", "recorded_by", "note", "stamp")
LOG_COLUMNS = ("seq", "kind", "record_id", "stamp", "changes", "entry_hash")
_EMAIL, _CERTIFICATE_COLUMN = PERSON_COLUMNS.index("email"), ENROLLMENT_COLUMNS.index("certificate_number")
# The data fields of a person as the change log lists them (tracking.data_columns order).
_PERSON_LOGGED = (*PERSON_COLUMNS[1:16], "photo_id", "notes")


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(int(value))
    return "'" + str(value).replace("'", "''") + "'"


def _fixed(plan: Plan) -> dict[str, dict[str, Any]]:
    """The columns every generated row of a table shares, with their values."""
    record = {"created_at": plan.now, "updated_at": plan.now, "site_id": plan.site, "changed_by": DEMO_USER,
              "revision": 1, "deleted_at": None}
    return {"person": {**record, "photo_id": None, "notes": None}, "enrollment": record, "attendance": record,
            "change_log": {"op": "create", "base_revision": 0, "revision": 1, "site_id": plan.site,
                           "changed_by": DEMO_USER, "changed_at": plan.now, "note": plan.note}}


def _insert_sql(table: str, columns: tuple[str, ...], fixed: dict[str, Any]) -> str:
    """An INSERT binding ``columns`` (fewer values for the driver to convert) with the
    shared ones written in."""
    names = ", ".join((*columns, *fixed))
    values = ", ".join(("?",) * len(columns) + tuple(_literal(v) for v in fixed.values()))
    return f"INSERT INTO {table} ({names}) VALUES ({values})"


def _json(value: dict[str, Any]) -> str:
    # As the engine stores JSON (desktop.db.engine._json): Thai stays Thai, no spaces.
    return _ENCODE(value)


@lru_cache(maxsize=65_536)
def _word_key(word: str) -> tuple[str, str]:
    primary, _, folded = sort_key(word).partition(_TIE)
    return primary, folded


def _person_key(first: str, last: str) -> str:
    """``person_sort_key(first, last)``, from each name's key (names repeat, so each is
    worked out once): the key's rules never reach across the space between the names."""
    if not first or not last or first != first.strip() or last != last.strip():
        return person_sort_key(first, last)
    first_primary, first_folded = _word_key(first)
    last_primary, last_folded = _word_key(last)
    return f"{first_primary} {last_primary}{_TIE}{first_folded} {last_folded}"


def check_columns() -> None:
    """The tuples below follow the tables' columns; a schema change must fail loudly here."""
    from desktop.db.models import Attendance, ChangeLog, Enrollment, Person

    fixed = _fixed(Plan(refs=None, seed=0, id_base=0, first_ms=0, now="", site="", note=None, key_file="",
                        cohorts={}, projects={}, workshop_sessions=[], ceremony_sessions=[]))
    for model, columns in ((Person, PERSON_COLUMNS), (Enrollment, ENROLLMENT_COLUMNS),
                           (Attendance, ATTENDANCE_COLUMNS), (ChangeLog, LOG_COLUMNS)):
        table = model.__tablename__
        if sorted((*columns, *fixed[table])) != sorted(c.name for c in model.__table__.columns):
            raise RuntimeError(f"generate_fast: the columns of {table} changed")


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
    total = sum(map(mul, map(int, body), _ID_WEIGHTS))
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
class Rows:
    """A chunk as it is made."""

    persons: list[tuple] = field(default_factory=list)        # PERSON_COLUMNS
    enrollments: list[tuple] = field(default_factory=list)    # ENROLLMENT_COLUMNS
    attendance: list[tuple] = field(default_factory=list)     # ATTENDANCE_COLUMNS
    # (kind, record id, stamp, changes): creates by the demo user at the plan's time; a
    # person's comes at the person's place (people first)
    logs: list[tuple[str, str, str, str]] = field(default_factory=list)
    certificates: list[tuple[int, int, int]] = field(default_factory=list)  # (enrollment no., log no. or 0, level)


@dataclass
class Chunk:
    """A chunk as it travels to the writer: its rows in an SQLite database image (tables
    person, enrollment, attendance and log, row numbers from 1 in the order made; an
    empty table hash for the writer), which the writer copies with INSERT ... SELECT:
    no Python objects for a million rows on either side."""

    number: int
    data: bytes
    counts: dict[str, int]
    last_stamp: str
    certificates: list[tuple[int, int, int]]     # (enrollment rowid, log rowid or 0, level)


_CHUNK_LOG = ("kind", "record_id", "stamp", "changes")


def _pack(number: int, rows: Rows) -> Chunk:
    memory = sqlite3.connect(":memory:")
    tables = (("person", PERSON_COLUMNS, rows.persons), ("enrollment", ENROLLMENT_COLUMNS, rows.enrollments),
              ("attendance", ATTENDANCE_COLUMNS, rows.attendance), ("log", _CHUNK_LOG, rows.logs), ("hash", ("h",), ()))
    try:
        # Every table first: the same root pages and schema in every chunk's image, so the
        # writer's prepared statements stay right when the next image replaces this one
        # (its schema cookie does not change).
        for name, columns, _data in tables:
            memory.execute(f"CREATE TABLE {name} ({', '.join(columns)})")
        for name, columns, data in tables:
            memory.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(columns))})", data)
        memory.commit()
        data = memory.serialize()
    finally:
        memory.close()
    stamps = [r[-1][-1] for r in (rows.persons, rows.enrollments, rows.attendance) if r]
    return Chunk(number, data, {"person": len(rows.persons), "enrollment": len(rows.enrollments),
                                "attendance": len(rows.attendance), "log": len(rows.logs)},
                 max(stamps, default=""), rows.certificates)


def _dashed(hex_id: str) -> str:
    """``str(uuid.UUID(hex_id))`` for 32 lower-case hex digits."""
    return f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-{hex_id[16:20]}-{hex_id[20:]}"


# (gender, Thai given name, romanised, how many people): a chunk's people by given name
Names = list[tuple[str, str, str, int]]


def name_chunks(seed: int, persons: int) -> list[tuple[str, Names]]:
    """Everyone's gender and given name, decided first (one ``random.Random`` for the
    seed), and the people grouped into chunks of about ``CHUNK`` that follow each other
    in list order: a chunk has every person of some given names (of the same key in
    Thai order), the chunks in that order. Each chunk comes with the lowest sort name it
    can hold ("" for the first). So the writer can number the search index's rows in
    list order chunk by chunk, as they come, instead of sorting them all at the end."""
    rng = random.Random(f"govlab-desk generate {seed} names")
    names = [("m", th, en) for th, en in MALE_NAMES] + [("f", th, en) for th, en in FEMALE_NAMES]
    weights = [0.48 / len(MALE_NAMES)] * len(MALE_NAMES) + [0.52 / len(FEMALE_NAMES)] * len(FEMALE_NAMES)
    counts = Counter(rng.choices(range(len(names)), weights=weights, k=persons))
    groups: dict[str, Names] = {}
    for index in sorted(counts):
        gender, th, en = names[index]
        groups.setdefault(_word_key(th)[0], []).append((gender, th, en, counts[index]))
    chunks: list[tuple[str, Names]] = []
    low, current, size = "", [], 0
    for key in sorted(groups, key=lambda k: k + " "):     # a sort name begins with the key and a space
        if current and size >= CHUNK:
            chunks.append((low, current))
            low, current, size = key + " ", [], 0
        current += groups[key]
        size += sum(n for *_, n in groups[key])
    if current:
        chunks.append((low, current))
    return chunks


def make_chunk(plan: Plan, number: int, names: Names) -> Chunk:
    """The rows of chunk ``number``: the people of ``names`` (name_chunks), their
    enrollments and attendance, the people in list order (sort name, then id)."""
    people = PeopleGenerator(plan.refs, f"govlab-desk generate {plan.seed} {number}")
    rng = people.rng
    next_id = plan.id_base + number * _CHUNK_IDS
    ms = plan.first_ms + number
    counter = 0
    log_on = plan.change_log
    groups = [g for g in (GROUP_EDUCATION, GROUP_DRUGS) if g in plan.projects]
    dashed = {h: _dashed(h) for h in (*plan.cohorts.values(), *plan.projects.values(),
                                      *plan.workshop_sessions, *plan.ceremony_sessions)}
    prefix_ids: dict[uuid.UUID, tuple[str, str]] = {}
    agency_ids: dict[uuid.UUID, tuple[str, str]] = {}     # id -> (hex, dashed)
    raw, enroll_raw, attend_raw, keys = [], [], [], []
    digits_list: list[str] = []
    given = ((gender, first, first_en) for gender, first, first_en, n in names for _ in range(n))
    for person, (gender, first, first_en) in enumerate(given):
        profile = people.agencies.pick(rng)
        prefix, position, level, gender = people.post(profile, gender, keep_gender=True)
        last, last_en = random_surname(rng)
        keys.append(_person_key(first, last))
        phone = random_phone(rng) if rng.random() < 0.85 else None
        email = people.email(first_en, last_en, profile.domain) if rng.random() < 0.8 else None
        nid = None
        if rng.random() < ID_SHARE:
            nid = len(digits_list)
            digits_list.append(_national_id(rng))
        raw.append((prefix, first, last, first_en, last_en, position, level, profile, phone, email, nid))
        agency = agency_ids.get(profile.id)
        if agency is None:
            agency = agency_ids[profile.id] = (profile.id.hex, str(profile.id))
        target = _cohort_level({"level": level, "agency_id": agency[1]}, plan.area_agencies, rng)
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
    chunk = Rows()
    person_ids: list[tuple[str, str]] = [("", "")] * len(raw)    # (hex, dashed) by the order made
    for made in sorted(range(len(raw)), key=keys.__getitem__):   # ids and stamps in list order
        prefix, first, last, first_en, last_en, position, level, profile, phone, email, nid = raw[made]
        hex_id = f"{next_id:032x}"
        next_id += 1
        stamp = format_stamp(ms, counter)
        counter += 1
        if prefix.id not in prefix_ids:
            # (hex, the log's text up to first_name_th, its prefix_en part)
            prefix_ids[prefix.id] = (prefix.id.hex, f'{{"prefix_id":"{prefix.id}","prefix_th":{_quote(prefix.th)}',
                                     "" if prefix.en is None else f',"prefix_en":{_quote(prefix.en)}')
        prefix_hex, prefix_head, prefix_en = prefix_ids[prefix.id]
        if nid is not None:
            digits = digits_list[nid]
            seal, digest, tail = sealed[nid], protector.digest(digits), digits[-4:]
        else:
            seal = digest = tail = None
        agency_hex, agency_dashed = agency_ids[profile.id]
        values = (prefix_hex, prefix.th, first, last, prefix.en, first_en.capitalize(), last_en.capitalize(),
                  position, level, agency_hex, phone, email, seal, digest, tail)
        chunk.persons.append((hex_id, *values, keys[made], stamp))
        if log_on:   # _json of the values that are not None, keys in column order, written out
            first_en, last_en = values[5], values[6]
            chunk.logs.append(("person", hex_id, stamp, "".join((
                prefix_head, ',"first_name_th":', _quote(first), ',"last_name_th":', _quote(last), prefix_en,
                ',"first_name_en":', _quote(first_en), ',"last_name_en":', _quote(last_en),
                ',"position":', _quote(position), "" if level is None else f',"level":{_quote(level)}',
                f',"agency_id":"{agency_dashed}"', "" if phone is None else f',"phone":{_quote(phone)}',
                "" if email is None else f',"email":{_quote(email)}',
                "" if seal is None else f',"national_id_sealed":"{seal}","national_id_digest":"{digest}"'
                                        f',"national_id_tail":"{tail}"', "}"))))
        person_ids[made] = (hex_id, _dashed(hex_id))
    for person, target, role, group, completion in enroll_raw:
        hex_id = f"{next_id:032x}"
        next_id += 1
        stamp = format_stamp(ms, counter)
        counter += 1
        cohort = plan.cohorts[target]
        project = plan.projects.get(group) if group else None
        certificate = _CERTIFICATE if completion == "completed" else None
        chunk.enrollments.append((hex_id, person_ids[person][0], cohort, role, group, project, completion,
                                  certificate, stamp))
        log_index = 0
        if log_on:
            changes = {"person_id": person_ids[person][1], "cohort_id": dashed[cohort], "role": role,
                       "group_name": group, "project_id": dashed[project] if project else None,
                       "completion": completion, "certificate_number": certificate}
            log_index = len(chunk.logs) + 1
            chunk.logs.append(("enrollment", hex_id, stamp, _json({k: v for k, v in changes.items() if v is not None})))
        if certificate is not None:
            chunk.certificates.append((len(chunk.enrollments), log_index, target))
    for session, person, status, recorded_by in attend_raw:
        hex_id = f"{next_id:032x}"
        next_id += 1
        stamp = format_stamp(ms, counter)
        counter += 1
        note = ATTENDANCE_NOTES.get(status)
        chunk.attendance.append((hex_id, session, person_ids[person][0], status, recorded_by, note,
                                 stamp))
        if log_on:
            changes = {"session_id": dashed[session], "person_id": person_ids[person][1], "status": status,
                       "recorded_by": recorded_by, "note": note}
            chunk.logs.append(("attendance", hex_id, stamp, _json({k: v for k, v in changes.items() if v is not None})))
    if next_id - (plan.id_base + number * _CHUNK_IDS) > _CHUNK_IDS or counter > 999_999:
        raise RuntimeError("generate_fast: chunk too large")
    return _pack(number, chunk)


# -- writing -------------------------------------------------------------------------------

def _chunks(plan: Plan, sizes: list[Names], workers: int) -> Iterator[Chunk]:
    """The chunks in order, made here or by ``workers`` processes."""
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
    """Processes making chunks beside this one, which writes: as many as there are
    processors (at most 3): the writing is lighter than the making, and a processor the
    writer leaves idle is taken by a worker. One processor: none."""
    cpus = os.cpu_count() or 1
    return 0 if cpus < 2 else min(3, cpus)


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
        made, last_stamp = _write(db, plan, name_chunks(seed, persons), workers, certificates, progress)
    clock.observe(last_stamp)
    for kind, n in made.items():
        counts[kind] = counts.get(kind, 0) + n
    return counts


def _write(db: Any, plan: Plan, chunks: list[tuple[str, Names]], workers: int, certificates: dict[int, int],
           progress: Progress | None) -> tuple[dict[str, int], str]:
    persons = sum(n for _low, names in chunks for *_, n in names)
    table = SEARCHABLE["person"][0]
    trigger = next(s for s in create_statements() if s.startswith(f"CREATE TRIGGER search_{table}_insert "))
    fixed = _fixed(plan)
    copy = {name: (f"INSERT INTO {name} ({', '.join((*columns, *fixed[name]))}) SELECT {', '.join(columns)}, "
                   f"{', '.join(_literal(v) for v in fixed[name].values())} FROM chunk.{name} ORDER BY rowid")
            for name, columns in (("person", PERSON_COLUMNS), ("enrollment", ENROLLMENT_COLUMNS),
                                  ("attendance", ATTENDANCE_COLUMNS))}
    copy["log"] = (f"INSERT INTO change_log ({', '.join((*LOG_COLUMNS, *fixed['change_log']))}) "
                   f"SELECT ? + l.rowid, l.kind, l.record_id, l.stamp, l.changes, h.h, "
                   f"{', '.join(_literal(v) for v in fixed['change_log'].values())} "
                   f"FROM chunk.log AS l JOIN chunk.hash AS h ON h.rowid = l.rowid ORDER BY l.rowid")
    made = {"person": 0, "enrollment": 0, "attendance": 0}
    emails: set[str] = set()
    suffixes: dict[str, int] = {}
    last_stamp = ""
    db.engine.dispose()   # no other connection open: the journal mode can change
    raw = db.engine.raw_connection()
    try:
        con = raw.driver_connection
        cur = con.cursor()
        cur.execute("PRAGMA foreign_keys = OFF")   # no effect inside a transaction: set before BEGIN
        cur.execute("PRAGMA cache_size = -262144")  # 256 MB for the load's index pages
        cur.execute("PRAGMA temp.cache_size = -65536")
        cur.execute("PRAGMA threads = 2")           # the final sorts (the indexes) on two cores
        # No waiting for the disk during the load: the rollback journal still undoes it all
        # if the program stops, but a power cut before the system has written the new pages
        # out can damage the file (generated data: a new folder is quickly made again).
        synchronous = cur.execute("PRAGMA synchronous").fetchone()[0]
        cur.execute("PRAGMA synchronous = OFF")
        # A rollback journal for the load: the new pages are written once (a WAL would take
        # them all and then copy them into the file). Back to WAL after the commit.
        journal = cur.execute("PRAGMA journal_mode").fetchone()[0]
        if journal == "wal":
            cur.execute("PRAGMA journal_mode = DELETE")
        emails.update(e for (e,) in cur.execute("SELECT email FROM person WHERE email IS NOT NULL"))
        cur.execute("ATTACH ':memory:' AS chunk")   # each chunk's rows are put here (not possible within BEGIN)
        cur.execute("BEGIN IMMEDIATE")
        try:
            last = cur.execute("SELECT seq, entry_hash FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()
            chain_tail = (last[0], last[1] or GENESIS) if last else (0, GENESIS)
            cur.execute(f"DROP TRIGGER IF EXISTS search_{table}_insert")
            index = _SearchIndex(cur)
            # Secondary indexes are built again at the end, from sorted data.
            indexes = cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                  "AND tbl_name IN ('person', 'change_log')").fetchall()
            for name, _sql in indexes:
                cur.execute(f'DROP INDEX "{name}"')
            highs = [low for low, _names in chunks[1:]] + [None]
            for chunk, high in zip(_chunks(plan, [names for _low, names in chunks], workers), highs):
                con.deserialize(chunk.data, name="chunk")
                _fix_up(cur, chunk, certificates, emails, suffixes)
                cur.execute(copy["person"])
                cur.execute(copy["enrollment"])
                cur.execute(copy["attendance"])
                if chunk.counts["log"]:
                    entries = cur.execute("SELECT kind, record_id, stamp, changes FROM chunk.log ORDER BY rowid")
                    first = chain_tail[0]
                    hashes, chain_tail = _seal(chain_tail, entries, plan)   # chained in order, here
                    cur.executemany("INSERT INTO chunk.hash(rowid, h) VALUES (?, ?)", enumerate(hashes, 1))
                    cur.execute(copy["log"], (first,))
                index.people(high)
                for kind in made:
                    made[kind] += chunk.counts[kind]
                last_stamp = max(last_stamp, chunk.last_stamp)
                if progress is not None:
                    progress(made["person"], persons)
            index.finish()
            for _name, sql in indexes:
                cur.execute(sql)
            cur.execute(trigger)
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        finally:
            cur.execute("DETACH DATABASE chunk")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute(f"PRAGMA synchronous = {int(synchronous)}")
            if journal == "wal":
                cur.execute("PRAGMA journal_mode = WAL")
            cur.close()
    finally:
        raw.invalidate()   # closed, not pooled: its temporary tables go with it
        raw.close()
    return made, last_stamp


class _SearchIndex:
    """The search index made anew during the load, in list order: every record of every
    searchable kind numbered in its list order (sort name, id), each kind in one range
    (kept in ``search_block`` when the schema has it), and its text indexed in that
    order, as it comes: what ``search_schema.reorder_statements`` leaves. The people come
    first, a chunk at a time (the chunks follow each other in list order, name_chunks),
    with the people who were there before merged in where they belong; the other kinds
    after them. The text is what the triggers write (``search_schema.SEARCHABLE``)."""

    # Text indexed this many rows at a time: FTS5 writes out what it holds at each
    # statement, so a statement per chunk would leave a segment per chunk to merge.
    BATCH = 250_000

    def __init__(self, cur: Any) -> None:
        self.cur = cur
        self.base = self.queued = 0     # rows numbered before search_next's first; rows in it
        self.blocks = cur.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                  "AND name = 'search_block'").fetchone() is not None
        table, body = SEARCHABLE["person"]
        self.text = {kind: body.replace("NEW.", f"{table}.") for kind, (table, body) in SEARCHABLE.items()}
        # the people there before, and their places: merged into the chunks' ranges
        cur.execute(f"CREATE TEMP TABLE earlier AS SELECT id AS record_id, sort_name, {self.text['person']} AS body "
                    f"FROM {table}")
        cur.execute("CREATE INDEX temp.earlier_sort ON earlier (sort_name)")
        cur.execute("CREATE TEMP TABLE search_next (n INTEGER PRIMARY KEY, kind TEXT, record_id TEXT, body TEXT)")
        cur.execute("DELETE FROM search_doc")
        cur.execute("DROP TABLE search_text")
        cur.execute(next(s for s in create_statements() if s.startswith("CREATE VIRTUAL TABLE search_text")))
        # Bigger in-memory batches, and no merging while loading: a million people leave a
        # few segments (as many as a reorder leaves), a fifth less work than merging as they come.
        cur.execute("INSERT INTO search_text(search_text, rank) VALUES ('hashsize', ?)", (_LOAD_HASHSIZE,))
        cur.execute("INSERT INTO search_text(search_text, rank) VALUES ('automerge', 0)")
        self.low = ""

    def _add(self, rows: str, params: dict[str, Any]) -> None:
        """``rows`` (kind, record_id, sort_name, body) numbered next, in list order."""
        cur = self.cur
        cur.execute(f"INSERT INTO temp.search_next(kind, record_id, body) SELECT kind, record_id, body FROM ({rows}) "
                    "ORDER BY sort_name, record_id", params)
        added = cur.rowcount
        cur.execute("INSERT INTO search_doc(rowid, kind, record_id) SELECT ? + n, kind, record_id "
                    "FROM temp.search_next WHERE n > ? ORDER BY n", (self.base, self.queued))
        self.queued += added
        if self.queued >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        cur = self.cur
        cur.execute("INSERT INTO search_text(rowid, body) SELECT ? + n, body FROM temp.search_next ORDER BY n",
                    (self.base,))
        cur.execute("DELETE FROM temp.search_next")     # numbered from 1 again
        self.base += self.queued
        self.queued = 0

    def people(self, high: str | None) -> None:
        """The chunk in ``chunk.person`` and the earlier people up to ``high`` (the next
        chunk's lowest sort name; None: all that are left)."""
        table = SEARCHABLE["person"][0]
        self._add(f"SELECT 'person' AS kind, id AS record_id, sort_name, {self.text['person']} AS body "
                  f"FROM chunk.person AS {table} UNION ALL SELECT 'person', record_id, sort_name, body "
                  "FROM temp.earlier WHERE sort_name >= :low AND (:high IS NULL OR sort_name < :high)",
                  {"low": self.low, "high": high})
        self.low = high

    def finish(self) -> None:
        cur = self.cur
        for kind, (table, _body) in SEARCHABLE.items():
            if kind != "person":
                self._add(f"SELECT '{kind}' AS kind, id AS record_id, sort_name, {self.text[kind]} AS body "
                          f"FROM {table}", {})
        self._flush()
        cur.execute("INSERT INTO search_text(search_text, rank) VALUES ('automerge', ?)", (_AUTOMERGE,))
        cur.execute("INSERT INTO search_text(search_text, rank) VALUES ('hashsize', ?)", (_HASHSIZE,))
        if self.blocks:
            cur.execute("DELETE FROM search_block")
            cur.execute("INSERT INTO search_block(kind, low, high) SELECT kind, min(rowid), max(rowid) "
                        "FROM search_doc GROUP BY kind")


def _seal(tail: tuple[int, str], entries: Iterable[tuple[str, str, str, str]],
          plan: Plan) -> tuple[list[str], tuple[int, str]]:
    """The hashes of change-log entries ``(kind, record id, stamp, changes)`` chained
    after ``tail``, and the new tail: the hashes ``chain.seal_tuples`` makes of the whole
    rows (the rest of each row is the same for every generated entry: _fixed), with what
    the entries share (op, revisions, site, user, time, note) written out once. Record ids
    are 32 hex digits and stamps digits and a dot: nothing in them to escape."""
    seq, prev = tail
    shared = f',{_item("create")},0,1,'
    after = f',{_item(_hex(plan.site))},{_item(DEMO_USER)},{_item(_when(plan.now))},{_item(plan.note)}],"c":'
    kinds = {kind: f",{_item(kind)}," for kind in ("person", "enrollment", "attendance")}
    out = []
    append = out.append
    for kind, record_id, stamp, changes in entries:
        seq += 1
        prev = sha256(f'{prev}{{"h":[{seq}{kinds[kind]}"{record_id}"{shared}"{stamp}"{after}{changes}}}'
                      .encode()).hexdigest()
        append(prev)
    return out, (seq, prev)


def _fix_up(cur: Any, chunk: Chunk, certificates: dict[int, int], emails: set[str],
            suffixes: dict[str, int]) -> None:
    """What only the writer knows, in chunk order, put into the chunk's rows: certificate
    numbers that run on from those already issued, and e-mail addresses unique across
    chunks (a chunk's own are). A taken address gets the smallest free number,
    ``suffixes`` remembering where the search for each address stopped; a person's log
    entry has the person's row number. (Generated addresses are plain ASCII.)"""
    placeholder = _quote(_CERTIFICATE)          # as it stands in the log's JSON
    numbers, logged = [], []
    for enrollment, log, level in chunk.certificates:
        certificates[level] = certificates.get(level, 0) + 1
        number = certificate_number(level, certificates[level])
        numbers.append((number, enrollment))
        if log:
            logged.append((placeholder, _quote(number), log))
    mine = cur.execute("SELECT rowid, email FROM chunk.person WHERE email IS NOT NULL ORDER BY rowid").fetchall()
    taken = {email for _, email in mine}
    clash = taken & emails
    emails |= taken
    fresh_emails = []
    for rowid, email in mine if clash else ():
        if email not in clash:
            continue
        local, _, domain = email.partition("@")
        n = suffixes.get(email, 2)
        while f"{local}{n}@{domain}" in emails:
            n += 1
        suffixes[email] = n + 1
        fresh = f"{local}{n}@{domain}"
        emails.add(fresh)
        fresh_emails.append((fresh, rowid))
        logged.append((f'"{email}"', f'"{fresh}"', rowid))
    cur.executemany("UPDATE chunk.enrollment SET certificate_number = ? WHERE rowid = ?", numbers)
    cur.executemany("UPDATE chunk.person SET email = ? WHERE rowid = ?", fresh_emails)
    if chunk.counts["log"]:
        cur.executemany("UPDATE chunk.log SET changes = replace(changes, ?, ?) WHERE rowid = ?", logged)
