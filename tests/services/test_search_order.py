"""Searches read in list order from the index (rows numbered in Thai dictionary order,
search_schema): the same pages, order and totals as sorting every match, for common and
rare terms, with rows added or renamed since (the tail), the trash and filters; doctor
saying when the tail has grown, and `reindex` folding it back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from desktop.core.thai_order import person_sort_key
from desktop.db import repository
from desktop.db.health import search_index_tail
from desktop.services import doctor

FIRST = ["สมชาย", "สมศักดิ์", "ประเสริฐ", "กนกวรรณ", "สุรชัย", "วิไลวรรณ", "สมหญิง", "เกษม", "ไก่", "อำนาจ"]
LAST = ["ใจดี", "รักไทย", "สมบูรณ์", "ศรีสมชาย", None, "ประเสริฐวงศ์"]
POSITIONS = ["นักวิเคราะห์นโยบายและแผน", "นักจัดการงานทั่วไป", None]
QUERIES = ["สมช", "สมชาย", "สมศักดิ์", "ประเสริฐ", "รรณ", "ใจดี", "นักวิเคราะห์", "นัก", "ไม่มีใคร", "อำนาจ รัก",
           "สม", "ก", "เก"]
PAGES = [(200, 0), (3, 0), (3, 2), (4, 7), (5, 40)]


def _opdc(services):
    return services.agencies.list(search="ก.พ.ร.").rows[0]["id"]


def _make(services, count, start=0, agency=None):
    made = []
    for i in range(start, start + count):
        made.append(services.persons.create({
            "first_name_th": FIRST[i % len(FIRST)], "last_name_th": LAST[(i * 7) % len(LAST)],
            "position": POSITIONS[i % len(POSITIONS)], "agency_id": agency if i % 3 == 0 else None,
            "phone": f"08{i:08d}"}))
    return made


def _reorder(services):
    with services.db.write() as s:
        repository.reorder_search_index(s)


def _body(p):
    return (f"{p.get('prefix_th') or ''}{p['first_name_th']} {p.get('last_name_th') or ''} "
            f"{p.get('first_name_en') or ''} {p.get('last_name_en') or ''} {p.get('position') or ''} "
            f"{p.get('email') or ''} {p.get('phone') or ''}")


def _expected(services, query, deleted=False, agency=None):
    """Every match, found by reading every record, in list order."""
    people = services.persons.list(limit=None, deleted=deleted).rows
    if len(query) >= repository.SEARCH_MIN_TRIGRAM:
        hits = [p for p in people if query in _body(p)]
    else:
        prefix = repository.sort_key(query).split("\x01")[0]
        hits = [p for p in people if person_sort_key(p["first_name_th"], p.get("last_name_th")).startswith(prefix)]
    if agency is not None:
        hits = [p for p in hits if p.get("agency_id") == agency]
    hits.sort(key=lambda p: (person_sort_key(p["first_name_th"], p.get("last_name_th")), p["id"].replace("-", "")))
    return [p["id"] for p in hits]


def _check_all(services, agency=None):
    filters = {"agency_id": agency} if agency else None
    for query in QUERIES:
        expected = _expected(services, query, agency=agency)
        for descending in (False, True):
            wanted = expected[::-1] if descending else expected
            for limit, offset in PAGES:
                for lean in (False, True):
                    page = services.persons.list(search=query, filters=filters, limit=limit, offset=offset,
                                                 descending=descending, lean=lean)
                    assert [r["id"] for r in page.rows] == wanted[offset:offset + limit], (query, limit, offset)
                    assert page.total == len(expected) and page.exact, query
                    quick = services.persons.list(search=query, filters=filters, limit=limit, offset=offset,
                                                  descending=descending, lean=lean, exact=False)
                    assert [r["id"] for r in quick.rows] == [r["id"] for r in page.rows]
                    assert quick.total == len(expected) and quick.exact   # a few: counted to the end
        assert services.persons.count(search=query, filters=filters) == len(expected)


def test_ordered_search_matches_sorting_every_match(services):
    agency = _opdc(services)
    ordered = _make(services, 40, agency=agency)
    _reorder(services)
    with services.db.read() as s:
        low, high = s.execute(text("SELECT low, high FROM search_block WHERE kind = 'person'")).one()
    assert high - low + 1 == 40
    _check_all(services)                       # the range alone, nothing to check
    _make(services, 9, start=40, agency=agency)  # the tail: added after the reorder
    for person in ordered[:4]:                 # renamed: moved to the tail
        services.persons.update(person["id"], {"first_name_th": "สมชาติ" + person["first_name_th"]})
    for person in ordered[4:7]:                # a new text in the same place
        services.persons.update(person["id"], {"position": "ผู้อำนวยการกอง"})
    _check_all(services)
    for person in ordered[10:14]:              # the trash: matches checked against the records
        services.persons.delete(person["id"])
    _check_all(services)
    _check_all(services, agency=agency)        # a filter
    trash = services.persons.list(search="สมช", deleted=True, limit=50).rows
    assert [r["id"] for r in trash] == _expected(services, "สมช", deleted=True)


def test_renaming_moves_the_row_past_every_range(services):
    person = _make(services, 3)[1]
    _reorder(services)
    with services.db.read() as s:
        boundary = s.execute(text("SELECT max(high) FROM search_block")).scalar()
    services.persons.update(person["id"], {"first_name_th": "ไพโรจน์"})
    with services.db.read() as s:
        rowid = s.execute(text("SELECT rowid FROM search_doc WHERE record_id = :i"),
                          {"i": person["id"].replace("-", "")}).scalar()
        indexed = s.execute(text("SELECT body FROM search_text WHERE rowid = :r"), {"r": rowid}).scalar()
    assert rowid > boundary and "ไพโรจน์" in indexed
    assert [r["id"] for r in services.persons.list(search="ไพโรจน์").rows] == [person["id"]]


def test_a_new_row_never_takes_a_number_inside_a_range(services):
    people = _make(services, 5)
    _reorder(services)
    with services.db.read() as s:
        boundary = s.execute(text("SELECT max(high) FROM search_block")).scalar()
        top = s.execute(text("SELECT record_id FROM search_doc WHERE rowid = :r"), {"r": boundary}).scalar()
    with services.db.write() as s:   # the record numbered last goes (as a purge would remove it)
        s.execute(text("DELETE FROM person WHERE id = :i"), {"i": top})
    added = services.persons.create({"first_name_th": "กมล"})
    with services.db.read() as s:
        rowid = s.execute(text("SELECT rowid FROM search_doc WHERE record_id = :i"),
                          {"i": added["id"].replace("-", "")}).scalar()
    assert rowid > boundary
    assert len(people) == 5


def test_a_quick_count_stops_at_the_cap_and_the_exact_one_follows(services, monkeypatch):
    agency = _opdc(services)
    _make(services, 30, agency=agency)
    _reorder(services)
    monkeypatch.setattr(repository, "SEARCH_COUNT_CAP", 5)
    for query in ("นัก", "ส"):    # the trigram index; the start of the name
        everything = _expected(services, query)
        assert len(everything) > 5
        quick = services.persons.list(search=query, limit=3, lean=True, exact=False)
        assert not quick.exact and 3 <= quick.total <= len(everything)
        assert [r["id"] for r in quick.rows] == everything[:3]
        exact = services.persons.list(search=query, limit=3, lean=True)
        assert exact.exact and exact.total == len(everything)
        assert services.persons.count(search=query) == len(everything)
    services.persons.delete(_expected(services, "นัก")[0])   # the trash: left out in SQL
    everything = _expected(services, "นัก")
    quick = services.persons.list(search="นัก", limit=3, lean=True, exact=False)
    assert not quick.exact and quick.total == 5 and [r["id"] for r in quick.rows] == everything[:3]
    assert services.persons.count(search="นัก") == len(everything)
    # a filter: the matches checked against the records, a batch at a time
    mine = _expected(services, "นัก", agency=agency)
    filters = {"agency_id": agency}
    quick = services.persons.list(search="นัก", filters=filters, limit=3, lean=True, exact=False)
    assert quick.exact and quick.total == len(mine)   # every match checked in one batch: counted
    monkeypatch.setattr(repository, "_VERIFY_BATCH", 2)
    quick = services.persons.list(search="นัก", filters=filters, limit=3, lean=True, exact=False)
    assert not quick.exact and 3 <= quick.total <= len(mine) and [r["id"] for r in quick.rows] == mine[:3]
    assert services.persons.count(search="นัก", filters=filters) == len(mine)
    monkeypatch.setattr(repository, "SEARCH_COUNT_CAP", 1000)
    quick = services.persons.list(search="นัก", limit=3, lean=True, exact=False)
    assert quick.exact and quick.total == len(everything)


def test_too_many_matches_to_check_fall_back_to_sorting_them_all(services, monkeypatch):
    agency = _opdc(services)
    _make(services, 30, agency=agency)
    _reorder(services)
    monkeypatch.setattr(repository, "_VERIFY_BATCH", 2)
    monkeypatch.setattr(repository, "_VERIFY_BUDGET", 4)
    expected = _expected(services, "นัก", agency=agency)
    page = services.persons.list(search="นัก", filters={"agency_id": agency}, limit=5, lean=True)
    assert [r["id"] for r in page.rows] == expected[:5] and page.total == len(expected)


def test_a_search_reads_its_page_in_order_from_the_index(services):
    with services.db.read() as s:
        for trash in (None, "person"):
            for descending in (False, True):
                for after in (False, True):
                    statement = repository._hits_statement(trash, descending, after)
                    plan = " ".join(str(r[-1]) for r in s.execute(
                        text("EXPLAIN QUERY PLAN " + statement.text),
                        {"q": '"สมชาย"', "low": 1, "high": 10, "n": 200, "skip": 0, "after": 0}))
                    # read in the index's order, the trash's ids gathered once (a list), no record read
                    assert "TEMP B-TREE" not in plan and plan.startswith("SCAN t VIRTUAL TABLE"), plan
                    assert "SEARCH person USING INDEX sqlite_autoindex" not in plan, plan


def _names(services, query: str) -> list[str]:
    return [r["first_name_th"] for r in services.persons.list(search=query, limit=50).rows]


def test_reindex_folds_the_tail_back_and_search_finds_the_same(services, data_dir, monkeypatch):
    for first, last in (("สมชาย", "ใจดี"), ("สมหญิง", "รักไทย"), ("ปิ่นมณี", "ศรีสุข"), ("สมศักดิ์", "ใจดีมาก")):
        services.persons.create({"first_name_th": first, "last_name_th": last})
    tail, indexed = search_index_tail(services.db.engine)
    assert tail >= 4 and indexed >= tail
    before = {q: _names(services, q) for q in ("สม", "ใจดี", "มณี")}
    assert before["ใจดี"] == ["สมชาย", "สมศักดิ์"]

    monkeypatch.setattr(doctor, "SEARCH_TAIL_WARN", 2)
    order = next(c for c in doctor.run_checks(data_dir) if c.name == "Search order")
    assert order.ok and order.warning and "govlab-desk reindex" in order.detail

    services.close()
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "--lang", "en", "reindex"],
                          capture_output=True, text=True, timeout=300, cwd=root,
                          env=dict(os.environ, PYTHONPATH=str(root), PYTHAINLP_READ_ONLY="1"))
    assert done.returncode == 0, done.stderr
    assert "The search index is in list order again" in done.stdout

    from desktop.services.app_services import open_services
    again = open_services(data_dir)
    try:
        assert search_index_tail(again.db.engine)[0] == 0
        assert {q: _names(again, q) for q in before} == before
        order = next(c for c in doctor.run_checks(data_dir) if c.name == "Search order")
        assert order.ok and not order.warning and order.detail.startswith("0 of ")
    finally:
        again.close()
