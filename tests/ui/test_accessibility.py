"""Keyboard and screen-reader access to every screen and dialog, in Thai and in English.

For each screen of the navigation and each dialog the widgets are walked (every tab of
a tab widget, every page of the import wizard) and checked:

- every input that takes the focus (line edits, combo boxes, spin boxes, text boxes,
  lists and tables, buttons and check boxes without text) has an accessible name or a
  label whose buddy it is; a label's buddy can take the focus;
- every label with a buddy has a mnemonic, in Thai a Latin letter ("ชื่อ (&N)"), so
  Alt+letter works on a Thai keyboard layout too; no mnemonic is given twice among the
  widgets shown together (the main window's menus included);
- accessible names carry no mnemonic marks ("&", "(N)");
- after a switch of language every accessible name, buddy label and button text is in
  the new language, none left in the other (the retranslate path);
- in the forms Tab goes through the inputs in the order they are seen: top to bottom,
  left to right within a row;
- the main window's menus have mnemonics and its frequent actions shortcuts.

A failure lists every offending widget (its path of object names) at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from desktop.i18n import current_language, translator
from desktop.ui.language import switch_language
from desktop.ui.mnemonics import MENU_KEYS, assign_keys, mnemonic, mnemonic_key, plain
from desktop.ui.screens import SCREENS

THAI = re.compile("[\u0e01-\u0e4e]")      # Thai letters and marks (not Thai digits: "SarabunIT๙")
LEFT_OVER_MARK = re.compile(r"&|\(\s*[A-Za-z0-9]\s*\)")
INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractItemView, QAbstractButton)

# -- walking the widgets ------------------------------------------------------------------
def alive(widget: QWidget) -> bool:
    return shiboken6.isValid(widget)


def key(widget: QWidget) -> int:
    return shiboken6.getCppPointer(widget)[0]


def reachable(widget: QWidget, root: QWidget) -> bool:
    """Shown, or only behind another page of a stack (a tab not chosen, a screen not shown)."""
    while widget is not None and widget is not root:
        if widget.isHidden() and not isinstance(widget.parentWidget(), QStackedWidget):
            return False
        widget = widget.parentWidget()
    return widget is root


def internal(widget: QWidget) -> bool:
    """A part Qt builds inside another input (a combo box's or spin box's line edit)."""
    parent = widget.parentWidget()
    return widget.objectName().startswith("qt_") or isinstance(parent, (QComboBox, QAbstractSpinBox, QTabBar))


def takes_focus(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or widget.focusProxy() is not None


def is_input(widget: QWidget) -> bool:
    return isinstance(widget, INPUTS) and takes_focus(widget) and not internal(widget)


def path(widget: QWidget, root: QWidget) -> str:
    parts = []
    while widget is not None and widget is not root:
        if widget.objectName() and not widget.objectName().startswith("qt_"):
            parts.append(widget.objectName())
        widget = widget.parentWidget()
    return "/".join(reversed(parts))


def describe(widget: QWidget, root: QWidget) -> str:
    text = ""
    if isinstance(widget, (QLabel, QAbstractButton)):
        text = f" {widget.text()!r}"
    return f"{type(widget).__name__}#{widget.objectName() or '-'} at {path(widget, root) or '.'}{text}"


def widgets(root: QWidget, skip: Callable[[QWidget], bool] = lambda _w: False) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if reachable(w, root) and not skip(w)]


def has_mark(text: str) -> bool:
    return bool(mnemonic_key(text))


def box(widget: QWidget, container: QWidget) -> tuple[int, int, int, int]:
    top_left = widget.mapTo(container, QPoint(0, 0))
    return top_left.y(), top_left.x(), widget.height(), widget.width()


def outer_scroll_area(widget: QWidget, container: QWidget) -> QAbstractScrollArea | None:
    """The outermost scroll area (or list or table) ``widget`` is inside, below ``container``."""
    found, parent = None, widget.parentWidget()
    while parent is not None and parent is not container:
        if isinstance(parent, QAbstractScrollArea):
            found = parent
        parent = parent.parentWidget()
    return found


def visual_order(items: list[QWidget], container: QWidget) -> list[QWidget]:
    """Top to bottom; widgets whose middles are within half a height of each other form a
    row, read left to right. What is inside a scroll area (or the cells of a table) comes
    where the scroll area is, in its own order, however far it is scrolled."""
    units: dict[int, tuple[QWidget, list[QWidget]]] = {}
    for widget in items:
        anchor = outer_scroll_area(widget, container) or widget
        units.setdefault(key(anchor), (anchor, []))[1].append(widget)
    anchors = sorted((anchor for anchor, _inside in units.values()), key=lambda w: box(w, container)[0])
    rows: list[list[QWidget]] = []
    for anchor in anchors:
        y, _x, h, _w = box(anchor, container)
        if rows:
            fy, _fx, fh, _fw = box(rows[-1][0], container)
            if abs((y + h / 2) - (fy + fh / 2)) < min(h, fh) / 2:
                rows[-1].append(anchor)
                continue
        rows.append([anchor])
    out = []
    for row in rows:
        for anchor in sorted(row, key=lambda w: box(w, container)[1]):
            inside = [w for w in units[key(anchor)][1] if w is not anchor]
            if len(inside) < len(units[key(anchor)][1]):
                out.append(anchor)           # a table before the inputs in its cells
            if inside:
                out += visual_order(inside, anchor.viewport())
    return out


def focus_order(items: list[QWidget]) -> list[QWidget]:
    """``items`` in the order of the focus chain (what Tab follows), from the first of them."""
    wanted = {key(w): w for w in items}
    start = items[0]
    order, seen, widget = [], set(), start
    for _step in range(20_000):
        if key(widget) in wanted and key(widget) not in seen:
            seen.add(key(widget))
            order.append(widget)
        widget = widget.nextInFocusChain()
        if widget is None or key(widget) == key(start):
            break
    return order


# -- the checks -----------------------------------------------------------------------------
@dataclass
class Target:
    name: str
    root: QWidget
    order_check: bool = True            # Tab follows the visual order
    skip: Callable[[QWidget], bool] = lambda _w: False
    choices: Callable[[], Iterator[None]] | None = None   # states of its own to check, one after another


class Findings:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, target: Target, language: str, widget: QWidget | None, problem: str) -> None:
        where = describe(widget, target.root) if widget is not None else "-"
        line = f"{target.name} [{language}] {where}: {problem}"
        if line not in self.lines:
            self.lines.append(line)

    def assert_none(self) -> None:
        assert not self.lines, f"{len(self.lines)} accessibility problems:\n" + "\n".join(self.lines)


def check_names_and_mnemonics(target: Target, language: str, found: Findings) -> None:
    root = target.root
    shown = widgets(root, target.skip)
    labels = [w for w in shown if isinstance(w, QLabel) and w.buddy() is not None]
    buddies = {key(label.buddy()) for label in labels}
    for widget in shown:
        if not is_input(widget):
            continue
        if isinstance(widget, QAbstractButton) and plain(widget.text()).strip():
            continue
        if not widget.accessibleName().strip() and key(widget) not in buddies:
            found.add(target, language, widget, "no accessible name and no label for it")
    for label in labels:
        if not has_mark(label.text()):
            found.add(target, language, label, "a label with a buddy has no mnemonic")
        elif language == "th" and not mnemonic_key(label.text()).isascii():
            found.add(target, language, label, "the mnemonic is not a Latin letter")
        if not takes_focus(label.buddy()):
            found.add(target, language, label, "its buddy cannot take the focus")
    for widget in shown:
        name = widget.accessibleName()
        if name and LEFT_OVER_MARK.search(name):
            found.add(target, language, widget, f"the accessible name {name!r} has a mnemonic mark in it")
    for widget in shown:
        if isinstance(widget, QAbstractButton) and has_mark(widget.text()):
            if language == "th" and not mnemonic_key(widget.text()).isascii():
                found.add(target, language, widget, "the mnemonic is not a Latin letter")


def check_duplicates(target: Target, language: str, found: Findings) -> None:
    """No key twice among what is on screen together (hidden tabs and pages do not count)."""
    root = target.root
    marked: dict[str, list[str]] = {}
    for widget in widgets(root, target.skip):
        if not widget.isVisible():
            continue
        texts = []
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton) and not internal(widget):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        for text in texts:
            if mnemonic_key(text):
                marked.setdefault(mnemonic_key(text), []).append(text)
    window = root.window()
    if isinstance(window, QMainWindow) and window is not root:
        for action in window.menuBar().actions():
            if mnemonic_key(action.text()):
                marked.setdefault(mnemonic_key(action.text()), []).append(f"menu {action.text()}")
    for letter, texts in sorted(marked.items()):
        if len(texts) > 1:
            found.add(target, language, None, f"Alt+{letter} is given twice: {texts}")


def check_tab_order(target: Target, language: str, found: Findings) -> None:
    if not target.order_check:
        return
    root = target.root
    inputs = [w for w in widgets(root, target.skip) if is_input(w) and w.isVisible() and w.isEnabled()]
    if len(inputs) < 2:
        return
    seen = visual_order(inputs, root)
    tabbed = focus_order(seen)
    if [key(w) for w in tabbed] != [key(w) for w in seen]:
        index = next((i for i, (a, b) in enumerate(zip(tabbed, seen, strict=False)) if key(a) != key(b)),
                     min(len(tabbed), len(seen)))
        after = describe(seen[index - 1], root) if index else "the start"
        want = describe(seen[index], root) if index < len(seen) else "-"
        got = describe(tabbed[index], root) if index < len(tabbed) else "nothing"
        found.add(target, language, None, f"Tab after {after} goes to {got}, expected {want}")


def names_of(target: Target) -> dict[int, tuple[QWidget, list[str]]]:
    """What a screen reader says, what a label shows, what a button shows, per widget."""
    out = {}
    for widget in widgets(target.root, target.skip):
        label = plain(widget.text()) if isinstance(widget, QLabel) and widget.buddy() is not None else ""
        button = plain(widget.text()) if isinstance(widget, QAbstractButton) else ""
        out[key(widget)] = (widget, [widget.accessibleName(), label, button])
    return out


def check_retranslated(target: Target, before: dict, language: str, found: Findings) -> None:
    """After a switch to ``language``, nothing may still be in the language before it: a
    text unchanged by the switch is stale when it is Thai (now English) or when it is an
    English message the Thai catalog translates (now Thai). Button texts are compared
    only from Thai to English: a mnemonic of a new msgid can make an untranslated button
    text look like a translated message."""
    thai = translator("th")
    after = names_of(target)
    for widget_key, (widget, old_texts) in before.items():
        if widget_key not in after or not alive(widget):
            continue
        for kind, (old, new) in enumerate(zip(old_texts, after[widget_key][1], strict=True)):
            if not old or old != new or (kind == 2 and language == "th"):
                continue
            stale = bool(THAI.search(new)) if language == "en" else thai.gettext(new) != new
            if stale:
                found.add(target, language, widget, f"{new!r} was not retranslated")


def pump(qtbot) -> None:
    QApplication.processEvents()
    qtbot.wait(1)
    QApplication.processEvents()


def visit_states(target: Target, qtbot) -> Iterator[None]:
    """Each state worth checking: every tab of every tab widget in turn, and the target's
    own choices (the fields of each kind of paper)."""
    for _choice in (target.choices or (lambda: iter([None])))():
        pump(qtbot)
        tabs = [t for t in widgets(target.root, target.skip) if isinstance(t, QTabWidget)]
        if not tabs:
            yield
            continue
        for tab_widget in tabs:
            for index in range(tab_widget.count()):
                tab_widget.setCurrentIndex(index)
                pump(qtbot)
                yield
            tab_widget.setCurrentIndex(0)
        pump(qtbot)


def check_target(target: Target, qtbot, found: Findings) -> None:
    """Check in the language the target was built in, then switch to the other and back."""
    start = current_language()
    for language in (start, "en" if start == "th" else "th", start):
        if language != current_language():
            before = names_of(target)
            switch_language(language)
            pump(qtbot)
            check_retranslated(target, before, language, found)
        for _state in visit_states(target, qtbot):
            check_names_and_mnemonics(target, language, found)
            check_duplicates(target, language, found)
            check_tab_order(target, language, found)


def start_in(language: str, qtbot) -> None:
    switch_language(language)
    pump(qtbot)


# -- the screens ------------------------------------------------------------------------------
def not_in_a_screen(window: QWidget) -> Callable[[QWidget], bool]:
    return lambda widget: window.stack.isAncestorOf(widget)


# Screens laid out in columns side by side: Tab goes down one column, then the next.
COLUMNS = {"settings", "papers", "dashboard"}


def each_paper_kind(screen: QWidget) -> Iterator[None]:
    for index in range(screen.kind.count()):
        screen.kind.setCurrentIndex(index)
        yield
    screen.kind.setCurrentIndex(0)


CHOICES = {"papers": each_paper_kind}   # screens whose fields change with a choice


@pytest.mark.parametrize("start", ["th", "en"])
@pytest.mark.parametrize("screen_key", [spec.key for spec in SCREENS])
def test_every_screen_is_accessible(context, qtbot, screen_key, start):
    from desktop.ui.main_window import MainWindow

    start_in(start, qtbot)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_screen(screen_key)
    screen = window.screen(screen_key)
    pump(qtbot)
    found = Findings()
    each = CHOICES.get(screen_key)
    check_target(Target(screen_key, screen, order_check=screen_key not in COLUMNS,
                        choices=(lambda: each(screen)) if each else None), qtbot, found)
    check_target(Target("main window", window, order_check=False, skip=not_in_a_screen(window)), qtbot, found)
    window.close()
    found.assert_none()


def test_the_main_window_menus_have_mnemonics_and_shortcuts(window, qtbot):
    for code in ("th", "en"):
        switch_language(code)
        pump(qtbot)
        problems = []
        titles = [menu.title() for menu in (window.file_menu, window.edit_menu, window.view_menu, window.help_menu)]
        if {mnemonic_key(t) for t in titles} != MENU_KEYS:      # the keys the screens leave free
            problems.append(f"top-level menus {titles}, not {sorted(MENU_KEYS)}")
        for menu in window.menuBar().findChildren(type(window.file_menu)):
            texts = [a.text() for a in menu.actions() if not a.isSeparator()]
            for action in menu.actions():
                if not action.isSeparator() and not mnemonic_key(action.text()) and action.shortcut().isEmpty():
                    problems.append(f"{menu.title()} › {action.text()!r} has neither a mnemonic nor a shortcut")
            menu_keys = [mnemonic_key(t) for t in texts if mnemonic_key(t)]
            if len(set(menu_keys)) != len(menu_keys):
                problems.append(f"{menu.title()} gives a key twice: {texts}")
        for action in (window.new_action, window.find_action, window.import_action, window.export_action,
                       window.quit_action, *window.screen_actions):
            if action.shortcut().isEmpty():
                problems.append(f"{action.text()!r} has no shortcut")
        assert not problems, f"[{code}] " + "\n".join(problems)


# -- the dialogs ------------------------------------------------------------------------------
def records(services) -> dict[str, dict]:
    agency = services.agencies.list(limit=1).rows[0]
    person = services.persons.create({"prefix_th": "นาง", "first_name_th": "สมศรี", "last_name_th": "ใจดี",
                                      "agency_id": agency["id"], "national_id": "1101700203450"})
    course = services.courses.create({"title_th": "หลักสูตร ป.ย.ป. ระดับ 1"})
    cohort = services.cohorts.create({"course_id": course["id"], "year_be": 2567, "number": 1})
    project = services.projects.create({"title_th": "โครงการลดขั้นตอนการขออนุญาต"})
    activity = services.activities.create({"title_th": "ประชุมเชิงปฏิบัติการ", "kind": "workshop"})
    return {"person": services.persons.get(person["id"]), "course": services.courses.get(course["id"]),
            "cohort": services.cohorts.get(cohort["id"]), "project": services.projects.get(project["id"]),
            "activity": services.activities.get(activity["id"]), "agency": services.agencies.get(agency["id"])}


def build_dialog(name: str, context) -> QWidget:
    services = context.services
    made = records(services) if name.endswith("form") else {}
    if name == "person form":
        from desktop.ui.forms.person_form import PersonForm
        return PersonForm(services, made["person"], tasks=context.tasks)
    if name == "project form":
        from desktop.ui.forms.project_form import ProjectForm
        return ProjectForm(services, made["project"], tasks=context.tasks)
    if name == "activity form":
        from desktop.ui.forms.activity_form import ActivityForm
        return ActivityForm(services, made["activity"], tasks=context.tasks)
    if name == "course form":
        from desktop.ui.forms.course_forms import CourseForm
        return CourseForm(services, made["course"], tasks=context.tasks)
    if name == "cohort form":
        from desktop.ui.forms.course_forms import CohortForm
        return CohortForm(services, made["cohort"], tasks=context.tasks)
    if name == "agency form":
        from desktop.ui.forms.agency_form import AgencyForm
        return AgencyForm(services, made["agency"], tasks=context.tasks)
    if name == "new project form":
        from desktop.ui.forms.project_form import ProjectForm
        return ProjectForm(services, None, tasks=context.tasks)
    if name == "person picker":
        from desktop.ui.forms.person_picker import PersonPicker
        return PersonPicker(services, context.tasks)
    if name == "signatory":
        from desktop.ui.screens.settings import SignatoryDialog
        return SignatoryDialog(services)
    if name == "first run":
        from desktop.ui.first_run import FirstRunDialog
        return FirstRunDialog(services)
    if name.startswith("login"):
        from desktop.ui.login import LoginDialog
        if name == "login":
            services.users.create_first_admin("admin", "password-1", "ผู้ดูแลระบบ")
        return LoginDialog(services)
    if name == "sheet export":
        from desktop.ui.sheet_export import SheetExportDialog
        return SheetExportDialog(context, "persons")
    if name == "sync export":
        from desktop.ui.sync_export import ExportDialog
        return ExportDialog(context, drives=[])
    if name == "sync import":
        from desktop.ui.sync_import import ImportDialog
        return ImportDialog(context)
    if name == "conflict inbox":
        from desktop.ui.sync_conflicts import ConflictInbox
        return ConflictInbox(context)
    raise ValueError(name)


DIALOGS = ["person form", "project form", "new project form", "activity form", "course form", "cohort form",
           "agency form", "person picker", "signatory", "first run", "sheet export", "sync export", "sync import",
           "conflict inbox", "login", "login (first administrator)"]


@pytest.mark.parametrize("start", ["th", "en"])
@pytest.mark.parametrize("name", DIALOGS)
def test_every_dialog_is_accessible(context, qtbot, name, start):
    start_in(start, qtbot)
    dialog = build_dialog(name, context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    pump(qtbot)
    found = Findings()
    check_target(Target(name, dialog), qtbot, found)
    dialog.reject = dialog.close   # no question about unsaved changes
    dialog.close()
    found.assert_none()


def test_the_import_wizard_is_accessible_on_every_page(context, services, qtbot, tmp_path):
    from desktop.ui.sheet_import_wizard import SheetImportWizard

    services.persons.create({"prefix_th": "นาย", "first_name_th": "สมชาย", "last_name_th": "ใจงาม"})
    csv = tmp_path / "รายชื่อ.csv"
    csv.write_text("\r\n".join([
        "ลำดับ,ชื่อ-สกุล,ตำแหน่ง,หน่วยงาน,โทรศัพท์",
        "1,นายสมชาย ใจงาม,นักวิเคราะห์,สำนักงานที่ไม่มีในรายการ,0891234567",
        "2,นางสาวสมหญิง ใจดี,นักวิเคราะห์,ที่ว่าการอำเภอเมืองนครปฐม,12345",
        "3,นายวีระ ใจกล้า,ปลัดอำเภอ,ที่ว่าการอำเภอเมืองนครปฐม,0812345678",
    ]) + "\r\n", encoding="utf-8-sig")
    wizard = SheetImportWizard(context, "persons", path=csv)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: wizard.file_page.isComplete(), timeout=10_000)
    found = Findings()

    def check(what: str) -> None:
        pump(qtbot)
        check_target(Target(f"import wizard, {what}", wizard), qtbot, found)

    check("the file")
    wizard.next()
    check("the columns")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check_page.isComplete(), timeout=10_000)
    check("the check")
    wizard.next()
    assert wizard.currentId() == wizard.PAGE_DECIDE
    check("the decisions")
    page = wizard.decisions_page
    page.skip_invalid.setChecked(True)
    page.decide_all("new")
    for row in range(page.agencies.rowCount()):
        page.agencies.setData(page.agencies.index(row, 2), "none", Qt.ItemDataRole.EditRole)
    wizard.next()
    check("the import")
    wizard.run_page.dry_button.click()
    qtbot.waitUntil(lambda: wizard.state.preview is not None and not wizard.busy, timeout=10_000)
    check("the dry run")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.PAGE_RESULT, timeout=10_000)
    check("the result")
    wizard.accept()
    found.assert_none()


def test_every_dialog_of_the_interface_is_checked_here():
    """A new dialog class must be added to the lists above."""
    import desktop.ui

    folder = Path(desktop.ui.__file__).parent
    classes = set()
    for file in folder.rglob("*.py"):
        classes.update(re.findall(r"^class (\w+)\((?:Retranslating, )?(?:QDialog|QWizard|RecordForm)\)",
                                  file.read_text(encoding="utf-8"), re.MULTILINE))
    covered = {"PersonForm", "ProjectForm", "ActivityForm", "CourseForm", "CohortForm", "AgencyForm", "PersonPicker",
               "SignatoryDialog", "FirstRunDialog", "LoginDialog", "SheetExportDialog", "ExportDialog",
               "ImportDialog", "ConflictInbox", "SheetImportWizard", "RecordForm"}
    assert classes - covered == set(), "dialogs without an accessibility check"


# -- the mnemonic helpers -----------------------------------------------------------------------
def test_mnemonics_are_marked_in_english_and_bracketed_in_thai():
    assert mnemonic("Title (Thai)", "T") == "&Title (Thai)"
    assert mnemonic("Title (English)", "E") == "Title (&English)"
    assert mnemonic("Title", "I") == "T&itle"
    assert mnemonic("ชื่อเรื่อง (ภาษาไทย)", "T") == "ชื่อเรื่อง (ภาษาไทย) (&T)"
    assert mnemonic("Research & development", "R") == "&Research && development"
    assert mnemonic("Code", "X") == "Code (&X)"
    assert mnemonic_key("ชื่อ (&N)") == "N" and mnemonic_key("R&&D") == "" and mnemonic_key("Save &as") == "A"
    assert plain("ชื่อเรื่อง (&T)") == "ชื่อเรื่อง" and plain("Save &as") == "Save as" and plain("R&&D") == "R&D"
    assert plain("เพิ่มผู้ลงนาม (&A)…") == "เพิ่มผู้ลงนาม…"
    assert assign_keys(["Title (Thai)", "Title (English)", "Type", "Code"], taken={"C"}) == ["T", "E", "Y", "O"]
