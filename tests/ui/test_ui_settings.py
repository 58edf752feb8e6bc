"""Settings: the office profile and the signatories are saved through the services."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from desktop.ui.context import UiContext
from desktop.ui.screens.settings import SettingsScreen, SignatoryDialog


def _screen(services, qtbot) -> SettingsScreen:
    widget = SettingsScreen(UiContext(services))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_office_profile_is_saved(services, qtbot, type_text):
    screen = _screen(services, qtbot)
    assert screen.editors["office_name"].text() == "สำนักงานจังหวัดนครปฐม"
    screen.editors["letter_prefix"].clear()
    type_text(screen.editors["letter_prefix"], "นฐ 0318")
    screen.editors["address"].setPlainText("ศาลากลางจังหวัดนครปฐม\nถนนราชวิถี")
    type_text(screen.editors["phone"], "034243000")
    type_text(screen.editors["email"], "saraban@nakhonpathom.go.th")
    screen.digit_style.setCurrentIndex(screen.digit_style.findData("arabic"))
    assert screen.save_office() is True
    office = services.office.get()
    assert office["letter_prefix"] == "นฐ 0318" and office["address"] == "ศาลากลางจังหวัดนครปฐม\nถนนราชวิถี"
    assert office["phone"] and office["email"] == "saraban@nakhonpathom.go.th" and office["digit_style"] == "arabic"
    assert screen.office_message.property("role") == "ok"


def test_a_bad_e_mail_is_shown_and_nothing_saved(services, qtbot, type_text):
    screen = _screen(services, qtbot)
    type_text(screen.editors["email"], "not-an-email")
    assert screen.save_office() is False
    assert screen.office_message.property("role") == "error" and screen.office_message.text()
    assert services.office.get()["email"] is None


def test_a_signatory_with_a_signature_picture_is_added_then_made_the_default(services, qtbot, type_text, tmp_path):
    screen = _screen(services, qtbot)
    picture = QImage(240, 80, QImage.Format.Format_RGB32)
    picture.fill(QColor("white"))
    picture.save(str(tmp_path / "signature.png"))
    dialog = SignatoryDialog(services, None, screen)
    qtbot.addWidget(dialog)
    type_text(dialog.full_name, "นางสาวสมใจ ใจดี")
    dialog.position_lines.setPlainText("ปลัดอำเภอ\nรักษาราชการแทนนายอำเภอเมืองนครปฐม")
    dialog.set_image(tmp_path / "signature.png")
    assert dialog.save() is True
    saved = services.signatories.get(dialog.saved["id"])
    assert saved["position_lines"] == "ปลัดอำเภอ\nรักษาราชการแทนนายอำเภอเมืองนครปฐม"
    assert saved["signature_attachment_id"]
    screen.context.changed("signatory")
    assert screen.signatories.rowCount() == 1 and screen.signatories.item(0, 0).text() == "นางสาวสมใจ ใจดี"
    screen.default_signatory.setCurrentIndex(screen.default_signatory.findData(saved["id"]))
    assert screen.save_office()
    assert str(services.office.get()["default_signatory_id"]) == str(saved["id"])


def test_a_signatory_is_edited_from_the_list(services, qtbot, when_modal, type_text):
    record = services.signatories.create({"full_name": "นายสมชาย ใจดี", "position_lines": "นายอำเภอ"})
    screen = _screen(services, qtbot)
    screen.signatories.selectRow(0)
    assert screen.edit_signatory_button.isEnabled()

    def edit(dialog):
        dialog.position_lines.setPlainText("นายอำเภอเมืองนครปฐม")
        return dialog.save()
    result = when_modal(edit)
    screen.edit_signatory_button.click()
    assert result == [True]
    assert services.signatories.get(record["id"])["position_lines"] == "นายอำเภอเมืองนครปฐม"
    assert screen.signatories.item(0, 1).text() == "นายอำเภอเมืองนครปฐม"


def test_the_language_can_be_chosen_here_and_the_screen_follows(services, qtbot):
    from desktop.i18n import current_language

    screen = _screen(services, qtbot)
    screen.language.setCurrentIndex(screen.language.findData("en"))
    screen.language.activated.emit(screen.language.currentIndex())
    qtbot.waitUntil(lambda: screen.heading.text() == "Settings")
    assert current_language() == "en" and screen.context.settings.value("language") == "en"
    assert screen.save_button.text() == "Save office profile"
    screen.language.setCurrentIndex(screen.language.findData("th"))
    screen.language.activated.emit(screen.language.currentIndex())
    qtbot.waitUntil(lambda: screen.heading.text() == "การตั้งค่า")
