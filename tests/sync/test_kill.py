"""Guarantee 2 against the real thing: an import process killed with SIGKILL at several
points leaves a sound database holding all of the package or none of it, and the import
runs again to completion. Staging folders left by a killed import go at the next start."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sync_helpers import bulk_persons, dump, normalized

from desktop.services.app_services import open_services

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

ROOT = Path(__file__).resolve().parents[2]
COUNT = 6000                      # two bulk batches (5000 + 1000)

# The importing child: kills itself at a chosen point of the import.
CHILD = r"""
import os, signal, sys
from pathlib import Path
from desktop.db import sync_store
from desktop.services.app_services import open_services
from desktop.sync import exchange

folder, package, mode, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
die = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
if mode == "changes":                 # after n changes merged, inside the transaction
    exchange.progress = lambda done: die() if done >= n else None
elif mode == "before-commit":         # everything written and flushed, not committed
    original = sync_store.add_package
    def add_package(session, **values):
        original(session, **values)
        session.flush()
        die()
    sync_store.add_package = add_package
services = open_services(Path(folder))
print("ready", flush=True)
services.sync.import_file(Path(package))
print("done", flush=True)
"""


@pytest.fixture(scope="module")
def large(site_templates, tmp_path_factory):
    root = tmp_path_factory.mktemp("kill")
    office, hq = root / "office", root / "hq-pristine"
    shutil.copytree(site_templates["a"], office)
    shutil.copytree(site_templates["hq"], hq)
    services = open_services(office)
    bulk_persons(services, COUNT)
    package = root / "large.govlab"
    services.sync.export(package, to=None)
    services.close()
    side = open_services(hq)
    before, before_norm = dump(side), normalized(side)
    side.close()
    reference = shutil.copytree(hq, root / "hq-reference")
    side = open_services(reference)
    assert side.sync.import_file(package).created == COUNT
    after = normalized(side)
    side.close()
    return root, hq, package, before, before_norm, after


def _child(folder: Path, package: Path, mode: str, n: int = 0) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHAINLP_READ_ONLY="1")
    return subprocess.Popen([sys.executable, "-c", CHILD, str(folder), str(package), mode, str(n)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


@pytest.mark.parametrize("mode, point", [
    ("changes", 1),            # after the first batch of records is written, mid-transaction
    ("before-commit", 0),      # everything written and flushed, the commit not reached
    ("timer", 0.05),           # while decrypting or checking
    ("timer", 0.6),            # wherever the import is by then (or after it finished)
])
def test_sigkill_during_import_leaves_all_or_nothing_and_the_import_reruns(large, tmp_path, mode, point):
    root, pristine, package, before, before_norm, after = large
    hq = shutil.copytree(pristine, tmp_path / "hq")
    child = _child(hq, package, "timer" if mode == "timer" else mode, int(point) if mode != "timer" else 0)
    assert child.stdout.readline().strip() == "ready"
    if mode == "timer":
        time.sleep(point)
        child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=120)
    if mode != "timer":
        assert child.returncode == -signal.SIGKILL, err
    killed = child.returncode == -signal.SIGKILL

    conn = sqlite3.connect(hq / "govlab.sqlite")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    side = open_services(hq)                                   # also cleans the killed import's staging
    try:
        assert not list(hq.glob("sync-staging-*"))
        now = normalized(side)
        if killed and mode != "timer":
            assert now == before_norm and dump(side) == before   # nothing of it, byte for byte
        else:
            assert now in (before_norm, after)                  # all or nothing
        report = side.sync.import_file(package)                 # and it runs again
        assert report.already_applied or report.created == COUNT
        assert normalized(side) == after
    finally:
        side.close()


def test_leftover_staging_folders_are_removed_at_start_but_live_ones_are_kept(large, tmp_path):
    root, pristine, *_ = large
    folder = shutil.copytree(pristine, tmp_path / "hq")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    leftover = folder / f"sync-staging-{dead}-abc123"
    (leftover / "sub").mkdir(parents=True)
    (leftover / "sub" / "package.zip").write_bytes(b"plain leftovers")
    old_style = folder / "sync-staging-k2j3h4"
    old_style.mkdir()
    os.utime(old_style, (time.time() - 7 * 3600,) * 2)
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        in_use = folder / f"sync-staging-{live.pid}-xyz789"
        in_use.mkdir()
        open_services(folder).close()
        assert not leftover.exists() and not old_style.exists()
        assert in_use.exists()                                 # another process may be importing
    finally:
        live.kill()
        live.wait()
    open_services(folder).close()
    assert not in_use.exists()
