"""Sync throughput against raw SQLite baselines measured in the same run.

    python -m benchmarks.sync [--rows 100000] [--out benchmarks/results-sync.json]

An office data folder gets ``--rows`` persons through desktop.db.bulk (stamped and
logged), exports one package for headquarters, and headquarters imports it, then imports
it again. Baselines, on the same rows and the same machine:

- first import  vs a plain sqlite3 ``executemany`` upsert (INSERT ... ON CONFLICT DO
  UPDATE) of the same rows into a table of the person table's shape;
- re-import     vs a raw re-check: SELECT of each row by id and comparison;
- export        against a fixed goal of 100,000 changes/s.

Prints a table and writes a list of {name, value, unit, baseline, ratio, goal, holds,
machine} to the JSON file. Exit status 1 when a goal does not hold."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):                     # python benchmarks/sync.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.ids import new_id  # noqa: E402
from desktop.core.thai_order import sort_key  # noqa: E402
from desktop.db import bulk  # noqa: E402
from desktop.services.app_services import open_services  # noqa: E402

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
                         sort_name=sort_key(f"{first} {last}")))
    with services.db.write(note="benchmark") as s:
        for start in range(0, count, 20_000):
            bulk.insert_records(s, "person", rows[start:start + 20_000])


def raw_baselines(source_db: Path, work: Path) -> tuple[float, float, int]:
    """(upsert rows/s, re-check rows/s, rows) on a plain table shaped like person."""
    src = sqlite3.connect(source_db)
    columns = [r[1] for r in src.execute("PRAGMA table_info(person)")]
    rows = src.execute(f"SELECT {', '.join(columns)} FROM person").fetchall()
    src.close()
    db = sqlite3.connect(work / "raw.sqlite")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute(f"CREATE TABLE person ({', '.join(c + (' PRIMARY KEY' if c == 'id' else '') for c in columns)})")
    placeholders = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
    started = time.perf_counter()
    with db:
        db.executemany(f"INSERT INTO person ({', '.join(columns)}) VALUES ({placeholders}) "
                       f"ON CONFLICT(id) DO UPDATE SET {updates}", rows)
    upsert = len(rows) / (time.perf_counter() - started)
    id_at = columns.index("id")
    started = time.perf_counter()
    same = 0
    for row in rows:
        if db.execute(f"SELECT {', '.join(columns)} FROM person WHERE id = ?", (row[id_at],)).fetchone() == row:
            same += 1
    recheck = len(rows) / (time.perf_counter() - started)
    db.close()
    assert same == len(rows)
    return upsert, recheck, len(rows)


def run(rows: int) -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory(prefix="govlab-bench-sync-") as tmp:
        root = Path(tmp)
        sites = make_sites(root)
        office, hq = sites["office"], sites["hq"]
        add_persons(office, rows)
        package = root / "office.govlab"
        started = time.perf_counter()
        exported = office.sync.export(package)
        export_s = time.perf_counter() - started
        started = time.perf_counter()
        first = hq.sync.import_file(package)
        import_s = time.perf_counter() - started
        assert first.created == rows, first.summary()
        started = time.perf_counter()
        again = hq.sync.import_file(package)
        reimport_s = time.perf_counter() - started
        assert again.already_applied
        # the same changes repackaged (headquarters has not acknowledged them yet)
        package2 = root / "office-2.govlab"
        office.sync.export(package2)
        started = time.perf_counter()
        repackaged = hq.sync.import_file(package2)
        repackaged_s = time.perf_counter() - started
        assert repackaged.created == 0 and repackaged.unchanged == rows, repackaged.summary()
        office_db = office.paths.database
        for services in sites.values():
            services.close()
        upsert, recheck, raw_rows = raw_baselines(office_db, root)
    changes = exported.changes
    results = []

    def add(name, value, unit, baseline, goal, ratio_goal=True):
        ratio = value / baseline if baseline else None
        holds = (ratio >= goal) if ratio_goal else (value >= goal)
        results.append(dict(name=name, value=round(value, 1), unit=unit,
                            baseline=round(baseline, 1) if baseline else None,
                            ratio=round(ratio, 3) if ratio is not None else None,
                            goal=f">= {goal}x baseline" if ratio_goal else f">= {goal} {unit}",
                            holds=holds, machine=machine()))

    add("sync export", changes / export_s, "changes/s", None, 100_000, ratio_goal=False)
    add("sync first import", changes / import_s, "changes/s", upsert, 0.5)
    add("sync re-import (same package)", changes / reimport_s, "changes/s", recheck, 0.5)
    add("sync re-import (repackaged)", changes / repackaged_s, "changes/s", recheck, 0.5)
    assert raw_rows == rows
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results-sync.json")
    args = parser.parse_args(argv)
    results = run(args.rows)
    print(f"{'benchmark':34} {'value':>12} {'baseline':>12} {'ratio':>7}  {'goal':22} holds")
    for r in results:
        baseline = f"{r['baseline']:>12,.0f}" if r["baseline"] else f"{'-':>12}"
        ratio = f"{r['ratio']:>7.2f}" if r["ratio"] is not None else f"{'-':>7}"
        print(f"{r['name']:34} {r['value']:>12,.0f} {baseline} {ratio}  {r['goal']:22} {'yes' if r['holds'] else 'NO'}")
    print(f"({args.rows} persons; {results[0]['machine']})")
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0 if all(r["holds"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
