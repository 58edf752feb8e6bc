"""The search index's list order: records added after it was put in order sit in its
tail, doctor says when the tail has grown, and `reindex` folds it back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.db.health import search_index_tail
from desktop.services import doctor


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
