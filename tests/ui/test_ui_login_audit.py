"""The Thai sign-in dialog, the first administrator, the screen lock and the audit screen."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QDialog, QLabel

from desktop.i18n import _
from desktop.ui.login import IdleLock, LoginDialog
from desktop.ui.screens.audit import AuditScreen

SHOTS = os.environ.get("GOVLAB_SCREENSHOTS")   # a folder to save screenshots in, when set


def _shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_first_start_creates_the_admin_then_sign_in_in_thai(services, qtbot, type_text):
    dialog = LoginDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.mode == "create" and dialog.windowTitle() == _("Create the administrator")
    type_text(dialog.username, "admin")
    type_text(dialog.display_name, "สมชาย ใจดี")
    dialog.password.setText("password-1")
    dialog.confirm.setText("password-2")
    dialog.submit()
    assert dialog.error.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.password.setText("password-1")
    dialog.confirm.setText("password-1")
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.actor.role == "admin"
    login = LoginDialog(services)
    qtbot.addWidget(login)
    login.show()
    assert login.mode == "login" and login.windowTitle() == _("Sign in to GovLab Desk")
    login.username.setText("admin")
    login.password.setText("wrong-password")
    login.submit()
    assert login.error.text() == _("Wrong user name or password.")
    _shot(login, "login")
    for label in login.findChildren(QLabel):
        if label.isVisible() and not label.wordWrap():
            assert label.width() >= label.sizeHint().width(), label.text()


def test_the_screen_locks_and_only_the_password_unlocks(services, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMainWindow, QWidget

    actor = services.users.create_first_admin("admin", "password-1")
    bound = services.as_user(actor)
    window = QMainWindow()
    window.setCentralWidget(QWidget())
    qtbot.addWidget(window)
    window.show()
    lock = IdleLock(window, bound, 1)
    assert lock.timer.isActive() and lock.timer.interval() == 60_000
    seen = []

    def answer(dialog):
        seen.append((dialog.mode, window.centralWidget().isVisible(), dialog.username.isReadOnly()))
        dialog.password.setText("password-1")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", answer)
    assert lock.lock() is True
    assert seen == [("unlock", False, True)] and window.centralWidget().isVisible()


def test_audit_screen_filters_masks_and_checks(services, context, qtbot):
    person = services.persons.create({"first_name_th": "มาลี", "last_name_th": "ศรีสุข", "national_id": "1101700230708"})
    services.persons.update(person["id"], {"position": "นักจัดการงานทั่วไป"})
    screen = AuditScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1100, 600)
    screen.show()
    screen.kind.setCurrentIndex(screen.kind.findData("person"))
    screen.reload()
    assert screen.table.rowCount() == 2
    details = " ".join(screen.table.item(r, 5).text() for r in range(2))
    assert "1101700230708" not in details and "x-xxxx-xxxx0-70-8" in details and "→ นักจัดการงานทั่วไป" in details
    screen.verify()
    assert screen.chain.text() == _("The audit log is intact: {count} entries checked.",
                                   count=services.audit.verify()["change_log"]["entries"])
    _shot(screen, "audit")
