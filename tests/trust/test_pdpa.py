"""PDPA: subject-access export (JSON, PDF, CLI), erasure as synced changes, retention rules
and the records due, revealing a national ID. Every one an audit event."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.cli.main import run
from desktop.core.errors import PermissionDenied, UserError
from desktop.services.pdpa import ERASED


def _sync_helpers():
    """The three enrolled data folders of tests/sync (headquarters, offices a and b)."""
    import importlib.util
    import sys

    if "sync_sites_for_pdpa" in sys.modules:
        return sys.modules["sync_sites_for_pdpa"]
    spec = importlib.util.spec_from_file_location("sync_sites_for_pdpa", Path(__file__).parents[1] / "sync"
                                                  / "conftest.py")
    module = sys.modules["sync_sites_for_pdpa"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


site_templates = _sync_helpers().site_templates
sites = _sync_helpers().sites
NATIONAL_ID = "1101700230708"
PERSON = {"first_name_th": "สมศรี", "last_name_th": "มีสุข", "first_name_en": "Somsri", "last_name_en": "Meesuk",
          "position": "นักวิเคราะห์นโยบายและแผน", "phone": "081-234-5678", "email": "somsri@example.go.th",
          "notes": "แพ้อาหารทะเล", "national_id": NATIONAL_ID}


def held(services, tmp_path: Path) -> dict[str, str]:
    """One person with something of every kind held on them."""
    s = services
    person = s.persons.create(PERSON)
    pid = person["id"]
    s.consents.create({"person_id": pid, "basis": "consent", "purposes": "ติดต่อเรื่องการอบรม",
                       "given_on": "2024-01-10"})
    course = s.courses.create({"title_th": "หลักสูตรนวัตกรรมภาครัฐ"})
    cohort = s.cohorts.create({"course_id": course["id"], "year_be": 2567, "number": 3,
                               "start_date": "2024-02-01", "end_date": "2024-03-01"})
    s.enrollments.create({"person_id": pid, "cohort_id": cohort["id"], "role": "participant"})
    activity = s.activities.create({"title_th": "ประชุมเชิงปฏิบัติการออกแบบบริการ", "kind": "workshop",
                                    "mode": "onsite", "start_date": "2024-02-15", "end_date": "2024-02-15"})
    session = s.sessions.create({"activity_id": activity["id"], "day": "2024-02-15", "part": "morning"})
    s.attendance.mark(session["id"], {pid: "present"})
    project = s.projects.create({"title_th": "โครงการลดขั้นตอนขออนุญาต"})
    s.team_members.create({"project_id": project["id"], "person_id": pid, "role": "หัวหน้าทีม"})
    s.stakeholders.create({"project_id": project["id"], "name": "สมศรี มีสุข", "person_id": pid, "kind": "person"})
    photo = tmp_path / "somsri.jpg"
    photo.write_bytes(b"\xff\xd8 photo of somsri")
    attachment = s.attachments.add("person", pid, photo, caption="รูปถ่าย")
    s.persons.update(pid, {"photo_id": attachment["id"], "position": "นักวิเคราะห์นโยบายและแผนชำนาญการ"})
    return {"person": pid, "activity": activity["id"], "session": session["id"], "project": project["id"],
            "attachment": attachment["id"], "sha": attachment["sha256"]}


@pytest.fixture
def accounts(services):
    services.users.create_first_admin("admin", "admin-pass-1", "ผู้ดูแล")
    services.users.add("officer", "officer-pass", "officer", "เจ้าหน้าที่")
    services.users.add("viewer", "viewer-pass1", "viewer", "ผู้ดู")
    return services


def _as(services, name: str, password: str):
    return services.as_user(services.users.authenticate(name, password))


def test_subject_access_export_complete_audited_and_refused_to_viewers(accounts, tmp_path):
    admin = _as(accounts, "admin", "admin-pass-1")
    ids = held(admin, tmp_path)
    data = admin.pdpa.export_subject(ids["person"])
    assert data["person"]["national_id"] == NATIONAL_ID                      # admin has REVEAL
    assert data["person"]["full_name_th"] == "สมศรี มีสุข" and data["person"]["phone"] == "081-234-5678"
    assert [c["purposes"] for c in data["consents"]] == ["ติดต่อเรื่องการอบรม"]
    assert data["enrollments"][0]["cohort_name"].startswith("หลักสูตรนวัตกรรมภาครัฐ")
    assert [(a["activity_title"], a["day"], a["status"]) for a in data["attendance"]] == [
        ("ประชุมเชิงปฏิบัติการออกแบบบริการ", "2024-02-15", "present")]
    assert data["team_memberships"][0]["project_title"] == "โครงการลดขั้นตอนขออนุญาต"
    assert data["stakeholder_entries"][0]["name"] == "สมศรี มีสุข"
    assert data["attachments"][0]["file_name"] == "somsri.jpg"
    kinds = {h["kind"] for h in data["history"]}
    assert {"person", "consent", "enrollment", "attendance", "team_member", "stakeholder", "attachment"} <= kinds
    history_text = json.dumps(data["history"], ensure_ascii=False)
    assert NATIONAL_ID not in history_text and "gAAAA" not in history_text     # never plain nor sealed

    out = admin.pdpa.write_export(ids["person"], tmp_path / "somsri.json")
    on_disk = json.loads(out.read_text(encoding="utf-8"))
    assert "สมศรี" in out.read_text(encoding="utf-8")                       # ensure_ascii=False
    assert on_disk["person"]["id"] == ids["person"]
    pdf = admin.pdpa.write_export(ids["person"], tmp_path / "somsri.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in ("ข้อมูลส่วนบุคคลที่หน่วยงานเก็บรักษา", "สมศรี", "มีสุข", "ประชุมเชิงปฏิบัติการออกแบบบริการ",
                     "โครงการลดขั้นตอนขออนุญาต", "พ.ศ.", "๒๕๖๗", "ประวัติการบันทึกและแก้ไข"):
        assert expected.replace(" ", "") in text.replace(" ", ""), expected

    for role, password in (("viewer", "viewer-pass1"), ("officer", "officer-pass")):
        with pytest.raises(PermissionDenied):
            _as(accounts, role, password).pdpa.export_subject(ids["person"])
    events = admin.audit.events(action="pdpa_export")
    assert len(events) == 3 and {e["actor"] for e in events} == {"admin"}
    assert all(e["target"] == ids["person"] for e in events)
    assert {e["detail"]["format"] for e in events} == {"data", "json", "pdf"}

    # the command line: same export, one more audit event
    assert run(["--data-dir", str(accounts.paths.root), "person", "export", ids["person"],
                "--out", str(tmp_path / "cli.json")]) == 0
    assert json.loads((tmp_path / "cli.json").read_text(encoding="utf-8"))["person"]["last_name_th"] == "มีสุข"
    assert len(admin.audit.events(action="pdpa_export")) == 4


def test_erasure_everywhere_as_changes_and_audited(accounts, tmp_path):
    admin = _as(accounts, "admin", "admin-pass-1")
    ids = held(admin, tmp_path)
    other = admin.persons.create({"first_name_th": "สมชาย", "last_name_th": "ใจดี"})
    same_file = tmp_path / "shared.pdf"
    same_file.write_bytes(b"%PDF shared certificate")
    shared = admin.attachments.add("person", ids["person"], same_file)
    admin.attachments.add("person", other["id"], same_file)
    store = admin.attachments.path_for(ids["sha"])
    assert store.exists()

    with pytest.raises(PermissionDenied):
        _as(accounts, "officer", "officer-pass").pdpa.erase(ids["person"], "ขอให้ลบ")
    with pytest.raises(UserError):
        admin.pdpa.erase(ids["person"], "")                                 # a reason is required
    result = admin.pdpa.erase(ids["person"], "เจ้าของข้อมูลขอให้ลบตามมาตรา 33")
    assert result["files_removed"] == 1                                     # the shared file stays
    assert not store.exists() and admin.attachments.path_for(shared["sha256"]).exists()

    person = admin.persons.get(ids["person"])
    assert person["first_name_th"] == ERASED and person["full_name_th"] == ERASED
    for field in ("last_name_th", "first_name_en", "last_name_en", "position", "phone", "email", "notes",
                  "photo_id", "national_id_masked"):
        assert not person[field], field
    assert admin.attachments.for_record(ids["person"]) == []
    consent = admin.consents.list(filters={"person_id": ids["person"]}).rows[0]
    assert consent["withdrawn_on"] == date.today().isoformat()
    grid = admin.attendance.grid(ids["activity"])
    assert grid["marks"][ids["person"]][ids["session"]] == "present"        # counts stay
    stakeholder = admin.stakeholders.list(filters={"project_id": ids["project"]}).rows[0]
    assert stakeholder["name"] == ERASED

    events = admin.audit.events(action="pdpa_erase")
    assert events[0]["target"] == ids["person"] and "มาตรา 33" in events[0]["detail"]["reason"]
    # the change log still verifies; every view of it masks the erased person's old values
    assert admin.audit.verify()["change_log"]["broken_seq"] is None
    shown = json.dumps(admin.audit.changes(record_id=ids["person"]), ensure_ascii=False, default=str)
    assert "มีสุข" not in shown and "081-234-5678" not in shown and "Somsri" not in shown
    admin.audit.export_csv(tmp_path / "audit.csv")
    assert "มีสุข" not in (tmp_path / "audit.csv").read_text(encoding="utf-8-sig")
    exported = admin.pdpa.export_subject(ids["person"])
    assert exported["erased"] and "มีสุข" not in json.dumps(exported, ensure_ascii=False)
    with pytest.raises(UserError):
        admin.pdpa.erase(ids["person"], "อีกครั้ง")


def test_erasure_syncs_to_headquarters(sites, tmp_path):
    office, hq = sites["a"], sites["hq"]
    ids = held(office, tmp_path)
    hq.sync.import_file(sites.send("a", "hq", "1"))
    assert hq.persons.get(ids["person"])["last_name_th"] == "มีสุข"
    assert hq.attachments.path_for(ids["sha"]).exists()
    office.pdpa.erase(ids["person"], "เจ้าของข้อมูลขอให้ลบ")
    hq.sync.import_file(sites.send("a", "hq", "2"))
    person = hq.persons.get(ids["person"])
    assert person["first_name_th"] == ERASED and not person["last_name_th"] and not person["national_id_masked"]
    assert hq.attachments.for_record(ids["person"]) == []
    assert hq.pdpa.purge_erased_files() == 1                                # the copy headquarters received
    assert not hq.attachments.path_for(ids["sha"]).exists()
    assert hq.audit.verify()["change_log"]["broken_seq"] is None


def _age(services, table: str, record_id: str, **values: str) -> None:
    """Move a record back in time (created_at, dates) directly in the file, as if made then."""
    services.db.engine.dispose()
    conn = sqlite3.connect(services.paths.database)
    try:
        sets = ", ".join(f"{k} = ?" for k in values)
        conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?",
                     (*values.values(), record_id.replace("-", "")))
        conn.commit()
    finally:
        conn.close()


def test_retention_rules_and_records_due(accounts, tmp_path):
    admin = _as(accounts, "admin", "admin-pass-1")
    viewer = _as(accounts, "viewer", "viewer-pass1")
    with pytest.raises(PermissionDenied):
        viewer.pdpa.set_retention("person", 5)
    with pytest.raises(UserError):
        admin.pdpa.set_retention("person", 0.01)
    admin.pdpa.set_retention("person", 5, "ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ")
    admin.pdpa.set_retention("activity", 10, "ใช้ประเมินผลโครงการ")
    rules = {r["kind"]: r for r in admin.pdpa.retention_rules()}
    assert rules["person"]["years"] == 5 and rules["person"]["basis"].startswith("ระเบียบ")
    assert rules["person"]["set_by"] == "admin"

    old = admin.persons.create({"first_name_th": "เก่า", "last_name_th": "นานแล้ว"})
    active = admin.persons.create({"first_name_th": "ยัง", "last_name_th": "เข้าร่วม"})
    recent = admin.persons.create({"first_name_th": "ใหม่", "last_name_th": "ล่าสุด"})
    long_ago = (date.today() - timedelta(days=365 * 8)).isoformat()
    for p in (old, active):
        _age(admin, "person", p["id"], created_at=f"{long_ago} 09:00:00.000000")
    old_activity = admin.activities.create({"title_th": "สัมมนาปี 2558", "start_date": "2015-05-01",
                                            "end_date": "2015-05-02"})
    new_activity = admin.activities.create({"title_th": "สัมมนาปีนี้", "start_date": date.today().isoformat()})
    session = admin.sessions.create({"activity_id": new_activity["id"], "day": date.today().isoformat()})
    admin.attendance.mark(session["id"], {active["id"]: "present"})         # active: recent attendance
    due = admin.pdpa.retention_due()
    assert {(r["kind"], r["id"]) for r in due} == {("person", old["id"]), ("activity", old_activity["id"])}
    assert recent["id"] not in {r["id"] for r in due}

    root = str(accounts.paths.root)
    assert run(["--data-dir", root, "retention", "set", "project", "3", "--basis", "ตามแผนงาน"]) == 0
    assert run(["--data-dir", root, "retention", "list"]) == 0
    assert run(["--data-dir", root, "retention", "due", "--format", "json"]) == 0
    assert {r["kind"] for r in admin.pdpa.retention_rules()} == {"person", "activity", "project"}
    assert len(admin.audit.events(action="retention_rule")) == 3


def test_reveal_is_for_admins_and_audited(accounts, tmp_path):
    admin = _as(accounts, "admin", "admin-pass-1")
    officer = _as(accounts, "officer", "officer-pass")
    person = admin.persons.create(PERSON)
    assert officer.persons.get(person["id"])["national_id_masked"].endswith("0-8")
    assert "national_id" not in officer.persons.get(person["id"])
    with pytest.raises(PermissionDenied):
        officer.pdpa.reveal_national_id(person["id"])
    assert admin.pdpa.reveal_national_id(person["id"]) == NATIONAL_ID
    event = admin.audit.events(action="reveal")[0]
    assert event["actor"] == "admin" and event["target"] == person["id"]
    # the command-line erase
    assert run(["--data-dir", str(accounts.paths.root), "person", "erase", person["id"],
                "--reason", "ขอให้ลบ"]) == 0
    assert admin.persons.get(person["id"])["first_name_th"] == ERASED


@pytest.mark.gui
def test_person_form_reveal_button_and_settings_retention(accounts, qtbot, tmp_path):
    from desktop.ui.context import UiContext
    from desktop.ui.forms.person_form import PersonForm
    from desktop.ui.screens.settings import SettingsScreen

    if _screenshots():
        from PySide6.QtWidgets import QApplication

        from desktop.ui.theme import apply_theme

        apply_theme(QApplication.instance())
    admin = _as(accounts, "admin", "admin-pass-1")
    officer = _as(accounts, "officer", "officer-pass")
    person = admin.persons.get(admin.persons.create(PERSON)["id"])
    form = PersonForm(admin, person)
    qtbot.addWidget(form)
    form.show()
    assert form.reveal_row.isVisible() and form.revealed.text() == ""
    assert "x-xxxx-xxxx0-70-8" in form.national_id.placeholderText()          # masked until asked
    form.reveal_button.click()
    assert form.revealed.text() == "1-1017-00230-70-8" and form.reveal_timer.isActive()
    assert form.reveal_timer.interval() == 30_000
    if _screenshots():
        form.grab().save(str(_screenshots() / "person-form-revealed.png"))
    form.hide_national_id()                                                     # what the timer does
    assert form.revealed.text() == "" and form.reveal_button.isEnabled()
    assert admin.audit.events(action="reveal")[0]["target"] == person["id"]
    hidden = PersonForm(officer, person)
    qtbot.addWidget(hidden)
    hidden.show()
    assert not hidden.reveal_row.isVisible()

    old = admin.persons.create({"first_name_th": "เก่า"})
    _age(admin, "person", old["id"], created_at="2001-01-01 09:00:00.000000")
    context = UiContext(admin)
    screen = SettingsScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1280, 900)
    screen.show()
    screen.retention_years["person"].setValue(10)
    screen.retention_basis["person"].setText("ระเบียบว่าด้วยการเก็บรักษาเอกสารราชการ")
    assert screen.save_retention()
    rule = admin.pdpa.retention_rules()[0]
    assert (rule["kind"], rule["months"], rule["basis"]) == ("person", 120, "ระเบียบว่าด้วยการเก็บรักษาเอกสารราชการ")
    assert screen.retention.item(0, 3).text() == "1" and "1" in screen.retention_due_label.text()
    if _screenshots():
        screen.grab().save(str(_screenshots() / "settings-retention.png"))
    context.tasks.wait(2000)


def _screenshots() -> Path | None:
    import os

    folder = os.environ.get("GOVLAB_SCREENSHOTS")
    return Path(folder) if folder else None
