"""A backup holds the data folder's own files too: the photos and documents attached to
records, the paper font the office chose and the remembered spreadsheet column mappings.
Restored on a new PC, every file is back byte for byte and papers print with the chosen
font; a backup from before this (database and key only) still restores; a damaged file or
a name outside the data folder refuses the restore and changes nothing; the automatic
backups leave the attachments out."""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from desktop.cli.main import run
from desktop.paths import DataPaths
from desktop.reports.fonts import use_font_files
from desktop.services import paper_fonts, sheet_mapping
from desktop.services.app_services import open_services
from desktop.services.backup import (
    FORMAT,
    automatic_backup,
    create_backup,
    damaged_attachments,
    restore_backup,
)
from desktop.services.recovery import restore_damaged, verify_backup

NATIONAL_ID = "1101700230708"
HEADERS = ["ลำดับ", "ชื่อ - สกุล", "สังกัด", "หมายเหตุภายใน"]
MAPPING = {0: "sequence", 1: "full_name", 2: "agency"}       # the fourth column left out


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def folder_files(folder: Path) -> dict[str, str]:
    """The files a full backup carries, by their path in the data folder."""
    return {name: digest for name, digest in tree(folder).items()
            if name.startswith(("attachments/", "fonts/")) or name in ("sheet-mappings.json", "keys/field.key")}


def cli(data: Path, *args: str, capsys) -> tuple[int, str]:
    code = run(["--data-dir", str(data), "--lang", "en", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def _pdffonts(pdf: Path) -> list[str]:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [line for line in lines if not line.startswith("Helvetica ")]


def _images(pdf: Path) -> int:
    lines = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return len(lines.splitlines()[2:])


@pytest.fixture
def office(data_dir: Path, laksaman: dict[str, Path], tmp_path: Path) -> dict:
    """An office's data folder with a photo and a document on an activity, a person with a
    sealed national ID (so field.key exists), Laksaman chosen for papers and a mapping."""
    services = open_services(data_dir)
    try:
        activity = services.activities.create({"title_th": "ประชุมเชิงปฏิบัติการ", "kind": "workshop"})
        photo = tmp_path / "ภาพกิจกรรม.png"
        image = Image.new("RGB", (96, 64), (30, 90, 160))
        image.paste((240, 200, 20), (20, 10, 60, 50))
        image.save(photo)
        document = tmp_path / "สรุปผล.pdf"
        from desktop.services import papers

        papers.statistics(services, document)
        services.attachments.add("activity", activity["id"], photo, caption="ภาพหมู่")
        services.attachments.add("activity", activity["id"], document, caption="สรุปผล")
        person = services.persons.create({"first_name_th": "สมศรี", "last_name_th": "มีสุข",
                                          "national_id": NATIONAL_ID})
        paper_fonts.choose(services, laksaman["regular"])
        sheet_mapping.remember(services.paths.sheet_mappings, HEADERS, MAPPING)
    finally:
        services.close()
    use_font_files(None)
    files = folder_files(data_dir)
    assert len([n for n in files if n.startswith("attachments/")]) == 2 and "keys/field.key" in files
    assert len([n for n in files if n.startswith("fonts/")]) == 5 and "sheet-mappings.json" in files
    return {"folder": data_dir, "activity": activity, "person": person, "files": files}


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of the zip ``source`` with each (name, bytes) passed through ``change``
    (which returns a list of members to write instead)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            for new_name, data in change(name, src.read(name)):
                dst.writestr(new_name, data)
    return target


def _without_font_and_mappings(source: Path, target: Path) -> Path:
    """The backup ``source`` as it would be had the office chosen no font and no mappings yet."""
    with zipfile.ZipFile(source) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    manifest["files"] = {n: e for n, e in manifest["files"].items() if n.startswith("attachments/")}

    def plain(name, data):
        if name == "manifest.json":
            return [(name, json.dumps(manifest))]
        return [] if name.startswith("fonts/") or name == "sheet-mappings.json" else [(name, data)]

    return _rewrite(source, target, plain)


# ---------------------------------------------------------------------------------------
# The new PC.
# ---------------------------------------------------------------------------------------

def test_a_new_pc_gets_every_file_back_and_prints_with_the_chosen_font(office, tmp_path, capsys):
    usb = tmp_path / "usb" / "สำรองสำนักงาน.zip"
    code, out = cli(office["folder"], "backup", "--out", str(usb), capsys=capsys)
    assert code == 0, out
    assert "Files from the data folder in it: 8 " in out          # 2 attachments, 4 fonts + manifest, mappings
    with zipfile.ZipFile(usb) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        attachments = [i for i in zf.infolist() if i.filename.startswith("attachments/")]
    assert manifest["format"] == FORMAT and manifest["attachments"] is True
    assert {f"{n}" for n in manifest["files"]} == set(office["files"]) - {"keys/field.key"}
    assert all(manifest["files"][n]["sha256"] == d for n, d in office["files"].items() if n != "keys/field.key")
    assert len(attachments) == 2 and all(i.compress_type == zipfile.ZIP_STORED for i in attachments)

    new_pc = tmp_path / "new-pc" / "GovLab Desk"                  # nothing there yet
    code, out = cli(new_pc, "restore", str(usb), capsys=capsys)
    assert code == 0, out
    assert "Files restored: 8 " in out and "already in the data folder: 0." in out
    assert "holds no attachments" not in out
    assert folder_files(new_pc) == office["files"]                 # byte for byte

    services = open_services(new_pc)
    try:
        assert services.pdpa.reveal_national_id(office["person"]["id"], "restore check") == NATIONAL_ID
        font = paper_fonts.current(services.paths)
        assert font.family == "Laksaman" and not font.bundled
        assert sheet_mapping.suggest(services.paths.sheet_mappings, HEADERS) == MAPPING
        rows = services.attachments.for_record(office["activity"]["id"])
        assert len(rows) == 2
        copy = services.attachments.export_copy(next(r for r in rows if r["caption"] == "ภาพหมู่")["id"],
                                                tmp_path / "copy.png")
        assert Image.open(copy).size == (96, 64)
        from desktop.services import papers

        pdf = papers.activity_report(services, office["activity"]["id"], tmp_path / "report.pdf")
    finally:
        services.close()
    embedded = _pdffonts(pdf)
    assert embedded and all("Laksaman" in line and " yes yes yes " in line for line in embedded), embedded
    assert _images(pdf) == 1                                       # the photo is printed


def test_an_encrypted_full_backup_restores_its_files(office, tmp_path):
    paths = DataPaths(office["folder"])
    sealed = automatic_backup(paths, "manual", tmp_path / "usb", passphrase="รหัสผ่าน-สำรอง")
    assert sealed.name.endswith(".zip.age") and not list((tmp_path / "usb").glob("*.zip"))
    new_pc = DataPaths(tmp_path / "new-pc")
    new_pc.ensure()
    result = restore_backup(new_pc, sealed, "รหัสผ่าน-สำรอง")
    assert result["restored"] == 8 and result["kept"] is None
    assert folder_files(new_pc.root) == office["files"]
    assert not [p for p in new_pc.root.iterdir() if p.name.startswith(".restore-")]


# ---------------------------------------------------------------------------------------
# Restoring over a folder in use.
# ---------------------------------------------------------------------------------------

def test_attachments_are_added_never_removed_and_a_restore_can_be_undone(office, tmp_path):
    """Restoring a backup made before the font and mappings were chosen: they go back to
    none (the bundled Sarabun); an attachment added after the backup stays; undoing the
    restore puts the font and the mappings back."""
    paths = DataPaths(office["folder"])
    early = tmp_path / "early.zip"
    create_backup(paths, early)
    after = tmp_path / "later.png"
    Image.new("RGB", (8, 8), (255, 0, 0)).save(after)
    services = open_services(paths.root)
    try:
        services.attachments.add("activity", office["activity"]["id"], after)
    finally:
        services.close()
    later = set(tree(paths.attachments)) - {n.split("/", 1)[1] for n in office["files"] if n.startswith("attach")}
    assert len(later) == 1
    no_font = _without_font_and_mappings(early, tmp_path / "no-font.zip")
    before = folder_files(paths.root)
    result = restore_backup(paths, no_font)
    assert result["restored"] == 0 and result["attachments_present"] == 2
    assert not paths.paper_fonts.exists() and not paths.sheet_mappings.exists()
    assert paper_fonts.current(paths).bundled
    assert set(tree(paths.attachments)) >= later                     # never removed
    kept = Path(result["kept"])
    with zipfile.ZipFile(kept) as zf:
        names = zf.namelist()
    assert not any(n.startswith("attachments/") for n in names)      # automatic: no attachments
    assert "sheet-mappings.json" in names and "fonts/paper-font.json" in names
    undo = restore_backup(paths, kept)
    assert undo["restored"] == 6
    assert folder_files(paths.root) == before
    assert paper_fonts.current(paths).family == "Laksaman"


def test_with_no_database_to_keep_the_replaced_font_and_mappings_are_copied_aside(office, tmp_path):
    """A damaged database moved aside, then an earlier backup restored: no before-restore
    backup can be made, so the font and mappings it replaces are copied into backups/."""
    paths = DataPaths(office["folder"])
    create_backup(paths, tmp_path / "full.zip")
    early = _without_font_and_mappings(tmp_path / "full.zip", tmp_path / "early.zip")
    result = restore_damaged(paths, early)
    assert result["kept"] is None and Path(result["damaged"]).exists()
    aside = Path(result["kept_files"])
    assert aside.parent == paths.backups and aside.name.startswith("before-restore-")
    assert tree(aside) == {n: d for n, d in office["files"].items() if n.startswith("fonts/")
                           or n == "sheet-mappings.json"}
    assert paper_fonts.current(paths).bundled and not paths.sheet_mappings.exists()
    assert verify_backup(early)


def test_an_old_format_backup_still_restores_and_leaves_the_files(office, tmp_path):
    paths = DataPaths(office["folder"])
    full = create_backup(paths, tmp_path / "full.zip")
    old_manifest = {k: v for k, v in full.items() if k not in ("files", "attachments")}
    old_manifest["format"] = "govlab-desk-backup/1"

    def old(name, data):
        if name == "manifest.json":
            return [(name, json.dumps(old_manifest, ensure_ascii=False, indent=2))]
        return [(name, data)] if name in ("database.sqlite", "field.key") else []

    backup = _rewrite(tmp_path / "full.zip", tmp_path / "old.zip", old)
    with zipfile.ZipFile(backup) as zf:
        assert sorted(zf.namelist()) == ["database.sqlite", "field.key", "manifest.json"]
    assert verify_backup(backup)
    before = folder_files(paths.root)
    result = restore_backup(paths, backup)
    assert result["restored"] == 0 and result["kept"]
    assert folder_files(paths.root) == before


# ---------------------------------------------------------------------------------------
# Refusals: nothing changes.
# ---------------------------------------------------------------------------------------

@pytest.fixture
def other_office(template_dir: Path, tmp_path: Path) -> Path:
    """Another PC's folder in use, which a refused restore must leave byte for byte."""
    import shutil

    target = tmp_path / "other"
    shutil.copytree(template_dir, target)
    return target


@pytest.mark.parametrize("victim", ["attachment", "fonts/paper-font.json", "sheet-mappings.json"])
def test_a_tampered_file_refuses_the_restore_and_changes_nothing(office, other_office, tmp_path, capsys, victim):
    good = tmp_path / "good.zip"
    create_backup(DataPaths(office["folder"]), good)
    with zipfile.ZipFile(good) as zf:
        target = next(n for n in zf.namelist() if n.startswith("attachments/")) if victim == "attachment" else victim

    def flip(name, data):
        if name == target:
            data = data[:40] + bytes([data[40] ^ 0x01]) + data[41:]
        return [(name, data)]

    tampered = _rewrite(good, tmp_path / "tampered.zip", flip)
    assert not verify_backup(tampered) and verify_backup(good)
    for folder in (other_office, tmp_path / "new-pc"):
        DataPaths(folder).ensure()
        before = tree(folder)
        code, out = cli(folder, "restore", str(tampered), capsys=capsys)
        assert code != 0 and "is damaged" in out and target in out and len(out.strip().splitlines()) == 1
        assert tree(folder) == before
        assert not [p for p in folder.iterdir() if p.name.startswith(".restore-")]


@pytest.mark.parametrize("evil", ["../evil", "/abs", "attachments/../../evil", "fonts/../keys/field.key",
                                  "attachments/ab/" + "0" * 64, "fonts/sub/regular-0123456789abcdef.ttf",
                                  "C:/evil.ttf", "keys/sync.key", "settings.json", "attachments\\ab\\evil"])
def test_names_outside_the_backups_own_are_refused(office, other_office, tmp_path, evil):
    good = tmp_path / "good.zip"
    create_backup(DataPaths(office["folder"]), good)
    payload = b"not yours"
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    manifest["files"][evil] = {"sha256": hashlib.sha256(payload).hexdigest(), "size": len(payload)}

    def add(name, data):
        if name == "manifest.json":
            return [(name, json.dumps(manifest)), (evil, payload)]
        return [(name, data)]

    bad = _rewrite(good, tmp_path / "bad.zip", add)
    with zipfile.ZipFile(bad) as zf:
        assert evil in zf.namelist()
    before = tree(tmp_path)
    with pytest.raises(Exception) as caught:
        restore_backup(DataPaths(other_office), bad)
    assert "unexpected contents" in caught.value.message
    assert tree(tmp_path) == before
    assert not verify_backup(bad)


def test_a_file_not_in_the_manifest_is_refused(office, other_office, tmp_path):
    good = tmp_path / "good.zip"
    create_backup(DataPaths(office["folder"]), good)
    extra = "attachments/ab/ab" + "1" * 62
    bad = _rewrite(good, tmp_path / "bad.zip",
                   lambda name, data: [(name, data)] + ([(extra, b"x")] if name == "manifest.json" else []))
    before = tree(other_office)
    with pytest.raises(Exception) as caught:
        restore_backup(DataPaths(other_office), bad)
    assert "unexpected contents" in caught.value.message and tree(other_office) == before


# ---------------------------------------------------------------------------------------
# Automatic backups and damaged attachments.
# ---------------------------------------------------------------------------------------

def test_automatic_backups_leave_the_attachments_out_manual_ones_do_not(office, tmp_path):
    paths = DataPaths(office["folder"])
    contents = {}
    for reason in ("daily", "before-import", "before-upgrade-0001", "manual"):
        zipped = automatic_backup(paths, reason, tmp_path / "backups")
        with zipfile.ZipFile(zipped) as zf:
            contents[reason] = (zf.namelist(), json.loads(zf.read("manifest.json")))
    for reason in ("daily", "before-import", "before-upgrade-0001"):
        names, manifest = contents[reason]
        assert manifest["attachments"] is False and not any(n.startswith("attachments/") for n in names)
        assert "sheet-mappings.json" in names and "fonts/paper-font.json" in names   # small, and undo needs them
    names, manifest = contents["manual"]
    assert manifest["attachments"] is True and len([n for n in names if n.startswith("attachments/")]) == 2

    # the Settings screen's "Back up now" is the service's automatic("manual")
    services = open_services(paths.root)
    try:
        services.backups.configure(folder=tmp_path / "usb")
        made = services.backups.automatic("manual")
        daily = services.backups.automatic("daily")
    finally:
        services.close()
    with zipfile.ZipFile(made) as zf, zipfile.ZipFile(daily) as zd:
        assert len([n for n in zf.namelist() if n.startswith("attachments/")]) == 2
        assert not [n for n in zd.namelist() if n.startswith("attachments/")]

    # restoring an automatic backup on a new PC says the attachments are not in it
    new_pc = tmp_path / "new-pc"
    assert run(["--data-dir", str(new_pc), "--lang", "en", "restore", str(daily)]) == 0
    assert not (new_pc / "attachments").exists() or not tree(new_pc / "attachments")
    assert paper_fonts.current(DataPaths(new_pc)).family == "Laksaman"


def test_an_attachment_damaged_in_the_folder_is_named_and_not_restored(office, tmp_path, capsys):
    paths = DataPaths(office["folder"])
    damaged = next(p for p in sorted(paths.attachments.rglob("*")) if p.is_file())
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"\0")
    backup = tmp_path / "b.zip"
    code, out = cli(paths.root, "backup", "--out", str(backup), capsys=capsys)
    assert code == 0 and "Warning: 1 attachment files" in out
    with zipfile.ZipFile(backup) as zf:
        assert damaged_attachments(json.loads(zf.read("manifest.json"))) == [
            damaged.relative_to(paths.root).as_posix()]
    new_pc = tmp_path / "new-pc"
    code, out = cli(new_pc, "restore", str(backup), capsys=capsys)
    assert code == 0 and "1 attachment files were already damaged" in out
    assert not (new_pc / damaged.relative_to(paths.root)).exists()
    assert len(tree(new_pc / "attachments")) == 1
