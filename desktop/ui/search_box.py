"""A search field that searches as the user types, once typing pauses (30 ms)."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.i18n import _
from desktop.ui.language import Retranslating

DEBOUNCE_MS = 30  # long enough to merge a burst of keys, short enough to feel instant


class SearchBox(Retranslating, QLineEdit):
    search_changed = Signal(str)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placeholder = placeholder  # a msgid
        self.setClearButtonEnabled(True)
        self.setObjectName("search")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self.flush)
        self.retranslate()

    def flush(self) -> None:
        """Search now, without waiting for the pause."""
        self._timer.stop()
        self.search_changed.emit(self.text())

    def retranslate(self) -> None:
        self.setPlaceholderText(_(self._placeholder))
