"""The command-line interface through real subprocesses: exit codes, messages in Thai
and English, JSON output, and nothing changed on failure."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, data_dir: Path | None = None, lang: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHAINLP_READ_ONLY="1", LANG="C.UTF-8")
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    argv = [sys.executable, "-m", "desktop"]
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]
    if lang:
        argv += ["--lang", lang]
    return subprocess.run(argv + list(args), capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_list_show_and_json(tmp_path):
    data = tmp_path / "office"
    r = cli("init", "--office-name", "ที่ว่าการอำเภอเมืองนครปฐม", "--office-code", "NPT0101", "--area", "7301",
            "--role", "office", data_dir=data)
    assert r.returncode == 0, r.stderr
    assert "ที่ว่าการอำเภอเมืองนครปฐม" in r.stdout
    r = cli("list", "agencies", "--search", "ก.พ.ร.", "--format", "json", data_dir=data)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert any(row["name_th"] == "สำนักงานคณะกรรมการพัฒนาระบบราชการ" for row in rows)
    assert all(len(row["id"]) == 36 for row in rows)
    agency = next(row for row in rows if row["name_th"] == "สำนักงานคณะกรรมการพัฒนาระบบราชการ")
    r = cli("show", "agencies", agency["id"], "--format", "json", data_dir=data)
    assert r.returncode == 0 and json.loads(r.stdout)["letter_code"] == agency["letter_code"]
    r = cli("list", "persons", data_dir=data)
    assert r.returncode == 0
    r = cli("doctor", data_dir=data)
    assert r.returncode == 0, r.stdout + r.stderr
    assert len(r.stdout.splitlines()) >= 8 and "FAIL" not in r.stdout


@pytest.mark.parametrize("args,thai,english", [
    (["init", "--office-name", "x", "--office-code", "X1", "--area", "99", "--role", "office"],
     "รหัส 99", "There is no province"),
    (["show", "persons", "not-a-uuid"], "ข้อผิดพลาด", "not a record id"),
    (["list", "spaceships"], "spaceships", "Unknown kind"),
])
def test_failures_print_one_line_and_change_nothing(template_dir, tmp_path, args, thai, english):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(template_dir, data)
    before = digest(data)
    r_th = cli(*args, data_dir=data, lang="th")
    r_en = cli(*args, data_dir=data, lang="en")
    for r in (r_th, r_en):
        assert r.returncode != 0
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert "Traceback" not in r.stderr
    assert english.lower() in r_en.stderr.lower()
    assert thai in r_th.stderr and r_th.stderr != r_en.stderr
    assert digest(data) == before


def test_commands_on_a_missing_folder_create_nothing(tmp_path):
    missing = tmp_path / "nowhere"
    r = cli("list", "persons", data_dir=missing)
    assert r.returncode != 0 and "init" in r.stderr
    r = cli("doctor", data_dir=missing)
    assert r.returncode != 0 and "FAIL" in r.stdout
    assert not missing.joinpath("govlab.sqlite").exists()


def test_backup_and_restore_round_trip(services, data_dir, tmp_path):
    kept = services.persons.create({"first_name_th": "ก่อนสำรอง"})
    services.close()
    backup = tmp_path / "สำรอง.zip"
    r = cli("backup", "--out", str(backup), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert cli("backup", "--out", str(backup), data_dir=data_dir).returncode != 0  # never overwrites
    from desktop.services.app_services import open_services

    s = open_services(data_dir)
    s.persons.create({"first_name_th": "หลังสำรอง"})
    s.close()
    r = cli("restore", str(backup), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    s = open_services(data_dir)
    names = [p["first_name_th"] for p in s.persons.list().rows]
    s.close()
    assert names == ["ก่อนสำรอง"] and kept
    undo = sorted((data_dir / "backups").glob("before-restore-*.zip"))[-1]
    assert cli("restore", str(undo), data_dir=data_dir).returncode == 0
    s = open_services(data_dir)
    assert sorted(p["first_name_th"] for p in s.persons.list().rows) == ["ก่อนสำรอง", "หลังสำรอง"]
    s.close()


def test_restore_refuses_damaged_or_foreign_files(data_dir, tmp_path):
    import zipfile

    not_zip = tmp_path / "note.zip"
    not_zip.write_text("ไม่ใช่ไฟล์สำรอง")
    foreign = tmp_path / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("../../evil.txt", "x")
    good = tmp_path / "good.zip"
    assert cli("backup", "--out", str(good), data_dir=data_dir).returncode == 0
    before = digest(data_dir)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(tampered, "w") as dst:
        for name in src.namelist():
            payload = src.read(name)
            if name == "database.sqlite":
                payload = payload[:-100] + b"\0" * 100
            dst.writestr(name, payload)
    for bad in (not_zip, foreign, truncated, tampered, tmp_path / "absent.zip"):
        r = cli("restore", str(bad), data_dir=data_dir, lang="en")
        assert r.returncode != 0, bad
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert digest(data_dir) == before


def test_usage_mistakes_are_one_line_too(tmp_path):
    for args in (["init", "--office-name", "x"], ["list"], ["frobnicate"]):
        r = cli(*args, data_dir=tmp_path / "d", lang="th")
        assert r.returncode == 2
        assert len(r.stderr.strip().splitlines()) == 1 and "ข้อผิดพลาด" in r.stderr and "--help" in r.stderr
    assert not (tmp_path / "d").exists()
