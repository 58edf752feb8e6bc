"""The main window: navigation on the left, the current screen on the right, menus,
a toolbar, a status bar with the office and record counts, and keyboard shortcuts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from desktop.i18n import _, available_languages, current_language, language_name
from desktop.ui.about import show_about
from desktop.ui.context import UiContext
from desktop.ui.icons import icon
from desktop.ui.language import Retranslating, switch_language
from desktop.ui.mnemonics import mnemonic
from desktop.ui.screens import SCREENS, ScreenSpec, build_screen

LANGUAGE_KEYS = {"th": "T", "en": "E"}   # View › Language › ไทย (&T) / &English
SCREEN_KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5,
               Qt.Key.Key_6, Qt.Key.Key_7, Qt.Key.Key_8, Qt.Key.Key_9, Qt.Key.Key_0)


class MainWindow(Retranslating, QMainWindow):
    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("main-window")
        self.screens: dict[str, QWidget] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        self.stack.setObjectName("screens")
        for spec in SCREENS:
            item = QListWidgetItem(icon(spec.key), "")
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the screen when first shown
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.nav.setMinimumWidth(190)
        splitter.setSizes([220, 980])
        self.setCentralWidget(splitter)
        self._build_actions()
        self._build_menus()
        self.office_label, self.counts_label = QLabel(), QLabel()
        self.office_label.setObjectName("office")
        self.counts_label.setObjectName("counts")
        self.statusBar().addWidget(self.office_label, 1)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.nav.currentRowChanged.connect(self._show_row)
        context.records_changed.connect(lambda _kind: self.refresh_counts())
        self.retranslate()
        self._restore_settings()
        self._counts_after_first_rows()

    # -- building ----------------------------------------------------------------
    def _build_actions(self) -> None:
        self.new_action = QAction(self, shortcut=QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_record)
        self.find_action = QAction(self, shortcut=QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_search)
        self.import_action = QAction(self, shortcut=QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_I))
        self.import_action.triggered.connect(self.import_sheet)
        self.export_action = QAction(self, shortcut=QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E))
        self.export_action.triggered.connect(self.export_sheet)
        self.quit_action = QAction(self, shortcut=QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))
        self.quit_action.triggered.connect(self.close)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(lambda: show_about(self))
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for code in available_languages():
            action = QAction(mnemonic(language_name(code), LANGUAGE_KEYS.get(code, "")), self, checkable=True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            group.addAction(action)
            self.language_actions[code] = action
        self.screen_actions: list[QAction] = []
        for row, spec in enumerate(SCREENS[:len(SCREEN_KEYS)]):
            action = QAction(self, shortcut=QKeySequence(Qt.Modifier.CTRL | SCREEN_KEYS[row]))
            action.triggered.connect(lambda _checked=False, r=row: self.nav.setCurrentRow(r))
            self.screen_actions.append(action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.new_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addAction(self.find_action)
        self.view_menu = bar.addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.view_menu.addSeparator()
        for action in self.screen_actions:
            self.view_menu.addAction(action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.new_action.setIcon(icon("new"))
        self.find_action.setIcon(icon("search"))
        self.toolbar.addAction(self.new_action)
        self.toolbar.addAction(self.find_action)
        self.addToolBar(self.toolbar)

    def retranslate(self) -> None:
        office = self.context.services.office.get() or {}
        name = office.get("office_name")
        self.setWindowTitle(f"GovLab Desk — {name}" if name else "GovLab Desk")
        self.file_menu.setTitle(_("&File"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.help_menu.setTitle(_("&Help"))
        self.language_menu.setTitle(_("&Language"))
        self.new_action.setText(_("&New…"))
        self.new_action.setIconText(_("New"))
        self.new_action.setToolTip(_("Add a record to this screen (Ctrl+N)"))
        self.find_action.setText(_("&Search"))
        self.find_action.setIconText(_("Search"))
        self.find_action.setToolTip(_("Search on this screen (Ctrl+F)"))
        self.import_action.setText(_("&Import from Excel…"))
        self.import_action.setToolTip(_("Import a list from Excel or CSV into this screen (Ctrl+I)"))
        self.export_action.setText(_("E&xport to Excel…"))
        self.export_action.setToolTip(_("Export this screen's list to Excel or CSV (Ctrl+E)"))
        self.quit_action.setText(_("&Quit"))
        self.about_action.setText(_("&About GovLab Desk"))
        self.toolbar.setWindowTitle(_("Toolbar"))
        self.nav.setAccessibleName(_("Navigation"))
        for row, spec in enumerate(SCREENS):
            self.nav.item(row).setText(_(spec.title))
            if row < len(self.screen_actions):
                self.screen_actions[row].setText(_(spec.title))
        for code, action in self.language_actions.items():
            action.setChecked(code == current_language())
        self.office_label.setText(_("Office: {name}", name=name) if name else _("No office profile"))
        self._update_actions()
        self._show_counts(getattr(self, "_counts", None))

    # -- screens -----------------------------------------------------------------
    def screen(self, key: str) -> QWidget:
        """The screen of ``key``, built the first time it is needed."""
        if key not in self.screens:
            row = next(i for i, spec in enumerate(SCREENS) if spec.key == key)
            widget = build_screen(self.context, SCREENS[row])
            old = self.stack.widget(row)
            self.stack.insertWidget(row, widget)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.screens[key] = widget
        return self.screens[key]

    def show_screen(self, key: str) -> None:
        row = next(i for i, spec in enumerate(SCREENS) if spec.key == key)
        self.nav.setCurrentRow(row)

    def current_spec(self) -> ScreenSpec | None:
        row = self.nav.currentRow()
        return SCREENS[row] if 0 <= row < len(SCREENS) else None

    def current_screen(self) -> QWidget | None:
        spec = self.current_spec()
        return self.screens.get(spec.key) if spec else None

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(SCREENS):
            return
        widget = self.screen(SCREENS[row].key)
        self.stack.setCurrentWidget(widget)
        if hasattr(widget, "activate"):
            widget.activate()
        self._update_actions()

    def _update_actions(self) -> None:
        screen = self.current_screen()
        self.new_action.setEnabled(hasattr(screen, "new_record"))
        self.find_action.setEnabled(hasattr(screen, "focus_search"))
        self.import_action.setEnabled(hasattr(screen, "import_sheet"))
        self.export_action.setEnabled(hasattr(screen, "export_sheet"))

    def new_record(self) -> None:
        screen = self.current_screen()
        if hasattr(screen, "new_record"):
            screen.new_record()

    def focus_search(self) -> None:
        screen = self.current_screen()
        if hasattr(screen, "focus_search"):
            screen.focus_search()

    def import_sheet(self) -> None:
        screen = self.current_screen()
        if hasattr(screen, "import_sheet"):
            screen.import_sheet()

    def export_sheet(self) -> None:
        screen = self.current_screen()
        if hasattr(screen, "export_sheet"):
            screen.export_sheet()

    def set_language(self, code: str) -> None:
        switch_language(code)
        self.context.settings.setValue("language", code)

    # -- status bar ----------------------------------------------------------------
    def _counts_after_first_rows(self) -> None:
        """The counts (three COUNTs over whole tables) are read once the first screen has
        its rows, so they do not compete with the rows the user is waiting for."""
        model = getattr(self.current_screen(), "model", None)
        if not (hasattr(model, "loaded") and hasattr(model, "is_loading") and model.is_loading()):
            self.refresh_counts()
            return
        pending = {"waiting": True}

        def first_rows(*_args: object) -> None:
            if pending.pop("waiting", False):
                self.refresh_counts()
        model.loaded.connect(first_rows)
        if hasattr(model, "failed"):
            model.failed.connect(first_rows)

    def refresh_counts(self) -> None:
        services = self.context.services

        def count() -> dict[str, int]:
            return {"person": services.persons.count(), "project": services.projects.count(),
                    "activity": services.activities.count()}
        self.context.tasks.run(count, self._show_counts, lambda _error: None, key="status-counts")

    def _show_counts(self, counts: dict[str, Any] | None) -> None:
        self._counts = counts
        if counts is None:
            self.counts_label.setText("")
            return
        self.counts_label.setText(_("Participants {persons} · Projects {projects} · Activities {activities}",
                                    persons=f"{counts['person']:,}", projects=f"{counts['project']:,}",
                                    activities=f"{counts['activity']:,}"))

    # -- settings ----------------------------------------------------------------
    def _restore_settings(self) -> None:
        settings = self.context.settings
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        state = settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        keys = [spec.key for spec in SCREENS]
        last = settings.value("window/screen", "participants")
        self.nav.setCurrentRow(keys.index(last) if last in keys else keys.index("participants"))

    def save_settings(self) -> None:
        settings = self.context.settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        spec = self.current_spec()
        if spec is not None:
            settings.setValue("window/screen", spec.key)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.context.tasks.wait(10_000)
        super().closeEvent(event)
