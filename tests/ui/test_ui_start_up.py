"""What the main window does first: the first screen's rows before the status bar's counts,
and the app's start with its background work (the clock, the window's modules)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from desktop import app as app_module
from desktop.ui.main_window import MainWindow


def test_the_counts_are_read_after_the_first_screen_has_its_rows(context, qtbot, monkeypatch):
    seen = []

    def counted(self) -> None:
        seen.append(self.screen("participants").model.is_loading())
        original(self)

    original = MainWindow.refresh_counts
    monkeypatch.setattr(MainWindow, "refresh_counts", counted)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    assert window.current_spec().key == "participants" and seen == []
    qtbot.waitUntil(lambda: window.counts_label.text() != "")
    assert seen == [False]
    window.close()


def test_the_start_warms_the_clock_and_imports_the_window_while_signing_in(data_dir, qtbot, monkeypatch):
    from desktop.ui.login import LoginDialog

    found = {}

    def answer(self):
        self.actor = self.services.users.create_first_admin("admin", "password-1")
        found["warming"] = self.services.db.raw._clock_warming is not None
        return QDialog.DialogCode.Accepted

    def instead_of_the_event_loop(_app, window):
        qtbot.waitExposed(window)
        found["screen"] = window.current_spec().key
        window.close()
        return 0

    monkeypatch.setattr(LoginDialog, "exec", answer)
    monkeypatch.setattr(app_module, "event_loop", instead_of_the_event_loop)
    assert app_module.run_gui(["--data-dir", str(data_dir), "--lang", "th"]) == app_module.EXIT_OK
    assert found == {"warming": True, "screen": "participants"}
