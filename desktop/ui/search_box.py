"""A search field that searches as the user types: every change of its text at once, no
pause waited for. A search reads one page in a few milliseconds however many records
match, and the list reads one search at a time, the newest (``RecordTableModel``), so
nothing piles up while keys come fast."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.i18n import _
from desktop.ui.language import Retranslating


class SearchBox(Retranslating, QLineEdit):
    search_changed = Signal(str)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placeholder = placeholder  # a msgid
        self.setClearButtonEnabled(True)
        self.setObjectName("search")
        self.textChanged.connect(self.search_changed.emit)
        self.returnPressed.connect(self.flush)
        self.retranslate()

    def flush(self) -> None:
        """Search again for the text as it stands (Enter)."""
        self.search_changed.emit(self.text())

    def retranslate(self) -> None:
        self.setPlaceholderText(_(self._placeholder))
        self.setAccessibleName(_(self._placeholder))   # the placeholder says what is searched
