"""The export dialog: a list written to .xlsx or .csv off the GUI thread, read back with
its Thai intact."""

from __future__ import annotations

import csv

import openpyxl

from desktop.ui.sheet_export import SheetExportDialog


def make_people(services) -> None:
    agency = services.agencies.list(search="มหิดล", limit=1).rows[0]["id"]
    services.persons.create({"prefix_th": "นางสาว", "first_name_th": "สมหญิง", "last_name_th": "ใจดี",
                             "position": "นักวิเคราะห์นโยบายและแผน", "agency_id": agency, "phone": "0812345678"})
    services.persons.create({"prefix_th": "นาย", "first_name_th": "วีระ", "last_name_th": "ณ อยุธยา"})


def run_export(dialog, qtbot) -> None:
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def test_participants_go_to_an_xlsx_file_with_thai_intact(context, services, qtbot, tmp_path):
    make_people(services)
    dialog = SheetExportDialog(context, "persons")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.current_kind() == "persons" and dialog.file_edit.text().endswith(".xlsx")
    assert not dialog.open_folder_button.isEnabled()
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "ผู้เข้าร่วม.xlsx"
    dialog.set_path(out)
    run_export(dialog, qtbot)
    assert dialog.written == 2 and out.exists()
    assert "2" in dialog.message.text() and str(out) in dialog.message.text()
    assert dialog.open_folder_button.isEnabled() and dialog.open_file_button.isEnabled()
    assert [p.name for p in out.parent.iterdir()] == [out.name]   # no temporary file left behind
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("ลำดับ", "คำนำหน้า", "ชื่อ", "นามสกุล")
    people = {(r[2], r[3]) for r in rows[1:]}
    assert people == {("สมหญิง", "ใจดี"), ("วีระ", "ณ อยุธยา")}
    assert any("มหาวิทยาลัยมหิดล" in str(c or "") for r in rows[1:] for c in r)


def test_a_cohort_goes_to_csv_with_a_bom(context, services, qtbot, tmp_path):
    course = services.courses.create({"title_th": "หลักสูตร ป.ย.ป. 6"})
    cohort = services.cohorts.create({"course_id": course["id"], "year_be": 2567, "number": 2})
    person = services.persons.create({"first_name_th": "กมล", "last_name_th": "สุขใจ"})
    services.enrollments.create({"person_id": person["id"], "cohort_id": cohort["id"], "group_name": "3"})
    dialog = SheetExportDialog(context, "enrollments", cohort_id=cohort["id"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert cohort["display_name_th"] in dialog.intro.text()
    dialog.format_buttons[".csv"].setChecked(True)
    assert dialog.file_edit.text().endswith(".csv")
    out = tmp_path / "รุ่น.csv"
    dialog.set_path(out)
    run_export(dialog, qtbot)
    assert dialog.written == 1
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert "กมล" in rows[1] and "หลักสูตร ป.ย.ป. 6" in rows[1]


def test_an_existing_file_is_replaced_only_when_agreed(context, services, qtbot, tmp_path, when_modal):
    make_people(services)
    out = tmp_path / "list.xlsx"
    out.write_bytes(b"old")
    dialog = SheetExportDialog(context, "persons")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file_edit.setText(str(out))
    when_modal(lambda box: box.reject())
    dialog.export_button.click()
    assert out.read_bytes() == b"old" and dialog.written is None
