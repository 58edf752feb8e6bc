"""The 1,000-row sign-in sheet: the app's renderer against plain ReportLab.

Both sides draw the same 1,000 rows in the same six columns (same widths, padding, grid)
with the same Sarabun files at the same sizes, one after the other in this process:

* ``signin_sheet_1000``: ``desktop.reports.signin_sheet.render_signin_sheet`` (our own
  wrapping at Thai word boundaries, HarfBuzz shaping, a readable text layer, page x / y);
* ``plain_shaped_table_1000`` (the baseline): a ReportLab ``Table`` whose cells are
  ``Paragraph(text, ParagraphStyle(..., shaping=1))`` with a plain ``TTFont`` of the same
  files, written by a ``SimpleDocTemplate``.

The goal: the app's sheet takes at most half the baseline's time (median of the
repeats). Results go to stdout as a table and to ``benchmarks/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROWS = 1000
GOAL_RATIO = 0.5

FIRST = ["สมชาย", "กนกวรรณ", "เกษม", "ญาณี", "ปิ่นมณี", "ผู้กล้า", "ฟ้าใส", "น้ำฝน", "ธีรศักดิ์", "ไพโรจน์"]
LAST = ["ใจดี", "ปั้นทอง", "ศรีสุข", "ผู้ไพบูลย์", "ฝั่งน้ำ", "ญี่ปุ่นวงศ์", "ประเสริฐสุวรรณวงศ์", "ทองคำ"]
POSITIONS = ["นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ", "นักจัดการงานทั่วไปปฏิบัติการ", "ปลัดอำเภอ",
             "เจ้าพนักงานธุรการชำนาญงาน", "นักทรัพยากรบุคคลชำนาญการ"]
AGENCIES = ["สำนักงานจังหวัดนครปฐม", "ที่ทำการปกครองอำเภอเมืองนครปฐม", "สำนักงานสาธารณสุขจังหวัดนครปฐม",
            "องค์การบริหารส่วนจังหวัดนครปฐม", "สำนักงานเขตพื้นที่การศึกษาประถมศึกษานครปฐม เขต 1",
            "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดนครปฐม"]


def people(n: int = ROWS) -> list[dict]:
    """``n`` participants like the sign-in sheet test's: Thai names, long positions and agencies."""
    out = []
    for k in range(n):
        first = FIRST[k % len(FIRST)] + ("" if k < 10 else str(k))
        last = LAST[k % len(LAST)]
        prefix = "นาง" if k % 2 else "นาย"
        out.append({"full_name_th": f"{prefix}{first} {last}", "position": POSITIONS[k % len(POSITIONS)],
                    "agency_name": AGENCIES[k % len(AGENCIES)]})
    return out


def _activity() -> tuple[dict, dict]:
    from datetime import date

    activity = {"title_th": "การประชุมเชิงปฏิบัติการห้องปฏิบัติการนวัตกรรมภาครัฐ เรื่องการออกแบบบริการเพื่อผู้สูงอายุ",
                "venue": "ห้องประชุมศาลากลางจังหวัดนครปฐม ชั้น 2", "start_date": date(2023, 5, 19)}
    return activity, {"day": date(2023, 5, 19), "part": "morning"}


def app_sheet(rows: list[dict], out: Path) -> None:
    """The app: the sign-in sheet renderer, Thai digits."""
    from desktop.reports.signin_sheet import SigninSheet, render_signin_sheet

    activity, session = _activity()
    render_signin_sheet(SigninSheet(activity, session, rows, "thai"), out)


_PLAIN = ("BenchSarabun", "BenchSarabun-Bold")


def _plain_fonts() -> tuple[str, str]:
    """The same Sarabun files as plain ReportLab TTFonts (ReportLab's own shaping)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from desktop.reports.fonts import bundled_font_files

    if _PLAIN[0] not in pdfmetrics.getRegisteredFontNames():
        files = bundled_font_files()
        pdfmetrics.registerFont(TTFont(_PLAIN[0], str(files["regular"])))
        pdfmetrics.registerFont(TTFont(_PLAIN[1], str(files["bold"])))
    return _PLAIN


def plain_table(rows: list[dict], out: Path) -> None:
    """The baseline: the same rows in a ReportLab Table of shaped Paragraphs."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from desktop.core.digits import to_thai_digits
    from desktop.reports.signin_sheet import (
        CELL,
        HEADERS,
        MARGINS,
        SIGN_ROW_MIN,
        TITLE,
        WIDTHS_CM,
    )

    regular, bold = _plain_fonts()
    leading = CELL * 1.45
    body = ParagraphStyle("cell", fontName=regular, fontSize=CELL, leading=leading, shaping=1)
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER)
    head = ParagraphStyle("head", parent=centre, fontName=bold)
    data: list[list] = [[Paragraph(h, head) for h in HEADERS]]
    for n, person in enumerate(rows, 1):
        data.append([Paragraph(to_thai_digits(str(n)), centre), Paragraph(person["full_name_th"], body),
                     Paragraph(person["position"], body), Paragraph(person["agency_name"], body),
                     Spacer(1, SIGN_ROW_MIN - 4), Paragraph("", body)])
    table = Table(data, colWidths=[w * cm for w in WIDTHS_CM], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    doc = SimpleDocTemplate(str(out), pagesize=A4, title=TITLE, **MARGINS)
    doc.build([table])


def _time(fn, rows, folder: Path, repeats: int) -> list[float]:
    times = []
    for k in range(repeats):
        out = folder / f"{fn.__name__}-{k}.pdf"
        start = time.perf_counter()
        fn(rows, out)
        times.append(time.perf_counter() - start)
    return times


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {cpu or 'unknown CPU'}, {os.cpu_count()} CPUs, " \
           f"Python {platform.python_version()}"


def run(repeats: int = 5, rows: int = ROWS, out: Path | None = None, warm: bool = True) -> list[dict]:
    from desktop.reports.thai_text import register_fonts

    register_fonts()
    _plain_fonts()
    data = people(rows)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if warm:
            # Import everything and load pythainlp's dictionary once (both sides pay for
            # their fonts and imports here, not in the timed runs). The app's per-word
            # caches are cleared below so each timed run starts as a fresh document would.
            app_sheet(people(3), folder / "warm-app.pdf")
            plain_table(people(3), folder / "warm-plain.pdf")
        app_times, plain_times = [], []
        for _ in range(repeats):  # interleaved, so both see the same machine state
            _clear_app_caches()
            app_times += _time(app_sheet, data, folder, 1)
            plain_times += _time(plain_table, data, folder, 1)
    app, plain = statistics.median(app_times), statistics.median(plain_times)
    where = machine()
    ratio = app / plain
    results = [
        {"name": f"plain_shaped_table_{rows}", "value": round(plain, 3), "unit": "s", "baseline": None,
         "ratio": None, "goal": None, "holds": None, "machine": where, "runs": [round(t, 3) for t in plain_times]},
        {"name": f"signin_sheet_{rows}", "value": round(app, 3), "unit": "s", "baseline": round(plain, 3),
         "ratio": round(ratio, 3), "goal": f"<= {GOAL_RATIO}x plain_shaped_table_{rows}",
         "holds": ratio <= GOAL_RATIO, "machine": where, "runs": [round(t, 3) for t in app_times]},
    ]
    if out is not None:
        out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return results


def _clear_app_caches() -> None:
    """Forget what earlier runs shaped and segmented, so no timed run rides on another's work."""
    from desktop.reports import thai_segments, thai_text

    for module in (thai_segments, thai_text):
        for name in dir(module):
            obj = getattr(module, name)
            if callable(getattr(obj, "cache_clear", None)) and name != "_dictionary":
                obj.cache_clear()
    clear = getattr(thai_text, "clear_caches", None)
    if clear:
        clear()


def print_table(results: list[dict]) -> None:
    cols = ("name", "value", "unit", "baseline", "ratio", "goal", "holds")
    cells = [[("" if r[c] is None else str(r[c])) for c in cols] for r in results]
    widths = [max(len(c), *(len(row[k]) for row in cells)) for k, c in enumerate(cols)]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths)))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)))
    print(f"machine: {results[0]['machine']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of each side (median reported)")
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--out", type=Path, default=HERE / "results.json", help="where to write the JSON results")
    args = parser.parse_args(argv)
    results = run(args.repeats, args.rows, args.out)
    print_table(results)
    return 0 if all(r["holds"] in (None, True) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
