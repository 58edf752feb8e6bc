"""Background work: run a plain function on the thread pool, get its result back on the
GUI thread. The one place in the interface that starts threads.

    runner = TaskRunner(parent_widget)
    runner.run(lambda: services.persons.list(search=text, limit=100),
               on_done=show_page, on_failed=show_error, key="person-search")

With a ``key``, only the newest task of that key delivers its result: an older one that
finishes later (a slower search for fewer letters) is dropped. The function must not
touch widgets; services open their own database session per call, so they are safe to
call from a worker thread. When the callback is a method of a widget that has been closed
and deleted by the time the work finishes (a screen left mid-load), the result is dropped; pass ``owner=`` when the callback is a lambda.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Signals(QObject):
    """The way back to the GUI thread, one per runner for all its tasks (each outcome
    carries its task's number). Made in the GUI thread as the runner's child and deleted
    with it there; never made and dropped per task, because a worker dropping the last
    reference would delete a GUI-thread object from another thread while its events may
    still be queued (a crash in the event loop, now and then)."""

    # (task number, ok, result or exception) in one object: PySide6 6.12 loses a
    # reference to True or False each time a bool travels as a queued signal argument,
    # which crashes Python 3.11 once enough tasks have run.
    finished = Signal(object)
    progress = Signal(object)   # (task number, done, total)

    def send(self, signal_name: str, value: object) -> None:
        """Emit from a worker; nothing when the runner (and so this object) is gone."""
        try:
            getattr(self, signal_name).emit(value)
        except RuntimeError:    # deleted with its runner (its window closed): nobody is waiting
            pass


class Cancelled(Exception):
    """Raised inside a task when the user cancelled it (see ``TaskProgress``)."""


class TaskProgress:
    """Handed to a function started with ``TaskRunner.start``: ``report(done, total)``
    from the worker, ``check()`` raises ``Cancelled`` once the GUI called ``cancel()``."""

    def __init__(self, number: int, signals: _Signals) -> None:
        self.number, self._signals = number, signals
        self._cancel = threading.Event()

    def report(self, done: int, total: int) -> None:
        self._signals.send("progress", (self.number, int(done), int(total)))

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


class _Job(QRunnable):
    def __init__(self, number: int, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.number, self.fn, self.signals = number, fn, signals

    def run(self) -> None:  # worker thread
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self.signals.send("finished", (self.number, False, exc))
        else:
            self.signals.send("finished", (self.number, True, result))


class TaskRunner(QObject):
    """Runs functions off the GUI thread and calls back on it."""

    all_done = Signal()

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._numbers = itertools.count(1)
        self._signals = _Signals(self)
        self._signals.finished.connect(self._finished)
        self._signals.progress.connect(self._progressed)
        self._pending: dict[int, tuple[Callable, Callable | None, str | None]] = {}
        self._progress: dict[int, Callable[[int, int], None]] = {}
        self._owners: dict[int, QObject] = {}
        self._newest: dict[str, int] = {}

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_failed: Callable[[BaseException], None] | None = None, key: str | None = None,
            owner: QObject | None = None) -> int:
        number = next(self._numbers)
        self._pending[number] = (on_done, on_failed, key)
        self._remember_owner(number, owner or on_done)
        if key is not None:
            self._newest[key] = number
        self._pool.start(_Job(number, fn, self._signals))
        return number

    def start(self, fn: Callable[[TaskProgress], Any], on_done: Callable[[Any], None],
              on_failed: Callable[[BaseException], None] | None = None,
              on_progress: Callable[[int, int], None] | None = None,
              owner: QObject | None = None) -> TaskProgress:
        """Like ``run``, for long work: ``fn(progress)`` reports how far it got (delivered
        to ``on_progress(done, total)`` on the GUI thread) and stops when cancelled."""
        number = next(self._numbers)
        progress = TaskProgress(number, self._signals)
        if on_progress is not None:
            self._progress[number] = on_progress
        self._pending[number] = (on_done, on_failed, None)
        self._remember_owner(number, owner or on_done)
        self._pool.start(_Job(number, lambda: fn(progress), self._signals))
        return progress

    def _remember_owner(self, number: int, owner_or_callback: object) -> None:
        owner = owner_or_callback if isinstance(owner_or_callback, QObject) \
            else getattr(owner_or_callback, "__self__", None)
        if isinstance(owner, QObject):
            self._owners[number] = owner

    def busy(self) -> bool:
        return bool(self._pending)

    def cancel(self, key: str) -> None:
        """Drop the result of every task of ``key`` still running."""
        self._newest[key] = -1

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (at shutdown, before the database closes)."""
        return self._pool.waitForDone(msecs)

    @Slot(object)
    def _progressed(self, event: tuple[int, int, int]) -> None:
        number, done, total = event
        callback = self._progress.get(number)
        owner = self._owners.get(number)
        if callback is not None and (owner is None or shiboken6.isValid(owner)):
            callback(done, total)

    @Slot(object)
    def _finished(self, outcome: tuple[int, bool, Any]) -> None:
        number, ok, payload = outcome
        on_done, on_failed, key = self._pending.pop(number, (None, None, None))
        self._progress.pop(number, None)
        stale = key is not None and self._newest.get(key) != number
        owner = self._owners.pop(number, None)
        if owner is not None and not shiboken6.isValid(owner):
            stale = True  # the screen that asked is gone
        try:
            if stale or on_done is None:
                return
            if ok:
                on_done(payload)
            elif on_failed is not None:
                on_failed(payload)
            else:
                log.error("Background task failed", exc_info=payload)
        finally:
            if not self._pending:
                self.all_done.emit()
