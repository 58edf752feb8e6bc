"""The spreadsheet import wizard, driven end to end on real CSV files (UTF-8 with a BOM,
as Excel saves them) and a real database."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QComboBox, QWizard

from desktop.ui.language import switch_language
from desktop.ui.messages import error_text
from desktop.ui.sheet_import_wizard import SheetImportWizard

HEADER = "ลำดับ,ชื่อ-สกุล,ตำแหน่ง,หน่วยงาน,โทรศัพท์"


def write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return path


def open_wizard(context, qtbot, kind: str, path: Path, **target) -> SheetImportWizard:
    wizard = SheetImportWizard(context, kind, path=path, **target)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: wizard.file_page.isComplete(), timeout=10_000)
    return wizard


def go_to_check(wizard: SheetImportWizard, qtbot) -> None:
    wizard.next()
    assert wizard.currentId() == wizard.PAGE_COLUMNS
    wizard.next()
    assert wizard.currentId() == wizard.PAGE_CHECK
    qtbot.waitUntil(lambda: wizard.check_page.isComplete() or wizard.state.error is not None, timeout=10_000)


def names(services) -> set[str]:
    return {r["full_name_th"] for r in services.persons.list(limit=None).rows}


def test_a_list_with_a_duplicate_decided_in_the_wizard_goes_in(context, services, qtbot, tmp_path, th):
    mahidol = services.agencies.list(search="มหิดล", limit=1).rows[0]["id"]
    existing = services.persons.create({"prefix_th": "นาย", "first_name_th": "สมชาย", "last_name_th": "ใจงาม",
                                        "agency_id": mahidol})
    path = write_csv(tmp_path / "รายชื่อ.csv", [
        "รายชื่อผู้เข้าร่วมประชุม",
        HEADER,
        "1,นายสมชาย ใจงาม,รองศาสตราจารย์,มหาวิทยาลัยมหิดล,0891234567",
        "2,นางสาวสมหญิง ใจดี,นักวิเคราะห์นโยบายและแผน,มหาวิทยาลัยมหิดล,081-234-5678",
    ])
    before = services.persons.count()
    wizard = open_wizard(context, qtbot, "persons", path)
    assert "2" in wizard.file_page.status.text()
    assert not wizard.file_page.sheet.isVisible()          # a CSV file has no worksheets to choose

    wizard.next()
    columns = wizard.columns_page
    combos = [columns.table.cellWidget(0, c) for c in range(columns.table.columnCount())]
    assert all(isinstance(c, QComboBox) for c in combos)
    assert [c.currentData() for c in combos] == ["sequence", "full_name", "position", "agency", "phone"]
    assert combos[1].currentText() == th("Full name")
    assert columns.table.item(1, 1).text() == "นายสมชาย ใจงาม"
    combos[1].setCurrentIndex(0)                           # no name column: the step cannot be left
    assert not columns.isComplete() and not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    combos[1].setCurrentIndex(combos[1].findData("full_name"))
    assert columns.isComplete()

    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.isComplete(), timeout=10_000)
    page = wizard.check_page
    assert page.counts["duplicates"].text().endswith("1") and page.counts["problems"].text().endswith("0")
    assert page.model.rowCount() >= 1 and page.model.index(0, 0).data() == "3"   # the row number in the file

    wizard.next()
    assert wizard.currentId() == wizard.PAGE_DECIDE
    decisions = wizard.decisions_page
    assert not decisions.isComplete() and not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "สมชาย" in decisions.duplicates.index(0, 2).data()
    combo = decisions.duplicates_view.indexWidget(decisions.duplicates.index(0, 4))
    assert isinstance(combo, QComboBox)
    assert [combo.itemData(i) for i in range(combo.count())] == [None, "merge", "new", "skip"]
    combo.setCurrentIndex(combo.findData("merge"))
    assert wizard.state.plan.duplicates[0].decision == "merge"
    assert decisions.isComplete()
    assert combo.currentText() == th("Merge into the person on file")
    switch_language("en")                                  # every step follows a language switch
    qtbot.wait(10)
    assert combo.currentText() == "Merge into the person on file"
    assert decisions.all_buttons["skip"].text() == "All: s&kip"
    switch_language("th")
    qtbot.wait(10)

    wizard.next()
    run = wizard.run_page
    assert wizard.currentId() == wizard.PAGE_RUN
    run.dry_button.click()
    qtbot.waitUntil(lambda: wizard.state.preview is not None and not wizard.busy, timeout=10_000)
    assert wizard.state.preview.dry_run and services.persons.count() == before
    assert run.model.rowCount() == 2

    wizard.next()                                           # "Import"
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.PAGE_RESULT, timeout=10_000)
    report = wizard.state.report
    assert report.applied and report.count("created") == 1 and report.count("updated") == 1
    assert services.persons.count() == before + 1
    merged = services.persons.get(existing["id"])
    assert merged["position"] == "รองศาสตราจารย์" and merged["phone"] == "089-123-4567"
    assert "นางสาวสมหญิง ใจดี" in names(services)
    result = wizard.result_page
    assert path.name in result.headline.text()
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()

    out = tmp_path / "รายงาน.xlsx"
    result.save_report(out)
    qtbot.waitUntil(lambda: out.exists() and not wizard.busy, timeout=10_000)
    sheet = openpyxl.load_workbook(out).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any(str(v).endswith("สมหญิง ใจดี") for v in values), values
    wizard.accept()


def test_a_refused_import_changes_nothing_and_says_why(context, services, qtbot, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [
        HEADER,
        "1,นายวีระ ใจกล้า,ปลัดอำเภอ,ที่ว่าการอำเภอเมืองนครปฐม,0812345678",
        "2,นางมาลี ศรีสุข,นักพัฒนาชุมชน,ที่ว่าการอำเภอเมืองนครปฐม,12345",
    ])
    before = names(services)
    wizard = open_wizard(context, qtbot, "persons", path)
    go_to_check(wizard, qtbot)
    assert wizard.check_page.counts["problems"].text().endswith("1")
    notes = wizard.check_page.model
    assert [notes.index(r, 0).data() for r in range(notes.rowCount())] == ["3"]
    wizard.next()
    decisions = wizard.decisions_page
    assert decisions.skip_invalid.isVisible() and not decisions.skip_invalid.isChecked()
    wizard.next()
    wizard.next()                                            # "Import", without skipping the bad row
    qtbot.waitUntil(lambda: wizard.state.error is not None and not wizard.busy, timeout=10_000)
    assert wizard.currentId() == wizard.PAGE_RUN and wizard.isVisible()
    assert error_text(wizard.state.error) in wizard.run_page.status.text()
    assert wizard.state.report is None
    assert names(services) == before

    wizard.back()                                            # skip the row with the problem this time
    wizard.decisions_page.skip_invalid.setChecked(True)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.PAGE_RESULT, timeout=10_000)
    assert names(services) - before == {"นายวีระ ใจกล้า"}
    assert wizard.state.report.count("error") == 1


def test_enrolments_go_into_the_cohort_given(context, services, qtbot, tmp_path):
    course = services.courses.create({"title_th": "หลักสูตร ป.ย.ป. 5"})
    cohort = services.cohorts.create({"course_id": course["id"], "year_be": 2567, "number": 1})
    path = write_csv(tmp_path / "รุ่น1.csv", [
        "ชื่อ-สกุล,หน่วยงาน,กลุ่ม,บทบาท",
        "นายเอก หนึ่ง,ที่ว่าการอำเภอเมืองนครปฐม,1,ผู้เข้าร่วม",
        "นางสาวโท สอง,ที่ว่าการอำเภอเมืองนครปฐม,2,โค้ช",
    ])
    wizard = open_wizard(context, qtbot, "enrollments", path, cohort_id=cohort["id"])
    assert cohort["display_name_th"] in wizard.file_page.target.text()
    go_to_check(wizard, qtbot)
    assert not wizard.state.plan.duplicates
    wizard.next()
    if wizard.currentId() == wizard.PAGE_DECIDE:
        wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.PAGE_RESULT, timeout=10_000)
    rows = services.enrollments.list(filters={"cohort_id": cohort["id"]}, limit=None).rows
    assert sorted((r["group_name"], r["role"]) for r in rows) == [("1", "participant"), ("2", "coach")]


def test_attendance_goes_to_the_session_chosen(context, services, qtbot, tmp_path):
    activity = services.activities.create({"title_th": "ประชุมเชิงปฏิบัติการ", "kind": "workshop"})
    morning, afternoon = (services.sessions.create({"activity_id": activity["id"], "day": "2024-05-19", "part": p})
                          for p in ("morning", "afternoon"))
    path = write_csv(tmp_path / "ลงชื่อ.csv", ["ที่,ชื่อ-สกุล,การเข้าร่วม", "1,นายเอก หนึ่ง,มา", "2,นายโท สอง,ขาด"])
    wizard = open_wizard(context, qtbot, "attendance", path, activity_id=activity["id"])
    session = wizard.file_page.session
    assert session.isVisible() and session.count() == 2
    session.setCurrentIndex(session.findData(afternoon["id"]))
    assert wizard.state.session_id == afternoon["id"]
    go_to_check(wizard, qtbot)
    wizard.next()
    if wizard.currentId() == wizard.PAGE_DECIDE:
        wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.PAGE_RESULT, timeout=10_000)
    marks = services.attendance.list(filters={"session_id": afternoon["id"]}, limit=None).rows
    assert sorted(m["status"] for m in marks) == ["absent", "present"]
    assert not services.attendance.list(filters={"session_id": morning["id"]}, limit=None).rows


def test_ctrl_i_on_the_participants_screen_opens_the_wizard(window, qtbot, when_modal):
    window.show_screen("participants")
    assert window.import_action.isEnabled() and window.export_action.isEnabled()
    seen = when_modal(lambda dialog: (type(dialog).__name__, dialog.reject()))
    window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0][0] == "SheetImportWizard"


def test_a_file_that_cannot_be_read_says_why(context, qtbot, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    wizard = SheetImportWizard(context, "persons", path=path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.state.error is not None and not wizard.busy, timeout=10_000)
    assert error_text(wizard.state.error) in wizard.file_page.status.text()
    assert not wizard.file_page.isComplete()


def test_a_workbook_with_several_sheets_offers_them(context, qtbot, tmp_path):
    path = tmp_path / "รายชื่อ.xlsx"
    book = openpyxl.Workbook()
    first = book.active
    first.title = "สรุป"
    first.append(["รายงานสรุป"])
    second = book.create_sheet("รายชื่อ")
    second.append(["ลำดับ", "ชื่อ-สกุล", "หน่วยงาน"])
    second.append([1, "นายเอก หนึ่ง", "ที่ว่าการอำเภอเมืองนครปฐม"])
    second.append([2, "นางสาวโท สอง", "ที่ว่าการอำเภอเมืองนครปฐม"])
    book.active = 1
    book.save(path)
    wizard = open_wizard(context, qtbot, "persons", path)
    sheet = wizard.file_page.sheet
    assert sheet.isVisible() and [sheet.itemText(i) for i in range(sheet.count())] == ["สรุป", "รายชื่อ"]
    assert sheet.currentText() == "รายชื่อ" and len(wizard.state.table.rows) == 2
    sheet.setCurrentIndex(0)
    sheet.activated.emit(0)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    assert wizard.state.sheet == "สรุป" and not wizard.file_page.isComplete()
