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


def _with_an_account(data_dir) -> None:
    from desktop.services.app_services import open_services

    services = open_services(data_dir)
    services.users.create_first_admin("admin", "password-1")
    services.close()


def test_an_everyday_start_asks_for_the_password_while_the_services_open_behind(data_dir, qtbot, monkeypatch):
    from desktop.ui.login import LoginDialog

    _with_an_account(data_dir)
    found = {}

    def answer(self):      # as a person types and presses OK
        found["mode"], found["opening"] = self.mode, self.services is None and self.opening is not None
        self.username.setText("admin")
        self.password.setText("password-1")
        self.submit()
        found["warming"] = self.services.db.raw._clock_warming is not None
        return self.result()

    def instead_of_the_event_loop(_app, window):
        qtbot.waitExposed(window)
        found["screen"] = window.current_spec().key
        found["user"] = window.context.services.actor.username
        window.close()
        return 0

    monkeypatch.setattr(LoginDialog, "exec", answer)
    monkeypatch.setattr(app_module, "event_loop", instead_of_the_event_loop)
    assert app_module.run_gui(["--data-dir", str(data_dir), "--lang", "th"]) == app_module.EXIT_OK
    assert found == {"mode": "login", "opening": True, "warming": True, "screen": "participants", "user": "admin"}


def test_a_wrong_password_on_the_quick_start_is_refused_in_the_dialog(data_dir, qtbot, monkeypatch, th):
    from desktop.ui.login import LoginDialog

    _with_an_account(data_dir)
    seen = []

    def answer(self):
        self.username.setText("admin")
        self.password.setText("wrong-password")
        self.submit()
        seen.append((self.result(), self.error.text(), self.password.text()))
        return QDialog.DialogCode.Rejected       # then the person closes the dialog

    monkeypatch.setattr(LoginDialog, "exec", answer)
    assert app_module.run_gui(["--data-dir", str(data_dir), "--lang", "th"]) == app_module.EXIT_OK
    assert seen == [(0, th("Wrong user name or password."), "")]


def test_services_that_fail_to_open_behind_the_dialog_are_explained_by_the_ordinary_start(
        data_dir, qtbot, monkeypatch, th):
    from desktop.core.errors import DatabaseTooNew
    from desktop.ui import messages
    from desktop.ui.login import LoginDialog

    _with_an_account(data_dir)
    shown, answered = [], []

    too_new = ("This database was written by a newer version of GovLab Desk (schema {revision}). "
               "Install that version or newer; the database has been left untouched.")

    def refuse(*_args, **_kwargs):
        raise DatabaseTooNew(too_new, revision="0099")

    def answer(self):
        answered.append(self.services is None)
        self.username.setText("admin")
        self.password.setText("password-1")
        self.submit()
        return self.result()

    monkeypatch.setattr("desktop.services.app_services.open_services", refuse)
    monkeypatch.setattr(LoginDialog, "exec", answer)
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, title=None: shown.append(messages.error_text(error)))
    assert app_module.run_gui(["--data-dir", str(data_dir), "--lang", "th"]) == app_module.EXIT_ERROR
    assert answered == [True]          # asked once, on the quick path; the ordinary path stopped at the error
    assert shown == [th(too_new, revision="0099")]
