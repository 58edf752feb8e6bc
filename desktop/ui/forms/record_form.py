"""The shape every record form shares: a Details tab of labelled fields with their
messages underneath, further tabs for the record's parts, Save / Apply / Cancel, problems
from the service shown next to their fields in the interface language, and a question
before unsaved changes are thrown away.

A form subclass sets ``service`` (the attribute of ``Services``), ``TITLES`` (field ->
msgid), ``REQUIRED``, the window titles and ``PROMPT``, and adds its fields with
``add_field``. Parts (tabs) that need a saved record are enabled by ``record_saved``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import UserError, ValidationFailed
from desktop.core.text import N_
from desktop.i18n import _, translate_problem
from desktop.ui.forms.child_panel import ChildPanel
from desktop.ui.forms.fields import get_value, set_value
from desktop.ui.forms.widgets import FieldBox
from desktop.ui.language import Retranslating
from desktop.ui.messages import error_text
from desktop.ui.mnemonics import assign_keys, mnemonic, mnemonic_keys


class RecordForm(Retranslating, QDialog):
    """``Form(services, record=None)``: ``exec()`` returns Accepted once saved; the saved
    record is then in ``saved``. ``changed_kinds`` lists the kinds it wrote."""

    record_written = Signal(dict)

    service = ""                       # attribute of Services
    TITLES: ClassVar[dict[str, str]] = {}        # field -> msgid
    REQUIRED: frozenset[str] = frozenset()
    NEW_TITLE = ""                     # msgid
    EDIT_TITLE = "Edit {name}"         # msgid with {name}
    NAME_KEY = "title_th"
    PROMPT = N_("Save the changes?")
    DETAILS = N_("Details")           # the first tab
    ALIASES: ClassVar[dict[str, str]] = {}       # problem field -> form field

    def __init__(self, services: Any, record: dict[str, Any] | None = None,
                 parent: QWidget | None = None, tasks: Any = None) -> None:
        super().__init__(parent)
        self.services, self.record, self.saved, self.tasks = services, record, None, tasks
        self.changed_kinds: set[str] = set()
        self.setObjectName(f"{self.service}-form")
        self.setMinimumWidth(720)
        self.editors: dict[str, QWidget] = {}
        self.boxes: dict[str, FieldBox] = {}
        self.labels: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        self.general_error = QLabel()
        self.general_error.setProperty("role", "error")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        layout.addWidget(self.general_error)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        details = QWidget()
        self.form = QFormLayout(details)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(details)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tabs.addTab(scroll, "")
        layout.addWidget(self.tabs, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Apply
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(
            lambda: self.save(close=False))
        layout.addWidget(self.buttons)
        self.parts: list[tuple[QWidget, str]] = []   # (tab widget, msgid)
        self.build()
        # Alt+letter for each field: the same letter in Thai and English, none twice.
        self.keys = dict(zip(self.labels, assign_keys([self.TITLES[f] for f in self.labels],
                                                      taken=mnemonic_keys(self.buttons)), strict=True))
        _fit_combos(details)
        for name, editor in self.editors.items():
            set_value(editor, (record or {}).get(name))
        self._initial = self.values()
        if record is not None:
            self.record_saved()
        self.retranslate()
        self.resize(820, 640)

    # -- for subclasses ------------------------------------------------------------
    def build(self) -> None:
        """Add the fields (``add_field``) and parts (``add_part``)."""

    def add_field(self, name: str, editor: Any) -> Any:
        editor.setObjectName(name)
        box = FieldBox(editor)
        label = QLabel()
        label.setBuddy(editor)
        self.form.addRow(label, box)
        self.editors[name], self.boxes[name], self.labels[name] = editor, box, label
        return editor

    def add_part(self, widget: QWidget, title: str) -> QWidget:
        self.tabs.addTab(widget, "")
        self.parts.append((widget, title))
        if hasattr(widget, "wrote"):
            widget.wrote.connect(self.changed_kinds.add)
        return widget

    def record_saved(self) -> None:
        """Called once the record exists (after loading one, or after the first save)."""
        for widget, _title in self.parts:
            if hasattr(widget, "set_owner"):
                widget.set_owner(self.record)

    def extra_values(self) -> dict[str, Any]:
        return {}

    # -- language ------------------------------------------------------------------
    def retranslate(self) -> None:
        name = (self.record or {}).get(self.NAME_KEY)
        self.setWindowTitle(_(self.EDIT_TITLE, name=name) if name else _(self.NEW_TITLE))
        self.tabs.setTabText(0, _(self.DETAILS))
        for index, (widget, title) in enumerate(self.parts, 1):
            self.tabs.setTabText(index, _(title))
            if isinstance(widget, ChildPanel):
                widget.table.setAccessibleName(_(title))
        for field, label in self.labels.items():
            text = _(self.TITLES[field])
            keyed = mnemonic(text, self.keys[field])
            label.setText(f"{keyed} *" if field in self.REQUIRED else keyed)
            self.editors[field].setAccessibleName(text)
        for box in self.boxes.values():
            if box.message_kind() == "error":
                box.show_message(None)   # in the old language: cleared
        self.general_error.hide()

    # -- values --------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        out = {name: get_value(editor) for name, editor in self.editors.items()}
        out.update(self.extra_values())
        return out

    def is_dirty(self) -> bool:
        return self.values() != self._initial

    def _changes(self) -> dict[str, Any]:
        now = self.values()
        if self.record is None:
            return {k: v for k, v in now.items() if v is not None}
        return {k: v for k, v in now.items() if v != self._initial.get(k)}

    # -- saving --------------------------------------------------------------------
    def show_problems(self, failed: ValidationFailed) -> None:
        general, first = [], None
        for problem in failed.problems:
            box = self.boxes.get(self.ALIASES.get(problem.field or "", problem.field or ""))
            if box is None:
                general.append(translate_problem(problem))
                continue
            box.show_message(translate_problem(problem), "error")
            first = first or box.editor
        self.general_error.setText("\n".join(general))
        self.general_error.setVisible(bool(general))
        if first is not None:
            self.tabs.setCurrentIndex(0)
            first.setFocus()

    def check(self) -> bool:
        """Checks of the form itself before saving (False stops the save)."""
        return True

    def save(self, close: bool = True) -> bool:
        for box in self.boxes.values():
            box.show_message(None)
        self.general_error.hide()
        if not self.check():
            return False
        service = getattr(self.services, self.service)
        changes = self._changes()
        try:
            if self.record is None:
                self.saved = service.create(changes)
            elif changes:
                self.saved = service.update(self.record["id"], changes,
                                            expected_revision=self.record.get("revision"))
            else:
                self.saved = self.record
        except ValidationFailed as failed:
            self.show_problems(failed)
            return False
        except UserError as error:
            self.general_error.setText(error_text(error))
            self.general_error.show()
            return False
        first_save = self.record is None
        self.record = self.saved
        self.changed_kinds.add(service.kind)
        self._initial = self.values()
        self.record_written.emit(self.saved)
        if first_save:
            self.record_saved()
        self.retranslate()
        if close:
            super().accept()
        return True

    def reject(self) -> None:
        if self.is_dirty():
            box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(), _(self.PROMPT),
                              QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                              | QMessageBox.StandardButton.Cancel, self)
            box.setDefaultButton(QMessageBox.StandardButton.Save)
            answer = box.exec()
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                return
        for widget, _title in self.parts:
            if hasattr(widget, "flush"):
                widget.flush()
        if self.changed_kinds:
            self.setResult(QDialog.DialogCode.Accepted)
            self.done(QDialog.DialogCode.Accepted)   # parts were saved: lists must refresh
            return
        super().reject()


def _fit_combos(container: QWidget) -> None:
    """Long agency or area names must not widen the form past the window: a picker
    asks only for room for a short name and shows the rest in its drop-down list."""
    for combo in container.findChildren(QComboBox):
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(min(combo.minimumContentsLength() or 12, 12))
