"""Starting the desktop app: options -> Qt -> language -> the data folder's lock (one
running copy per data folder) -> services -> office profile -> main window. ``python -m desktop`` without a command comes here.

What makes the start quick (measured by ``benchmarks/gui.py``, ``app_start_100k``):

* an everyday start (a SQLite folder already at this build's schema, with its office
  profile and accounts: ``desktop.db.peek``, standard library only) shows the sign-in
  dialog first, with Qt alone loaded, and opens the database layer and the services on
  a thread behind it (``OpeningServices``); pressing OK waits for them if they are not
  ready yet. A first start, an upgrade or any problem takes the ordinary path instead,
  which opens the services first and explains what is wrong;
* on that ordinary path the database layer (SQLAlchemy, the models, the services) is
  imported before Qt: once PySide6 is loaded it reads the source of every module
  imported after it (for its ``__feature__`` switches), a tenth of a second more for
  these few hundred modules;
* Babel (month names, the .po fallback), cryptography and Alembic only when used;
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
from typing import Any

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
    from desktop.db.peek import ready_to_sign_in
    from desktop.paths import APP_NAME, default_data_dir

    options = parse_options(sys.argv[1:] if args is None else args)
    data_dir = options.data_dir or default_data_dir()
    quick = options.database_url is None and ready_to_sign_in(data_dir)
    if not quick:
        # Before Qt (see the module's docstring): the database layer, and GeoThai, whose
        # data version the start compares with the stored areas' (desktop.services.reference).
        import geothai  # noqa: F401

        import desktop.services.app_services  # noqa: F401
    from PySide6.QtWidgets import QApplication

    from desktop.ui.icons import app_icon
    from desktop.ui.language import switch_language
    from desktop.ui.messages import show_error
    from desktop.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(
        [sys.argv[0] if sys.argv else "govlab-desk", *options.qt_args])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(app_icon())
    apply_theme(app)
    switch_language(options.lang or "th")
    try:
        lock = lock_data_dir(Path(data_dir))
    except OSError as error:
        show_error(None, error)
        return EXIT_ERROR
    if lock is None:
        already_open()
        return EXIT_ERROR
    try:
        return _run_with_lock(app, options, data_dir, quick)
    finally:
        lock.unlock()


def _open(options: argparse.Namespace, data_dir: Path):
    """The services, opened as nobody yet; None when they cannot be (the reason shown, a
    damaged database offered its newest good backup)."""
    from desktop.core.errors import UserError
    from desktop.services.access import NOBODY
    from desktop.services.app_services import open_services
    from desktop.services.recovery import DatabaseDamaged
    from desktop.ui.messages import show_error

    try:
        try:
            return open_services(data_dir, options.database_url, actor=NOBODY)
        except DatabaseDamaged as damaged:
            if damaged.backup is None or not offer_restore(damaged):
                show_error(None, damaged)
                return None
            return open_services(data_dir, options.database_url, actor=NOBODY)
    except (UserError, OSError) as error:
        show_error(None, error)
        return None


def _sign_in(app, options: argparse.Namespace, data_dir: Path, quick: bool):
    """(the services, the user who signed in); (None, EXIT_...) when nobody did.

    ``quick``: the dialog first, the services opening behind it (``OpeningServices``); if
    they fail to open, the ordinary path runs and says why."""
    from PySide6.QtWidgets import QDialog

    from desktop.ui.login import LoginDialog

    if quick:
        opening = OpeningServices(data_dir)
        login = LoginDialog(None, mode="login", opening=opening)
        answered = login.exec() == QDialog.DialogCode.Accepted
        if login.actor is not None:
            return opening.result(), login.actor
        opening.close()
        if not answered:
            return None, EXIT_OK
        # OK was pressed but the services did not open: the ordinary path says why.
    opened = _open(options, data_dir)
    if opened is None:
        return None, EXIT_ERROR
    _warm_clock(opened)
    # Nobody sees a record before signing in; a folder without users (new, or from
    # before accounts existed) asks for its administrator instead.
    login = LoginDialog(opened)
    preloading = _preload_window()
    if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
        opened.close()
        return None, EXIT_OK
    preloading.join(30)     # imported by now, or the import below waits for it
    return opened, login.actor


def _run_with_lock(app, options: argparse.Namespace, data_dir: Path, quick: bool = False) -> int:
    from PySide6.QtWidgets import QDialog

    from desktop.ui.language import switch_language
    from desktop.ui.login import IdleLock

    opened, actor = _sign_in(app, options, data_dir, quick)
    if opened is None:
        return actor
    try:
        from desktop.ui.context import UiContext
        from desktop.ui.main_window import MainWindow

        services = opened.as_user(actor)
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


class OpeningServices:
    """``open_services`` on a thread of its own, started at once: the database layer is
    imported, the database opened as nobody, the change-log clock warmed and the main
    window's modules imported while the sign-in dialog waits for the password (and while
    the password is checked: the check leaves Python free)."""

    def __init__(self, data_dir: Path) -> None:
        import threading

        self._data_dir = data_dir
        self._services: Any = None
        self._error: BaseException | None = None
        self._opened = threading.Event()
        self._thread = threading.Thread(target=self._open, name="open-services", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            from desktop.services.access import NOBODY
            from desktop.services.app_services import open_services

            services = open_services(self._data_dir, actor=NOBODY)
            _warm_clock(services)
            self._services = services
        except BaseException as error:  # noqa: BLE001 - handed to the main thread
            self._error = error
        finally:
            self._opened.set()
        _import_window_modules()

    def result(self) -> Any:
        """The services, once open (waits); raises what opening them raised."""
        self._opened.wait()
        if self._error is not None:
            raise self._error
        return self._services

    def error(self) -> BaseException | None:
        """What opening the services raised (waits for it), or None."""
        self._opened.wait()
        return self._error

    def close(self) -> None:
        """Close the services once open (nothing to close if they failed to)."""
        if self.error() is None:
            self._services.close()


# What the main window needs before it can show its first screen: imported on a thread of
# its own while the login dialog waits (Python runs it while the password is typed, and
# while it is checked: the check leaves Python free).
WINDOW_MODULES = ("desktop.ui.main_window", "desktop.ui.screens.participants")


def _warm_clock(services) -> None:
    """Start reading where the change-log clock starts, on a thread (SQLite databases)."""
    warm = getattr(getattr(services.db, "raw", None), "warm_clock", None)
    if warm is not None:
        warm()


def _import_window_modules() -> None:
    import importlib

    for name in WINDOW_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the main thread imports it again and reports it
            return


def _preload_window():
    import threading

    thread = threading.Thread(target=_import_window_modules, name="preload-window", daemon=True)
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
