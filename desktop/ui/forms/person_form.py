"""Creating and editing a participant (person): Thai and English names, position,
agency, contact details and an optional national ID checked while it is typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import UserError, ValidationFailed
from desktop.core.text import N_
from desktop.i18n import _, translate_problem
from desktop.services.access import REVEAL
from desktop.ui.forms.attachments_panel import AttachmentsPanel
from desktop.ui.forms.widgets import (
    FieldBox,
    NationalIdEdit,
    RecordPicker,
    agency_choices,
    national_id_feedback,
    prefix_choices,
)
from desktop.ui.language import Retranslating
from desktop.ui.messages import error_text
from desktop.ui.mnemonics import assign_keys, mnemonic, mnemonic_keys

# Position classifications of the Thai civil service; typed values are accepted too.
LEVELS = ("ปฏิบัติงาน", "ชำนาญงาน", "อาวุโส", "ทักษะพิเศษ", "ปฏิบัติการ", "ชำนาญการ",
          "ชำนาญการพิเศษ", "เชี่ยวชาญ", "ทรงคุณวุฒิ", "อำนวยการต้น", "อำนวยการสูง",
          "บริหารต้น", "บริหารสูง")

REVEAL_SECONDS = 30

TEXT_FIELDS = ("first_name_th", "last_name_th", "first_name_en", "last_name_en", "position",
               "phone", "email")
TITLES = {
    "prefix_id": N_("Prefix"), "first_name_th": N_("First name (Thai)"), "last_name_th": N_("Last name (Thai)"),
    "first_name_en": N_("First name (English)"), "last_name_en": N_("Last name (English)"),
    "position": N_("Position"), "level": N_("Level"), "agency_id": N_("Agency"), "phone": N_("Phone"),
    "email": N_("E-mail"), "national_id": N_("National ID"),
}
REQUIRED = frozenset({"first_name_th"})


class PersonForm(Retranslating, QDialog):
    """``PersonForm(services, record=None)``: ``exec()`` returns Accepted once saved;
    the saved record is then in ``saved``."""

    def __init__(self, services: Any, record: dict[str, Any] | None = None,
                 parent: QWidget | None = None, tasks: Any = None) -> None:
        super().__init__(parent)
        self.services, self.record, self.saved = services, record, None
        self.changed_kinds: set[str] = set()
        self.setObjectName("person-form")
        self.setMinimumWidth(560)
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
        self.tabs.addTab(details, "")
        # Photos and documents of the person (their photo, an ID card copy, certificates ...).
        self.files = AttachmentsPanel(services, "person", tasks)
        self.files.wrote.connect(self.changed_kinds.add)
        self.tabs.addTab(self.files, "")
        layout.addWidget(self.tabs, 1)
        self.prefix = self._add("prefix_id", RecordPicker())
        self.prefix.set_choices(prefix_choices(services))
        for name in TEXT_FIELDS[:5]:
            self._add(name, QLineEdit())
        self.level = self._add("level", QComboBox())
        self.level.setEditable(True)
        self.level.addItems(("",) + LEVELS)
        self.agency = self._add("agency_id", RecordPicker())
        self.agency.set_choices(agency_choices(services))
        for name in TEXT_FIELDS[5:]:
            self._add(name, QLineEdit())
        self.national_id = self._add("national_id", NationalIdEdit())
        self.national_id.textChanged.connect(self._check_national_id)
        # Administrators may see the full number for a moment; each time is an audit event.
        reveal_row = QWidget()
        reveal_layout = QHBoxLayout(reveal_row)
        reveal_layout.setContentsMargins(0, 0, 0, 0)
        self.reveal_button = QPushButton()
        self.reveal_button.setObjectName("reveal-national-id")
        self.revealed = QLabel()
        self.revealed.setObjectName("revealed-national-id")
        self.revealed.setTextInteractionFlags(self.revealed.textInteractionFlags().TextSelectableByMouse)
        reveal_layout.addWidget(self.reveal_button)
        reveal_layout.addWidget(self.revealed, 1)
        self.form.addRow("", reveal_row)
        self.reveal_row = reveal_row
        self.reveal_timer = QTimer(self)
        self.reveal_timer.setSingleShot(True)
        self.reveal_timer.timeout.connect(self.hide_national_id)
        self.reveal_button.clicked.connect(self.reveal_national_id)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Apply
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        layout.addWidget(self.buttons)
        # Alt+letter for each field: the same letter in Thai and English, none twice.
        self.keys = dict(zip(self.labels, assign_keys([TITLES[f] for f in self.labels],
                                                      taken=mnemonic_keys(self.buttons)), strict=True))
        self.files.set_owner(record)
        self._load(record or {})
        self._initial = self.values()
        self.retranslate()

    def _add(self, name: str, editor: QWidget) -> Any:
        editor.setObjectName(name)
        box = FieldBox(editor)
        label = QLabel()
        label.setBuddy(editor)
        self.form.addRow(label, box)
        self.editors[name], self.boxes[name], self.labels[name] = editor, box, label
        return editor

    def retranslate(self) -> None:
        name = (self.record or {}).get("full_name_th")
        self.setWindowTitle(_("Edit {name}", name=name) if name else _("New participant"))
        for field, label in self.labels.items():
            text = _(TITLES[field])
            keyed = mnemonic(text, self.keys[field])
            label.setText(f"{keyed} *" if field in REQUIRED else keyed)
            self.editors[field].setAccessibleName(text)
        self.tabs.setTabText(0, _("Details"))
        self.tabs.setTabText(1, _("Photos and files"))
        self.editors["phone"].setPlaceholderText(_("such as 081-234-5678"))
        self.editors["email"].setPlaceholderText("name@example.go.th")
        self.agency.lineEdit().setPlaceholderText(_("Type part of the name to find the agency"))
        masked = (self.record or {}).get("national_id_masked")
        self.national_id.setPlaceholderText(
            _("{masked} (type a new number only to change it)", masked=masked) if masked
            else _("13 digits, optional"))
        self._check_national_id(self.national_id.text())
        self.reveal_button.setText(_("Show national ID"))
        self.reveal_button.setToolTip(_("Shows the full number for {seconds} seconds; this is recorded in the "
                                        "audit log.", seconds=REVEAL_SECONDS))
        self.reveal_row.setVisible(bool(masked) and self.services.actor.can(REVEAL))
        # Messages from the last save attempt are in the old language: clear them.
        for field, box in self.boxes.items():
            if field != "national_id" and box.message_kind() == "error":
                box.show_message(None)
        self.general_error.hide()

    # -- revealing the national ID (administrators, audited) ----------------------
    def reveal_national_id(self) -> None:
        try:
            digits = self.services.pdpa.reveal_national_id(self.record["id"])
        except UserError as error:
            self.general_error.setText(error_text(error))
            self.general_error.show()
            return
        from desktop.core.validation import format_national_id

        self.revealed.setText(format_national_id(digits) if digits else "")
        self.reveal_button.setEnabled(False)
        self.reveal_timer.start(REVEAL_SECONDS * 1000)

    def hide_national_id(self) -> None:
        self.revealed.setText("")
        self.reveal_button.setEnabled(True)

    # -- values ------------------------------------------------------------------
    def _load(self, record: dict[str, Any]) -> None:
        self.prefix.choose(record.get("prefix_id"), record.get("prefix_th"))
        for name in TEXT_FIELDS:
            self.editors[name].setText(record.get(name) or "")
        self.level.setCurrentText(record.get("level") or "")
        self.agency.choose(record.get("agency_id"), record.get("agency_name"))

    def values(self) -> dict[str, Any]:
        """What the form holds now, as the service's fields."""
        out: dict[str, Any] = {name: self.editors[name].text().strip() or None for name in TEXT_FIELDS}
        out["prefix_id"] = self.prefix.chosen_id()
        out["prefix_th"] = self.prefix.free_text()
        out["level"] = self.level.currentText().strip() or None
        out["agency_id"] = self.agency.chosen_id()
        out["agency_text"] = self.agency.free_text()
        out["national_id"] = self.national_id.text().strip() or None
        return out

    def is_dirty(self) -> bool:
        return self.values() != self._initial

    def _changes(self) -> dict[str, Any]:
        now = self.values()
        if self.record is None:
            changes = {k: v for k, v in now.items() if v is not None}
        else:
            changes = {k: v for k, v in now.items() if v != self._initial.get(k)}
        changes.pop("agency_text", None)
        if "prefix_id" in changes or "prefix_th" in changes:
            # Let the service derive the Thai and English forms of a chosen prefix.
            changes["prefix_th"] = now["prefix_th"]
            changes["prefix_en"] = None
            changes["prefix_id"] = now["prefix_id"]
        return changes

    # -- checks and saving -------------------------------------------------------
    def _check_national_id(self, text: str) -> None:
        message, kind = national_id_feedback(text)
        self.boxes["national_id"].show_message(message, kind or "hint")

    def show_problems(self, failed: ValidationFailed) -> None:
        general = []
        first = None
        for problem in failed.problems:
            field = {"prefix_th": "prefix_id", "prefix_en": "prefix_id"}.get(problem.field, problem.field)
            box = self.boxes.get(field or "")
            if box is None:
                general.append(translate_problem(problem))
                continue
            box.show_message(translate_problem(problem), "error")
            first = first or box.editor
        self.general_error.setText("\n".join(general))
        self.general_error.setVisible(bool(general))
        if first is not None:
            first.setFocus()

    def save(self) -> bool:
        """Save and close."""
        if not self.write():
            return False
        super().accept()
        return True

    def apply(self) -> bool:
        """Save and stay open: a new participant can then be given photos and files."""
        if not self.write():
            return False
        self.record = self.saved
        self.files.set_owner(self.saved)
        self.retranslate()
        return True

    def write(self) -> bool:
        for name, box in self.boxes.items():
            if name != "national_id":
                box.show_message(None)
        self.general_error.hide()
        if self.values()["agency_text"]:
            self.boxes["agency_id"].show_message(_("Choose an agency from the list."), "error")
            self.agency.setFocus()
            return False
        changes = self._changes()
        try:
            if self.record is None:
                self.saved = self.services.persons.create(changes)
            elif changes:
                self.saved = self.services.persons.update(
                    self.record["id"], changes, expected_revision=self.record.get("revision"))
            else:
                self.saved = self.record
        except ValidationFailed as failed:
            self.show_problems(failed)
            return False
        except UserError as error:
            self.general_error.setText(error_text(error))
            self.general_error.show()
            return False
        self._initial = self.values()
        self.changed_kinds.add("person")
        return True

    def reject(self) -> None:
        if self.is_dirty():
            box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(),
                              _("Save the changes to this participant?"),
                              QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                              | QMessageBox.StandardButton.Cancel, self)
            box.setDefaultButton(QMessageBox.StandardButton.Save)
            answer = box.exec()
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                return
        if self.changed_kinds:
            # Saved with Apply (or files added): the caller's lists need a refresh.
            super().done(QDialog.DialogCode.Accepted)
            return
        # The window's close button and Escape come here too (QDialog calls reject()).
        super().reject()
