"""When the power goes out or the disk fills: a damaged database is refused at start with
the newest good backup named (and restored keeping the damaged copy); a save that does not
fit on the disk is rolled back with a clear message; a read-only folder is refused
clearly; a process killed with SIGKILL in the middle of saving leaves every committed
record intact."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli.main import run
from desktop.services.app_services import open_services
from desktop.services.backup import automatic_backup
from desktop.services.recovery import (
    DatabaseDamaged,
    DataFolderReadOnly,
    DiskFull,
    quick_check,
    restore_damaged,
)

ROOT = Path(__file__).resolve().parents[2]


def _damage(database: Path) -> None:
    """Overwrite the middle of the file: what a torn write on power loss can leave (the
    app was running, so its session marker is still there)."""
    (database.parent / "session.open").touch()
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    with database.open("r+b") as f:
        for n in range(2, pages, max(1, pages // 40)):
            f.seek(n * page + 100)
            f.write(os.urandom(page // 2))


def test_damaged_database_names_the_newest_good_backup_and_restores_keeping_the_copy(data_dir, capsys):
    services = open_services(data_dir)
    person = services.persons.create({"first_name_th": "ก่อนไฟดับ", "last_name_th": "ปลอดภัย"})
    services.close()
    older = automatic_backup(services.paths, "daily")
    good = automatic_backup(services.paths, "daily")
    broken = services.paths.backups / "daily-29990101-000000-000000.zip"   # newest, but not a good backup
    broken.write_bytes(b"PK\x03\x04 torn")
    os.utime(broken, (good.stat().st_mtime + 60,) * 2)
    _damage(services.paths.database)
    assert quick_check(services.paths.database) != "ok"

    with pytest.raises(DatabaseDamaged) as caught:
        open_services(data_dir)
    assert caught.value.backup == good and older != good

    assert run(["--data-dir", str(data_dir), "list", "persons"]) == 1      # the command line: one line
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(good) in err and "govlab-desk restore" in err

    result = restore_damaged(services.paths, good)
    kept = Path(result["damaged"])
    assert kept.exists() and kept.parent == services.paths.backups            # the damaged copy is kept
    reopened = open_services(data_dir)
    try:
        assert reopened.persons.get(person["id"])["first_name_th"] == "ก่อนไฟดับ"
        assert reopened.audit.verify()["change_log"]["broken_seq"] is None
    finally:
        reopened.close()


def test_disk_full_during_a_save_rolls_back_with_a_clear_message(services):
    from sqlalchemy import event

    from desktop.i18n import translate_error

    services.persons.create({"first_name_th": "บันทึกแล้ว"})
    before = services.persons.count()
    engine = services.db.engine
    engine.dispose()

    def limit(dbapi_connection, _record):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    event.listen(engine, "connect", limit)
    try:
        with pytest.raises(DiskFull) as caught:
            services.persons.create({"first_name_th": "ไม่พอที่", "notes": "ข้อความยาว " * 900})
        assert "ดิสก์เต็ม" in translate_error(caught.value) or "disk is full" in translate_error(caught.value)
        assert services.persons.count() == before                         # rolled back, nothing lost
    finally:
        event.remove(engine, "connect", limit)
        engine.dispose()
    saved = services.persons.create({"first_name_th": "หลังเคลียร์พื้นที่"})
    assert services.persons.get(saved["id"])["first_name_th"] == "หลังเคลียร์พื้นที่"
    assert services.persons.count() == before + 1
    assert quick_check(services.paths.database) == "ok"
    assert services.audit.verify()["change_log"]["broken_seq"] is None


def test_read_only_data_folder_is_refused_clearly(data_dir, monkeypatch, capsys):
    from desktop.services import recovery

    monkeypatch.setattr(recovery, "writable", lambda folder: False)        # as a write-protected USB stick
    with pytest.raises(DataFolderReadOnly):
        open_services(data_dir)
    assert run(["--data-dir", str(data_dir), "list", "persons"]) == 1
    assert str(data_dir) in capsys.readouterr().err
    monkeypatch.undo()
    if os.geteuid() != 0:                                                  # root may write anyway
        os.chmod(data_dir, 0o555)
        try:
            with pytest.raises(DataFolderReadOnly):
                open_services(data_dir)
        finally:
            os.chmod(data_dir, 0o755)
    open_services(data_dir).close()


CHILD = r"""
import sys
from pathlib import Path
from desktop.services.app_services import open_services
services = open_services(Path(sys.argv[1]))
n = 0
while True:
    saved = services.persons.create({"first_name_th": f"บันทึก{n:05d}", "phone": f"02{n:07d}"})
    print(saved["id"], flush=True)          # printed only once committed
    n += 1
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_sigkill_during_a_save_loop_keeps_every_committed_record(data_dir):
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHAINLP_READ_ONLY="1")
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data_dir)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    committed = []
    try:
        for line in child.stdout:
            committed.append(line.strip())
            if len(committed) >= 60:
                break
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL and len(committed) >= 60, child.stderr.read()
    assert quick_check(data_dir / "govlab.sqlite") == "ok"
    services = open_services(data_dir)
    try:
        for record_id in committed:
            assert services.persons.get(record_id)["first_name_th"].startswith("บันทึก")
        assert services.audit.verify()["change_log"]["broken_seq"] is None
    finally:
        services.close()


def test_the_start_up_check_runs_after_an_unclean_end_only(data_dir):
    services = open_services(data_dir)
    marker = services.paths.root / "session.open"
    assert marker.exists()                      # open: a crash now would leave it behind
    services.close()
    assert not marker.exists()                  # a clean close: the next start skips the scan
    _damage(services.paths.database)            # power lost while the app was running
    with pytest.raises(DatabaseDamaged):
        open_services(data_dir)
