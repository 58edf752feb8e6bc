"""A new user's first day with GovLab Desk, through the real windows on a new, empty data
folder: create the administrator and the office, add people by hand, make a course, a
cohort and an activity, take attendance for two sessions, attach photos, find people by
typing part of a Thai name, switch to English and back, delete someone and restore them.

Every step goes through the widgets a person would use (buttons, forms, the keyboard);
only the operating system's file dialog is replaced, since a native dialog cannot be
driven. Set GOVLAB_SCREENSHOTS to a folder to keep a screenshot of each step."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QKeyEvent,
    QPainter,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QWidget,
)

from desktop.services.access import NOBODY
from desktop.services.app_services import open_services
from desktop.ui.context import UiContext
from desktop.ui.first_run import FirstRunDialog
from desktop.ui.forms.activity_form import ActivityForm
from desktop.ui.forms.attachments_panel import THUMB, AttachmentsPanel
from desktop.ui.forms.course_forms import CohortForm, CourseForm
from desktop.ui.forms.person_form import PersonForm
from desktop.ui.forms.person_picker import PersonPicker
from desktop.ui.login import LoginDialog
from desktop.ui.main_window import MainWindow
from dropped_files import drop_files

SHOTS = os.environ.get("GOVLAB_SCREENSHOTS")   # a folder to save screenshots in, when set
OK, SAVE = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Save
APPLY, CANCEL = QDialogButtonBox.StandardButton.Apply, QDialogButtonBox.StandardButton.Cancel
# The people of the story: prefix, first and last name in Thai, the agency typed to find it.
PEOPLE = (("นาย", "สมชาย", "ใจดี", "ปกครอง"), ("นางสาว", "ปิ่นมณี", "ศรีสุข", "แพทย์แผนไทย"),
          ("นาง", "สมหญิง", "รักไทย", None))
PHOTO_COLOURS = {"activity": QColor("#1f7a4d"), "person": QColor("#c0392b")}


# -- helpers ---------------------------------------------------------------------------
def shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        for _ in range(2):   # pending layouts done (they post more), as a person would see the screen
            QApplication.processEvents()
        widget.grab().save(str(Path(SHOTS) / f"journey-{name}.png"))


@contextmanager
def answering(kind: type, action: Callable[[QWidget], object], timeout_ms: int = 10_000) -> Iterator[list]:
    """Answer the next modal dialog of ``kind`` with ``action(dialog)`` while the block
    runs (the block is what opens it with ``exec()``). A failure in ``action`` closes the
    dialog, so ``exec()`` returns, and is raised when the block ends."""
    results: list = []
    waited = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            try:
                results.append(action(dialog))
            except BaseException as error:  # noqa: BLE001 - raised below, on the test's side
                results.append(error)
                if dialog.isVisible():
                    QDialog.done(dialog, QDialog.DialogCode.Rejected)
            return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    yield results
    assert results, f"no {kind.__name__} was opened"
    if isinstance(results[0], BaseException):
        raise results[0]


def press(widget: QWidget, key: Qt.Key, text: str = "") -> None:
    """One key (press and release) carrying ``text``, as a Thai or English keyboard sends it."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def valid_national_id(first12: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


def photo(path: Path, colour: QColor) -> Path:
    """A small real photo file (PNG or JPEG by its suffix), one colour with a white band."""
    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(colour)
    painter = QPainter(image)
    painter.fillRect(0, 200, 320, 40, QColor("white"))
    painter.setFont(QFont("Sarabun", 14))
    painter.drawText(10, 228, "ภาพกิจกรรม")
    painter.end()
    assert image.save(str(path))
    return path


def thumbnail_colour(panel: AttachmentsPanel) -> QColor:
    image = panel.list.item(0).icon().pixmap(THUMB, THUMB).toImage()
    return image.pixelColor(image.width() // 2, image.height() // 3)


def same_colour(a: QColor, b: QColor, tolerance: int = 12) -> bool:   # JPEG is lossy
    return all(abs(x - y) <= tolerance for x, y in ((a.red(), b.red()), (a.green(), b.green()),
                                                   (a.blue(), b.blue())))


def choose_in_file_dialog(monkeypatch, *paths: Path) -> None:
    """The system's file dialog (which a test cannot drive) answered with ``paths``."""
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *_args, **_kwargs: ([str(p) for p in paths], "")))


def pick_from_suggestions(qtbot, picker, type_text, fragment: str) -> str:
    """Type part of a name into a record picker and choose the first suggestion."""
    type_text(picker.lineEdit(), fragment)
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    press(popup, Qt.Key.Key_Down)
    press(popup, Qt.Key.Key_Return)
    assert picker.chosen_id() is not None, picker.currentText()
    return picker.currentText()


def type_in_cell(qtbot, table, row: int, column: int, text: str = "", downs: int = 0) -> None:
    """F2 on a cell of an editable table, then type ``text`` (or press Down ``downs``
    times in a drop-down), then Enter."""
    index = table.model().index(row, column)
    table.setCurrentIndex(index)
    press(table, Qt.Key.Key_F2)
    editor = table.indexWidget(index)
    assert editor is not None, "F2 opened no editor"
    if text:
        qtbot.keyClicks(editor, text)
    for _ in range(downs):
        press(editor, Qt.Key.Key_Down)
    press(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.indexWidget(index) is None)   # committed and closed a moment later


def rows_of(model) -> list[str]:
    return [model.record(row)["full_name_th"] for row in range(model.rowCount())]


# -- the steps of the story -------------------------------------------------------------
def create_the_administrator(qtbot, opened, type_text, th):
    """The first start asks for the folder's administrator (nobody has an account yet);
    the app asks this before the office, as ``desktop.app`` does."""
    login = LoginDialog(opened)
    qtbot.addWidget(login)
    login.show()
    qtbot.waitExposed(login)
    assert login.mode == "create" and login.windowTitle() == th("Create the administrator")
    type_text(login.username, "admin")
    type_text(login.display_name, "วันดี มีสุข")
    type_text(login.password, "password-1")
    type_text(login.confirm, "password-2")
    press(login.confirm, Qt.Key.Key_Return, "\r")
    assert login.error.isVisible() and login.error.text() == th("The two passwords are not the same.")
    type_text(login.password, "password-1")
    type_text(login.confirm, "password-1")
    shot(login, "01-create-administrator")
    login.buttons.button(OK).click()
    assert login.result() == QDialog.DialogCode.Accepted and login.actor.role == "admin"
    return opened.as_user(login.actor)


def set_up_the_office(qtbot, services, type_text, th) -> None:
    """The first-run dialog: which office this computer belongs to."""
    dialog = FirstRunDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == th("Set up this office")
    dialog.buttons.button(OK).click()          # nothing filled in yet: told what is missing
    assert dialog.boxes["province"].message_text() == th("Choose a province.")
    type_text(dialog.office_name, "ที่ทำการปกครองอำเภอเมืองนครปฐม")
    type_text(dialog.office_code, "NPT-MUEANG")
    dialog.province.setCurrentIndex(dialog.province.findText("นครปฐม"))
    dialog.district.setCurrentIndex(dialog.district.findText("เมืองนครปฐม"))
    dialog.role.setCurrentIndex(dialog.role.findData("office"))
    shot(dialog, "02-first-run-office")
    dialog.buttons.button(OK).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    profile = services.office.get()
    assert profile["office_name"] == "ที่ทำการปกครองอำเภอเมืองนครปฐม" and profile["area_code"] == "7301"


def fill_person(qtbot, type_text, th, prefix, first, last, agency, national_id=None):
    def fill(form: PersonForm) -> dict:
        assert form.windowTitle() == th("New participant")
        type_text(form.prefix.lineEdit(), prefix)
        type_text(form.editors["first_name_th"], first)
        type_text(form.editors["last_name_th"], last)
        type_text(form.editors["position"], "นักวิเคราะห์นโยบายและแผน")
        chosen = pick_from_suggestions(qtbot, form.agency, type_text, agency) if agency else None
        if national_id:
            box = form.boxes["national_id"]
            type_text(form.national_id, national_id[:12])
            assert box.message_kind() == "hint" and box.message_text() == th("{count} of 13 digits", count=12)
            wrong = str((int(national_id[12]) + 1) % 10)
            type_text(form.national_id, wrong)
            assert box.message_kind() == "error"
            assert box.message_text() == th("This national ID fails its check digit: please check each digit.")
            shot(form, "04-person-form-wrong-check-digit")
            press(form.national_id, Qt.Key.Key_Backspace)
            type_text(form.national_id, national_id[12])
            assert box.message_kind() == "ok" and box.message_text() == th("The check digit is correct.")
            shot(form, "05-person-form-filled")
        form.buttons.button(SAVE).click()
        return {"agency": chosen}
    return fill


def add_people_by_hand(window, qtbot, type_text, th) -> dict[str, dict]:
    screen = window.screen("participants")
    qtbot.waitUntil(lambda: not screen.model.is_loading())
    assert screen.empty.isVisible() and screen.empty.text() == th(
        "No participants yet. Add the first one with “New participant” (Ctrl+N).")
    qtbot.waitUntil(lambda: window.counts_label.text() != "")
    shot(window, "03-empty-participants")
    national_id = valid_national_id("110170023070")
    chosen = {}
    for number, (prefix, first, last, agency) in enumerate(PEOPLE, 1):
        fill = fill_person(qtbot, type_text, th, prefix, first, last, agency, national_id if number == 1 else None)
        with answering(PersonForm, fill) as answered:
            screen.new_button.click()
        chosen[first] = answered[0]
        qtbot.waitUntil(lambda n=number: screen.model.total == n and not screen.model.is_loading())
    assert screen.count.text() == "3 คน"
    people = {p["first_name_th"]: p for p in window.context.services.persons.list().rows}
    somchai = people["สมชาย"]
    assert somchai["full_name_th"] == "นายสมชาย ใจดี"
    assert somchai["agency_name"] and somchai["agency_name"] in chosen["สมชาย"]["agency"]
    assert somchai["national_id_masked"].endswith(national_id[-1]) and national_id not in str(somchai)
    assert people["ปิ่นมณี"]["full_name_th"] == "นางสาวปิ่นมณี ศรีสุข" and people["ปิ่นมณี"]["agency_name"]
    assert sorted(rows_of(screen.model)) == sorted(p["full_name_th"] for p in people.values())
    shot(window, "06-three-participants")
    return people


def make_a_course_and_cohort(window, qtbot, type_text, people) -> dict:
    window.show_screen("courses")
    screen = window.screen("courses")

    def new_course(form: CourseForm) -> None:
        type_text(form.editors["title_th"], "หลักสูตรนักสร้างนวัตกรรมภาครัฐ")
        form.buttons.button(SAVE).click()

    with answering(CourseForm, new_course):
        screen.new_button.click()
    qtbot.waitUntil(lambda: screen.model.total == 1)
    screen.table.selectRow(0)
    assert screen.new_cohort.isEnabled()

    def new_cohort(form: CohortForm) -> int:
        assert form.editors["course_id"].currentText() == "หลักสูตรนักสร้างนวัตกรรมภาครัฐ"
        type_text(form.editors["year_be"], "2567")
        type_text(form.editors["number"], "1")
        form.buttons.button(APPLY).click()            # saved; its enrolments can be added now
        form.tabs.setCurrentWidget(form.enrollments)
        panel = form.enrollments

        def choose_everyone(picker: PersonPicker) -> None:
            qtbot.waitUntil(lambda: picker.model.total == 3 and not picker.model.is_loading())
            picker.table.setFocus()
            picker.table.selectAll()
            shot(picker, "07-choose-people")
            picker.buttons.button(OK).click()

        with answering(PersonPicker, choose_everyone):
            panel.add_button.click()
        qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
        shot(form, "08-cohort-enrolments")
        form.buttons.button(SAVE).click()
        return panel.model.rowCount()

    with answering(CohortForm, new_cohort):
        screen.new_cohort.click()
    qtbot.waitUntil(lambda: screen.cohorts.total == 1)
    cohort = screen.cohorts.record(0)
    assert cohort["display_name_th"].endswith("รุ่นที่ 1")
    services = window.context.services
    enrolled = {e["person_id"] for e in services.enrollments.list(filters={"cohort_id": cohort["id"]}).rows}
    assert enrolled == {p["id"] for p in people.values()}
    return cohort


def make_an_activity_and_take_attendance(window, qtbot, monkeypatch, type_text, th, cohort, tmp_path) -> dict:
    """A workshop of the cohort, a morning and an afternoon session, the attendance of both
    taken with the keyboard, and a photo of the day added to it."""
    window.show_screen("activities")
    screen = window.screen("activities")
    group_photo = photo(tmp_path / "ภาพหมู่.png", PHOTO_COLOURS["activity"])
    seen: dict = {}

    def new_activity(form: ActivityForm) -> None:
        type_text(form.editors["title_th"], "ประชุมเชิงปฏิบัติการออกแบบบริการ")
        form.editors["kind"].setCurrentIndex(form.editors["kind"].findData("workshop"))
        pick_from_suggestions(qtbot, form.editors["cohort_id"], type_text, "2567")
        assert form.editors["cohort_id"].chosen_id() == cohort["id"]
        form.buttons.button(APPLY).click()
        assert form.record, form.general_error.text()
        # The sessions: typed into the table's last row, which adds one.
        form.tabs.setCurrentWidget(form.sessions)
        table = form.sessions.table
        sessions = form.sessions.model
        type_in_cell(qtbot, table, 0, 0, "01/07/2567")
        assert sessions.data(sessions.index(0, 1)) == th("Morning")   # a new session starts in the morning
        type_in_cell(qtbot, table, 1, 0, "01/07/2567")                # a second session that day
        assert sessions.data(sessions.index(1, 1)) == th("Afternoon")  # ... is the afternoon, not chosen
        assert sessions.data(sessions.index(1, 0)) == "01/07/2567"
        assert form.sessions.problem.text() == ""
        shot(form, "09-activity-sessions")
        # The attendance grid: everyone of the cohort by the two sessions.
        form.tabs.setCurrentWidget(form.attendance)
        panel, view = form.attendance, form.attendance.view
        # (the grid reloads after each change of the sessions: wait for the afternoon one)
        qtbot.waitUntil(lambda: panel.model.rowCount() == 3 and panel.model.columnCount() == 2
                        and th("Afternoon") in (panel.model.headerData(1, Qt.Orientation.Horizontal) or ""))
        assert view.currentIndex().row() == 0 and view.currentIndex().column() == 0
        press(view, Qt.Key.Key_P, "p")           # present, then down to the next person
        press(view, Qt.Key.Key_unknown, "ส")     # สาย (late), typed on a Thai keyboard
        press(view, Qt.Key.Key_1, "1")           # present
        press(view, Qt.Key.Key_Right)            # the afternoon session
        for _ in range(2):
            press(view, Qt.Key.Key_Up)
        press(view, Qt.Key.Key_unknown, "ม")     # มา (present)
        press(view, Qt.Key.Key_unknown, "ข")     # ขาด (absent)
        press(view, Qt.Key.Key_E, "e")           # excused
        assert panel.state.text() == th("Not saved yet…")
        with qtbot.waitSignal(panel.saved, timeout=5000):   # saved by itself a moment later
            pass
        assert panel.state.text() == th("All marks saved.")
        seen["people"] = [pid for pid, _name in panel.model.people]
        seen["summary"] = panel.summary.text()
        shot(form, "10-attendance-taken")
        # A photo of the day, chosen with “Add files…” on the Photos tab.
        form.tabs.setCurrentWidget(form.files)
        files = form.files
        choose_in_file_dialog(monkeypatch, group_photo)
        files.add_button.click()
        qtbot.waitUntil(lambda: files.list.count() == 1, timeout=5000)
        seen["thumbnail"] = thumbnail_colour(files)
        seen["caption"] = files.list.item(0).text()
        shot(form, "11-activity-photo")
        seen["record"] = form.record
        form.buttons.button(SAVE).click()

    with answering(ActivityForm, new_activity):
        screen.new_button.click()
    qtbot.waitUntil(lambda: screen.model.total == 1)
    activity = seen["record"]
    services = window.context.services
    grid = services.attendance.grid(activity["id"])
    morning, afternoon = (s["id"] for s in grid["sessions"])
    assert [s["part"] for s in grid["sessions"]] == ["morning", "afternoon"]
    first, second, third = seen["people"]
    marks = grid["marks"]
    assert (marks[first][morning], marks[second][morning], marks[third][morning]) == ("present", "late", "present")
    assert (marks[first][afternoon], marks[second][afternoon], marks[third][afternoon]) == (
        "present", "absent", "excused")
    assert "3" in seen["summary"] and "2" in seen["summary"]
    assert same_colour(seen["thumbnail"], PHOTO_COLOURS["activity"]), seen["thumbnail"].name()
    assert seen["caption"] == "ภาพหมู่.png"
    stored = services.attachments.for_record(activity["id"])
    assert [a["file_name"] for a in stored] == ["ภาพหมู่.png"]
    shot(window, "12-activities")
    return activity


def attach_a_photo_to_a_person(window, qtbot, monkeypatch, tmp_path, person) -> None:
    """The person's photo, added with “Add files…” (the system's file dialog answered)."""
    window.show_screen("participants")
    screen = window.screen("participants")
    portrait = photo(tmp_path / "รูปถ่าย สมชาย.jpg", PHOTO_COLOURS["person"])
    choose_in_file_dialog(monkeypatch, portrait)
    row = screen.model.row_of(person["id"])
    screen.table.selectRow(row)
    seen: dict = {}

    def add_photo(form: PersonForm) -> None:
        assert form.record["id"] == person["id"]
        form.tabs.setCurrentWidget(form.files)
        form.files.add_button.click()
        qtbot.waitUntil(lambda: form.files.list.count() == 1, timeout=5000)
        seen["thumbnail"] = thumbnail_colour(form.files)
        shot(form, "13-person-photo")
        form.buttons.button(CANCEL).click()       # nothing else changed: closes without asking

    with answering(PersonForm, add_photo):
        screen.edit_button.click()
    assert same_colour(seen["thumbnail"], PHOTO_COLOURS["person"]), seen["thumbnail"].name()
    stored = window.context.services.attachments.for_record(person["id"])
    assert [a["file_name"] for a in stored] == ["รูปถ่าย สมชาย.jpg"]


def find_people_by_part_of_a_name(window, qtbot, type_text, th) -> None:
    screen = window.screen("participants")

    def search(text: str) -> list[str]:
        screen.search.clear()
        type_text(screen.search, text)
        qtbot.waitUntil(lambda: screen.model.query.search == text and not screen.model.is_loading(), timeout=3000)
        return rows_of(screen.model)

    assert search("สม") == ["นายสมชาย ใจดี", "นางสมหญิง รักไทย"]       # the first two letters
    shot(window, "14-search-som")
    assert search("มณี") == ["นางสาวปิ่นมณี ศรีสุข"]                    # the middle of a name
    shot(window, "15-search-middle")
    assert search("รักไท") == ["นางสมหญิง รักไทย"]                      # part of a last name
    assert search("ศรีสุข") == ["นางสาวปิ่นมณี ศรีสุข"]
    assert search("ไม่มีใคร") == []
    assert screen.empty.isVisible() and screen.empty.text() == th("Nobody matches “{text}”.", text="ไม่มีใคร")
    screen.search.clear()
    qtbot.waitUntil(lambda: screen.model.total == 3 and not screen.model.is_loading())


def switch_to_english_and_back(window, qtbot, th) -> None:
    screen = window.screen("participants")
    thai = (screen.heading.text(), screen.new_button.text(), window.nav.item(2).text(), screen.count.text())
    assert thai == (th("Participants"), th("New participant"), th("Participants"), "3 คน")
    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: window.nav.item(2).text() == "Participants")
    assert screen.heading.text() == "Participants" and screen.new_button.text() == "New participant"
    assert screen.count.text() == "3 people" and window.file_menu.title() == "&File"
    assert screen.search.placeholderText() == "Search by name, position, agency or phone"
    assert screen.model.headerData(0, Qt.Orientation.Horizontal) == "Full name"
    assert window.office_label.text() == "Office: ที่ทำการปกครองอำเภอเมืองนครปฐม"
    assert rows_of(screen.model)[0] == "นางสาวปิ่นมณี ศรีสุข"     # the records stay as typed
    shot(window, "16-english")
    window.language_actions["th"].trigger()
    qtbot.waitUntil(lambda: window.nav.item(2).text() == th("Participants"))
    assert (screen.heading.text(), screen.new_button.text(), window.nav.item(2).text(),
            screen.count.text()) == thai
    assert window.context.settings.value("language") == "th"


def delete_and_restore(window, qtbot, th, person) -> None:
    screen = window.screen("participants")
    screen.table.selectRow(screen.model.row_of(person["id"]))

    def agree(box: QMessageBox) -> str:
        text = box.text()
        shot(box, "17-delete-question")
        box.button(QMessageBox.StandardButton.Yes).click()
        return text

    with answering(QMessageBox, agree) as question:
        screen.delete_button.click()
    assert question == [th("Move {name} to the trash? You can restore it from the Trash screen.",
                           name=person["full_name_th"])]
    qtbot.waitUntil(lambda: screen.model.total == 2 and not screen.model.is_loading())
    assert person["full_name_th"] not in rows_of(screen.model)
    window.show_screen("trash")
    trash = window.screen("trash")
    qtbot.waitUntil(lambda: trash.model.total == 1 and not trash.model.is_loading())
    assert trash.model.record(0)["full_name_th"] == person["full_name_th"]
    assert trash.section.text() == th("Deleted participants: {count}", count="1")
    trash.table.selectRow(0)
    shot(window, "18-trash")
    trash.restore_button.click()
    qtbot.waitUntil(lambda: trash.model.total == 0)
    window.show_screen("participants")
    qtbot.waitUntil(lambda: screen.model.total == 3 and not screen.model.is_loading())
    assert person["full_name_th"] in rows_of(screen.model)
    shot(window, "19-restored")


# -- the story ---------------------------------------------------------------------------
@pytest.fixture
def new_folder(tmp_path):
    """An empty data folder, opened the way the app opens it: as nobody, before sign-in."""
    opened = open_services(tmp_path / "office-data", actor=NOBODY)
    yield opened
    opened.close()


def test_a_new_user_from_the_first_start_to_restoring_from_the_trash(
        new_folder, qtbot, type_text, th, monkeypatch, tmp_path):
    assert not new_folder.users.has_users() and new_folder.office.get() is None
    services = create_the_administrator(qtbot, new_folder, type_text, th)
    set_up_the_office(qtbot, services, type_text, th)

    context = UiContext(services)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        assert window.windowTitle() == "GovLab Desk — ที่ทำการปกครองอำเภอเมืองนครปฐม"
        assert window.current_spec().key == "participants"
        people = add_people_by_hand(window, qtbot, type_text, th)
        cohort = make_a_course_and_cohort(window, qtbot, type_text, people)
        make_an_activity_and_take_attendance(window, qtbot, monkeypatch, type_text, th, cohort, tmp_path)
        attach_a_photo_to_a_person(window, qtbot, monkeypatch, tmp_path, people["สมชาย"])
        find_people_by_part_of_a_name(window, qtbot, type_text, th)
        switch_to_english_and_back(window, qtbot, th)
        delete_and_restore(window, qtbot, th, people["สมหญิง"])
        qtbot.waitUntil(lambda: "3" in window.counts_label.text())
    finally:
        window.close()
        context.tasks.wait(10_000)
        qtbot.wait(1)   # the last results delivered before the database closes


def test_photos_dropped_from_the_file_manager_are_attached(services, context, qtbot, tmp_path):
    person = services.persons.create({"first_name_th": "สมชาย", "last_name_th": "ใจดี"})
    form = PersonForm(services, services.persons.get(person["id"]), tasks=context.tasks)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.tabs.setCurrentWidget(form.files)
    assert drop_files(form.files.list.viewport(), [photo(tmp_path / "ภาพหมู่.png", PHOTO_COLOURS["activity"])])
    qtbot.waitUntil(lambda: form.files.list.count() == 1, timeout=5000)
    assert same_colour(thumbnail_colour(form.files), PHOTO_COLOURS["activity"])
