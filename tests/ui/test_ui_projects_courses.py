"""Projects (area pickers, parts), courses with cohorts and enrolments, agencies, the
dashboard, the trash of every kind, and the new screens after a language switch."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop.i18n import _
from desktop.ui.forms.agency_form import AgencyForm
from desktop.ui.forms.child_table import ChildColumn, ChildTableModel
from desktop.ui.forms.course_forms import CohortForm
from desktop.ui.forms.project_form import ProjectForm
from desktop.ui.language import switch_language


def test_project_form_area_pickers_and_parts(services, context, qtbot, type_text, th):
    form = ProjectForm(services, tasks=context.tasks)
    qtbot.addWidget(form)
    assert form.save() is False
    assert form.boxes["title_th"].message_text() == th("This field is required.")
    type_text(form.editors["title_th"], "ลดเวลารอคิวตรวจรักษา")
    province, district, subdistrict = form.editors["area_code"].levels
    province.setCurrentIndex(province.findData("73"))
    assert district.count() > 1 and district.isEnabled()
    district.setCurrentIndex(district.findData("7301"))
    subdistrict.setCurrentIndex(1)
    form.editors["phase"].set_value("reach")
    type_text(form.editors["budget"], "๑๕๐,๐๐๐")
    assert form.save(close=False) is True
    saved = services.projects.get(form.record["id"])
    assert saved["area_code"].startswith("7301") and len(saved["area_code"]) == 6
    assert saved["phase"] == "reach" and float(saved["budget"]) == 150000
    plan = form.plan.model
    assert plan.setData(plan.index(0, 0), "สำรวจความต้องการผู้ป่วย")
    assert plan.setData(plan.index(0, 2), "30/06/2566")
    assert not plan.setData(plan.index(0, 5), "150")          # progress above 100
    assert form.plan.problem.text()
    person = services.persons.create({"first_name_th": "สมชาย"})
    assert len(form.team.add_persons([services.persons.get(person["id"])])) == 1
    assert form.team.model.data(form.team.model.index(0, 0)) == "สมชาย"
    stake = form.stakeholders.model
    assert stake.setData(stake.index(0, 0), "โรงพยาบาลนครปฐม")
    items = services.action_items.list(filters={"project_id": saved["id"]}).rows
    assert items[0]["due_date"] == "2023-06-30"
    assert services.team_members.list(filters={"project_id": saved["id"]}).total == 1
    assert {"project", "action_item", "team_member", "stakeholder"} <= form.changed_kinds
    reopened = ProjectForm(services, services.projects.get(saved["id"]), tasks=context.tasks)
    qtbot.addWidget(reopened)
    assert reopened.editors["area_code"].value() == saved["area_code"]
    assert not reopened.is_dirty()


def test_projects_screen_filters_by_phase_and_province(window, services, qtbot):
    services.projects.create({"title_th": "โครงการ ก", "phase": "understand", "area_code": "73"})
    services.projects.create({"title_th": "โครงการ ข", "phase": "develop", "area_code": "10"})
    window.show_screen("projects")
    screen = window.screen("projects")
    qtbot.waitUntil(lambda: screen.model.total == 2)
    screen.filters["phase"].setCurrentIndex(screen.filters["phase"].findData("develop"))
    qtbot.waitUntil(lambda: screen.model.total == 1)
    assert screen.model.record(0)["title_th"] == "โครงการ ข"
    screen.filters["phase"].setCurrentIndex(0)
    screen.filters["area_code"].setCurrentIndex(screen.filters["area_code"].findData("73"))
    qtbot.waitUntil(lambda: screen.model.total == 1 and screen.model.record(0)["title_th"] == "โครงการ ก")


def test_cohort_enrolments_added_through_the_picker_list(services, context, qtbot):
    course = services.courses.create({"title_th": "หลักสูตร ป.ย.ป. 3"})
    people = [services.persons.create({"first_name_th": n}) for n in ("กมล", "เกษม")]
    form = CohortForm(services, tasks=context.tasks, course_id=course["id"])
    qtbot.addWidget(form)
    form.editors["year_be"].setText("2566")
    form.editors["number"].setText("2")
    assert form.save(close=False) is True
    panel = form.enrollments
    assert len(panel.add_persons(people)) == 2
    assert panel.add_persons(people) == []            # already enrolled
    model = panel.model
    assert model.setData(model.index(0, 1), "กลุ่มที่ 1")
    assert model.setData(model.index(0, 3), "completed")
    rows = services.enrollments.list(filters={"cohort_id": form.record["id"]}).rows
    assert {r["completion"] for r in rows} == {"completed", "enrolled"}
    assert services.cohorts.get(form.record["id"])["display_name_th"].endswith("รุ่นที่ 2")


def test_courses_screen_shows_cohorts_of_the_chosen_course(window, services, qtbot):
    course = services.courses.create({"title_th": "หลักสูตร ป.ย.ป. 4"})
    services.cohorts.create({"course_id": course["id"], "year_be": 2566, "number": 1})
    window.show_screen("courses")
    screen = window.screen("courses")
    qtbot.waitUntil(lambda: screen.model.total == 1)
    screen.table.selectRow(0)
    qtbot.waitUntil(lambda: screen.cohorts.total == 1)
    assert screen.new_cohort.isEnabled()


def test_agency_form_and_screen_filter(window, services, qtbot, type_text, th, when_modal):
    form = AgencyForm(services)
    qtbot.addWidget(form)
    assert form.save() is False
    assert form.boxes["name_th"].message_text() == th("This field is required.")
    form.editors["kind"].set_value("community")
    type_text(form.editors["name_th"], "วิสาหกิจชุมชนบ้านดอน")
    assert form.save() is True
    window.show_screen("agencies")
    screen = window.screen("agencies")
    combo = screen.filters["kind"]
    combo.setCurrentIndex(combo.findData("community"))
    qtbot.waitUntil(lambda: screen.model.total == 1)
    screen.table.selectRow(0)
    when_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    screen.delete_button.click()
    qtbot.waitUntil(lambda: screen.model.total == 0)
    assert services.agencies.list(deleted=True).total >= 1


def test_child_table_model_passes_the_model_tester(services, qtmodeltester):
    project = services.projects.create({"title_th": "โครงการทดสอบ"})
    model = ChildTableModel(services.action_items, "project_id",
                            [ChildColumn("activity", "Activity"), ChildColumn("due_date", "Due date", "date")])
    model.set_owner(project["id"])
    model.setData(model.index(0, 0), "ลงพื้นที่")
    qtmodeltester.check(model)
    assert model.rowCount() == 2   # the record and the row that adds


def test_dashboard_draws_its_charts(window, services, qtbot):
    services.projects.create({"title_th": "โครงการ ก", "phase": "understand", "status": "active"})
    services.persons.create({"first_name_th": "สมชาย", "level": "ชำนาญการ"})
    window.show_screen("dashboard")
    screen = window.screen("dashboard")
    qtbot.waitUntil(lambda: screen.figures is not None)
    assert ("ชำนาญการ", 1) in screen.charts["level"].bars
    assert dict(screen.charts["phase"].bars)[_("Understand (empathize, define)")] == 1
    assert not screen.grab().isNull()


def test_new_screens_follow_a_language_switch(window, qtbot):
    for key in ("activities", "projects", "courses", "agencies", "dashboard"):
        window.show_screen(key)
    switch_language("en")
    qtbot.wait(10)
    assert window.screen("activities").heading.text() == "Activities"
    assert window.screen("projects").new_button.text() == "&New project"
    assert window.screen("courses").model.headerData(0, window.screen("courses").table.horizontalHeader().orientation()) == "Course"
    assert window.screen("dashboard").heading.text() == "Dashboard"
    switch_language("th")
    qtbot.wait(10)
    assert window.screen("activities").heading.text() == _("Activities") != "Activities"
    assert window.screen("agencies").heading.text() == _("Agencies") != "Agencies"


def test_names_of_people_enrolled_in_a_new_cohort_are_not_cut_off(services, context, qtbot):
    course = services.courses.create({"title_th": "หลักสูตร ป.ย.ป. 5"})
    people = [services.persons.create({"prefix_th": prefix, "first_name_th": first, "last_name_th": last})
              for prefix, first, last in (("นางสาว", "ปิ่นมณี", "ศรีสุขสวัสดิ์วงศ์"), ("นาย", "สมชาย", "ใจดี"))]
    form = CohortForm(services, tasks=context.tasks, course_id=course["id"])
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.editors["year_be"].setText("2566")
    form.editors["number"].setText("1")
    assert form.save(close=False) is True             # nobody enrolled yet when the columns are sized
    form.tabs.setCurrentWidget(form.enrollments)
    table = form.enrollments.table
    assert len(form.enrollments.add_persons(people)) == 2
    assert table.model().data(table.model().index(0, 0)) == "นางสาวปิ่นมณี ศรีสุขสวัสดิ์วงศ์"
    assert table.columnWidth(0) >= table.sizeHintForColumn(0)
