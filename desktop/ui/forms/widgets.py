"""Small pieces the record forms share: a field with its message underneath, pickers
that choose a record from a list while allowing typing, and national-ID feedback."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.digits import to_arabic_digits
from desktop.core.errors import ValidationFailed
from desktop.core.validation import clean_national_id
from desktop.i18n import _, translate_problem


def fit_height(changed: QWidget) -> None:
    """Grow the dialog of ``changed`` so wrapped messages under its fields are not cut off
    (Qt does not grow a window for a label that wraps onto a second line).

    The widgets between ``changed`` and the window are told of its new size first: Qt
    tells them one at a time from the event loop, after the window would be measured."""
    window = changed.window()
    layout = window.layout()
    if layout is None or not window.isVisible():
        return
    widget = changed
    while widget is not None and widget is not window:
        widget.updateGeometry()
        widget = widget.parentWidget()
    layout.activate()
    width = window.width()
    need = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
            else layout.totalSizeHint().height())
    if need > window.height():
        window.resize(width, need)


class FieldBox(QWidget):
    """An input with a message line under it (red for a problem, grey for a hint)."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout.addWidget(self.message)

    def show_message(self, text: str | None, kind: str = "error") -> None:
        self.message.setProperty("role", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text or "")
        self.message.setVisible(bool(text))
        fit_height(self.message)

    def message_text(self) -> str:
        return "" if self.message.isHidden() else self.message.text()

    def message_kind(self) -> str:
        return str(self.message.property("role") or "")


class RecordPicker(QComboBox):
    """An editable combo box over (id, text) choices with a contains-completer.

    ``chosen_id()`` is the id whose text matches what is typed; text that matches no
    choice is returned by ``free_text()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        # Long agency names must not widen a form past its window (and wrapped messages
        # under its fields would get the height for that width): ask for room for a short
        # name and show the rest in the drop-down list.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        self.clear()
        self.addItem("", None)
        for record_id, text in choices:
            self.addItem(text, record_id)
        self.setCurrentIndex(0)

    def chosen_id(self) -> str | None:
        text = self.currentText().strip()
        if not text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.itemData(index) if index > 0 else None

    def free_text(self) -> str | None:
        text = self.currentText().strip()
        return text if text and self.chosen_id() is None else None

    def choose(self, record_id: str | None, fallback_text: str | None = None) -> None:
        index = self.findData(record_id) if record_id else -1
        if index > 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(0)
            self.setEditText(fallback_text or "")


def national_id_feedback(text: str) -> tuple[str, str]:
    """(message, kind) for a national ID being typed: kind is error, hint, ok or ''."""
    raw = to_arabic_digits(text or "")
    digits = "".join(ch for ch in raw if ch.isdigit())
    if not raw.strip():
        return "", ""
    if len(digits) < 13 and all(ch.isdigit() or ch in " -" for ch in raw):
        return _("{count} of 13 digits", count=len(digits)), "hint"
    try:
        clean_national_id(raw)
    except ValidationFailed as failed:
        return translate_problem(failed.problems[0]), "error"
    return _("The check digit is correct."), "ok"


class NationalIdEdit(QLineEdit):
    """A line edit for a 13-digit national ID; digits in Thai or Arabic, with dashes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(20)
        self.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)


def agency_choices(services: Any) -> list[tuple[str, str]]:
    rows = services.agencies.list(limit=None).rows
    out = []
    for row in rows:
        text = row["name_th"]
        if row.get("abbr_th"):
            text = f"{text} ({row['abbr_th']})"
        out.append((row["id"], text))
    return out


def prefix_choices(services: Any) -> list[tuple[str, str]]:
    return [(row["id"], row["full_th"]) for row in services.search.prefixes()]
