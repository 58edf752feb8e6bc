"""Activities: the list, the form's inline problems, sessions, and the attendance grid
driven by the keyboard the way an official marks a sign-in sheet."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.ui.forms.activity_form import ActivityForm
from desktop.ui.models.attendance_grid import AttendanceGridModel


def _activity_with_people(services, people=("สมชาย", "ปิ่นมณี", "ฐิติพร")):
    course = services.courses.create({"title_th": "หลักสูตร ป.ย.ป. 2"})
    cohort = services.cohorts.create({"course_id": course["id"], "year_be": 2566, "number": 1})
    ids = []
    for name in people:
        person = services.persons.create({"first_name_th": name, "last_name_th": "ใจดี"})
        services.enrollments.create({"person_id": person["id"], "cohort_id": cohort["id"]})
        ids.append(person["id"])
    activity = services.activities.create({"title_th": "ประชุมเชิงปฏิบัติการ", "cohort_id": cohort["id"],
                                           "kind": "workshop"})
    sessions = [services.sessions.create({"activity_id": activity["id"], "day": "2023-05-19", "part": part})
                for part in ("morning", "afternoon")]
    return activity, sessions, ids


def _key(widget, key, text: str = "") -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def test_attendance_grid_marks_by_keyboard_and_saves_one_call_per_session(services, context, qtbot):
    activity, sessions, ids = _activity_with_people(services)
    form = ActivityForm(services, services.activities.get(activity["id"]), tasks=context.tasks)
    qtbot.addWidget(form)
    panel = form.attendance
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3 and panel.model.columnCount() == 2)
    view = panel.view
    view.setCurrentIndex(panel.model.index(0, 0))
    _key(view, Qt.Key.Key_P, "p")          # present, moves down
    _key(view, Qt.Key.Key_unknown, "ส")    # late, typed on a Thai keyboard (สาย)
    _key(view, Qt.Key.Key_3, "3")          # absent
    assert view.currentIndex().row() == 2  # stays on the last person
    _key(view, Qt.Key.Key_Right)
    assert view.currentIndex().column() == 1
    _key(view, Qt.Key.Key_E, "e")          # excused
    _key(view, Qt.Key.Key_Up)
    _key(view, Qt.Key.Key_Space)           # cycles an empty cell to present
    _key(view, Qt.Key.Key_Space)           # ... then to late
    calls = []
    real_mark = services.attendance.mark
    services.attendance.mark = lambda sid, marks: calls.append(sid) or real_mark(sid, marks)
    with qtbot.waitSignal(panel.saved, timeout=5000):
        panel.flush()
    assert sorted(calls) == sorted(s["id"] for s in sessions)
    people = {pid: services.persons.get(pid)["full_name_th"] for pid in ids}
    rows = {name: pid for pid, name in people.items()}
    marks = services.attendance.grid(activity["id"])["marks"]
    morning, afternoon = sessions[0]["id"], sessions[1]["id"]
    order = [pid for pid, _name in panel.model.people]
    assert marks[order[0]][morning] == "present"
    assert marks[order[1]][morning] == "late"
    assert marks[order[2]][morning] == "absent"
    assert marks[order[2]][afternoon] == "excused"
    assert marks[order[1]][afternoon] == "late"
    assert len(rows) == 3
    assert "attendance" in form.changed_kinds


def test_attendance_grid_model_passes_the_model_tester(qtmodeltester):
    model = AttendanceGridModel()
    model.load([("a", "สมชาย ใจดี"), ("b", "ปิ่นมณี ศรีสุข")],
               [{"id": "s1", "day": "2023-05-19", "part": "morning"}, {"id": "s2", "day": "2023-05-19", "part": None}],
               {"a": {"s1": "present"}})
    model.set_status(1, 1, "online")
    qtmodeltester.check(model)
    assert model.take_pending() == {"s2": {"b": "online"}}
    assert model.rate() == 1.0


def test_the_form_shows_problems_inline_in_thai(services, qtbot, type_text, th):
    form = ActivityForm(services)
    qtbot.addWidget(form)
    assert form.save() is False
    assert form.boxes["title_th"].message_text() == th("This field is required.")
    type_text(form.editors["title_th"], "ประชุม")
    type_text(form.editors["online_meeting_id"], "Zoom 123 passcode 9999")
    type_text(form.editors["end_date"], "31/02/2566")
    assert form.save() is False
    assert form.boxes["online_meeting_id"].message_kind() == "error"
    assert form.boxes["end_date"].message_text()
    assert services.activities.list().total == 0


def test_create_add_a_session_then_edit(services, qtbot, type_text):
    form = ActivityForm(services)
    qtbot.addWidget(form)
    type_text(form.editors["title_th"], "ลงพื้นที่ศึกษาดูงาน")
    form.editors["kind"].set_value("site_visit")
    form.editors["area_code"].set_value("730101")
    assert not form.sessions.table.isEnabled()
    assert form.save(close=False) is True
    assert form.sessions.table.isEnabled()
    model = form.sessions.model
    assert model.setData(model.index(0, 0), "19/05/2566") is True
    assert model.setData(model.index(0, 1), "afternoon") is True
    assert model.setData(model.index(0, 2), "9:75") is False      # not a time: shown under the table
    assert form.sessions.problem.text()
    saved = services.activities.get(form.record["id"])
    assert saved["area_code"] == "730101" and saved["kind"] == "site_visit"
    rows = services.sessions.list(filters={"activity_id": saved["id"]}).rows
    assert [(r["day"], r["part"]) for r in rows] == [("2023-05-19", "afternoon")]
    form.editors["title_th"].setText("ลงพื้นที่ศึกษาดูงาน ครั้งที่ 2")
    assert form.save() is True
    assert services.activities.get(saved["id"])["title_th"].endswith("2")


def test_screen_search_filter_delete_and_restore(window, services, qtbot, type_text, when_modal):
    services.activities.create({"title_th": "ประชุมคณะทำงาน", "kind": "meeting"})
    services.activities.create({"title_th": "อบรมการคิดเชิงออกแบบ", "kind": "training"})
    window.show_screen("activities")
    screen = window.screen("activities")
    qtbot.waitUntil(lambda: screen.model.total == 2)
    type_text(screen.search, "อบรม")
    qtbot.waitUntil(lambda: screen.model.total == 1, timeout=3000)
    screen.search.clear()
    qtbot.waitUntil(lambda: screen.model.total == 2, timeout=3000)
    combo = screen.filters["kind"]
    combo.setCurrentIndex(combo.findData("meeting"))
    qtbot.waitUntil(lambda: screen.model.total == 1, timeout=3000)
    assert screen.model.record(0)["title_th"] == "ประชุมคณะทำงาน"
    screen.table.selectRow(0)
    when_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    screen.delete_button.click()
    qtbot.waitUntil(lambda: screen.model.total == 0)
    window.show_screen("trash")
    trash = window.screen("trash")
    trash.kind.setCurrentIndex(trash.kind.findData("activity"))
    qtbot.waitUntil(lambda: trash.model.total == 1)
    trash.table.selectRow(0)
    trash.restore_button.click()
    qtbot.waitUntil(lambda: services.activities.list().total == 2)


def test_attendance_grid_lists_people_by_first_name_not_by_title(services, context, qtbot):
    """Thai dictionary order of first then last name, as the Participants list: นาง,
    นางสาว and นาย do not group people, and เกษม sorts under ก."""
    course = services.courses.create({"title_th": "หลักสูตร ป.ย.ป. 6"})
    cohort = services.cohorts.create({"course_id": course["id"], "year_be": 2566, "number": 1})
    for prefix, first, last in (("นาง", "สมหญิง", "รักไทย"), ("นาย", "สมชาย", "ใจดี"),
                                ("นางสาว", "ปิ่นมณี", "ศรีสุข"), ("นาย", "เกษม", "สุขใจ"),
                                ("นาย", "สมชาย", "กล้าหาญ")):
        person = services.persons.create({"prefix_th": prefix, "first_name_th": first, "last_name_th": last})
        services.enrollments.create({"person_id": person["id"], "cohort_id": cohort["id"]})
    activity = services.activities.create({"title_th": "ประชุม", "cohort_id": cohort["id"]})
    services.sessions.create({"activity_id": activity["id"], "day": "2023-05-19"})
    form = ActivityForm(services, services.activities.get(activity["id"]), tasks=context.tasks)
    qtbot.addWidget(form)
    panel = form.attendance
    qtbot.waitUntil(lambda: panel.model.rowCount() == 5)
    assert [name for _pid, name in panel.model.people] == [
        "นายเกษม สุขใจ", "นางสาวปิ่นมณี ศรีสุข", "นายสมชาย กล้าหาญ", "นายสมชาย ใจดี", "นางสมหญิง รักไทย"]


def test_a_reload_during_marking_keeps_the_cursor_on_the_same_person(services, context, qtbot):
    activity, sessions, _ids = _activity_with_people(services)
    form = ActivityForm(services, services.activities.get(activity["id"]), tasks=context.tasks)
    qtbot.addWidget(form)
    panel, view = form.attendance, form.attendance.view
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3 and panel.model.columnCount() == 2)
    view.setCurrentIndex(panel.model.index(0, 1))
    _key(view, Qt.Key.Key_P, "p")                 # the afternoon: present, then down to the second person
    person, session = panel.model.people[1][0], sessions[1]["id"]
    # A session added before the others (the grid reloads, columns shift) while marking goes on.
    services.sessions.create({"activity_id": activity["id"], "day": "2023-05-18"})
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        panel.reload()
    current = view.currentIndex()
    assert panel.model.columnCount() == 3
    assert (panel.model.people[current.row()][0], panel.model.sessions[current.column()]["id"]) == (person, session)
    assert view.selectionModel().isSelected(current)
    _key(view, Qt.Key.Key_unknown, "ส")           # late: for the person the cursor was on
    assert panel.model.marks[person][session] == "late"
    assert panel.model.marks[panel.model.people[0][0]][session] == "present"   # unsaved mark kept
    with qtbot.waitSignal(panel.saved, timeout=5000):
        panel.flush()


def test_a_second_session_typed_on_the_same_day_is_the_afternoon(services, qtbot, type_text):
    form = ActivityForm(services)
    qtbot.addWidget(form)
    type_text(form.editors["title_th"], "ประชุมเชิงปฏิบัติการ")
    assert form.save(close=False) is True
    model = form.sessions.model
    assert model.setData(model.index(0, 0), "19/05/2566") is True
    assert model.setData(model.index(1, 0), "19/05/2566") is True
    assert model.setData(model.index(2, 0), "20/05/2566") is True
    rows = services.sessions.list(filters={"activity_id": form.record["id"]}).rows
    assert sorted((r["day"], r["part"]) for r in rows) == [
        ("2023-05-19", "afternoon"), ("2023-05-19", "morning"), ("2023-05-20", "morning")]
