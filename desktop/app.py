"""Starting the desktop app: options -> Qt -> language -> the data folder's lock (one
running copy per data folder) -> services -> office profile -> main window. ``python -m desktop`` without a command comes here.

What makes the start quick (measured by ``benchmarks/gui.py``, ``app_start_100k``):

* the database layer (SQLAlchemy, the models, the services) is imported before Qt:
  once PySide6 is loaded it reads the source of every module imported after it (for its
  ``__feature__`` switches), a tenth of a second more for these few hundred modules;
  Babel (month names, the .po fallback), cryptography and Alembic only when used;
* a database already at this build's schema is opened without importing Alembic
  (``desktop.db.migrate``);
* while the login dialog waits for the password (and while the password is checked,
  which leaves Python free), a thread imports the main window and the first screen, and
  another reads where the change-log clock starts (``Database.warm_clock``);
* the main window builds a screen only when it is first shown; the status bar's counts
  are read after the first screen's rows."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK, EXIT_ERROR = 0, 1


def parse_options(argv: Sequence[str]) -> argparse.Namespace:
    """The global options; anything else (Qt's own, such as -style) is left for Qt."""
    parser = argparse.ArgumentParser(prog="govlab-desk", add_help=False)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--lang", choices=["th", "en"], default=None)
    options, unknown = parser.parse_known_args(list(argv))
    options.qt_args = unknown  # handed to Qt (-platform, -style, ...)
    return options


LOCK_FILE = "govlab-desk.lock"


def lock_data_dir(data_dir: Path):
    """A QLockFile held while the app has ``data_dir`` open, or None when another running
    copy of the app holds it. A lock left by a copy that crashed is taken over (QLockFile
    checks whether the process that wrote it still runs)."""
    from PySide6.QtCore import QLockFile

    data_dir.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(data_dir / LOCK_FILE))
    lock.setStaleLockTime(0)   # never stale by age: only when its process is gone
    if lock.tryLock(200):
        return lock
    return None


def already_open(parent=None) -> None:
    """Tell the user that this data folder is already open in another window."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.i18n import _

    box = QMessageBox(QMessageBox.Icon.Information, _("GovLab Desk"),
                      _("GovLab Desk is already open with this data folder. Switch to its window "
                        "(look in the taskbar); a second copy would use the same database at the same time."),
                      QMessageBox.StandardButton.Ok, parent)
    box.exec()


def event_loop(app, window) -> int:
    """Run Qt's event loop until the main window closes (tests replace this)."""
    return app.exec()


def run_gui(args: Sequence[str] | None = None) -> int:
    # Before Qt (see the module's docstring): the database layer, and GeoThai, whose data
    # version the start compares with the stored areas' (desktop.services.reference).
    import geothai  # noqa: F401

    import desktop.services.app_services  # noqa: F401
    from PySide6.QtWidgets import QApplication

    from desktop.paths import APP_NAME, default_data_dir
    from desktop.ui.language import switch_language
    from desktop.ui.messages import show_error
    from desktop.ui.theme import apply_theme

    options = parse_options(sys.argv[1:] if args is None else args)
    app = QApplication.instance() or QApplication(
        [sys.argv[0] if sys.argv else "govlab-desk", *options.qt_args])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    apply_theme(app)
    switch_language(options.lang or "th")
    data_dir = options.data_dir or default_data_dir()
    try:
        lock = lock_data_dir(Path(data_dir))
    except OSError as error:
        show_error(None, error)
        return EXIT_ERROR
    if lock is None:
        already_open()
        return EXIT_ERROR
    try:
        return _run_with_lock(app, options, data_dir)
    finally:
        lock.unlock()


def _run_with_lock(app, options: argparse.Namespace, data_dir: Path) -> int:
    from PySide6.QtWidgets import QDialog

    from desktop.core.errors import UserError
    from desktop.services.access import NOBODY
    from desktop.services.app_services import open_services
    from desktop.services.recovery import DatabaseDamaged
    from desktop.ui.context import UiContext
    from desktop.ui.language import switch_language
    from desktop.ui.login import IdleLock, LoginDialog
    from desktop.ui.messages import show_error

    try:
        try:
            opened = open_services(data_dir, options.database_url, actor=NOBODY)
        except DatabaseDamaged as damaged:
            if damaged.backup is None or not offer_restore(damaged):
                show_error(None, damaged)
                return EXIT_ERROR
            opened = open_services(data_dir, options.database_url, actor=NOBODY)
    except (UserError, OSError) as error:
        show_error(None, error)
        return EXIT_ERROR
    try:
        warm_clock = getattr(getattr(opened.db, "raw", None), "warm_clock", None)
        if warm_clock is not None:
            warm_clock()
        # Nobody sees a record before signing in; a folder without users (new, or from
        # before accounts existed) asks for its administrator instead.
        login = LoginDialog(opened)
        preloading = _preload_window()
        if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
            return EXIT_OK
        preloading.join(30)     # imported by now, or the import below waits for it
        from desktop.ui.main_window import MainWindow
        services = opened.as_user(login.actor)
        context = UiContext(services)
        try:
            saved = context.settings.value("language")
            if options.lang is None and saved in ("th", "en"):
                switch_language(str(saved))
            if services.office.get() is None:
                from desktop.ui.first_run import FirstRunDialog

                dialog = FirstRunDialog(services)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return EXIT_OK
            _daily_backup(services)
            window = MainWindow(context)
            profile = services.office.get() or {}
            window.idle_lock = IdleLock(window, services, profile.get("lock_minutes"), on_close=window.close)
            window.show()
            return int(event_loop(app, window))
        finally:
            context.tasks.wait(10_000)
    finally:
        opened.close()


# What the main window needs before it can show its first screen: imported on a thread of
# its own while the login dialog waits (Python runs it while the password is typed, and
# while it is checked: the check leaves Python free).
WINDOW_MODULES = ("desktop.ui.main_window", "desktop.ui.screens.participants")


def _preload_window():
    import importlib
    import threading

    def preload() -> None:
        for name in WINDOW_MODULES:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the main thread imports it again and reports it
                return
    thread = threading.Thread(target=preload, name="preload-window", daemon=True)
    thread.start()
    return thread


def offer_restore(damaged, parent=None, ask=None) -> bool:
    """The database failed its start-up check: offer to restore the newest good backup
    (the damaged copy is kept in the backups folder). True once restored. ``ask`` replaces
    the question (tests)."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.i18n import _
    from desktop.paths import DataPaths
    from desktop.services.recovery import restore_damaged
    from desktop.ui.messages import show_error

    text = _("The database could not be read correctly; the computer may have lost power while saving "
             "({problem}).\n\nThe newest good backup is {backup}.\n\nRestore it now? The damaged database is "
             "kept in the backups folder, so nothing is thrown away. Changes made after that backup "
             "will have to be entered again.", problem=damaged.problem, backup=damaged.backup.name)
    if ask is None:
        box = QMessageBox(QMessageBox.Icon.Warning, _("The database is damaged"), text,
                          QMessageBox.StandardButton.NoButton, parent)
        restore = box.addButton(_("Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Close GovLab Desk"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.exec()
        agreed = box.clickedButton() is restore
    else:
        agreed = ask(text)
    if not agreed:
        return False
    from desktop.core.errors import UserError

    try:
        restore_damaged(DataPaths(damaged.database.parent), damaged.backup)
    except (UserError, OSError) as error:  # shown, and the app does not start on a damaged database
        show_error(parent, error)
        return False
    return True


def _daily_backup(services) -> None:
    """The automatic daily backup at start; a failure is shown but does not stop the app."""
    from desktop.ui.messages import show_error

    try:
        services.backups.daily_if_due()
    except Exception as error:  # a missing USB stick must not keep the office from working
        show_error(None, error)
