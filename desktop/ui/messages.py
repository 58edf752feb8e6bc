"""Message boxes in the interface language: errors, confirmations."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.errors import UserError, ValidationFailed
from desktop.i18n import _, translate_error, translate_problem

log = logging.getLogger(__name__)


def error_text(error: BaseException) -> str:
    if isinstance(error, ValidationFailed):
        return "\n".join(translate_problem(p) for p in error.problems)
    if isinstance(error, UserError):
        return translate_error(error)
    return _("Something went wrong: {error}", error=str(error) or type(error).__name__)


def show_error(parent: QWidget | None, error: BaseException, title: str | None = None) -> None:
    if not isinstance(error, UserError):
        log.error("Unexpected error", exc_info=error)
    box = QMessageBox(QMessageBox.Icon.Warning, title or _("GovLab Desk"), error_text(error),
                      QMessageBox.StandardButton.Ok, parent)
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str, yes: str | None = None) -> bool:
    """Ask a yes/no question; ``yes`` renames the button that agrees."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    if yes:
        box.button(QMessageBox.StandardButton.Yes).setText(yes)
    return box.exec() == QMessageBox.StandardButton.Yes
