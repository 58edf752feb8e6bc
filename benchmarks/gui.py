"""The participants list at 100,000 and 1,000,000 people, each figure beside a baseline
measured in the same run. Every measurement runs in its own subprocess (a cold start),
with ``QT_QPA_PLATFORM=offscreen``; figures are medians over ``--repeats`` runs (p95 for
the searches, over every query of every run).

* ``app_start_100k``: process start -> the main window usable, through the app's real
  start (``desktop.app.run_gui``) on a 100,000-person data folder: the login dialog shown
  and painted, the password typed and OK pressed at once (no time for typing), the
  password checked, the main window shown, its first screen's rows (the participants
  list's first page) in the model and the window painted with them; baseline
  ``bare_start_10k``: process start -> a bare PySide6 window with a 10,000-row
  ``QAbstractTableModel`` shown and painted. Goal <= 2x.
  ``app_login_shown_100k`` is the part of it until the login dialog is painted (the
  first window a person sees; the services open behind it, see ``desktop.app``) and
  ``app_signed_in_to_usable_100k`` the part from the password's check to the usable main
  window. With no typing time, pressing OK waits for everything the dialog let run
  behind it; a person who takes a second to type waits only for the check and the
  window.
* ``first_paint_1m``: creating ``ParticipantsScreen`` on 1,000,000 people -> its first
  rows painted (the table's viewport rendered); baseline ``bare_first_paint_10k``, the
  bare table's. Goal < 300 ms.
* ``peak_rss_1m``: ru_maxrss of that process after scrolling the list to its middle row
  and painting it; baseline ``bare_peak_rss_10k``. Goal < 200 MB.
* ``search_keystroke_p95_1m``: the search box's text set (as a keystroke sets it, one
  more letter at a time: 1 to 6 Thai letters of common given names, of the middle of a
  name and of a family name, of a rare family name and of one person's, see ``WORDS``)
  -> the list shows that query's first page and is painted, p95 over every query;
  ``search_after_debounce_p95_1m`` is the same from the moment the search box hands the
  text on (at once for a key after a pause; at most every 30 ms while keys come faster).
  The next letter is typed as soon as the list is painted. Goal < 50 ms.
* ``search_service_p95_1m``: the service call the list makes for a search's first page
  (its own ``_fetch``: ``services.persons.list(search=q, limit=PAGE_SIZE, lean=True,
  exact=False)`` with the list's ``RecordTableModel.PAGE_SIZE``: the listed columns, a
  count that stops at ``SEARCH_COUNT_CAP``), p95;
  its ``runs`` are the p95 for 1, 2, ... 6 letters. Beside it ``search_sql_p95_1m``: the
  same SQL statements through sqlite3 with nothing around them (the floor). Goal < 5 ms.
* ``search_exact_count_p95_1m``: ``services.persons.count(search=q)``, the exact total the
  list reads in the background once typing pauses; ``search_sql_sort_all_p95_1m``: plain
  SQL that counts every match and sorts them all for the first page (how search was read
  before its index rows were numbered in list order). For context, no goal.

``app_start_100k`` signs in as the benchmark's own account (``prepare`` makes it once,
with any pending schema upgrade and the day's automatic backup, outside the timings): the
login dialog is shown and painted, then its fields are filled and its OK handler run,
without waiting for a person.

Every child runs as an installed copy does from its second start. With Python's
compiled bytecode: ``PYTHONDONTWRITEBYTECODE`` is dropped and the bytecode is kept under
the cache folder (``PYTHONPYCACHEPREFIX``, so the checkout is not written), made by one
untimed run of each kind before the timed ones; without it every start of the app would
compile its own modules again (about 0.8 s here) while the bare window, which imports
nothing of the app, would not. And with the message catalogs compiled (the build step
the installer runs, ``python -m desktop.i18n.build compile``; resources/locale is
ignored by git), not read from the .po sources at every start.

Run: ``benchmarks/run gui`` (or ``python -m benchmarks.gui``). The databases are made
once under the user's cache folder (``benchmarks/data.py``) and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Typed one letter at a time, 1 to 6 letters of each: the start of common given names, the
# middle of a name and of a family name, a family name of a few hundred people and one of
# a single person (all real names of the generated database).
WORDS = ("สมชาย", "สมศักดิ์", "ประเสริฐ", "กนกวรรณ", "สุรชัย", "วิไลวรรณ",   # given names (about 5,000 each)
         "ศักดิ์ชัย", "สวัสดิ์",                                      # the middle of a given / a family name
         "กิตติรัตน์", "หาญเผชิญ")                                   # rare: 423 people; one
def _page_size() -> int:
    from desktop.ui.models.record_table import RecordTableModel

    return RecordTableModel.PAGE_SIZE


def queries() -> list[str]:
    return [w[:k] for w in WORDS for k in range(1, min(6, len(w)) + 1)]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


# -- children (each in its own process) ------------------------------------------------------

def _emit(**values: object) -> None:
    print("RESULT " + json.dumps(values), flush=True)


def _rss_mb() -> float:
    """This process's peak resident memory. On Linux from /proc (VmHWM): ru_maxrss keeps
    the parent's size across fork and exec, so every child would report at least what
    the benchmark's own process held when it started the child."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _bare_model(rows: int):
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

    class Bare(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: B008, N802
            return 0 if parent.isValid() else rows

        def columnCount(self, parent=QModelIndex()):  # noqa: B008, N802
            return 0 if parent.isValid() else 5

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            return f"นายสมชาย ใจดี {index.row()}" if index.column() == 0 else f"ค่า {index.row()}.{index.column()}"

    return Bare()


def child_bare_start(t0: float) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    view = QTableView()
    model = _bare_model(10_000)
    view.setModel(model)
    window.setCentralWidget(view)
    window.resize(1200, 760)
    window.show()

    def done() -> None:
        window.grab()   # painted, as the app's window is before its time is taken
        _emit(start=time.time() - t0)
        app.quit()
    QTimer.singleShot(0, done)
    app.exec()


# The benchmark's own account on its databases: the app asks who is signing in before it
# shows any record, and a person typing a password is no part of a start-up time.
BENCH_USER, BENCH_PASSWORD = "bench", "bench-password-1"


def prepare(folder: Path) -> None:
    """What a data folder needs once, outside every timing: opened by this build (so a
    pending schema upgrade and its backup happen now, not in the first timed start), an
    account to sign in with, and today's automatic backup taken."""
    from desktop.services.app_services import open_services

    services = open_services(folder)
    try:
        if not services.users.has_users():
            services.users.create_first_admin(BENCH_USER, BENCH_PASSWORD)
        services.backups.daily_if_due()
    finally:
        services.close()


def compile_catalogs() -> None:
    """The message catalogs compiled, as an installed copy ships them (the build step
    ``python -m desktop.i18n.build compile``, into resources/locale, which git ignores):
    without them every start of a checkout reads and compiles the Thai .po file."""
    from desktop.i18n.build import compile_catalogs as build

    build()


def child_app_start(t0: float, data: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    import desktop.app as desktop_app
    from desktop.ui.login import LoginDialog

    marks: dict[str, float] = {}

    def sign_in(dialog) -> int:   # shown and painted, then the password typed and OK pressed at once
        dialog.show()
        QApplication.processEvents()
        dialog.grab()
        marks["login_shown"] = time.time() - t0
        dialog.username.setText(BENCH_USER)
        dialog.password.setText(BENCH_PASSWORD)
        dialog.submit()
        if dialog.actor is None:
            raise RuntimeError(f"the benchmark account could not sign in: {dialog.error.text()}")
        marks["signed_in"] = time.time() - t0
        return QDialog.DialogCode.Accepted

    LoginDialog.exec = sign_in

    def event_loop(app, window) -> int:
        screen = window.current_screen()
        model = getattr(screen, "model", None)   # the first screen's rows, when it lists any

        def done(*_args: object) -> None:
            if not window.isVisible():
                raise RuntimeError("the main window is not shown")
            window.grab()   # the window painted with the first screen's rows
            start = time.time() - t0
            _emit(start=start, total=getattr(model, "total", None),
                  screen=window.current_spec().key, login_shown=marks["login_shown"],
                  after_sign_in=start - marks["signed_in"])
            app.quit()
        if model is None or not model.is_loading():
            QTimer.singleShot(0, done)
        else:
            model.loaded.connect(lambda _total: QTimer.singleShot(0, done))
        return app.exec()

    desktop_app.event_loop = event_loop
    desktop_app.run_gui(["--data-dir", data])


def child_bare_paint() -> None:
    from PySide6.QtWidgets import QApplication, QTableView

    app = QApplication([sys.argv[0]])
    started = time.perf_counter()
    view = QTableView()
    view.setModel(_bare_model(10_000))
    view.resize(1200, 760)
    view.show()
    view.viewport().grab()
    paint = time.perf_counter() - started
    view.scrollTo(view.model().index(5_000, 0))
    view.viewport().grab()
    app.processEvents()
    _emit(paint=paint, rss=_rss_mb())


def _screen(data: str):
    from PySide6.QtWidgets import QApplication

    from desktop.services.app_services import open_services
    from desktop.ui.context import UiContext
    from desktop.ui.language import switch_language
    from desktop.ui.theme import apply_theme

    app = QApplication([sys.argv[0]])
    apply_theme(app)
    switch_language("th")
    services = open_services(Path(data))
    context = UiContext(services)
    return app, services, context


def child_app_paint(data: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QAbstractItemView as View

    from desktop.ui.screens.participants import ParticipantsScreen

    app, services, context = _screen(data)
    out: dict[str, float] = {}
    started = time.perf_counter()
    screen = ParticipantsScreen(context)
    screen.resize(1200, 760)
    screen.show()
    model = screen.model

    def first(_total: int) -> None:
        if "paint" in out:
            return
        screen.table.viewport().grab()
        out["paint"] = time.perf_counter() - started
        out["total"] = model.total
        middle = model.total // 2
        screen.table.scrollTo(model.index(middle, 0), View.ScrollHint.PositionAtCenter)
        waited = time.perf_counter()

        def poll() -> None:
            if model.is_row_loaded(middle) or time.perf_counter() - waited > 300:
                screen.table.viewport().grab()
                out["middle_wait"] = time.perf_counter() - waited
                app.quit()
            else:
                screen.table.viewport().update()
                QTimer.singleShot(20, poll)
        QTimer.singleShot(0, poll)
    model.loaded.connect(first)
    app.exec()
    context.tasks.wait(60_000)
    _emit(rss=_rss_mb(), **out)
    services.close()


def child_app_search(data: str, rounds: int) -> None:
    from dataclasses import replace

    from PySide6.QtCore import QEvent, QObject, QTimer

    from desktop.ui.screens.participants import ParticipantsScreen

    app, services, context = _screen(data)
    screen = ParticipantsScreen(context)
    screen.resize(1200, 760)
    screen.show()
    model, box = screen.model, screen.search
    todo = queries() * rounds
    keystroke, after_debounce = [], []
    state: dict[str, float | str | None] = {"query": None, "shown": False}

    def fired(_text: str) -> None:
        state["fired"] = time.perf_counter()

    def loaded(_total: int) -> None:
        query = state["query"]
        if query is not None and model.query.search == query:
            state["shown"] = True   # the query's rows are in the model: the next paint shows them

    def painted() -> None:   # the paint that showed the query's rows has ended
        now = time.perf_counter()
        keystroke.append(now - state["typed"])
        after_debounce.append(now - state["fired"])
        state["query"], state["shown"] = None, False
        step()

    class Paints(QObject):
        """The list's own paint (as the window shows it), not a second one made to measure."""

        def eventFilter(self, watched, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint and state["shown"]:
                state["shown"] = False
                QTimer.singleShot(0, painted)   # runs once this paint is done
            return False

    paints = Paints()
    screen.table.viewport().installEventFilter(paints)

    def step() -> None:
        if not todo:
            app.quit()
            return
        query = todo.pop(0)
        state["query"], state["typed"] = query, time.perf_counter()
        box.setText(query)

    box.search_changed.disconnect(screen._search)   # the mark first, then the screen's own handling
    box.search_changed.connect(fired)
    box.search_changed.connect(screen._search)
    model.loaded.connect(loaded)
    started = {"done": False}

    def begin(_total: int) -> None:
        if not started["done"]:
            started["done"] = True
            QTimer.singleShot(0, step)
    model.loaded.connect(begin)
    app.exec()
    context.tasks.wait(60_000)

    # The service alone, asked exactly what the list asks for a search's first page (its
    # own _fetch: lean columns, a quick count), each query beside the same SQL through
    # sqlite3, interleaved.
    service, sql, sizes = [], [], []
    raw = _raw_search(Path(data))
    for _ in range(rounds):
        for query in queries():
            t = time.perf_counter()
            page = model._fetch(replace(model.query, search=query), 0)
            service.append(time.perf_counter() - t)
            t = time.perf_counter()
            raw(query)
            sql.append(time.perf_counter() - t)
            sizes.append(len(query))
    # Once per query, for context: the exact count that follows in the background when
    # typing pauses, and the plain SQL that sorts every match (how search worked before).
    count, plain = [], []
    sort_all = _sorted_search(Path(data))
    for query in queries():
        t = time.perf_counter()
        services.persons.count(search=query)
        count.append(time.perf_counter() - t)
        t = time.perf_counter()
        sort_all(query)
        plain.append(time.perf_counter() - t)
    _emit(keystroke=keystroke, after_debounce=after_debounce, service=service, sql=sql, sizes=sizes,
          count=count, plain=plain, last_total=page.total)
    services.close()


_ROW_COLUMNS = ("id", "deleted_at", "prefix_th", "first_name_th", "last_name_th", "prefix_en", "first_name_en",
                "last_name_en", "position", "level", "agency_id", "phone", "email", "national_id_tail")


def _raw_search(data: Path):
    """The SQL the service runs for a search's first page (``repository.list_page`` with a
    quick count, then ``rows_by_ids``), through sqlite3 with nothing else around it."""
    import sqlite3

    from desktop.core.thai_order import sort_key
    from desktop.db import repository as r

    con = sqlite3.connect(data / "govlab.sqlite")
    cap = r.SEARCH_COUNT_CAP + 1
    page = _page_size()

    def run(query: str) -> None:
        if len(query) >= r.SEARCH_MIN_TRIGRAM:
            match = '"' + query.replace('"', '""') + '"'
            found = con.execute(r._RANGE.text, {"kind": "person"}).fetchone()
            low, high, boundary = found or (1, 0, con.execute(r._NO_RANGE.text).fetchone()[0])
            trash = "person" if con.execute("SELECT id FROM person WHERE deleted_at IS NOT NULL LIMIT 1").fetchone() \
                else None
            con.execute(r._TAIL_HITS.text, {"q": match, "boundary": boundary, "kind": "person"}).fetchall()
            ids = [row[1] for row in con.execute(r._hits_statement(trash, False, False).text,
                                                 {"q": match, "low": low, "high": high, "n": page, "skip": 0})]
            counted = r._count_but_trash(trash) if trash else r._ORDERED_COUNT
            con.execute(counted.text, {"q": match, "low": low, "high": high, "cap": cap}).fetchone()
        else:
            prefix = sort_key(query).split("\x01")[0]
            where = "deleted_at IS NULL AND sort_name >= ? AND sort_name < ?"
            args = (prefix, prefix + "\uffff")
            ids = [row[0] for row in con.execute(
                f"SELECT id FROM person WHERE {where} ORDER BY sort_name, id LIMIT {page}", args)]
            con.execute(f"SELECT count(*) FROM (SELECT id FROM person WHERE {where} LIMIT {cap})", args).fetchone()
        if ids:
            marks = ", ".join("?" * len(ids))
            rows = con.execute(f"SELECT {', '.join(_ROW_COLUMNS)} FROM person WHERE id IN ({marks})", ids).fetchall()
            agencies = list({row[10] for row in rows} - {None})
            con.execute(f"SELECT id, name_th FROM agency WHERE id IN ({', '.join('?' * len(agencies))})",
                        agencies).fetchall()
    return run


def _sorted_search(data: Path):
    """Plain SQL that gathers every match, counts them and sorts them for the first page
    (how a search was read before its index rows were numbered in list order)."""
    import sqlite3

    from desktop.core.thai_order import sort_key
    from desktop.db.repository import SEARCH_MIN_TRIGRAM

    con = sqlite3.connect(data / "govlab.sqlite")
    page = _page_size()
    ids = ("SELECT d.record_id FROM search_text JOIN search_doc d ON d.rowid = search_text.rowid "
           "WHERE search_text MATCH ? AND d.kind = 'person'")

    def run(query: str) -> None:
        if len(query) >= SEARCH_MIN_TRIGRAM:
            where, args = f"ifnull(deleted_at, NULL) IS NULL AND id IN ({ids})", ('"' + query + '"',)
        else:
            prefix = sort_key(query).split("\x01")[0]
            where, args = "deleted_at IS NULL AND sort_name >= ? AND sort_name < ?", (prefix, prefix + "\uffff")
        con.execute(f"SELECT count(*) FROM (SELECT * FROM person WHERE {where})", args).fetchone()
        con.execute(f"SELECT * FROM person WHERE {where} ORDER BY sort_name, id LIMIT {page} OFFSET 0", args).fetchall()
    return run


# -- the parent ------------------------------------------------------------------------------

def _child(*args: str, timeout: float = 900) -> dict:
    from benchmarks.data import cache_root

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = str(HERE.parent) + os.pathsep + env.get("PYTHONPATH", "")
    # Compiled bytecode, as an installed copy has it (see the module's docstring).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache_root() / "pycache")
    t0 = time.time()
    done = subprocess.run([sys.executable, "-m", "benchmarks.gui", "--child", *args, "--t0", repr(t0)],
                          env=env, capture_output=True, text=True, timeout=timeout, cwd=HERE.parent)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"benchmark child {args[0]} failed:\n{done.stdout}\n{done.stderr}")


def _entry(name: str, value: float, unit: str, baseline: float | None = None, goal: str | None = None,
           holds: bool | None = None, runs: list[float] | None = None, digits: int = 3) -> dict:
    from benchmarks.papers import machine

    ratio = round(value / baseline, 2) if baseline else None
    entry = {"name": name, "value": round(value, digits), "unit": unit,
             "baseline": round(baseline, digits) if baseline is not None else None, "ratio": ratio,
             "goal": goal, "holds": holds, "machine": machine()}
    if runs is not None:
        entry["runs"] = [round(r, digits) for r in runs]
    return entry


def run(repeats: int = 5, rounds: int = 3) -> list[dict]:
    from benchmarks.data import database

    small, large = str(database(100_000)), str(database(1_000_000))
    for folder in (small, large):
        prepare(Path(folder))
    results: list[dict] = []

    compile_catalogs()
    _child("bare-start")                     # untimed: the bytecode of both sides compiled
    _child("app-start", "--data", small)
    bare, app = [], []
    for _ in range(repeats):   # interleaved, so both see the same machine state
        bare.append(_child("bare-start")["start"])
        app.append(_child("app-start", "--data", small))
    b, a = statistics.median(bare), statistics.median(r["start"] for r in app)
    shown = statistics.median(r["login_shown"] for r in app)
    after = statistics.median(r["after_sign_in"] for r in app)
    results += [_entry("bare_start_10k", b, "s", runs=bare),
                _entry("app_start_100k", a, "s", b, "<= 2x bare_start_10k", a <= 2 * b, [r["start"] for r in app]),
                _entry("app_login_shown_100k", shown, "s", b, runs=[r["login_shown"] for r in app]),
                _entry("app_signed_in_to_usable_100k", after, "s", b, runs=[r["after_sign_in"] for r in app])]

    bare_paint, app_paint = [], []
    for _ in range(repeats):
        bare_paint.append(_child("bare-paint"))
        app_paint.append(_child("app-paint", "--data", large))
    bp = statistics.median(r["paint"] * 1000 for r in bare_paint)
    ap = statistics.median(r["paint"] * 1000 for r in app_paint)
    br = statistics.median(r["rss"] for r in bare_paint)
    ar = statistics.median(r["rss"] for r in app_paint)
    results += [
        _entry("bare_first_paint_10k", bp, "ms", runs=[r["paint"] * 1000 for r in bare_paint], digits=1),
        _entry("first_paint_1m", ap, "ms", bp, "< 300 ms", ap < 300,
               [r["paint"] * 1000 for r in app_paint], digits=1),
        _entry("bare_peak_rss_10k", br, "MB", runs=[r["rss"] for r in bare_paint], digits=1),
        _entry("peak_rss_1m", ar, "MB", br, "< 200 MB (list scrolled to its middle)", ar < 200,
               [r["rss"] for r in app_paint], digits=1),
        _entry("scroll_middle_wait_1m", statistics.median(r["middle_wait"] * 1000 for r in app_paint), "ms",
               runs=[r["middle_wait"] * 1000 for r in app_paint], digits=1),
    ]

    found: dict[str, list[float]] = {"keystroke": [], "after_debounce": [], "service": [], "sql": [],
                                     "count": [], "plain": []}
    sizes: list[int] = []
    for _ in range(max(1, repeats // 2)):
        outcome = _child("app-search", "--data", large, "--rounds", str(rounds))
        for key in found:
            found[key] += [x * 1000 for x in outcome[key]]
        sizes += outcome["sizes"]
    sql, service = p95(found["sql"]), p95(found["service"])
    key, after = p95(found["keystroke"]), p95(found["after_debounce"])
    # p95 of the service by the query's length (1 to 6 letters), in "runs"
    by_length = [p95([t for t, n in zip(found["service"], sizes) if n == k] or [0.0]) for k in range(1, 7)]
    results += [
        _entry("search_sql_p95_1m", sql, "ms", digits=2),
        _entry("search_service_p95_1m", service, "ms", sql, "< 5 ms", service < 5, by_length, digits=2),
        _entry("search_keystroke_p95_1m", key, "ms", sql, "< 50 ms", key < 50, digits=1),
        _entry("search_after_debounce_p95_1m", after, "ms", sql, None, None, digits=1),
        _entry("search_exact_count_p95_1m", p95(found["count"]), "ms", sql, digits=1),
        _entry("search_sql_sort_all_p95_1m", p95(found["plain"]), "ms", sql, digits=1),
    ]
    return results


def merge(path: Path, new: list[dict]) -> list[dict]:
    """``new`` replaces the results of the same names in ``path``; the rest stay."""
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    names = {r["name"] for r in new}
    merged = [r for r in old if r.get("name") not in names] + new
    path.write_text(json.dumps(merged, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return merged


def print_table(results: list[dict]) -> None:
    print(f"{'name':32} {'value':>10} {'unit':4} {'baseline':>10} {'ratio':>6}  goal")
    for r in results:
        base = "" if r["baseline"] is None else r["baseline"]
        ratio = "" if r["ratio"] is None else r["ratio"]
        mark = "" if r["holds"] is None else ("holds" if r["holds"] else "FAILS")
        print(f"{r['name']:32} {r['value']:>10} {r['unit']:4} {base!s:>10} {ratio!s:>6}  {r['goal'] or ''} {mark}")
    if results:
        print(f"machine: {results[0]['machine']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.gui")
    parser.add_argument("--repeats", type=int, default=5, help="cold starts of each side (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="times each search query is typed per run")
    parser.add_argument("--out", type=Path, default=HERE / "results.json",
                        help="JSON results, merged with what is there (default benchmarks/results.json)")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--data", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, default=None, help=argparse.SUPPRESS)
    args, _rest = parser.parse_known_args(argv)
    if args.child:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        children = {
            "bare-start": lambda: child_bare_start(args.t0),
            "app-start": lambda: child_app_start(args.t0, args.data),
            "bare-paint": child_bare_paint,
            "app-paint": lambda: child_app_paint(args.data),
            "app-search": lambda: child_app_search(args.data, args.rounds),
        }
        children[args.child]()
        return 0
    results = run(args.repeats, args.rounds)
    merge(args.out, results)
    print_table(results)
    return 0 if all(r["holds"] is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
