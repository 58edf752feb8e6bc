"""The installed Qt binding survives a long day of calls.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every Qt call that returns
nothing, and Python aborts after some thousands of them; the dependency pins keep that
build out. This runs the calls in a child process, so an abort fails the test instead
of killing the test run."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
from PySide6.QtWidgets import QApplication, QLabel
from PySide6.QtCore import QObject, Signal

class Emitter(QObject):
    fired = Signal(bool)

app = QApplication([])
label = QLabel()
emitter = Emitter()
emitter.fired.connect(lambda value: None)
for i in range(300_000):
    label.setText("ปี่")
    emitter.fired.emit(True)
print("survived")
"""


def test_many_qt_calls_do_not_corrupt_reference_counts():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived" in result.stdout
