"""Switching the interface language while the app runs.

``switch_language(code)`` changes the language of ``desktop.i18n`` and installs or
removes the Thai translation of Qt's own strings. Qt then sends every widget a
``LanguageChange`` event; widgets built on ``Retranslating`` answer it by calling their
``retranslate()``, which sets every visible text again through ``_()``. No text is
translated once and kept: each ``retranslate()`` asks ``_()`` anew.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QTranslator

from desktop.i18n import set_language
from desktop.ui.qt_thai import OBJECT_NAME, ThaiQtTranslator


def qt_translator() -> ThaiQtTranslator:
    """The application's Thai translator of Qt's strings, created on first use."""
    app = QCoreApplication.instance()
    found = app.findChild(QTranslator, OBJECT_NAME)
    if isinstance(found, ThaiQtTranslator):
        return found
    return ThaiQtTranslator(app)


def switch_language(code: str) -> str:
    """Make ``code`` (th or en) the interface language everywhere; returns the code."""
    code = set_language(code)
    app = QCoreApplication.instance()
    if app is None:
        return code
    translator = qt_translator()
    want = code == "th"
    if want != translator.installed:
        # Installing or removing a translator makes Qt post LanguageChange to every
        # window, which passes it down to each child widget.
        if want:
            app.installTranslator(translator)
        else:
            app.removeTranslator(translator)
        translator.installed = want
    else:
        QCoreApplication.sendEvent(app, QEvent(QEvent.Type.LanguageChange))
    return code


class Retranslating:
    """Mixin for widgets: calls ``retranslate()`` whenever the language changes.

    List it before the Qt class: ``class Screen(Retranslating, QWidget)``."""

    def retranslate(self) -> None:  # pragma: no cover - every widget overrides it
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]
