"""The Sync screen, export to a USB stick, import with a dry run, the conflict inbox and
the removable-drive listing, on two real data folders (an office and headquarters)
enrolled with each other."""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.i18n import _
from desktop.services.app_services import Services, open_services
from desktop.ui.context import UiContext
from desktop.ui.removable import (
    Drive,
    Volume,
    linux_removable,
    removable_drives,
    windows_removable,
)
from desktop.ui.screens.sync import SyncScreen
from desktop.ui.sync_conflicts import ConflictInbox
from desktop.ui.sync_export import ExportDialog
from desktop.ui.sync_import import ImportDialog
from desktop.ui.sync_text import suggested_name, write_error_text

HQ = {"office_name": "สำนักงานปลัดสำนักนายกรัฐมนตรี (ส่วนกลาง)", "office_code": "HQ", "area_code": "10", "role": "hq"}
OFFICE = {"office_name": "สำนักงานจังหวัดนครปฐม", "office_code": "NPT01", "area_code": "73", "role": "office"}


@pytest.fixture(scope="session")
def pair_templates(template_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An office and headquarters, enrolled with each other once per session."""
    root = tmp_path_factory.mktemp("ui-sync-templates")
    folders = {}
    for name, profile in (("hq", HQ), ("office", OFFICE)):
        folder = root / name
        shutil.copytree(template_dir, folder)
        for db_file in folder.glob("govlab.sqlite*"):
            db_file.unlink()                      # a fresh site id
        shutil.rmtree(folder / "keys", ignore_errors=True)
        services = open_services(folder)
        services.office.init(**profile)
        services.sync.identity(root / f"{name}.govlab-id")
        services.close()
        folders[name] = folder
    for name, other in (("hq", "office"), ("office", "hq")):
        services = open_services(folders[name])
        services.sync.enroll(root / f"{other}.govlab-id")
        services.close()
    return folders


class Pair:
    def __init__(self, folders: dict[str, Path], root: Path) -> None:
        self.root = root
        self.services = {name: open_services(folder) for name, folder in folders.items()}
        self.contexts = {name: UiContext(s) for name, s in self.services.items()}
        self.stick = root / "stick"
        self.stick.mkdir()

    @property
    def hq(self) -> Services:
        return self.services["hq"]

    @property
    def office(self) -> Services:
        return self.services["office"]

    def send(self, sender: str, recipient: str) -> Path:
        outbox = self.root / "outbox"
        outbox.mkdir(exist_ok=True)
        out = outbox / f"{sender}-{len(list(outbox.iterdir()))}.govlab"
        self.services[sender].sync.export(out, to=str(self.services[recipient].db.site_id()))
        self.services[recipient].sync.import_file(out)
        return out


@pytest.fixture
def pair(pair_templates: dict[str, Path], tmp_path: Path, qtbot) -> Pair:
    folders = {}
    for name, template in pair_templates.items():
        folders[name] = tmp_path / name
        shutil.copytree(template, folders[name])
    opened = Pair(folders, tmp_path)
    yield opened
    for context in opened.contexts.values():
        context.tasks.wait(10_000)
    qtbot.wait(1)
    for services in opened.services.values():
        services.close()


def dump(services: Services) -> dict[str, list[str]]:
    """Every table's rows: equal dumps mean the database did not change."""
    services.db.engine.dispose()
    conn = sqlite3.connect(services.paths.database)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                             "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_text%'")]
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    finally:
        conn.close()


def shown(widget, qtbot):
    qtbot.addWidget(widget)
    widget.show()
    return widget


def export_through_dialog(pair: Pair, qtbot) -> ExportDialog:
    dialog = shown(ExportDialog(pair.contexts["office"], drives=[Drive(pair.stick, "KINGSTON", 8_000_000_000)]), qtbot)
    assert dialog.folder() == pair.stick
    with qtbot.waitSignal(dialog.exported, timeout=15_000):
        dialog.export_button.click()
    return dialog


def import_at_hq(pair: Pair, qtbot, path: Path) -> ImportDialog:
    dialog = shown(ImportDialog(pair.contexts["hq"], path), qtbot)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=15_000)
    return dialog


# -- export and import -----------------------------------------------------------------


def test_export_to_the_stick_then_dry_run_and_apply_at_headquarters(pair, qtbot):
    person = pair.office.persons.create({"first_name_th": "สมชาย", "last_name_th": "ใจดี", "phone": "0811111111"})
    dialog = export_through_dialog(pair, qtbot)
    name = dialog.result.path.name
    assert re.fullmatch(r"NPT01-25\d{6}-1\.govlab", name)
    assert sorted(p.name for p in pair.stick.iterdir()) == [name]        # no temporary file left
    assert all(dialog.stage_state[s] == "done" for s in ("write", "check", "safe"))
    assert dialog.message.text().startswith(_("The package {file} for {office} is written and checked: {changes} "
                                              "changes, {files} files. It is now safe to remove the USB stick.",
                                              file=name, office=HQ["office_name"], changes=f"{dialog.result.changes:,}",
                                              files="0")[:20])
    assert not dialog.export_button.isEnabled()
    # the next suggestion does not overwrite the first package
    assert suggested_name("NPT01", pair.stick).endswith("-2.govlab")

    before = dump(pair.hq)
    imported = import_at_hq(pair, qtbot, pair.stick / name)
    assert imported.state == "checked" and imported.report.dry_run
    assert imported.report.created >= 1
    text = imported.view.toPlainText()
    assert _("Dry run: nothing has been saved yet. This is what the import would do.") in text
    assert _("Created") in text and OFFICE["office_name"] in text
    assert dump(pair.hq) == before                      # a dry run changes nothing
    assert imported.apply_button.isEnabled()
    with qtbot.waitSignal(imported.imported, timeout=15_000):
        imported.apply_button.click()
    assert imported.state == "applied" and not imported.report.dry_run
    assert _("Imported. The changes are saved.") in imported.view.toPlainText()
    assert pair.hq.persons.get(person["id"])["last_name_th"] == "ใจดี"
    assert not imported.apply_button.isEnabled()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EIO])
def test_a_failed_write_says_why_and_leaves_nothing_under_the_real_name(pair, qtbot, monkeypatch, code):
    from desktop.sync import package

    def broken_fsync(_fd):
        raise OSError(code, os.strerror(code))
    monkeypatch.setattr(package.os, "fsync", broken_fsync)
    pair.office.persons.create({"first_name_th": "สมหญิง"})
    dialog = shown(ExportDialog(pair.contexts["office"], drives=[Drive(pair.stick, "STICK", None)]), qtbot)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.error is not None, timeout=15_000)
    assert write_error_text(OSError(code, "x")) in dialog.message.text()
    assert list(pair.stick.iterdir()) == []               # neither the package nor its temporary file
    assert dialog.stage_state["safe"] == "todo" and dialog.export_button.isEnabled()
    assert pair.office.sync.status()["peers"][0]["last_sent_at"] is None


def test_an_existing_file_name_is_not_overwritten(pair, qtbot):
    dialog = shown(ExportDialog(pair.contexts["office"], drives=[Drive(pair.stick, "STICK", None)]), qtbot)
    (pair.stick / dialog.file_name.text()).write_bytes(b"older package")
    dialog.export_button.click()
    assert not dialog.busy
    assert (pair.stick / dialog.file_name.text()).read_bytes() == b"older package"
    assert dialog.message.text() == _("{name} already exists; choose a new file name.", name=dialog.file_name.text())


def test_a_tampered_package_is_refused_and_the_database_is_unchanged(pair, qtbot):
    pair.office.persons.create({"first_name_th": "สมปอง"})
    dialog = export_through_dialog(pair, qtbot)
    path = dialog.result.path
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    before = dump(pair.hq)
    imported = import_at_hq(pair, qtbot, path)
    assert imported.state == "refused"
    text = imported.view.toPlainText()
    assert _("The package was refused.") in text
    assert _("Nothing was imported: the database is unchanged.") in text
    assert not imported.apply_button.isEnabled()
    assert dump(pair.hq) == before


# -- conflicts ---------------------------------------------------------------------------


def make_conflict(pair: Pair, fields: dict[str, tuple[str, str]]) -> str:
    """A participant both sides know, then the same fields edited on both sides:
    ``fields`` maps a field to (the office's value, headquarters' value)."""
    person = pair.office.persons.create({"first_name_th": "วิชัย", "last_name_th": "ทองดี",
                                         "level": "ปฏิบัติการ", "position": "นักวิเคราะห์"})
    pair.send("office", "hq")
    pair.office.persons.update(person["id"], {f: mine for f, (mine, _theirs) in fields.items()})
    pair.hq.persons.update(person["id"], {f: theirs for f, (_mine, theirs) in fields.items()})
    pair.send("office", "hq")           # at headquarters: "mine" is HQ's value, "theirs" the office's
    assert len(pair.hq.sync.conflicts()) == len(fields)
    return person["id"]


def open_inbox(pair: Pair, qtbot) -> tuple[SyncScreen, ConflictInbox]:
    screen = shown(SyncScreen(pair.contexts["hq"]), qtbot)
    qtbot.waitUntil(lambda: screen.state is not None)
    assert screen.open_conflict_count() > 0 and screen.conflicts_button.isEnabled()
    inbox = screen.open_conflicts()
    qtbot.waitUntil(lambda: len(inbox.groups) > 0, timeout=5000)
    return screen, inbox


def decide(inbox: ConflictInbox, screen: SyncScreen, qtbot, button) -> None:
    with qtbot.waitSignal(inbox.loaded, timeout=10_000):
        button.click()
    qtbot.waitUntil(lambda: screen.open_conflict_count() == 0, timeout=5000)


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_keep_mine_or_take_theirs_closes_the_conflict(pair, qtbot, choice):
    pid = make_conflict(pair, {"position": ("ผู้อำนวยการ", "หัวหน้ากลุ่มงาน")})
    screen, inbox = open_inbox(pair, qtbot)
    group = inbox.current_group()
    assert (group.kind, group.record_id) == ("person", pid)
    cells = [inbox.table.item(0, c).text() for c in range(4)]
    assert cells[1:] == ["นักวิเคราะห์", "หัวหน้ากลุ่มงาน", "ผู้อำนวยการ"]    # base, mine (HQ), theirs (office)
    assert "วิชัย" in inbox.record_heading.text() and OFFICE["office_name"] in inbox.origin.text()
    decide(inbox, screen, qtbot, inbox.mine_button if choice == "mine" else inbox.theirs_button)
    expected = "หัวหน้ากลุ่มงาน" if choice == "mine" else "ผู้อำนวยการ"
    assert pair.hq.persons.get(pid)["position"] == expected
    assert pair.hq.sync.conflicts() == []
    assert inbox.list.count() == 0 and _("Open conflicts: {count}", count="1") not in screen.conflict_count.text()
    # the decision is a change that travels: the office ends with the same value
    pair.send("hq", "office")
    assert pair.office.persons.get(pid)["position"] == expected
    assert pair.office.sync.conflicts() == []


def test_choose_per_field(pair, qtbot):
    pid = make_conflict(pair, {"level": ("ชำนาญการ", "ชำนาญการพิเศษ"), "position": ("ผู้อำนวยการ", "หัวหน้ากลุ่มงาน")})
    screen, inbox = open_inbox(pair, qtbot)
    assert inbox.table.rowCount() == 2
    inbox.set_choice("level", "theirs")
    inbox.set_choice("position", "mine")
    decide(inbox, screen, qtbot, inbox.per_field_button)
    stored = pair.hq.persons.get(pid)
    assert (stored["level"], stored["position"]) == ("ชำนาญการ", "หัวหน้ากลุ่มงาน")
    assert pair.hq.sync.conflicts() == []


def test_different_people_makes_a_new_participant_and_keeps_mine(pair, qtbot):
    pid = make_conflict(pair, {"first_name_th": ("วิชาญ", "วิชิต")})
    _screen, inbox = open_inbox(pair, qtbot)
    assert inbox.split_button.isVisible() and inbox.split_button.isEnabled()
    count = pair.hq.persons.count()
    with qtbot.waitSignal(inbox.loaded, timeout=10_000):
        inbox.different_people(ask=False)
    assert pair.hq.persons.get(pid)["first_name_th"] == "วิชิต"
    assert pair.hq.persons.count() == count + 1
    names = {p["first_name_th"] for p in pair.hq.persons.list(search="ทองดี").rows}
    assert {"วิชิต", "วิชาญ"} <= names
    assert pair.hq.sync.conflicts() == []


# -- the screen ------------------------------------------------------------------------


def test_screen_shows_identity_peers_waiting_and_revokes_with_confirmation(pair, qtbot, when_modal, tmp_path):
    pair.hq.persons.create({"first_name_th": "ก้องภพ"})
    screen = shown(SyncScreen(pair.contexts["hq"]), qtbot)
    qtbot.waitUntil(lambda: screen.state is not None)
    assert str(pair.hq.db.site_id()) in screen.identity_values[2].text()
    assert screen.identity_values[1].text() == _("Headquarters")
    assert screen.peers.rowCount() == 1 and screen.peers.item(0, 1).text() == "NPT01"
    assert int(screen.peers.item(0, 2).text()) >= 1                  # waiting to be sent
    assert screen.revoke_button.isVisible() and not screen.revoke_button.isEnabled()
    saved = screen.save_identity(tmp_path / "hq.govlab-id")
    assert saved is not None and saved.is_file()

    screen.select_peer("NPT01")
    assert screen.revoke_button.isEnabled()
    answered = when_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    assert screen.revoke_selected()
    assert answered == [None]
    qtbot.waitUntil(lambda: screen.peers.item(0, 6).text() == _("Revoked"))
    assert pair.hq.sync.status()["peers"][0]["revoked"]


def test_office_enrols_headquarters_from_a_file(pair, qtbot, tmp_path):
    pair.hq.sync.identity(tmp_path / "hq-again.govlab-id")
    screen = shown(SyncScreen(pair.contexts["office"]), qtbot)
    qtbot.waitUntil(lambda: screen.state is not None)
    assert not screen.revoke_button.isVisible()
    assert screen.enrol(tmp_path / "hq-again.govlab-id")["office_code"] == "HQ"
    assert "HQ" in screen.message.text()


def test_language_switch_retranslates_the_sync_screen(pair, qtbot):
    from desktop.i18n import translator
    from desktop.ui.language import switch_language

    screen = shown(SyncScreen(pair.contexts["office"]), qtbot)
    qtbot.waitUntil(lambda: screen.state is not None)
    assert screen.heading.text() == "รับส่งข้อมูล"
    switch_language("en")
    qtbot.waitUntil(lambda: screen.heading.text() == "Sync")
    en = translator("en")
    assert screen.export_button.text() == en.gettext("Export to USB…")
    assert screen.identity_box.title() == en.gettext("This installation")
    assert screen.identity_values[1].text() == "Office"
    switch_language("th")
    qtbot.waitUntil(lambda: screen.heading.text() == "รับส่งข้อมูล")
    assert screen.identity_values[1].text() == "สำนักงาน"
    assert screen.export_button.text() == translator("th").gettext("Export to USB…")


# -- removable drives --------------------------------------------------------------------


def fake_sys(root: Path, disks: dict[str, tuple[str, list[str]]]) -> Path:
    """<root>/block/<disk>/removable and a folder per partition."""
    for disk, (removable, parts) in disks.items():
        folder = root / "block" / disk
        folder.mkdir(parents=True)
        (folder / "removable").write_text(removable + "\n")
        for part in parts:
            (folder / part).mkdir()
    return root


def test_linux_lists_only_removable_volumes_under_media(tmp_path):
    sys_root = fake_sys(tmp_path / "sys", {"sda": ("0", ["sda1", "sda2"]), "sdb": ("1", ["sdb1"]),
                                           "sdc": ("1", []), "nvme0n1": ("0", ["nvme0n1p1"])})
    volumes = [
        Volume("/", "/dev/sda2", "root"),
        Volume("/media/somchai/KINGSTON", "/dev/sdb1", "KINGSTON", 7_000_000_000),
        Volume("/run/media/somchai/NOLABEL", "/dev/sdc", ""),
        Volume("/media/somchai/BACKUP", "/dev/nvme0n1p1", "BACKUP"),     # a fixed disk under /media
        Volume("/mnt/stick", "/dev/sdb1", "elsewhere"),                  # not under /media
        Volume("/media/somchai/share", "server:/export", "nfs"),
    ]
    drives = linux_removable(volumes, sys_root)
    assert drives == [Drive(Path("/media/somchai/KINGSTON"), "KINGSTON", 7_000_000_000),
                      Drive(Path("/run/media/somchai/NOLABEL"), "NOLABEL", None)]
    assert removable_drives(volumes, platform="linux", sys_root=sys_root) == drives
    assert removable_drives(volumes, platform="darwin") == []


def test_windows_lists_drives_of_the_removable_type():
    types = {"C:\\": 3, "E:\\": 2, "F:\\": 2, "Z:\\": 4}
    volumes = [Volume("C:/", label="Windows"), Volume("E:/", label="KINGSTON"), Volume("Z:/", label="share"),
               Volume("F:/")]
    drives = windows_removable(volumes, drive_type=lambda root: types[root])
    assert [d.root for d in drives] == [Path("E:/"), Path("F:/")]
    assert drives[0].label == "KINGSTON (E:)"


def test_the_export_dialog_offers_a_folder_when_no_stick_is_found(pair, qtbot, tmp_path):
    dialog = shown(ExportDialog(pair.contexts["office"], drives=[]), qtbot)
    assert dialog.no_drive.isVisible() and not dialog.export_button.isEnabled()
    dialog.use_folder(tmp_path)
    assert dialog.folder() == tmp_path and dialog.export_button.isEnabled()
    assert dialog.file_name.text().startswith("NPT01-25")
