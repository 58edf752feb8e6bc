"""Field editors the record forms share: choices of a closed vocabulary, Thai dates,
longer text, and the province -> district -> subdistrict picker; plus ``get_value`` and
``set_value``, which read and fill any of them the same way."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.i18n import _, translate_label
from desktop.i18n.thai_dates import format_date_numeric
from desktop.ui.forms.widgets import RecordPicker
from desktop.ui.language import Retranslating


class EnumCombo(Retranslating, QComboBox):
    """A choice of one member of a ``LabelledEnum`` (or none, with ``blank``)."""

    def __init__(self, enum: Any, blank: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enum, self.blank = enum, blank
        if blank:
            self.addItem("", None)
        for member in enum:
            self.addItem("", member.value)
        self.retranslate()

    def retranslate(self) -> None:
        start = 1 if self.blank else 0
        for row, member in enumerate(self.enum, start):
            self.setItemText(row, translate_label(member))

    def value(self) -> str | None:
        return self.currentData()

    def set_value(self, value: str | None) -> None:
        index = self.findData(value)
        self.setCurrentIndex(max(index, 0))


def enum_text(enum: Any, value: Any) -> str:
    """The label of a stored value in the current language ('' when empty or unknown)."""
    try:
        return translate_label(enum(value)) if value else ""
    except ValueError:
        return str(value)


class DateEdit(QLineEdit):
    """A date typed the Thai way (19/05/2566 or 19 พ.ค. 2566); the service parses it and
    reports a mistake under the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(40)

    def value(self) -> str | None:
        return self.text().strip() or None

    def set_value(self, value: Any) -> None:
        self.setText(date_text(value))


def date_text(value: Any) -> str:
    """An ISO date (or date) as 19/05/2566; anything else unchanged."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_date_numeric(value)


class LongText(QPlainTextEdit):
    """Several lines of text; Tab moves on to the next field."""

    def __init__(self, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 16)

    def value(self) -> str | None:
        return self.toPlainText().strip() or None

    def set_value(self, value: Any) -> None:
        self.setPlainText(value or "")


class AreaPicker(Retranslating, QWidget):
    """Province, then district, then subdistrict, from the shipped reference data; the
    value is the code of the deepest one chosen (2, 4 or 6 digits)."""

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.levels = [QComboBox(), QComboBox(), QComboBox()]
        for number, combo in enumerate(self.levels):
            combo.setObjectName(("province", "district", "subdistrict")[number])
            combo.setMinimumContentsLength(6)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            layout.addWidget(combo, 1)
            combo.currentIndexChanged.connect(lambda _i, n=number: self._chosen(n))
        self.setFocusProxy(self.levels[0])   # its label's Alt+letter goes to the province
        self._fill(0, None)
        self.retranslate()

    def retranslate(self) -> None:
        for combo, blank in zip(self.levels, (_("Province"), _("District"), _("Subdistrict")), strict=True):
            combo.setItemText(0, f"— {blank} —")
            combo.setAccessibleName(blank)

    def _fill(self, level: int, parent_code: str | None) -> None:
        combo = self.levels[level]
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("", None)
        if level == 0 or parent_code:
            for row in self.services.search.areas(parent_code):
                combo.addItem(row["name_th"], row["code"])  # place names are data: Thai
        combo.setEnabled(combo.count() > 1)
        combo.blockSignals(False)
        if level + 1 < len(self.levels):
            self._fill(level + 1, None)
        self.retranslate()

    def _chosen(self, level: int) -> None:
        if level + 1 < len(self.levels):
            self._fill(level + 1, self.levels[level].currentData())

    def value(self) -> str | None:
        for combo in reversed(self.levels):
            if combo.currentData():
                return combo.currentData()
        return None

    def set_value(self, code: str | None) -> None:
        code = code or ""
        for level, length in enumerate((2, 4, 6)):
            combo = self.levels[level]
            index = combo.findData(code[:length]) if len(code) >= length else -1
            combo.setCurrentIndex(max(index, 0))  # fills the next level through the signal


def get_value(editor: QWidget) -> Any:
    if isinstance(editor, RecordPicker):
        return editor.chosen_id()
    if callable(getattr(editor, "value", None)):
        return editor.value()
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QLineEdit):
        return editor.text().strip() or None
    raise TypeError(type(editor).__name__)


def set_value(editor: QWidget, value: Any) -> None:
    if isinstance(editor, RecordPicker):
        editor.choose(value)
    elif hasattr(editor, "set_value"):
        editor.set_value(value)
    elif isinstance(editor, QComboBox):
        editor.setCurrentIndex(max(editor.findData(value), 0))
    elif isinstance(editor, QLineEdit):
        editor.setText("" if value is None else str(value))
        editor.setCursorPosition(0)   # a long title shows its beginning
    else:
        raise TypeError(type(editor).__name__)
