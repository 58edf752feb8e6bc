"""Importing a 100,000-row participant list (.xlsx) against openpyxl's plain read of the
same file, measured in the same run.

    python -m benchmarks.sheets [--rows 100000] [--repeats 3]

The file is made once per run with openpyxl (a title row, Thai headers, prefixes joined
to names, agencies as offices write them, Thai-digit phones, national IDs, a few rows
repeated). Measured, medians over the repeats:

- ``openpyxl_read``   baseline: ``load_workbook(read_only=True)`` and every cell value;
- ``sheet_read``      the app's ``read_table`` (header detection, merged/hidden columns);
- ``sheet_plan``      read + column mapping + every row checked + agencies matched +
                      duplicates looked up against the database;
- ``sheet_import``    plan + the all-or-nothing write (persons, change log) into a fresh
                      data folder.

Goals: reading at most 1.5x the baseline; the whole import at most 5x (it checks and
writes every row with its change log, the baseline only reads cells)."""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.sync import machine  # noqa: E402

AGENCIES = ("สำนักงาน ก.พ.ร.", "มหาวิทยาลัยมหิดล", "กรมการปกครอง", "สำนักงานจังหวัดนครปฐม",
            "ที่ว่าการอำเภอเมืองนครปฐม", "องค์การบริหารส่วนจังหวัดนครปฐม", "เทศบาลนครนครปฐม",
            "วิสาหกิจชุมชนบ้านสวนผึ้ง", "กรมส่งเสริมการปกครองท้องถิ่น", "โรงพยาบาลราชวิถี")
PREFIXES = ("นาย", "นางสาว", "นาง", "ดร.", "ผศ.ดร.", "พ.ต.อ.", "ว่าที่ร้อยตรี")
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def national_id(n: int) -> str:
    body = f"{110000000000 + n * 7:012d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    return body + str((11 - total % 11) % 10)


def make_file(path: Path, rows: int, seed: int = 1) -> None:
    import openpyxl

    from desktop.services.demo.vocabulary import FEMALE_NAMES, MALE_NAMES, SURNAMES

    rnd = random.Random(seed)
    firsts = [n for n, _ in MALE_NAMES + FEMALE_NAMES]
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("รายชื่อ")
    ws.append(["รายชื่อผู้เข้าร่วมหลักสูตรนวัตกรรมภาครัฐ"])
    ws.append(["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง", "หน่วยงาน", "โทรศัพท์", "อีเมล", "เลขประจำตัวประชาชน"])
    for i in range(1, rows + 1):
        name = f"{rnd.choice(PREFIXES)}{rnd.choice(firsts)} {rnd.choice(SURNAMES)[0]}"
        phone = f"08{rnd.randrange(10_000_000, 99_999_999)}"
        ws.append([i, name, "นักวิเคราะห์นโยบายและแผน", rnd.choice(AGENCIES),
                   phone.translate(THAI) if i % 3 == 0 else phone, f"p{i}@example.go.th", national_id(i)])
    wb.save(path)


def openpyxl_read(path: Path) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    count = sum(1 for row in wb.worksheets[0].iter_rows(values_only=True) for _ in row)
    wb.close()
    return count


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def run(rows: int, repeats: int) -> list[dict]:
    from desktop.services.app_services import open_services
    from desktop.services.sheet_import import SheetImportService
    from desktop.sheets.reader import read_table

    times: dict[str, list[float]] = {k: [] for k in ("openpyxl_read", "sheet_read", "sheet_plan", "sheet_import")}
    with tempfile.TemporaryDirectory(prefix="govlab-bench-sheets-") as tmp:
        root = Path(tmp)
        path = root / "list.xlsx"
        make_file(path, rows)
        template = root / "template"
        services = open_services(template)
        services.office.init("สำนักงานทดสอบ", "BENCH", "73", "office")
        services.close()
        for r in range(repeats):
            times["openpyxl_read"].append(timed(lambda: openpyxl_read(path))[0])
            times["sheet_read"].append(timed(lambda: read_table(path))[0])
            folder = root / f"data-{r}"
            shutil.copytree(template, folder)
            services = open_services(folder)
            try:
                importer = SheetImportService(services)
                plan_s, plan = timed(lambda: importer.plan(path, "persons"))
                times["sheet_plan"].append(plan_s)
                apply_s, report = timed(lambda: importer.apply(plan, on_duplicate="new"))
                times["sheet_import"].append(plan_s + apply_s)
                assert report.count("created") == rows, (report.count("created"), report.count("error"))
            finally:
                services.close()
    base = statistics.median(times["openpyxl_read"])
    goals = {"sheet_read": 1.5, "sheet_import": 5.0, "sheet_plan": None}
    results = [dict(name="openpyxl_read_100k", value=round(base, 3), unit="s", baseline=None, ratio=None,
                    goal=None, holds=True, machine=machine(), runs=times["openpyxl_read"])]
    for key, goal in goals.items():
        value = statistics.median(times[key])
        ratio = value / base
        results.append(dict(name=f"{key}_{rows // 1000}k", value=round(value, 3), unit="s", baseline=round(base, 3),
                            ratio=round(ratio, 2), goal=f"<= {goal}x baseline" if goal else None,
                            holds=ratio <= goal if goal else True, machine=machine(),
                            runs=[round(t, 3) for t in times[key]]))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results.json")
    args = parser.parse_args(argv)
    results = run(args.rows, args.repeats)
    print(f"{'benchmark':24} {'seconds':>9} {'baseline':>9} {'ratio':>7}  {'goal':18} holds")
    for r in results:
        ratio = f"{r['ratio']:>7.2f}" if r["ratio"] is not None else f"{'-':>7}"
        baseline = f"{r['baseline']:>9.3f}" if r["baseline"] else f"{'-':>9}"
        print(f"{r['name']:24} {r['value']:>9.3f} {baseline} {ratio}  {r['goal'] or '-':18} "
              f"{'yes' if r['holds'] else 'NO'}")
    print(f"({args.rows:,} rows; {results[0]['machine']})")
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0 if all(r["holds"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
