"""Qt's own buttons and menus read Thai in Thai mode and English in English mode."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox

from desktop.ui.language import qt_translator, switch_language
from desktop.ui.qt_thai import thai_for

SB = QDialogButtonBox.StandardButton


def _texts(box) -> list[str]:
    return sorted(b.text() for b in box.buttons())


def test_dialog_buttons_are_thai_in_thai_mode_and_english_in_english_mode(qtbot):
    box = QDialogButtonBox(SB.Ok | SB.Cancel)
    qtbot.addWidget(box)
    assert _texts(box) == sorted(["ตกลง", "ยกเลิก"])
    switch_language("en")
    qtbot.waitUntil(lambda: _texts(box) == ["Cancel", "OK"])
    switch_language("th")
    qtbot.waitUntil(lambda: _texts(box) == sorted(["ตกลง", "ยกเลิก"]))


def test_message_box_buttons(qtbot):
    box = QMessageBox(QMessageBox.Icon.Question, "t", "x",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
                      | QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard)
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert {"ตกลง", "ยกเลิก", "ใช่(Y)", "ไม่ใช่(N)", "บันทึก", "ไม่บันทึก"} <= texts
    switch_language("en")
    english = QMessageBox(QMessageBox.Icon.Question, "t", "x",
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(english)
    assert _texts(english) == ["Cancel", "OK"]


def test_line_edit_context_menu_is_thai(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    assert texts == ["เลิกทำ(&U)", "ทำซ้ำ(&R)", "ตัด(&T)", "คัดลอก(&C)", "วาง(&P)", "ลบ",
                     "เลือกทั้งหมด"]


def test_the_translator_answers_only_what_it_knows():
    assert thai_for("QPlatformTheme", "OK") == "ตกลง"
    assert thai_for("QGnomeTheme", "&Cancel") == "ยกเลิก(&C)"
    assert thai_for("QFileDialog", "File &name:") == "ชื่อไฟล์(&N):"
    assert thai_for("QPlatformTheme", "Some new Qt string") is None
    assert thai_for("SomeOtherContext", "OK") is None
    # None (a null string) tells Qt "not translated"; "" would replace Qt's text by nothing.
    assert qt_translator().translate("QPlatformTheme", "Some new Qt string") is None


def test_qt_strings_without_a_thai_answer_keep_their_own_text(qapp):
    from PySide6.QtGui import QPageSize

    from desktop.ui.language import switch_language

    switch_language("th")
    a4 = QPageSize(QPageSize.PageSizeId.A4)   # its name comes through the translator
    assert a4.isValid() and a4.name() == "A4"
