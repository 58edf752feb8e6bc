"""Settings: the office profile printed on papers, the interface language, and the
signatories who sign papers (name, position lines, an optional signature image)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import UserError, ValidationFailed
from desktop.core.ids import parse_id
from desktop.i18n import (
    _,
    available_languages,
    current_language,
    language_name,
    translate_problem,
)
from desktop.services.access import OFFICE
from desktop.services.pdpa import RETENTION_KINDS
from desktop.ui.context import UiContext
from desktop.ui.language import Retranslating, switch_language
from desktop.ui.messages import error_text, show_error
from desktop.ui.mnemonics import plain
from desktop.ui.screens.settings_backups import make_backups_box
from desktop.ui.screens.settings_fonts import PaperFontBox

OFFICE_FIELDS = ("office_name", "office_code", "letter_prefix", "address", "phone", "email")


def _problems_text(error: BaseException) -> str:
    if isinstance(error, ValidationFailed):
        return "\n".join(translate_problem(p) for p in error.problems)
    return error_text(error)


class SignatoryDialog(Retranslating, QDialog):
    """Add or edit one signatory; ``saved`` holds the record once saved."""

    def __init__(self, services: Any, record: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.record, self.saved = services, record, None
        self.image_path: Path | None = None
        self.setObjectName("signatory-form")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.full_name = QLineEdit()
        self.full_name.setObjectName("full_name")
        self.position_lines = QPlainTextEdit()
        self.position_lines.setObjectName("position_lines")
        self.position_lines.setTabChangesFocus(True)
        self.position_lines.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self.image = QLabel()
        self.image.setObjectName("signature-image")
        self.image.setMinimumHeight(60)
        self.image.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("choose-signature")
        image_row = QHBoxLayout()
        image_row.addWidget(self.image, 1)
        image_row.addWidget(self.choose_button)
        self.name_label, self.position_label, self.image_label = QLabel(), QLabel(), QLabel()
        self.name_label.setBuddy(self.full_name)
        self.position_label.setBuddy(self.position_lines)
        self.image_label.setBuddy(self.choose_button)
        form.addRow(self.name_label, self.full_name)
        form.addRow(self.position_label, self.position_lines)
        form.addRow(self.image_label, image_row)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.choose_button.clicked.connect(self.choose_image)
        if record:
            self.full_name.setText(record.get("full_name") or "")
            self.position_lines.setPlainText(record.get("position_lines") or "")
            self._show_existing_image(record.get("signature_attachment_id"))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Edit signatory") if self.record else _("New signatory"))
        self.name_label.setText(_("&Full name with prefix") + " *")
        self.position_label.setText(_("&Position (one line each)") + " *")
        self.image_label.setText(_("Signature &image"))
        self.choose_button.setText(_("C&hoose picture…"))
        self.full_name.setPlaceholderText(_("such as นางสาวสมใจ ใจดี"))
        self.full_name.setAccessibleName(_("Full name with prefix"))
        self.position_lines.setAccessibleName(_("Position (one line each)"))
        self.choose_button.setAccessibleName(_("Choose a signature picture"))
        if self.image.pixmap() is None or self.image.pixmap().isNull():
            self.image.setText(_("No signature picture (optional)"))

    def _show_existing_image(self, attachment_id: Any) -> None:
        if not attachment_id:
            return
        try:
            att = self.services.attachments.get(attachment_id, include_deleted=False)
            self._show_image(self.services.attachments.path_for(att["sha256"]))
        except UserError:
            pass

    def _show_image(self, path: Path) -> None:
        pixmap = QPixmap(str(path))
        if not pixmap.isNull():
            self.image.setPixmap(pixmap.scaledToHeight(56, Qt.TransformationMode.SmoothTransformation))

    def set_image(self, path: str | Path) -> None:
        self.image_path = Path(path)
        self._show_image(self.image_path)

    def choose_image(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose a signature picture"), "",
                                                    _("Pictures (*.png *.jpg *.jpeg)"))
        if name:
            self.set_image(name)

    def save(self) -> bool:
        values = {"full_name": self.full_name.text().strip(),
                  "position_lines": "\n".join(line.strip() for line in self.position_lines.toPlainText().splitlines()
                                              if line.strip())}
        signatories = self.services.signatories
        try:
            if self.record is None:
                saved = signatories.create(values)
            else:
                saved = signatories.update(self.record["id"], values, expected_revision=self.record.get("revision"))
            if self.image_path is not None:
                att = self.services.attachments.add("signatory", saved["id"], self.image_path)
                saved = signatories.update(saved["id"], {"signature_attachment_id": att["id"]})
        except (UserError, OSError) as error:
            self.error.setText(_problems_text(error))
            self.error.show()
            return False
        self.saved = saved
        super().accept()
        return True


class SettingsScreen(Retranslating, QWidget):
    saved = Signal()

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.services = context, context.services
        self.setObjectName("screen-settings")
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        outer.addWidget(self.heading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        # The office profile.
        self.office_box = QGroupBox()
        self.office_box.setObjectName("office-profile")
        office_layout = QVBoxLayout(self.office_box)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        office_layout.addLayout(form)
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        for name in OFFICE_FIELDS:
            editor: QWidget = QPlainTextEdit() if name == "address" else QLineEdit()
            if isinstance(editor, QPlainTextEdit):
                editor.setTabChangesFocus(True)
                editor.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
            self._add(form, name, editor)
        self.digit_style = self._add(form, "digit_style", QComboBox())
        self.digit_style.addItem("", "thai")
        self.digit_style.addItem("", "arabic")
        self.default_signatory = self._add(form, "default_signatory_id", QComboBox())
        self.office_message = QLabel()
        self.office_message.setObjectName("office-message")
        self.office_message.setWordWrap(True)
        office_layout.addWidget(self.office_message)
        row = QHBoxLayout()
        self.save_button = QPushButton()
        self.save_button.setObjectName("save-office")
        row.addStretch(1)
        row.addWidget(self.save_button)
        office_layout.addLayout(row)
        office_layout.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.office_box)
        # The font family papers are printed with.
        self.paper_font_box = PaperFontBox(context)
        left.addWidget(self.paper_font_box)
        left.addStretch(1)
        columns.addLayout(left, 1)

        right = QVBoxLayout()
        # The interface language.
        self.language_box = QGroupBox()
        self.language_box.setObjectName("language")
        language_layout = QFormLayout(self.language_box)
        self.language = QComboBox()
        self.language.setObjectName("language-choice")
        for code in available_languages():
            self.language.addItem(language_name(code), code)
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        language_layout.addRow(self.language_label, self.language)
        right.addWidget(self.language_box)
        # Signatories.
        self.signatory_box = QGroupBox()
        self.signatory_box.setObjectName("signatories")
        sign_layout = QVBoxLayout(self.signatory_box)
        self.signatories = QTableWidget(0, 2)
        self.signatories.setObjectName("signatory-list")
        self.signatories.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.signatories.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.signatories.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.signatories.verticalHeader().setVisible(False)
        self.signatories.setWordWrap(True)
        self.signatories.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.signatories.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.signatories.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        sign_layout.addWidget(self.signatories, 1)
        buttons = QHBoxLayout()
        self.add_signatory_button, self.edit_signatory_button = QPushButton(), QPushButton()
        self.add_signatory_button.setObjectName("add-signatory")
        self.edit_signatory_button.setObjectName("edit-signatory")
        buttons.addWidget(self.add_signatory_button)
        buttons.addWidget(self.edit_signatory_button)
        buttons.addStretch(1)
        sign_layout.addLayout(buttons)
        right.addWidget(self.signatory_box, 1)
        # Retention rules (PDPA): how long each kind of record is kept before review.
        self.retention_box = QGroupBox()
        self.retention_box.setObjectName("retention")
        retention_layout = QVBoxLayout(self.retention_box)
        self.retention = QTableWidget(len(RETENTION_KINDS), 4)
        self.retention.setObjectName("retention-rules")
        self.retention.verticalHeader().setVisible(False)
        self.retention.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.retention.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.retention.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.retention_years: dict[str, QSpinBox] = {}
        self.retention_basis: dict[str, QLineEdit] = {}
        can_edit = self.services.actor.can(OFFICE)
        for row, kind in enumerate(RETENTION_KINDS):
            self.retention.setItem(row, 0, QTableWidgetItem())
            years = QSpinBox()
            years.setObjectName(f"retention-years-{kind}")
            years.setRange(0, 100)
            years.setEnabled(can_edit)
            basis = QLineEdit()
            basis.setObjectName(f"retention-basis-{kind}")
            basis.setEnabled(can_edit)
            self.retention.setCellWidget(row, 1, years)
            self.retention.setCellWidget(row, 2, basis)
            self.retention.setItem(row, 3, QTableWidgetItem())
            self.retention_years[kind], self.retention_basis[kind] = years, basis
        self.retention.setMinimumHeight(self.retention.verticalHeader().length()
                                        + self.retention.horizontalHeader().height() + 6)
        retention_layout.addWidget(self.retention)
        self.retention_due_label = QLabel()
        self.retention_due_label.setObjectName("retention-due")
        self.retention_due_label.setWordWrap(True)
        self.retention_due_label.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        retention_layout.addWidget(self.retention_due_label)
        retention_row = QHBoxLayout()
        retention_row.addStretch(1)
        self.save_retention_button = QPushButton()
        self.save_retention_button.setObjectName("save-retention")
        self.save_retention_button.setEnabled(can_edit)
        retention_row.addWidget(self.save_retention_button)
        retention_layout.addLayout(retention_row)
        right.addWidget(self.retention_box)
        # Backups and security, for administrators only.
        self.backups_box = make_backups_box(context, can_edit)
        if self.backups_box is not None:
            right.addWidget(self.backups_box)
        columns.addLayout(right, 1)
        self.save_retention_button.clicked.connect(self.save_retention)

        self.save_button.clicked.connect(self.save_office)
        self.language.activated.connect(self._language_chosen)
        self.add_signatory_button.clicked.connect(lambda: self.edit_signatory(None))
        self.edit_signatory_button.clicked.connect(self.edit_selected_signatory)
        self.signatories.itemDoubleClicked.connect(lambda _item: self.edit_selected_signatory())
        self.signatories.itemSelectionChanged.connect(self._selection_changed)
        context.records_changed.connect(self._records_changed)
        self.load()
        self.retranslate()
        self._selection_changed()

    def _add(self, form: QFormLayout, name: str, editor: Any) -> Any:
        editor.setObjectName(name)
        label = QLabel()
        label.setBuddy(editor)
        form.addRow(label, editor)
        self.editors[name], self.labels[name] = editor, label
        return editor

    def retranslate(self) -> None:
        self.heading.setText(_("Settings"))
        self.office_box.setTitle(_("Office profile (printed on papers)"))
        titles = {"office_name": _("Office &name") + " *", "office_code": _("Office &code") + " *",
                  "letter_prefix": _("&Letter prefix (ที่)"), "address": _("Addre&ss"), "phone": _("&Phone"),
                  "email": _("E-&mail"), "digit_style": _("&Digits on papers"),
                  "default_signatory_id": _("Default si&gnatory")}
        for name, label in self.labels.items():
            label.setText(titles[name])
            self.editors[name].setAccessibleName(plain(titles[name]).replace(" *", ""))
        self.editors["letter_prefix"].setPlaceholderText(_("such as นฐ 0318; the office code if empty"))
        self.digit_style.setItemText(0, _("Thai digits (๑๒๓)"))
        self.digit_style.setItemText(1, _("Arabic digits (123)"))
        if self.default_signatory.count():
            self.default_signatory.setItemText(0, _("The first signatory"))
        self.save_button.setText(_("Save office profile"))   # Alt+S is the address's
        self.language_box.setTitle(_("Interface language"))
        self.language_label.setText(_("Lang&uage"))
        self.language.setAccessibleName(_("Interface language"))
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        self.signatory_box.setTitle(_("Signatories"))
        self.signatories.setHorizontalHeaderLabels([_("Full name"), _("Position")])
        self.signatories.setAccessibleName(_("Signatories"))
        self.add_signatory_button.setText(_("&Add signatory…"))
        self.edit_signatory_button.setText(_("Edit signatory…"))   # Alt+E opens the Edit menu
        self.office_message.setText("")
        self.retention_box.setTitle(_("Retention of personal data (PDPA)"))
        self.retention.setHorizontalHeaderLabels([_("Records"), _("Keep (years)"), _("Basis (law, regulation or "
                                                                                    "purpose)"), _("Due")])
        self.retention.setAccessibleName(_("Retention of personal data (PDPA)"))
        names = {"person": _("Participants"), "activity": _("Activities"), "project": _("Projects"),
                 "cohort": _("Cohorts"), "consent": _("Consents")}
        for row, kind in enumerate(RETENTION_KINDS):
            self.retention.item(row, 0).setText(names[kind])
            self.retention_years[kind].setSpecialValueText(_("No rule"))
            self.retention_years[kind].setAccessibleName(_("Keep {records} (years)", records=names[kind]))
            self.retention_basis[kind].setAccessibleName(_("Basis for {records}", records=names[kind]))
        self.save_retention_button.setText(_("Save &retention rules"))
        self._show_due()

    # -- loading -----------------------------------------------------------------
    def load(self) -> None:
        office = self.services.office.get() or {}
        for name in OFFICE_FIELDS:
            editor = self.editors[name]
            value = office.get(name) or ""
            if isinstance(editor, QPlainTextEdit):
                editor.setPlainText(value)
            else:
                editor.setText(value)
        self.digit_style.setCurrentIndex(max(self.digit_style.findData(office.get("digit_style") or "thai"), 0))
        self.load_signatories(office.get("default_signatory_id"))
        self.load_retention()

    def load_retention(self) -> None:
        rules = {r["kind"]: r for r in self.services.pdpa.retention_rules()}
        for kind in RETENTION_KINDS:
            rule = rules.get(kind)
            self.retention_years[kind].setValue(round(rule["months"] / 12) if rule else 0)
            self.retention_basis[kind].setText(rule["basis"] if rule else "")
        try:
            due = self.services.pdpa.retention_due()
        except UserError:
            due = []
        self._due_counts = {kind: sum(1 for r in due if r["kind"] == kind) for kind in RETENTION_KINDS}

    def _show_due(self) -> None:
        counts = getattr(self, "_due_counts", {})
        for row, kind in enumerate(RETENTION_KINDS):
            has_rule = self.retention_years[kind].value() > 0
            self.retention.item(row, 3).setText(str(counts.get(kind, 0)) if has_rule else "–")
        total = sum(counts.values())
        self.retention_due_label.setText(
            _("{count} records are past their retention period and due for review "
              "(govlab-desk retention due lists them).", count=total) if total
            else _("No records are due for review."))

    def save_retention(self) -> bool:
        try:
            current = {r["kind"]: r for r in self.services.pdpa.retention_rules()}
            for kind in RETENTION_KINDS:
                years = self.retention_years[kind].value() or None
                basis = self.retention_basis[kind].text().strip()
                rule = current.get(kind)
                same = (rule is None and years is None) or (
                    rule is not None and years is not None and rule["months"] == years * 12 and rule["basis"] == basis)
                if not same:
                    self.services.pdpa.set_retention(kind, years, basis)
        except UserError as error:
            show_error(self, error)
            return False
        self.load_retention()
        self._show_due()
        self.retention_due_label.setText(_("Retention rules saved.") + " " + self.retention_due_label.text())
        return True

    def load_signatories(self, default_id: Any = None) -> None:
        rows = self.services.signatories.list(limit=None).rows
        self._signatory_rows = rows
        self.signatories.setRowCount(len(rows))
        for row, record in enumerate(rows):
            for column, value in enumerate((record["full_name"], record.get("position_lines") or "")):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, record["id"])
                self.signatories.setItem(row, column, item)
        chosen = default_id if default_id is not None else self.default_signatory.currentData()
        self.default_signatory.clear()
        self.default_signatory.addItem(_("The first signatory"), None)
        for record in rows:
            self.default_signatory.addItem(record["full_name"], record["id"])
        index = self.default_signatory.findData(str(chosen)) if chosen else 0
        self.default_signatory.setCurrentIndex(max(index, 0))

    # -- saving ------------------------------------------------------------------
    def office_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in OFFICE_FIELDS:
            editor = self.editors[name]
            text = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
            values[name] = text.strip() or None
        values["digit_style"] = self.digit_style.currentData()
        chosen = self.default_signatory.currentData()
        # The profile store keeps it as a UUID (the record services accept text ids).
        values["default_signatory_id"] = parse_id(chosen) if chosen else None
        return values

    def save_office(self) -> bool:
        values = self.office_values()
        if not values["office_name"] or not values["office_code"]:
            self._office_problem(_("The office name and code cannot be empty."))
            return False
        try:
            self.services.office.update(**values)
        except UserError as error:
            self._office_problem(_problems_text(error))
            return False
        self.office_message.setProperty("role", "ok")
        self._repolish(self.office_message)
        self.office_message.setText(_("The office profile was saved."))
        self.context.changed("office")
        window = self.window()
        if hasattr(window, "retranslate") and window is not self:
            window.retranslate()   # the window title and status bar show the office's name
        self.saved.emit()
        return True

    def _office_problem(self, text: str) -> None:
        self.office_message.setProperty("role", "error")
        self._repolish(self.office_message)
        self.office_message.setText(text)

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def _language_chosen(self, _index: int) -> None:
        code = self.language.currentData()
        if code and code != current_language():
            switch_language(code)
            self.context.settings.setValue("language", code)

    # -- signatories -------------------------------------------------------------
    def selected_signatory(self) -> dict[str, Any] | None:
        rows = self.signatories.selectionModel().selectedRows()
        return self._signatory_rows[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self.edit_signatory_button.setEnabled(self.selected_signatory() is not None)

    def open_signatory_dialog(self, record: dict[str, Any] | None) -> SignatoryDialog:
        return SignatoryDialog(self.services, record, self)

    def edit_signatory(self, record: dict[str, Any] | None) -> None:
        dialog = self.open_signatory_dialog(record)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.context.changed("signatory")

    def edit_selected_signatory(self) -> None:
        record = self.selected_signatory()
        if record is None:
            return
        try:
            fresh = self.services.signatories.get(record["id"])
        except UserError as error:
            show_error(self, error)
            return
        self.edit_signatory(fresh)

    def _records_changed(self, kind: str) -> None:
        if kind == "signatory":
            self.load_signatories()
