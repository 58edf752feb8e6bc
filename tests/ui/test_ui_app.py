"""Starting the app: options, errors shown in Thai, the first-run dialog, the window."""

from __future__ import annotations

import shutil

from PySide6.QtWidgets import QApplication, QDialog

from desktop import app as app_module
from desktop.core.errors import DatabaseTooNew
from desktop.services.app_services import open_services
from desktop.ui import messages
from desktop.ui.about import about_text
from desktop.ui.first_run import FirstRunDialog


def test_options_are_parsed_and_unknown_ones_ignored(tmp_path):
    options = app_module.parse_options(["--data-dir", str(tmp_path), "--lang", "en", "-style", "fusion"])
    assert options.data_dir == tmp_path and options.lang == "en" and options.database_url is None
    assert options.qt_args == ["-style", "fusion"]


def test_a_database_too_new_is_reported_in_thai_and_the_app_exits_non_zero(monkeypatch, tmp_path, th):
    shown = []

    def refuse(*_args, **_kwargs):
        raise DatabaseTooNew("This database was written by a newer version of GovLab Desk (schema {revision}). "
                             "Install that version or newer; the database has been left untouched.",
                             revision="0099")

    monkeypatch.setattr("desktop.services.app_services.open_services", refuse)
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, title=None: shown.append(messages.error_text(error)))
    assert app_module.run_gui(["--data-dir", str(tmp_path)]) == app_module.EXIT_ERROR
    assert shown == [th("This database was written by a newer version of GovLab Desk (schema {revision}). "
                        "Install that version or newer; the database has been left untouched.", revision="0099")]


def sign_in_as_new_admin(monkeypatch) -> None:
    """The login dialog (a folder without users asks for its administrator) answered."""
    from desktop.ui.login import LoginDialog

    def answer(self):
        self.actor = self.services.users.create_first_admin("admin", "password-1")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LoginDialog, "exec", answer)


def test_the_main_window_opens_on_an_office_data_folder(qtbot, data_dir, monkeypatch):
    seen = []
    sign_in_as_new_admin(monkeypatch)

    def instead_of_the_event_loop(_app, window):
        qtbot.waitExposed(window)
        seen.append((window.windowTitle(), window.isVisible(), window.current_spec().key))
        window.close()
        return 0

    monkeypatch.setattr(app_module, "event_loop", instead_of_the_event_loop)
    assert app_module.run_gui(["--data-dir", str(data_dir), "--lang", "th"]) == app_module.EXIT_OK
    assert seen == [("GovLab Desk — สำนักงานจังหวัดนครปฐม", True, "participants")]


def test_cancelling_the_first_run_quits_without_a_profile(qapp, tmp_path, template_dir, monkeypatch):
    folder = tmp_path / "fresh"
    shutil.copytree(template_dir, folder)
    (folder / "govlab.sqlite").unlink()
    for extra in folder.glob("govlab.sqlite-*"):
        extra.unlink()
    sign_in_as_new_admin(monkeypatch)
    monkeypatch.setattr(FirstRunDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert app_module.run_gui(["--data-dir", str(folder)]) == app_module.EXIT_OK


def test_first_run_saves_the_office_profile(qtbot, tmp_path, type_text):
    services = open_services(tmp_path / "new")
    try:
        dialog = FirstRunDialog(services)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.save()
        assert dialog.boxes["province"].message_kind() == "error"
        type_text(dialog.office_name, "ที่ทำการปกครองอำเภอเมืองนครปฐม")
        type_text(dialog.office_code, "NPT-MUEANG")
        dialog.province.setCurrentIndex(dialog.province.findText("นครปฐม"))
        dialog.district.setCurrentIndex(dialog.district.findText("เมืองนครปฐม"))
        dialog.role.setCurrentIndex(dialog.role.findData("office"))
        dialog.save()
        assert dialog.result() == QDialog.DialogCode.Accepted
        profile = services.office.get()
        assert profile["office_name"] == "ที่ทำการปกครองอำเภอเมืองนครปฐม"
        assert profile["area_code"] == "7301" and profile["role"] == "office"
    finally:
        services.close()


def test_about_credits_geothai_and_sarabun():
    text = about_text()
    assert "GeoThai" in text and "CC BY 4.0" in text
    assert "Sarabun" in text and "Open Font License" in text


def test_open_dialogs_follow_a_language_switch(services, qtbot):
    from desktop.ui.forms.person_form import PersonForm
    from desktop.ui.language import switch_language
    from desktop.ui.mnemonics import plain

    form = PersonForm(services)
    qtbot.addWidget(form)
    form.show()
    thai_title = form.windowTitle()
    switch_language("en")
    qtbot.waitUntil(lambda: form.windowTitle() == "New participant")
    assert plain(form.labels["national_id"].text()) == "National ID"   # "National &ID": with its Alt+letter
    switch_language("th")
    qtbot.waitUntil(lambda: form.windowTitle() == thai_title)
    QApplication.processEvents()


def test_first_run_clears_the_province_message_once_one_is_chosen(qtbot, tmp_path, th):
    services = open_services(tmp_path / "new")
    try:
        dialog = FirstRunDialog(services)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.save()
        assert dialog.boxes["province"].message_text() == th("Choose a province.")
        dialog.province.setCurrentIndex(dialog.province.findText("นครปฐม"))
        assert dialog.boxes["province"].message_text() == ""
    finally:
        services.close()


def test_the_windows_take_the_icon_the_windows_build_draws(tmp_path, monkeypatch):
    import importlib.util
    from pathlib import Path

    from desktop.ui import icons

    tools = Path(__file__).resolve().parents[2] / "installer" / "windows" / "buildtools.py"
    spec = importlib.util.spec_from_file_location("buildtools", tools)
    buildtools = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(buildtools)
    assert icons.app_icon().isNull()                       # a checkout has none
    (tmp_path / "icons").mkdir()
    buildtools.cmd_icon(str(tmp_path / "icons" / icons.APP_ICON))
    monkeypatch.setattr(icons, "resources_dir", lambda: tmp_path)
    icon = icons.app_icon()
    assert not icon.isNull() and icon.pixmap(32, 32).width() == 32
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 256}
