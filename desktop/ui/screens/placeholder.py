"""The panel of a screen that is not built yet: what it will hold, in the user's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.language import Retranslating

if TYPE_CHECKING:
    from desktop.ui.screens import ScreenSpec


class PlaceholderScreen(Retranslating, QWidget):
    def __init__(self, spec: ScreenSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"screen-{spec.key}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        outer.addWidget(self.heading)
        panel = QFrame()
        panel.setObjectName("placeholder")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(24, 24, 24, 24)
        self.badge = QLabel()
        self.badge.setObjectName("coming-soon")
        self.badge.setStyleSheet("font-weight: bold; color: #1f5fa8;")
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner.addWidget(self.badge)
        inner.addWidget(self.description)
        inner.addStretch(1)
        outer.addWidget(panel, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_(self.spec.title))
        self.badge.setText(_("This screen is coming in a later version."))
        self.description.setText(_(self.spec.about))
