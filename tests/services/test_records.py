"""The record services against a real SQLite data folder."""

from __future__ import annotations

import pytest

from desktop.core.errors import Conflict, NotFound, ValidationFailed
from desktop.db import repository
from desktop.db.models import ChangeLog


def _valid_id(first12: str = "110170023070") -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


def _opdc(services):
    return services.agencies.list(search="ก.พ.ร.").rows[0]


def test_create_person_seals_national_id_and_logs_the_change(services):
    nid = _valid_id()
    person = services.persons.create({
        "prefix_th": "นาง", "first_name_th": "ชุติมา", "last_name_th": "หาญเผชิญ",
        "position": "ผู้อำนวยการสำนักงาน ป.ย.ป.", "phone": "๐๘๑ ๒๓๔ ๕๖๗๘",
        "email": "Chutima@PMDU.go.th", "national_id": nid, "agency_id": _opdc(services)["id"],
    })
    assert person["full_name_th"] == "นางชุติมา หาญเผชิญ"
    assert person["phone"] == "081-234-5678" and person["email"] == "chutima@pmdu.go.th"
    assert person["national_id_masked"] == f"x-xxxx-xxxx{nid[9]}-{nid[10:12]}-{nid[12]}"
    assert nid not in str(person)
    assert person["revision"] == 1 and person["agency_name"] == "สำนักงานคณะกรรมการพัฒนาระบบราชการ"
    with services.db.read() as s:
        row = repository.get(s, "person", __import__("uuid").UUID(person["id"]))
        assert nid not in (row.national_id_sealed or "")
        assert services.db.protector.unseal(row.national_id_sealed) == nid
        log = s.query(ChangeLog).filter_by(record_id=row.id).all()
    assert [e.op for e in log] == ["create"]
    assert "national_id" not in str(log[0].changes) or nid not in str(log[0].changes)


def test_every_problem_reported_at_once(services):
    with pytest.raises(ValidationFailed) as e:
        services.persons.create({"first_name_th": " ", "phone": "123", "email": "nope", "national_id": "1234567890123"})
    fields = sorted(p.field for p in e.value.problems)
    assert fields == ["email", "first_name_th", "national_id", "phone"]
    assert services.persons.count() == 0


def test_unknown_field_and_missing_reference(services):
    with pytest.raises(ValidationFailed) as e:
        services.persons.create({"first_name_th": "สมชาย", "shoe_size": 42})
    assert e.value.problems[0].field == "shoe_size"
    with pytest.raises(ValidationFailed) as e:
        services.persons.create({"first_name_th": "สมชาย", "agency_id": "0190c5e2-0000-7000-8000-000000000000"})
    assert e.value.problems[0].field == "agency_id"


def test_update_delete_restore_keep_history(services):
    p = services.persons.create({"first_name_th": "สมชาย", "last_name_th": "ใจดี"})
    p2 = services.persons.update(p["id"], {"position": "นักวิเคราะห์นโยบายและแผน"})
    assert p2["revision"] == 2 and p2["position"] == "นักวิเคราะห์นโยบายและแผน"
    with pytest.raises(Conflict):
        services.persons.update(p["id"], {"position": "x"}, expected_revision=1)
    services.persons.delete(p["id"])
    assert services.persons.list().total == 0
    assert [r["id"] for r in services.persons.list(deleted=True).rows] == [p["id"]]
    with pytest.raises(NotFound):
        services.persons.update(p["id"], {"position": "y"})
    restored = services.persons.restore(p["id"])
    assert restored["deleted"] is False and restored["revision"] == 4
    with services.db.read() as s:
        log = s.query(ChangeLog).filter_by(record_id=__import__("uuid").UUID(p["id"])).order_by(ChangeLog.seq).all()
    assert [e.op for e in log] == ["create", "update", "delete", "restore"]
    assert log[1].changes == {"position": [None, "นักวิเคราะห์นโยบายและแผน"]}
    assert [e.base_revision for e in log] == [0, 1, 2, 3]
    assert all(e.site_id == services.db.site_id() for e in log)
    stamps = [e.stamp for e in log]
    assert stamps == sorted(stamps)


def test_a_failed_save_changes_nothing(services):
    p = services.persons.create({"first_name_th": "สมชาย"})
    with pytest.raises(ValidationFailed):
        services.persons.update(p["id"], {"last_name_th": "ใจดี", "email": "not-an-email"})
    assert services.persons.get(p["id"])["last_name_th"] is None
    assert services.persons.get(p["id"])["revision"] == 1


def test_thai_order_and_search(services):
    for first, last in [("ใจดี", "มีสุข"), ("ไก่", "ทอง"), ("เกษม", "สุขใจ"), ("ขวัญ", "ดี"), ("กมล", "ศรี"),
                        ("สมชาย", "ใจดี"), ("สมหญิง", "รักไทย")]:
        services.persons.create({"first_name_th": first, "last_name_th": last})
    names = [r["first_name_th"] for r in services.persons.list().rows]
    assert names == ["กมล", "เกษม", "ไก่", "ขวัญ", "ใจดี", "สมชาย", "สมหญิง"]
    assert {r["first_name_th"] for r in services.persons.list(search="ใจดี").rows} == {"ใจดี", "สมชาย"}
    # two characters: below the trigram index, matched at the start of the name
    assert [r["first_name_th"] for r in services.persons.list(search="สม").rows] == ["สมชาย", "สมหญิง"]
    # one leading vowel typed: still found
    assert [r["first_name_th"] for r in services.persons.list(search="เก").rows] == ["เกษม"]
    p = services.persons.list(search="สมหญิง").rows[0]
    services.persons.update(p["id"], {"first_name_th": "วันเพ็ญ"})
    assert services.persons.list(search="สมหญิง").total == 0
    assert services.persons.list(search="วันเพ็ญ").total == 1


def test_paging_and_filters(services):
    opdc = _opdc(services)["id"]
    for i in range(25):
        services.persons.create({"first_name_th": f"ผู้เข้าร่วม{i:02d}", "agency_id": opdc if i % 2 else None})
    page = services.persons.list(limit=10, offset=20)
    assert page.total == 25 and len(page.rows) == 5
    assert services.persons.list(filters={"agency_id": __import__("uuid").UUID(opdc)}).total == 12
    with pytest.raises(ValidationFailed):
        services.persons.list(filters={"shoe_size": 1})


def test_projects_activities_cohorts_and_attendance(services):
    programme = [p for p in services.search.programmes() if p["code"] == "PYP3"][0]
    course = services.courses.create({"title_th": "หลักสูตร ป.ย.ป. 3", "programme_id": programme["id"]})
    cohort = services.cohorts.create({"course_id": course["id"], "year_be": "๒๕๖๖", "number": 1})
    assert cohort["year_be"] == 2566 and "ประจำปี 2566 รุ่นที่ 1" in cohort["display_name_th"]
    project = services.projects.create({
        "title_th": "การลดจำนวนผู้เสพยาเสพติดโดยชุมชนมีส่วนร่วม", "phase": "understand", "status": "active",
        "area_code": "7301", "budget": "150,000.50", "start_date": "01/06/2566", "end_date": "2023-09-30",
        "cohort_id": cohort["id"],
    })
    assert project["budget"] == "150000.50" and project["start_date"] == "2023-06-01"
    with pytest.raises(ValidationFailed) as e:
        services.projects.update(project["id"], {"end_date": "2023-05-01"})
    assert e.value.problems[0].field == "end_date"
    with pytest.raises(ValidationFailed):
        services.projects.create({"title_th": "x", "area_code": "99"})
    assert services.projects.list(filters={"area_code": "73"}).total == 1
    services.action_items.create({"project_id": project["id"], "activity": "ลงพื้นที่สัมภาษณ์", "progress": 30})
    with pytest.raises(ValidationFailed):
        services.action_items.create({"project_id": project["id"], "activity": "x", "progress": 130})
    activity = services.activities.create({
        "title_th": "กิจกรรมการเตรียมความพร้อม", "kind": "workshop", "mode": "hybrid",
        "online_meeting_id": "891 2345 6789", "start_date": "2023-05-19", "cohort_id": cohort["id"]})
    with pytest.raises(ValidationFailed):
        services.activities.update(activity["id"], {"online_meeting_id": "891 2345 6789 passcode 1234"})
    morning = services.sessions.create({"activity_id": activity["id"], "day": "19/05/2566", "part": "morning"})
    afternoon = services.sessions.create({"activity_id": activity["id"], "day": "19/05/2566", "part": "afternoon"})
    people = [services.persons.create({"first_name_th": n})["id"] for n in ("สมชาย", "สมหญิง", "ธนพล")]
    for pid in people:
        services.enrollments.create({"person_id": pid, "cohort_id": cohort["id"], "group_name": "กลุ่ม 1"})
    assert services.attendance.mark(morning["id"], {people[0]: "present", people[1]: "late", people[2]: "online"}) == 3
    assert services.attendance.mark(morning["id"], {people[0]: "present", people[1]: "present"}) == 1
    services.attendance.mark(afternoon["id"], {people[0]: "absent"})
    grid = services.attendance.grid(activity["id"])
    assert [s["part"] for s in grid["sessions"]] == ["morning", "afternoon"]
    assert grid["marks"][people[1]] == {morning["id"]: "present"}
    assert grid["marks"][people[0]] == {morning["id"]: "present", afternoon["id"]: "absent"}
    with pytest.raises(ValidationFailed):
        services.attendance.mark(morning["id"], {people[0]: "asleep"})


def test_attachments_stored_once_by_content(services, tmp_path):
    p = services.persons.create({"first_name_th": "สมชาย"})
    photo = tmp_path / "รูปกิจกรรม.jpg"
    photo.write_bytes(b"\xff\xd8fake jpeg" * 100)
    a1 = services.attachments.add("person", p["id"], photo, caption="ภาพบรรยากาศ")
    a2 = services.attachments.add("person", p["id"], photo)
    assert a1["sha256"] == a2["sha256"] and a1["media_type"] == "image/jpeg"
    stored = services.attachments.path_for(a1["sha256"])
    assert stored.read_bytes() == photo.read_bytes()
    assert len([f for f in services.paths.attachments.rglob("*") if f.is_file()]) == 1
    assert [a["position"] for a in services.attachments.for_record(p["id"])] == [0, 1]
    from desktop.core.errors import UserError
    with pytest.raises(UserError):
        services.attachments.add("person", p["id"], tmp_path / "missing.jpg")


def test_sessions_are_listed_in_the_days_order(services):
    activity = services.activities.create({"title_th": "ประชุมเชิงปฏิบัติการ", "kind": "workshop", "mode": "onsite",
                                           "start_date": "2023-05-19"})
    for day, part in (("2023-05-20", "morning"), ("2023-05-19", "evening"), ("2023-05-19", "afternoon"),
                      ("2023-05-19", "full_day"), ("2023-05-19", "morning")):
        services.sessions.create({"activity_id": activity["id"], "day": day, "part": part})
    rows = services.sessions.list(filters={"activity_id": activity["id"]}, limit=None).rows
    assert [(str(r["day"]), r["part"]) for r in rows] == [
        ("2023-05-19", "morning"), ("2023-05-19", "afternoon"), ("2023-05-19", "full_day"),
        ("2023-05-19", "evening"), ("2023-05-20", "morning")]
