"""Fixtures for the interface tests: a Qt app with the shipped font, a main window on a
real data folder, and helpers that type Thai the way a Thai keyboard delivers it.

``qtbot.keyClicks(widget, "สมชาย")`` aborts the test process (a Qt assertion on
non-Latin keys), so Thai is sent as key events that carry the text instead."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.ui.context import UiContext
from desktop.ui.language import switch_language
from desktop.ui.main_window import MainWindow
from desktop.ui.theme import apply_theme


@pytest.fixture(scope="session", autouse=True)
def _themed_app(qapp: QApplication) -> QApplication:
    apply_theme(qapp)
    return qapp


@pytest.fixture(autouse=True)
def thai(qapp: QApplication):
    """Every interface test starts in Thai, with Qt's own strings in Thai too."""
    switch_language("th")
    qapp.processEvents()
    yield
    switch_language("th")


@pytest.fixture
def context(services, qtbot) -> UiContext:
    ctx = UiContext(services)
    yield ctx
    ctx.tasks.wait(10_000)
    qtbot.wait(1)  # deliver the last results before the database closes


@pytest.fixture
def window(context, qtbot) -> MainWindow:
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _type(widget: QWidget, text: str) -> None:
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


@pytest.fixture
def type_text() -> Callable[[QWidget, str], None]:
    """``type_text(widget, "สมชาย")``: one key event per character, each carrying its text."""
    return _type


@pytest.fixture
def when_modal(qapp: QApplication, qtbot):
    """``when_modal(action)``: run ``action(dialog)`` once a modal dialog is open (for
    code that calls ``exec()``). Returns a list that records what ``action`` returned."""

    def schedule(action: Callable[[QWidget], object], timeout_ms: int = 5000) -> list:
        results: list = []
        waited = [0]

        def poll() -> None:
            dialog = qapp.activeModalWidget()
            if dialog is not None and dialog.isVisible():
                results.append(action(dialog))
                return
            waited[0] += 20
            if waited[0] < timeout_ms:
                QTimer.singleShot(20, poll)
            else:
                results.append(TimeoutError("no modal dialog opened"))

        QTimer.singleShot(0, poll)
        return results

    return schedule


@pytest.fixture
def th() -> Callable[..., str]:
    """``th(msgid)``: the Thai catalog's text for a message, checked to be Thai, so a test
    can expect the translation without repeating its wording."""
    from desktop.i18n import translator

    def thai(msgid: str, **params) -> str:
        text = translator("th").gettext(msgid, **params)
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in text), f"no Thai translation for {msgid!r}"
        return text

    return thai
