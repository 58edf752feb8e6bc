"""Signing in before the main window, creating the first administrator of a folder that
has no users, and the screen lock after a time without input."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.i18n import _
from desktop.ui.language import Retranslating
from desktop.ui.messages import error_text
from desktop.ui.mnemonics import mnemonic

DEFAULT_LOCK_MINUTES = 10


class LoginDialog(Retranslating, QDialog):
    """Sign in (``mode='login'``), create the first administrator (``'create'``), or
    unlock the locked screen for the user already signed in (``unlock_user``)."""

    def __init__(self, services: Any, unlock_user: Any = None, parent: QWidget | None = None, *,
                 mode: str | None = None, opening: Any = None) -> None:
        super().__init__(parent)
        # ``opening``: the services still opening on a thread (``desktop.app.OpeningServices``),
        # waited for when OK is pressed; ``services`` is then None and ``mode`` given.
        self.services, self.actor, self.unlock_user, self.opening = services, None, unlock_user, opening
        self.mode = "unlock" if unlock_user else (mode or ("login" if services.users.has_users() else "create"))
        self.setObjectName("login")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.username, self.display_name = QLineEdit(), QLineEdit()
        self.password, self.confirm = QLineEdit(), QLineEdit()
        for name, editor in (("username", self.username), ("display_name", self.display_name),
                             ("password", self.password), ("confirm", self.confirm)):
            editor.setObjectName(name)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = {k: QLabel() for k in ("username", "display_name", "password", "confirm")}
        for name, label in self.labels.items():
            label.setBuddy(getattr(self, name))
        form.addRow(self.labels["username"], self.username)
        if self.mode == "create":
            form.addRow(self.labels["display_name"], self.display_name)
        form.addRow(self.labels["password"], self.password)
        if self.mode == "create":
            form.addRow(self.labels["confirm"], self.confirm)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if unlock_user is not None:
            self.username.setText(unlock_user.username)
            self.username.setReadOnly(True)
            self.password.setFocus()
        self.retranslate()

    def retranslate(self) -> None:
        titles = {"login": _("Sign in to GovLab Desk"), "create": _("Create the administrator"),
                  "unlock": _("The screen is locked")}
        intros = {
            "login": _("This computer is shared and the records are personal data. Sign in with your "
                       "user name and password."),
            "create": _("Nobody has an account on this data folder yet. Create the administrator, who "
                        "can then add the other users of this office."),
            "unlock": _("GovLab Desk was locked after a time without use. Type your password to go on, "
                        "or close the program."),
        }
        self.setWindowTitle(titles[self.mode])
        self.intro.setText(intros[self.mode])
        self.labels["username"].setText(mnemonic(_("User name"), "U"))
        self.labels["display_name"].setText(mnemonic(_("Full name"), "F"))
        self.labels["password"].setText(mnemonic(_("Password"), "P"))
        self.labels["confirm"].setText(mnemonic(_("Password again"), "A"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            _("Create") if self.mode == "create" else (_("Unlock") if self.mode == "unlock" else _("Sign in")))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            _("Close the program") if self.mode == "unlock" else _("Cancel"))

    def submit(self) -> None:
        self.error.hide()
        if self.services is None and not self._wait_for_services():
            self.accept()       # they did not open: the start says why (actor stays None)
            return
        try:
            if self.mode == "create":
                if self.password.text() != self.confirm.text():
                    raise UserError(N_("The two passwords are not the same."))
                self.actor = self.services.users.create_first_admin(
                    self.username.text(), self.password.text(), self.display_name.text())
            else:
                self.actor = self.services.users.authenticate(self.username.text(), self.password.text())
                if self.unlock_user is not None and self.actor.username != self.unlock_user.username:
                    raise UserError(N_("Wrong user name or password."))
        except UserError as error:
            self.password.clear()
            self.confirm.clear()
            self.error.setText(error_text(error))
            self.error.show()
            return
        self.accept()

    def _wait_for_services(self) -> bool:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.opening.error() is not None:
                return False
            self.services = self.opening.result()
            return True
        finally:
            QApplication.restoreOverrideCursor()


class IdleLock(QObject):
    """Locks ``window`` after ``minutes`` without keyboard or mouse input: its contents are
    hidden and only the signed-in user's password brings them back."""

    INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}

    def __init__(self, window: QWidget, services: Any, minutes: int | None, on_close: Any = None) -> None:
        super().__init__(window)
        self.window, self.services, self.on_close = window, services, on_close
        self.locked = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        QApplication.instance().installEventFilter(self)

    def set_minutes(self, minutes: int | None) -> None:
        self.minutes = DEFAULT_LOCK_MINUTES if minutes is None else int(minutes)
        self.timer.stop()
        if self.minutes > 0:
            self.timer.start(self.minutes * 60_000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if not self.locked and event.type() in self.INPUT and self.minutes > 0:
            self.timer.start(self.minutes * 60_000)
        return False

    def lock(self) -> bool:
        """Lock now; returns True once the user has unlocked, False if they closed the program."""
        if self.locked:
            return False
        self.locked = True
        central = self.window.centralWidget() if hasattr(self.window, "centralWidget") else None
        if central is not None:
            central.hide()
        try:
            dialog = LoginDialog(self.services, unlock_user=self.services.actor, parent=self.window)
            self.dialog = dialog
            ok = dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self.locked = False
            self.dialog = None
        if not ok:
            if self.on_close:
                self.on_close()
            return False
        if central is not None:
            central.show()
        self.set_minutes(self.minutes)
        return True
