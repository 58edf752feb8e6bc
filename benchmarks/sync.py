"""Sync throughput, each figure beside a baseline measured in the same run on the same rows.

    python -m benchmarks.sync [--rows 100000] [--repeats 3] [--offices 900] [--changes 1000]
                              [--workers 2] [--no-pg] [--out benchmarks/results.json]

SQLite (an office and headquarters as data folders, 100,000 persons)
---------------------------------------------------------------------
The office gets ``--rows`` persons through desktop.db.bulk (stamped, logged, chained) and
exports one package for headquarters; a fresh copy of headquarters' data folder imports
it, imports it again, then imports a second export of the same changes (repackaged:
headquarters has not acknowledged them yet). Every repeat runs the app and the baselines
one after the other, on copies of the same files; figures are medians.

- ``sync export``: changes per second of ``services.sync.export`` (the change log read,
  the records as they stand, the package zipped, signed, encrypted, fsynced and read
  back). Goal: >= 100,000 changes/s (no baseline).
- ``sync first import``: changes per second of ``services.sync.import_file`` (decrypt,
  signature, hashes, decode, checks, merge, sort names, national IDs, the records and
  their change-log rows with the hash chain, received ranges, the package's record, the
  commit; the backup before an import, which headquarters' nearly empty database makes
  quickly). Baseline ``raw upsert``: plain sqlite3 on a copy of headquarters' database
  as it was before the import (the same schema, indexes, full-text triggers and
  pragmas: WAL, synchronous FULL), one transaction: ``executemany`` of ``INSERT ... ON
  CONFLICT(id) DO UPDATE`` of exactly the person rows the import wrote, and of exactly
  its change-log rows (``ON CONFLICT(seq)``), read back from the imported database
  beforehand. Those are the rows the import must write: the records, and the change log
  that headquarters relays to other offices and that the audit chain covers; the few
  rows of sync bookkeeping (received range, package, peer) are left out of the baseline.
  Goal: >= 0.5x the baseline's rate.
- ``sync first import (vs multi-row raw upsert)``: the same, against the same raw upsert
  written as multi-row statements (``VALUES (...), (...)``, as many rows per statement as
  SQLite's variable limit allows). ``executemany`` runs one statement per row, and FTS5
  flushes its pending index at every statement, which makes it about twice as slow as
  the multi-row form on these tables; this is the stronger baseline. Reported, no goal.
- ``sync re-import (same package)``: the same file again (already applied: checked,
  recognised, nothing written). Baseline ``raw re-check``: a SELECT by id of every one of
  those person rows from headquarters' imported database and a comparison with the row
  the import wrote. Goal: >= 0.5x.
- ``sync re-import (repackaged)``: the second export (the same changes, a new package):
  decoded, every change found already received, nothing written but the package's
  record. Same baseline and goal.

PostgreSQL (headquarters merging many offices' packages)
--------------------------------------------------------
A private PostgreSQL cluster (initdb and pg_ctl in a temporary folder, a Unix socket, run
as the postgres account when started as root, as tests/pg does) holds headquarters'
database. ``--offices`` offices (real keys, enrolled at headquarters through their
identity files) each send one package of ``--changes`` person creates (format 1.1, as
an office's export writes them). Headquarters imports the folder through
``SyncService.import_dir`` with 1 worker, then, on a fresh copy of the database, with
``--workers`` workers.

- ``sync hq merge on PostgreSQL, 1 worker``: changes per second. Goal >= 10,000.
- ``sync hq merge on PostgreSQL, N workers``: changes per second, beside the 1-worker
  figure. Goal: >= 0.8 x N times the 1-worker rate (near-linear).

Prints a table and merges a list of {name, value, unit, baseline, ratio, goal, holds,
machine, runs} into the JSON file. Exit status 1 when a goal does not hold."""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):                     # python benchmarks/sync.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.ids import new_id  # noqa: E402
from desktop.core.thai_order import person_sort_key  # noqa: E402
from desktop.db import bulk  # noqa: E402
from desktop.services.app_services import open_services  # noqa: E402

HERE = Path(__file__).resolve().parent
SITES = {
    "hq": dict(office_name="ส่วนกลาง", office_code="HQ", area_code="10", role="hq"),
    "office": dict(office_name="สำนักงานจังหวัดนครปฐม", office_code="NPT01", area_code="73", role="office"),
}


def machine() -> str:
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def make_sites(root: Path) -> dict[str, object]:
    opened = {}
    for name, office in SITES.items():
        services = open_services(root / name)
        services.office.init(**office)
        services.sync.identity(root / f"{name}.govlab-id")
        opened[name] = services
    opened["hq"].sync.enroll(root / "office.govlab-id")
    opened["office"].sync.enroll(root / "hq.govlab-id")
    return opened


def add_persons(services, count: int) -> None:
    rows = []
    for i in range(count):
        first, last = f"ผู้เข้าร่วม{i:06d}", "ทดสอบความเร็ว"
        rows.append(dict(id=new_id(), first_name_th=first, last_name_th=last, phone=f"02{i:07d}",
                         email=f"p{i}@example.go.th", position="นักวิเคราะห์นโยบายและแผน",
                         sort_name=person_sort_key(first, last)))
    with services.db.write(note="benchmark") as s:
        for start in range(0, count, 20_000):
            bulk.insert_records(s, "person", rows[start:start + 20_000])


# -- SQLite: an office's package at headquarters ----------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    return db


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


def _upsert_sql(table: str, columns: list[str], key: str, rows: int = 1) -> str:
    one = "(" + ", ".join("?" for _ in columns) + ")"
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([one] * rows)} "
            f"ON CONFLICT({key}) DO UPDATE SET {updates}")


class Written:
    """The rows an import wrote at headquarters: its person rows and change-log rows."""

    def __init__(self, imported: Path, before: Path) -> None:
        db = sqlite3.connect(before)
        after_seq = db.execute("SELECT coalesce(max(seq), 0) FROM change_log").fetchone()[0]
        db.close()
        db = sqlite3.connect(imported)
        self.person_columns = _columns(db, "person")
        self.log_columns = _columns(db, "change_log")
        self.persons = db.execute(f"SELECT {', '.join(self.person_columns)} FROM person").fetchall()
        self.logs = db.execute(f"SELECT {', '.join(self.log_columns)} FROM change_log WHERE seq > ? ORDER BY seq",
                               (after_seq,)).fetchall()
        db.close()


def raw_upsert(written: Written, before: Path, work: Path, multi_row: bool) -> float:
    """Seconds for plain sqlite3 to upsert the same rows into a copy of ``before``."""
    target = work / f"raw-{uuid.uuid4().hex}.sqlite"
    shutil.copyfile(before, target)
    db = _connect(target)
    persons, logs = written.persons, written.logs
    pc, lc = written.person_columns, written.log_columns
    started = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    if multi_row:
        per = db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(pc)
        for start in range(0, len(persons), per):
            chunk = persons[start:start + per]
            db.execute(_upsert_sql("person", pc, "id", len(chunk)), [v for row in chunk for v in row])
    else:
        db.executemany(_upsert_sql("person", pc, "id"), persons)
    db.executemany(_upsert_sql("change_log", lc, "seq"), logs)
    db.execute("COMMIT")
    seconds = time.perf_counter() - started
    db.close()
    for path in work.glob(target.name + "*"):
        path.unlink()
    return seconds


def raw_recheck(imported: Path) -> float:
    """Seconds for plain sqlite3 to read every person row an import wrote back by id and
    compare it with the row (read beforehand, untimed)."""
    written = Written(imported, imported)
    db = _connect(imported)
    columns = written.person_columns
    at = columns.index("id")
    sql = f"SELECT {', '.join(columns)} FROM person WHERE id = ?"
    started = time.perf_counter()
    same = sum(1 for row in written.persons if db.execute(sql, (row[at],)).fetchone() == row)
    seconds = time.perf_counter() - started
    db.close()
    assert same == len(written.persons)
    return seconds


def run_sqlite(rows: int, repeats: int) -> list[dict[str, object]]:
    runs: dict[str, list[float]] = {k: [] for k in ("export", "import", "reimport", "repackaged", "upsert",
                                                     "upsert_multi", "recheck")}
    with tempfile.TemporaryDirectory(prefix="govlab-bench-sync-") as tmp:
        root = Path(tmp)
        sites = make_sites(root)
        office, hq = sites["office"], sites["hq"]
        add_persons(office, rows)
        hq.close()
        pristine = root / "hq-pristine"
        shutil.copytree(root / "hq", pristine)
        before = pristine / "govlab.sqlite"
        written = None
        changes = 0
        for r in range(repeats):
            package = root / f"office-{r}.govlab"
            started = time.perf_counter()
            exported = office.sync.export(package)
            runs["export"].append(time.perf_counter() - started)
            changes = exported.changes
            folder = root / f"hq-{r}"
            shutil.copytree(pristine, folder)
            side = open_services(folder)
            try:
                started = time.perf_counter()
                first = side.sync.import_file(package)
                runs["import"].append(time.perf_counter() - started)
                assert first.created == rows and not first.rejected, first.summary()
                started = time.perf_counter()
                again = side.sync.import_file(package)
                runs["reimport"].append(time.perf_counter() - started)
                assert again.already_applied
                repackage = root / f"office-{r}-again.govlab"
                office.sync.export(repackage)
                started = time.perf_counter()
                repackaged = side.sync.import_file(repackage)
                runs["repackaged"].append(time.perf_counter() - started)
                assert repackaged.created == 0 and repackaged.unchanged == rows, repackaged.summary()
            finally:
                side.close()
            if written is None:
                written = Written(folder / "govlab.sqlite", before)
                assert len(written.persons) == rows and len(written.logs) == rows
            runs["upsert"].append(raw_upsert(written, before, root, multi_row=False))
            runs["upsert_multi"].append(raw_upsert(written, before, root, multi_row=True))
            runs["recheck"].append(raw_recheck(folder / "govlab.sqlite"))
            shutil.rmtree(folder)
            package.unlink()
            repackage.unlink()
        office.close()

    def rate(key: str, count: int) -> tuple[float, list[float]]:
        rates = [count / s for s in runs[key]]
        return statistics.median(rates), rates

    export, export_runs = rate("export", changes)
    first, first_runs = rate("import", changes)
    again, again_runs = rate("reimport", changes)
    repack, repack_runs = rate("repackaged", changes)
    upsert, _ = rate("upsert", rows)
    multi, _ = rate("upsert_multi", rows)
    recheck, _ = rate("recheck", rows)
    return [
        entry("sync export", export, "changes/s", None, ">= 100000 changes/s", export >= 100_000, export_runs),
        entry("sync first import", first, "changes/s", upsert, ">= 0.5x raw upsert (executemany)",
              first >= 0.5 * upsert, first_runs),
        entry("sync first import (vs multi-row raw upsert)", first, "changes/s", multi, None, None, first_runs),
        entry("sync re-import (same package)", again, "changes/s", recheck, ">= 0.5x raw re-check",
              again >= 0.5 * recheck, again_runs),
        entry("sync re-import (repackaged)", repack, "changes/s", recheck, ">= 0.5x raw re-check",
              repack >= 0.5 * recheck, repack_runs),
    ]


# -- PostgreSQL: headquarters merging many offices' packages ----------------------------------


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or ([shutil.which(name)] if shutil.which(name)
                                                                       else [])
    if not found:
        raise SystemExit(f"PostgreSQL's {name} is not installed (Debian package postgresql); "
                         "run with --no-pg to leave the headquarters benchmark out")
    return found[-1]


def _as_server_user(args: list[str]) -> list[str]:
    """initdb refuses to run as root: run the server as the postgres account then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class PrivateCluster:
    """A throwaway PostgreSQL cluster in a temporary folder, reached through a Unix socket."""

    PORT = 5441

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="govlab-bench-pg-"))
        self.data, self.sock = self.root / "data", self.root / "sock"

    def __enter__(self) -> PrivateCluster:
        self.sock.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.sock, "postgres")
        subprocess.run(_as_server_user([_pg_bin("initdb"), "-D", str(self.data), "-U", "govlab", "--auth=trust",
                                        "-E", "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True)
        subprocess.run(_as_server_user([_pg_bin("pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.root / "log"),
                                        "-o", f"-k {self.sock} -c listen_addresses='' -p {self.PORT}", "start"]),
                       check=True, capture_output=True)
        return self

    def __exit__(self, *_exc: object) -> None:
        subprocess.run(_as_server_user([_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"]),
                       capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)

    def psql(self, sql: str) -> None:
        subprocess.run([_pg_bin("psql"), "-h", str(self.sock), "-p", str(self.PORT), "-U", "govlab", "-d", "postgres",
                        "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://govlab@/{database}?host={self.sock}&port={self.PORT}"


def office_packages(hq, folder: Path, offices: int, changes: int) -> int:
    """``offices`` enrolled offices' packages of ``changes`` person creates each, into
    ``folder``; returns the number of changes written."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    import pyrage

    from desktop.core.clock import format_stamp
    from desktop.db.migrate import head_revision
    from desktop.sync.exchange import keys_for
    from desktop.sync.keys import LocalKeys, public_identity, write_atomic
    from desktop.sync.package import FORMAT, Content, write_package

    folder.mkdir()
    hq_site, hq_age = hq.db.site_id(), keys_for(hq.db).age_recipient
    base_ms = int(time.time() * 1000) - 3600_000
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    total = 0
    for o in range(offices):
        keys = LocalKeys(signing=Ed25519PrivateKey.generate(), age=pyrage.x25519.Identity.generate())
        site = str(new_id())
        profile = dict(site_id=site, role="office", office_name=f"สำนักงานทดสอบ {o:03d}", office_code=f"B{o:04d}",
                       area_code="10")
        identity = folder / f"office-{o:03d}.govlab-id"
        write_atomic(identity, encode(public_identity(keys, profile)).encode("utf-8"))
        hq.sync.enroll(identity)
        identity.unlink()
        lines = []
        for i in range(changes):
            ms = base_ms + o * 10 + i
            stamp = format_stamp(ms, o)
            at = datetime.fromtimestamp(ms / 1000, UTC).replace(tzinfo=None).isoformat()
            first, last = f"ผู้เข้าร่วม{o:03d}{i:05d}", "ทดสอบสำนักงาน"
            record = {"prefix_id": None, "prefix_th": "นางสาว", "first_name_th": first, "last_name_th": last,
                      "prefix_en": None, "first_name_en": None, "last_name_en": None,
                      "position": "นักวิเคราะห์นโยบายและแผน", "level": None, "agency_id": None,
                      "phone": f"02{i:07d}", "email": f"p{o}.{i}@example.go.th", "photo_id": None, "notes": None,
                      "national_id": None}
            lines.append(encode({"seq": i + 1, "kind": "person", "record_id": str(new_id()), "op": "create",
                                 "base_revision": 0, "revision": 1, "stamp": stamp, "site_id": site,
                                 "changed_by": "officer", "origin": [stamp, site], "changed_at": at,
                                 "record": record, "deleted": False, "created_at": at}))
        manifest = {"format": FORMAT, "schema": head_revision(), "package_id": str(uuid.uuid4()), "sender": site,
                    "sender_role": "office", "sender_office_code": profile["office_code"],
                    "sender_office_name": profile["office_name"], "recipient": str(hq_site),
                    "created": format_stamp(base_ms + o * 10 + changes, o),
                    "created_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
                    "seq_from": 1, "seq_to": changes, "counts": {"changes": changes, "attachments": 0},
                    "reference": {}}
        write_package(folder / f"office-{o:03d}.govlab",
                      Content(lines=lines, acks={"site": str(hq_site), "through": 0, "reference": {}}),
                      manifest, keys, hq_age)
        total += changes
    return total


def run_pg(offices: int, changes: int, workers: int, repeats: int) -> list[dict[str, object]]:
    with PrivateCluster() as cluster, tempfile.TemporaryDirectory(prefix="govlab-bench-hq-") as tmp:
        root = Path(tmp)
        cluster.psql("CREATE DATABASE hq_template")
        hq = open_services(root / "hq", cluster.url("hq_template"))
        hq.office.init(**SITES["hq"])
        inbox = root / "inbox"
        total = office_packages(hq, inbox, offices, changes)
        packages = sorted(inbox.glob("*.govlab"))
        hq.close()
        seconds: dict[int, list[float]] = {1: [], workers: []}
        for r in range(repeats):
            for n in dict.fromkeys((1, workers)):
                name = f"hq_{n}_{r}"
                cluster.psql(f"CREATE DATABASE {name} TEMPLATE hq_template")
                side = open_services(root / "hq", cluster.url(name))
                try:
                    started = time.perf_counter()
                    outcomes = side.sync.import_dir(packages, workers=n)
                    seconds[n].append(time.perf_counter() - started)
                    refused = [o for o in outcomes if o.error is not None]
                    assert not refused and all(o.report.created == changes for o in outcomes), refused[:1]
                    assert side.persons.count() == total
                finally:
                    side.close()
                cluster.psql(f"DROP DATABASE {name}")
    one = statistics.median(total / s for s in seconds[1])
    many = statistics.median(total / s for s in seconds[workers])
    results = [entry("sync hq merge on PostgreSQL, 1 worker", one, "changes/s", None, ">= 10000 changes/s",
                     one >= 10_000, [total / s for s in seconds[1]])]
    if workers > 1:
        results.append(entry(f"sync hq merge on PostgreSQL, {workers} workers", many, "changes/s", one,
                             f">= {0.8 * workers:g}x 1 worker", many >= 0.8 * workers * one,
                             [total / s for s in seconds[workers]]))
    return results


# -- results ----------------------------------------------------------------------------------


def entry(name: str, value: float, unit: str, baseline: float | None, goal: str | None, holds: bool | None,
          runs: list[float] | None = None) -> dict[str, object]:
    ratio = value / baseline if baseline else None
    return dict(name=name, value=round(value, 1), unit=unit, baseline=round(baseline, 1) if baseline else None,
                ratio=round(ratio, 3) if ratio is not None else None, goal=goal, holds=holds, machine=machine(),
                runs=[round(r, 1) for r in runs or ()])


def merge(path: Path, new: list[dict[str, object]]) -> None:
    """``new`` replaces the results of the same names in ``path``; the rest stay."""
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    names = {r["name"] for r in new}
    merged = [r for r in old if r.get("name") not in names] + new
    path.write_text(json.dumps(merged, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.sync", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="persons in the office's package")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each side (medians)")
    parser.add_argument("--offices", type=int, default=900, help="packages headquarters merges on PostgreSQL")
    parser.add_argument("--changes", type=int, default=1000, help="changes in each of those packages")
    parser.add_argument("--workers", type=int, default=2, help="import workers beside the 1-worker run")
    parser.add_argument("--no-pg", action="store_true", help="leave the PostgreSQL benchmark out")
    parser.add_argument("--no-sqlite", action="store_true", help="leave the SQLite benchmark out")
    parser.add_argument("--out", type=Path, default=HERE / "results.json",
                        help="JSON results, merged with what is there (default benchmarks/results.json)")
    args, _rest = parser.parse_known_args(argv)
    results = []
    if not args.no_sqlite:
        results += run_sqlite(args.rows, args.repeats)
    if not args.no_pg:
        results += run_pg(args.offices, args.changes, args.workers, max(1, args.repeats // 2))
    print(f"{'benchmark':46} {'value':>10} {'baseline':>10} {'ratio':>6}  {'goal':34} holds")
    for r in results:
        baseline = f"{r['baseline']:>10,.0f}" if r["baseline"] else f"{'-':>10}"
        ratio = f"{r['ratio']:>6.2f}" if r["ratio"] is not None else f"{'-':>6}"
        holds = "-" if r["holds"] is None else ("yes" if r["holds"] else "NO")
        print(f"{r['name']:46} {r['value']:>10,.0f} {baseline} {ratio}  {r['goal'] or '':34} {holds}")
    print(f"({args.rows} persons; {args.offices} x {args.changes} on PostgreSQL; {machine()})")
    merge(args.out, results)
    return 0 if all(r["holds"] is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
