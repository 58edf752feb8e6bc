"""The person form: live national-ID feedback, inline problems, unsaved changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.ui.forms.person_form import PersonForm
from dropped_files import drop_files


def test_a_bad_check_digit_shows_a_red_thai_message_while_typing(services, qtbot, type_text, th):
    form = PersonForm(services)
    qtbot.addWidget(form)
    box = form.boxes["national_id"]
    type_text(form.national_id, "11017")
    assert box.message_kind() == "hint" and "5" in box.message_text()
    type_text(form.national_id, "00230700")       # 13 digits, wrong check digit
    assert box.message_kind() == "error"
    assert box.message_text() == th("This national ID fails its check digit: please check each digit.")
    assert box.message.isVisibleTo(form)
    form.national_id.clear()
    type_text(form.national_id, "๑-๑๐๑๗-๐๐๒๓๐-๗๐-๘")  # Thai digits, correct check digit
    assert box.message_kind() == "ok"


def test_problems_from_the_service_appear_next_to_their_fields(services, qtbot, type_text, th):
    form = PersonForm(services)
    qtbot.addWidget(form)
    type_text(form.editors["email"], "not-an-email")
    type_text(form.editors["phone"], "12345")
    assert form.save() is False
    assert form.boxes["first_name_th"].message_text() == th("This field is required.")
    assert form.boxes["email"].message_kind() == "error" and form.boxes["email"].message_text()
    assert form.boxes["phone"].message_text()
    assert services.persons.list().total == 0


def test_an_agency_must_come_from_the_list(services, qtbot, type_text):
    form = PersonForm(services)
    qtbot.addWidget(form)
    type_text(form.editors["first_name_th"], "สมชาย")
    type_text(form.agency.lineEdit(), "ไม่มีหน่วยงานนี้")
    assert form.save() is False
    assert form.boxes["agency_id"].message_kind() == "error"


def test_editing_keeps_the_national_id_unless_a_new_one_is_typed(services, qtbot, type_text):
    person = services.persons.create({"first_name_th": "สมชาย", "national_id": "1101700230708"})
    form = PersonForm(services, services.persons.get(person["id"]))
    qtbot.addWidget(form)
    assert person["national_id_masked"] in form.national_id.placeholderText()
    type_text(form.editors["last_name_th"], "ใจดี")
    assert form.save() is True
    saved = services.persons.get(person["id"])
    assert saved["full_name_th"] == "สมชาย ใจดี"
    assert saved["national_id_masked"] == person["national_id_masked"]


def test_closing_with_unsaved_changes_asks_first(services, qtbot, when_modal, type_text):
    form = PersonForm(services)
    qtbot.addWidget(form)
    form.show()
    type_text(form.editors["first_name_th"], "สมชาย")
    seen = when_modal(lambda box: (box.text(), box.button(QMessageBox.StandardButton.Cancel).click()))
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(seen))
    assert form.isVisible(), "Cancel keeps the form open"
    seen = when_modal(lambda box: box.button(QMessageBox.StandardButton.Discard).click())
    form.close()
    qtbot.waitUntil(lambda: bool(seen))
    assert not form.isVisible()
    assert services.persons.list().total == 0


def test_closing_unchanged_form_does_not_ask(services, qtbot):
    form = PersonForm(services)
    qtbot.addWidget(form)
    form.show()
    form.close()
    assert not form.isVisible()


def test_photos_and_files_of_a_new_person_after_apply(services, qtbot, type_text, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox

    (tmp_path / "บัตร.txt").write_text("สำเนาบัตร", encoding="utf-8")
    form = PersonForm(services)
    qtbot.addWidget(form)
    form.show()
    assert form.tabs.count() == 2 and not form.files.add_button.isEnabled()
    type_text(form.editors["first_name_th"], "ปิ่นมณี")
    form.buttons.button(QDialogButtonBox.StandardButton.Apply).click()
    assert form.isVisible() and form.record and form.files.add_button.isEnabled()
    form.files.add_files([tmp_path / "บัตร.txt"])
    qtbot.waitUntil(lambda: form.files.list.count() == 1)
    assert services.attachments.for_record(form.record["id"])[0]["file_name"] == "บัตร.txt"
    form.reject()                      # closed after Apply: counts as saved
    assert form.result() == form.DialogCode.Accepted and "person" in form.changed_kinds
    assert services.persons.list().total == 1


def test_files_dropped_on_the_list_are_attached(services, context, qtbot, tmp_path):
    (tmp_path / "บัตร.txt").write_text("สำเนาบัตร", encoding="utf-8")
    person = services.persons.create({"first_name_th": "สมชาย"})
    form = PersonForm(services, services.persons.get(person["id"]), tasks=context.tasks)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.tabs.setCurrentWidget(form.files)
    assert drop_files(form.files.list.viewport(), [tmp_path / "บัตร.txt"])
    qtbot.waitUntil(lambda: form.files.list.count() == 1, timeout=5000)
    assert services.attachments.for_record(person["id"])[0]["file_name"] == "บัตร.txt"


def test_a_two_line_national_id_message_is_not_cut_off(services, qtbot, type_text, th):
    """Long agency names must not make the form lay out for a wider field than it has:
    the message under the national ID then gets one line's height for two lines."""
    form = PersonForm(services)
    qtbot.addWidget(form, before_close_func=lambda f: f.national_id.clear())   # closes without asking
    form.show()
    qtbot.waitExposed(form)
    type_text(form.national_id, "1101700230700")      # wrong check digit: a long message
    message = form.boxes["national_id"].message
    assert message.text() == th("This national ID fails its check digit: please check each digit.")
    assert message.heightForWidth(message.width()) > 1.5 * message.fontMetrics().lineSpacing()  # two lines
    assert message.height() >= message.heightForWidth(message.width())
    assert form.layout().totalMinimumSize().width() <= form.width()    # laid out for the width it has
