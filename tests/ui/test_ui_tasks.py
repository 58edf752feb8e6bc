"""The background task helper: results come back on the GUI thread; newest wins."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread

from desktop.ui.tasks import TaskRunner


def test_result_arrives_on_the_gui_thread(qtbot, qapp):
    runner = TaskRunner()
    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    def done(value):
        seen["value"] = value
        seen["gui"] = QThread.currentThread() == qapp.thread()

    with qtbot.waitSignal(runner.all_done, timeout=5000):
        runner.run(work, done)
    assert seen["value"] == 42 and seen["gui"] is True
    assert seen["worker"] != threading.get_ident()


def test_a_failure_reaches_on_failed(qtbot):
    runner = TaskRunner()
    errors = []
    with qtbot.waitSignal(runner.all_done, timeout=5000):
        runner.run(lambda: 1 / 0, lambda _v: None, errors.append)
    assert isinstance(errors[0], ZeroDivisionError)


def test_only_the_newest_task_of_a_key_delivers(qtbot):
    runner = TaskRunner()
    delivered = []
    release = threading.Event()

    def slow():
        release.wait(5)
        return "old"

    with qtbot.waitSignal(runner.all_done, timeout=5000):
        runner.run(slow, delivered.append, key="search")
        runner.run(lambda: "new", delivered.append, key="search")
        time.sleep(0.05)
        release.set()
    assert delivered == ["new"]


def test_a_result_for_a_screen_already_closed_is_dropped(qtbot):
    from PySide6.QtWidgets import QGroupBox

    class Screen(QGroupBox):
        def show_result(self, value):
            self.setTitle(str(value))  # would raise on a deleted widget

    runner = TaskRunner()
    screen = Screen()
    release = threading.Event()
    with qtbot.waitSignal(runner.all_done, timeout=5000):
        runner.run(lambda: release.wait(5) and "late", screen.show_result)
        screen.deleteLater()
        qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(screen), timeout=2000)
        release.set()
    assert not runner.busy()


def test_many_tasks_come_back_through_one_object_made_and_kept_on_the_gui_thread(qtbot, qapp):
    from desktop.ui.tasks import _Signals

    runner = TaskRunner()
    results, steps = [], []
    with qtbot.waitSignal(runner.all_done, timeout=30_000):
        for n in range(300):
            runner.run(lambda n=n: n, results.append)
            runner.start(lambda progress, n=n: (progress.report(1, 1), -n)[1], results.append,
                         on_progress=lambda done, total: steps.append((done, total)))
    assert sorted(results) == sorted(list(range(300)) + [-n for n in range(300)])
    assert len(steps) == 300
    # No object per task: a worker never holds the last reference to a GUI-thread object.
    carriers = runner.findChildren(_Signals)
    assert len(carriers) == 1 and carriers[0].thread() == qapp.thread()
