"""The main window: navigation, shortcuts, language switch, settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.ui.main_window import MainWindow
from desktop.ui.screens import SCREENS

THAI_NAV = ["ภาพรวม", "โครงการ", "ผู้เข้าร่วม", "กิจกรรม", "หลักสูตรและรุ่น", "หน่วยงาน"]


def nav_texts(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def test_opens_on_participants_with_thai_navigation_and_office_in_status_bar(window, qtbot):
    assert window.current_spec().key == "participants"
    assert nav_texts(window)[:6] == THAI_NAV
    assert len(nav_texts(window)) == len(SCREENS) == 11
    assert "สำนักงานจังหวัดนครปฐม" in window.office_label.text()
    assert "สำนักงานจังหวัดนครปฐม" in window.windowTitle()
    qtbot.waitUntil(lambda: window.counts_label.text() != "")


def test_navigation_switches_screens_and_every_screen_says_what_it_is(window, qtbot):
    for row, spec in enumerate(SCREENS):
        window.nav.setCurrentRow(row)
        screen = window.stack.currentWidget()
        assert screen is window.screens[spec.key]
        assert screen.objectName() == f"screen-{spec.key}"
        texts = " ".join(label.text() for label in screen.findChildren(QLabel))
        assert len(texts) > 20, f"{spec.key} shows next to nothing"
    assert window.screen("projects").heading.text() == "โครงการ"
    # every screen is built now: none is left as a "coming in a later version" placeholder
    assert all(spec.factory is not None for spec in SCREENS)
    assert window.screen("sync").heading.text() == "รับส่งข้อมูล"


def test_ctrl_number_shortcuts_switch_screens(window, qtbot):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_spec().key == "projects"
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_spec().key == "trash"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_spec().key == "participants"


def test_new_and_search_are_enabled_only_where_they_work(window):
    assert window.new_action.isEnabled() and window.find_action.isEnabled()
    window.show_screen("papers")
    assert not window.new_action.isEnabled() and not window.find_action.isEnabled()


def test_ctrl_f_focuses_the_search_box(window, qtbot):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    screen = window.screen("participants")
    qtbot.waitUntil(screen.search.hasFocus)


def test_switching_language_retranslates_open_screens_at_once(window, qtbot, th):
    participants = window.screen("participants")
    window.show_screen("projects")
    projects = window.screen("projects")
    model = participants.model
    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: nav_texts(window)[2] == "Participants")
    assert nav_texts(window)[:3] == ["Dashboard", "Projects", "Participants"]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Full name"
    assert participants.new_button.text() == "New participant"
    assert projects.heading.text() == "Projects"
    assert window.file_menu.title() == "&File"
    assert window.language_actions["en"].isChecked()
    assert window.context.settings.value("language") == "en"
    window.language_actions["th"].trigger()
    qtbot.waitUntil(lambda: nav_texts(window)[2] == "ผู้เข้าร่วม")
    assert model.headerData(0, Qt.Orientation.Horizontal) == th("Full name")
    assert participants.heading.text() == "ผู้เข้าร่วม"
    assert projects.heading.text() == "โครงการ"


def test_window_geometry_and_screen_are_remembered_in_the_data_folder(context, qtbot):
    first = MainWindow(context)
    qtbot.addWidget(first)
    first.show()
    first.resize(780, 560)  # the offscreen screen is 800x800; above the minimum size
    first.show_screen("agencies")
    first.close()
    assert (context.services.paths.root / "interface.ini").is_file()
    second = MainWindow(context)
    qtbot.addWidget(second)
    assert second.current_spec().key == "agencies"
    assert (second.width(), second.height()) == (780, 560)
    second.close()
