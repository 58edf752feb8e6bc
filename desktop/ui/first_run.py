"""The first start on a data folder: which office this is, saved as the office profile."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.enums import Role
from desktop.core.errors import UserError, ValidationFailed
from desktop.core.text import N_
from desktop.i18n import _, current_language, translate_label, translate_problem
from desktop.ui.forms.widgets import FieldBox
from desktop.ui.language import Retranslating
from desktop.ui.messages import error_text
from desktop.ui.mnemonics import assign_keys, mnemonic, mnemonic_keys

TITLES = {"office_name": N_("Office name"), "office_code": N_("Office code"), "province": N_("Province"),
          "area": N_("District"), "role": N_("This office is")}


class FirstRunDialog(Retranslating, QDialog):
    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.profile = services, None
        self.setObjectName("first-run")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.office_name, self.office_code = QLineEdit(), QLineEdit()
        self.province, self.district, self.role = QComboBox(), QComboBox(), QComboBox()
        self.boxes: dict[str, FieldBox] = {}
        self.labels: dict[str, QLabel] = {}
        for field, editor in (("office_name", self.office_name), ("office_code", self.office_code),
                              ("province", self.province), ("area", self.district),
                              ("role", self.role)):
            editor.setObjectName(field)
            self.boxes[field], self.labels[field] = FieldBox(editor), QLabel()
            self.labels[field].setBuddy(editor)
            form.addRow(self.labels[field], self.boxes[field])
        layout.addLayout(form)
        self.general_error = QLabel()
        self.general_error.setProperty("role", "error")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        layout.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.keys = dict(zip(TITLES, assign_keys(list(TITLES.values()), taken=mnemonic_keys(self.buttons)),
                             strict=True))
        self.provinces = services.search.areas(None)
        self.province.currentIndexChanged.connect(self._fill_districts)
        self.province.currentIndexChanged.connect(lambda _index: self.boxes["province"].show_message(None))
        self.retranslate()

    @staticmethod
    def _area_name(area: dict[str, Any]) -> str:
        if current_language() == "en" and area.get("name_en"):
            return area["name_en"]
        return area["name_th"]

    def retranslate(self) -> None:
        self.setWindowTitle(_("Set up this office"))
        self.intro.setText(_("Welcome to GovLab Desk. Tell it which office this computer "
                             "belongs to; the name appears on papers and in data sent to headquarters."))
        for field, label in self.labels.items():
            label.setText(mnemonic(_(TITLES[field]), self.keys[field]))
        self.office_name.setPlaceholderText(_("such as สำนักงานจังหวัดนครปฐม"))
        self.office_code.setPlaceholderText(_("a short code, such as NPT01"))
        chosen_province, chosen_district = self.province.currentData(), self.district.currentData()
        chosen_role = self.role.currentData()
        self.province.blockSignals(True)
        self.province.clear()
        self.province.addItem(_("Choose a province"), None)
        for area in self.provinces:
            self.province.addItem(self._area_name(area), area["code"])
        self.province.setCurrentIndex(max(0, self.province.findData(chosen_province)))
        self.province.blockSignals(False)
        self._fill_districts()
        self.district.setCurrentIndex(max(0, self.district.findData(chosen_district)))
        self.role.clear()
        for role in Role:
            self.role.addItem(translate_label(role), role.value)
        self.role.setCurrentIndex(max(0, self.role.findData(chosen_role)))

    def _fill_districts(self) -> None:
        code = self.province.currentData()
        self.district.clear()
        self.district.addItem(_("The whole province"), code)
        if code:
            for area in self.services.search.areas(code):
                self.district.addItem(self._area_name(area), area["code"])
        self.district.setEnabled(bool(code))

    def area_code(self) -> str:
        return self.district.currentData() or self.province.currentData() or ""

    def save(self) -> None:
        for box in self.boxes.values():
            box.show_message(None)
        self.general_error.hide()
        if not self.province.currentData():
            self.boxes["province"].show_message(_("Choose a province."), "error")
            self.province.setFocus()
            return
        try:
            self.profile = self.services.office.init(
                office_name=self.office_name.text(), office_code=self.office_code.text(),
                area_code=self.area_code(), role=self.role.currentData())
        except ValidationFailed as failed:
            for problem in failed.problems:
                box = self.boxes.get(problem.field or "")
                if box is None:
                    self.general_error.setText(translate_problem(problem))
                    self.general_error.show()
                else:
                    box.show_message(translate_problem(problem), "error")
            return
        except UserError as error:
            self.general_error.setText(error_text(error))
            self.general_error.show()
            return
        self.accept()
