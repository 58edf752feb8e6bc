"""Settings, backups and security: saved through the services; back up now; restore and undo."""

from __future__ import annotations

from desktop.ui.context import UiContext
from desktop.ui.screens.settings import SettingsScreen


def _box(services, qtbot):
    screen = SettingsScreen(UiContext(services))
    qtbot.addWidget(screen)
    screen.show()
    assert screen.backups_box is not None
    return screen.backups_box


def test_backup_settings_are_saved_and_the_passphrase_never_shown(services, qtbot, tmp_path):
    box = _box(services, qtbot)
    box.folder.setText(str(tmp_path / "usb"))
    box.keep.setValue(9)
    box.passphrase.setText("ลับมาก-secret")
    box.lock_minutes.setValue(15)
    assert box.save() is True
    conf = services.backups.settings()
    assert conf["folder"] == tmp_path / "usb" and conf["keep"] == 9 and conf["encrypted"] is True
    assert services.office.get()["lock_minutes"] == 15
    assert box.passphrase.text() == "" and box.message.property("role") == "ok"
    box.clear_passphrase_button.setChecked(True)
    box.lock_minutes.setValue(0)
    assert box.save() is True
    assert services.backups.settings()["encrypted"] is False and services.office.get()["lock_minutes"] is None


def test_back_up_now_writes_a_file_in_the_chosen_folder(services, qtbot, tmp_path):
    box = _box(services, qtbot)
    box.folder.setText(str(tmp_path / "backups"))
    assert box.save()
    box.backup_now_button.click()
    qtbot.waitUntil(lambda: box.backup_now_button.isEnabled(), timeout=15000)
    written = list((tmp_path / "backups").glob("*.zip*"))
    assert len(written) == 1 and str(written[0]) in box.message.text()


def test_restore_then_undo_round_trip(services, qtbot, tmp_path):
    box = _box(services, qtbot)
    backup = tmp_path / "before.zip"
    services.backups.create(backup)
    record = services.signatories.create({"full_name": "นางสาวสมใจ ใจดี", "position_lines": "ปลัดอำเภอ"})
    assert box.restore(backup) is True
    assert box.kept and box.kept in box.message.text() and box.undo_button.isVisibleTo(box)
    assert services.signatories.list(limit=None).rows == []
    box.undo_button.click()
    assert not box.undo_button.isVisibleTo(box)
    assert [r["id"] for r in services.signatories.list(limit=None).rows] == [record["id"]]


def test_a_restore_says_what_it_did_with_the_folders_files(services, qtbot, tmp_path, th):
    from desktop.services.backup import automatic_backup

    box = _box(services, qtbot)
    daily = automatic_backup(services.paths, "daily", folder=tmp_path)     # no attachments in it
    assert box.restore(daily) is True
    text = box.message.text()
    assert th("This backup holds no attachments (photos and documents): automatic and older backups leave "
              "them out. Those already in the data folder were left as they are.") in text
    full = tmp_path / "full.zip"
    services.backups.create(full)
    assert box.restore(full) is True
    assert th("This backup holds no attachments (photos and documents): automatic and older backups leave "
              "them out. Those already in the data folder were left as they are.") not in box.message.text()
    assert th("Files restored: {count} (attachments, paper font, spreadsheet column mappings); attachments "
              "already in the data folder: {present}.", count=0, present=0) in box.message.text()
