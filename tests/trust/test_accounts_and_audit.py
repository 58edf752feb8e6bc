"""Accounts and roles enforced in the services, sign-in throttling, the chained audit log
and its checks, through the services and the command line."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.core.errors import PermissionDenied, SignInFailed, UserError
from desktop.services.access import Actor
from desktop.services.app_services import open_services
from desktop.services.users import UserService, delay_after

ROOT = Path(__file__).resolve().parents[2]
PERSON = {"first_name_th": "สมศรี", "last_name_th": "มีสุข", "national_id": "1101700230708"}


@pytest.fixture
def accounts(services):
    services.users.create_first_admin("admin", "admin-pass-1", "ผู้ดูแล")
    services.users.add("officer", "officer-pass", "officer", "เจ้าหน้าที่")
    services.users.add("viewer", "viewer-pass1", "viewer", "ผู้ดู")
    return services


def test_viewer_cannot_write_anything_officer_cannot_manage(accounts, tmp_path):
    viewer = accounts.as_user(accounts.users.authenticate("viewer", "viewer-pass1"))
    officer = accounts.as_user(accounts.users.authenticate("officer", "officer-pass"))
    person = officer.persons.create(PERSON)
    assert officer.persons.get(person["id"])["changed_by"] == "officer"
    assert viewer.persons.get(person["id"])["first_name_th"] == "สมศรี"         # viewers read
    activity = officer.activities.create({"title_th": "ประชุม", "kind": "meeting", "mode": "onsite"})
    session = officer.sessions.create({"activity_id": activity["id"], "day": "2024-03-01",
                                       "part": "morning"})
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"jpeg")
    from desktop.services import register

    attempts = [
        lambda: viewer.persons.create(PERSON),
        lambda: viewer.persons.update(person["id"], {"position": "x"}),
        lambda: viewer.persons.delete(person["id"]),
        lambda: viewer.attendance.mark(session["id"], {person["id"]: "present"}),
        lambda: viewer.attachments.add("person", person["id"], source),
        lambda: register.assign_number(viewer, report_kind="memo", subject="เรื่อง"),
        lambda: viewer.sync.export(tmp_path / "out.govlab"),
        lambda: viewer.sync.import_file(tmp_path / "in.govlab"),
        lambda: viewer.backups.create(tmp_path / "b.zip"),
        lambda: viewer.backups.restore(tmp_path / "b.zip"),
        lambda: viewer.users.add("x1", "password-1", "viewer"),
        lambda: viewer.office.update(phone="021234567"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    for attempt in (lambda: officer.users.add("x2", "password-1", "viewer"),
                    lambda: officer.users.set_disabled("viewer"),
                    lambda: officer.backups.restore(tmp_path / "b.zip"),
                    lambda: officer.sync.revoke("NPT01"),
                    lambda: officer.audit.changes()):
        with pytest.raises(PermissionDenied):
            attempt()
    officer.attendance.mark(session["id"], {person["id"]: "present"})
    officer.backups.create(tmp_path / "b.zip")
    assert viewer.persons.get(person["id"])["position"] is None


def test_passwords_are_argon2id_disabled_users_refused(accounts):
    with sqlite3.connect(accounts.paths.database) as con:
        hashes = [h for (h,) in con.execute("SELECT password_hash FROM app_user")]
    assert all(h.startswith("$argon2id$") for h in hashes) and not any("pass" in h for h in hashes)
    accounts.users.set_disabled("officer")
    with pytest.raises(SignInFailed, match="disabled"):
        accounts.users.authenticate("officer", "officer-pass")
    with pytest.raises(UserError):
        accounts.users.set_disabled("admin")          # the last administrator stays
    with pytest.raises(UserError):
        accounts.users.create_first_admin("other", "password-2")


def test_failed_sign_ins_slow_down_and_survive_a_restart(accounts, data_dir):
    clock = [datetime(2025, 1, 1, 9, 0, 0)]
    users = UserService(accounts.db, accounts.actor, now=lambda: clock[0])
    for _ in range(3):
        with pytest.raises(SignInFailed, match="Wrong"):
            users.authenticate("officer", "nope")
        clock[0] += timedelta(seconds=delay_after(3))
    with pytest.raises(SignInFailed, match="Wrong"):
        users.authenticate("officer", "nope")   # 4 failures: wait 8 s
    accounts.close()
    reopened = open_services(data_dir)
    try:
        users = UserService(reopened.db, reopened.actor, now=lambda: clock[0] + timedelta(seconds=3))
        with pytest.raises(SignInFailed, match="Too many") as refused:
            users.authenticate("officer", "officer-pass")   # right password, but too soon
        assert refused.value.params["seconds"] == 6
        users.now = lambda: clock[0] + timedelta(seconds=9)
        assert users.authenticate("officer", "officer-pass").role == "officer"
        users.now = lambda: clock[0] + timedelta(seconds=10)
        with pytest.raises(SignInFailed, match="Wrong"):
            users.authenticate("ghost", "whatever")        # unknown names are throttled too
        with pytest.raises(SignInFailed, match="Too many"):
            users.authenticate("ghost", "whatever")
    finally:
        reopened.close()


def test_the_change_log_is_chained_and_tampering_is_found(accounts, tmp_path):
    person = accounts.persons.create(PERSON)
    accounts.persons.update(person["id"], {"position": "นักวิเคราะห์"})
    assert accounts.audit.verify()["change_log"]["broken_seq"] is None
    rows = accounts.audit.changes(kind="person", record_id=person["id"])
    assert [r["op"] for r in rows] == ["update", "create"]
    created = rows[1]["changes"]
    assert created["national_id_sealed"] == "x-xxxx-xxxxx-xx-x" and created["national_id_tail"].endswith("0-70-8")
    out = tmp_path / "audit.csv"
    assert accounts.audit.export_csv(out, kind="person") == 2
    text = out.read_text(encoding="utf-8-sig")
    assert "1101700230708" not in text and "นักวิเคราะห์" in text
    assert any(r["field"] == "position" for r in csv.DictReader(text.splitlines()))
    target = rows[1]["seq"]
    with sqlite3.connect(accounts.paths.database) as con:
        con.execute("UPDATE change_log SET changed_by = 'someone' WHERE seq = ?", (target,))
    assert accounts.audit.verify()["change_log"]["broken_seq"] == target
    from desktop.services.doctor import run_checks

    check = next(c for c in run_checks(accounts.paths.root) if c.name == "Audit log")
    assert not check.ok and f"seq {target}" in check.detail
    with sqlite3.connect(accounts.paths.database) as con:
        con.execute("UPDATE change_log SET changed_by = 'system' WHERE seq = ?", (target,))
        con.execute("DELETE FROM change_log WHERE seq = ?", (target - 1,))
    assert accounts.audit.verify()["change_log"]["broken_seq"] == target


def test_bulk_paths_are_chained(services):
    from desktop.services.demo.generate_fast import generate_fast

    generate_fast(services, 300, seed=7, workers=0)
    result = services.audit.verify()
    assert result["change_log"]["broken_seq"] is None and result["change_log"]["entries"] > 300


def cli(*args: str, data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHAINLP_READ_ONLY="1", LANG="C.UTF-8")
    return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "--lang", "en", *args],
                          capture_output=True, text=True, env=env, timeout=120, cwd=ROOT, input=stdin)


def test_cli_users_roles_and_audit(data_dir, tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("good-password\n", encoding="utf-8")
    r = cli("user", "add", "somchai", "--role", "admin", "--password-file", str(secret), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    r = cli("user", "add", "malee", "--role", "viewer", "--password-file", str(secret), data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "good-password" not in (data_dir / "govlab.sqlite").read_bytes().decode("latin-1")
    r = cli("--user", "malee", "--user-password-file", str(secret), "sync", "export", "--out",
            str(tmp_path / "x.govlab"), data_dir=data_dir)
    assert r.returncode == 1 and "role (viewer)" in r.stderr
    r = cli("--user", "malee", "--user-password-file", str(secret), "audit", "list", data_dir=data_dir)
    assert r.returncode == 1
    r = cli("--user", "somchai", "--user-password-file", str(secret), "user", "disable", "malee", data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    r = cli("--user", "malee", "--user-password-file", str(secret), "audit", "verify", data_dir=data_dir)
    assert r.returncode == 1 and "disabled" in r.stderr
    r = cli("user", "list", "--format", "json", data_dir=data_dir)
    assert '"disabled": true' in r.stdout
    r = cli("audit", "list", "--events", data_dir=data_dir)
    assert "user_disable" in r.stdout and "login_refused" in r.stdout
    r = cli("audit", "verify", data_dir=data_dir)
    assert r.returncode == 0 and "chain intact" in r.stdout
    r = cli("audit", "export", "--out", str(tmp_path / "a.csv"), data_dir=data_dir)
    assert r.returncode == 0 and (tmp_path / "a.csv").exists()
    r = cli("user", "passwd", "malee", data_dir=data_dir, stdin="")       # no terminal, no file: refused
    assert r.returncode == 1 and "--password-file" in r.stderr


def test_init_creates_the_first_administrator(tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("first-admin-pw\n", encoding="utf-8")
    folder = tmp_path / "office"
    r = cli("init", "--office-name", "ที่ว่าการอำเภอ", "--office-code", "X1", "--area", "73", "--role", "office",
            "--admin-user", "boss", "--admin-password-file", str(secret), data_dir=folder)
    assert r.returncode == 0, r.stderr
    services = open_services(folder)
    try:
        assert services.users.authenticate("boss", "first-admin-pw") == Actor("boss", "admin", "boss")
    finally:
        services.close()
