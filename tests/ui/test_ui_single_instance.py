"""One running copy per data folder: a second launch says so and exits; a lock left by a
copy that crashed is taken over."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from desktop import app as app_module

HOLD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
    from desktop.app import lock_data_dir
    lock = lock_data_dir(Path(sys.argv[1]))
    print("locked" if lock else "busy", flush=True)
    sys.stdin.readline()
""")


def _holder(folder: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(app_module.__file__).resolve().parents[1])}
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_second_lock_on_the_same_folder_is_refused_until_the_first_is_released(qapp, tmp_path):
    first = app_module.lock_data_dir(tmp_path / "data")
    assert first is not None and first.isLocked()
    assert app_module.lock_data_dir(tmp_path / "data") is None
    assert app_module.lock_data_dir(tmp_path / "other") is not None
    first.unlock()
    again = app_module.lock_data_dir(tmp_path / "data")
    assert again is not None
    again.unlock()


def test_a_second_launch_says_so_and_exits(qapp, data_dir, monkeypatch):
    told = []
    monkeypatch.setattr(app_module, "already_open", lambda parent=None: told.append(True))
    monkeypatch.setattr(app_module, "event_loop", lambda _app, _window: (_ for _ in ()).throw(AssertionError))
    holder = _holder(data_dir)
    try:
        assert app_module.run_gui(["--data-dir", str(data_dir), "--lang", "th"]) == app_module.EXIT_ERROR
        assert told == [True]
    finally:
        holder.kill()
        holder.wait()
    # The holder died without unlocking: its lock is stale and is taken over.
    lock = app_module.lock_data_dir(data_dir)
    assert lock is not None
    lock.unlock()


def test_the_message_is_in_thai(qapp, when_modal):
    from desktop.i18n import translator

    texts = when_modal(lambda box: (box.text(), box.close()))
    app_module.already_open()
    expected = translator("th").gettext(
        "GovLab Desk is already open with this data folder. Switch to its window "
        "(look in the taskbar); a second copy would use the same database at the same time.")
    assert texts[0][0] == expected
