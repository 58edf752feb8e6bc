"""Demo data: the records of the two source texts once, generated Thai people on demand,
the same ones for the same seed."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from desktop.core.validation import (
    clean_email, clean_national_id, clean_phone, mask_national_id, national_id_checksum_ok,
)
from desktop.db.models import Person
from desktop.services import demo
from desktop.services.app_services import open_services
from desktop.services.demo import load_demo

PERSONS = 300
THAI_WORD = re.compile(r"^[\u0e01-\u0e4e]+$")  # Thai letters, vowels and tone marks only
WORKSHOP_AGENCIES = {
    "กระทรวงศึกษาธิการ", "สำนักงานเลขาธิการสภาการศึกษา", "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
    "กระทรวงสาธารณสุข", "กระทรวงยุติธรรม", "สำนักงานตำรวจแห่งชาติ", "กระทรวงกลาโหม",
    "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตในภาครัฐ", "สำนักงานป้องกันและปราบปรามการฟอกเงิน",
    "กระทรวงมหาดไทย",
    "สำนักงานการขับเคลื่อนการปฏิรูปประเทศ ยุทธศาสตร์ชาติ และการสร้างความสามัคคีปรองดอง",
}


def _open(folder: Path):
    services = open_services(folder)
    services.office.init("สำนักงานทดสอบ", "T01", "73", "office")
    return services


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    services = _open(tmp_path_factory.mktemp("demo") / "data")
    counts = load_demo(services, persons=PERSONS, seed=2566)
    yield services, counts
    services.close()


def _generated(services, count: int) -> list[dict]:
    """The last ``count`` people made: ids count up in the order records were made."""
    rows = services.persons.list(order=("id",)).rows
    return rows[-count:]


def _fixed_people(services, counts) -> int:
    return counts["person"] - PERSONS


def test_counts_match_what_is_stored(loaded):
    services, counts = loaded
    for kind, n in counts.items():
        assert services.by_kind(kind).count() == n, kind
    assert counts["course"] == 3 and counts["cohort"] == 3
    assert counts["project"] == 6 and counts["activity"] >= 2
    assert counts["signatory"] >= 1 and counts["enrollment"] > 33 and counts["attendance"] > 66
    assert _fixed_people(services, counts) > 33  # the people of the texts and the participants
    cohorts = {c["title_th"] for c in services.cohorts.list().rows}
    assert cohorts == {f"ป.ย.ป. {n} ประจำปี 2566" for n in (2, 3, 4)}
    codes = {p["code"] for p in services.search.programmes()}
    for course in services.courses.list().rows:
        assert course["programme_id"] and "ป.ย.ป." in course["title_th"]
    assert {"PYP2", "PYP3", "PYP4"} <= codes


def test_people_of_the_texts_are_there_and_searchable(loaded):
    services, _ = loaded
    found = services.persons.list(search="ชุติมา").rows
    assert [p["full_name_th"] for p in found] == ["นางชุติมา หาญเผชิญ"]
    assert found[0]["position"] == "ผู้อำนวยการสำนักงาน ป.ย.ป."
    assert found[0]["agency_name"].startswith("สำนักงานการขับเคลื่อนการปฏิรูปประเทศ")
    expected = {
        "เทวกุล": ("ม.ล.พัชรภากร เทวกุล", "ผู้อำนวยการสถาบันส่งเสริมการบริหารกิจการบ้านเมืองที่ดี"),
        "วีรา": ("ผศ.ดร.ธนพล วีรา", "ผู้อำนวยการด้านนวัตกรรมและโครงการพิเศษ"),
        "เครืองาม": ("นายวิษณุ เครืองาม", "รองนายกรัฐมนตรี"),
        "ศิริสัมพันธ์": ("นายทศพร ศิริสัมพันธ์", "เลขาธิการ ก.พ.ร."),
    }
    for query, (name, position) in expected.items():
        rows = services.persons.list(search=query).rows
        assert [(r["full_name_th"], r["position"]) for r in rows] == [(name, position)], query
    steinberg = services.persons.list(search="Steinberg").rows
    assert [r["full_name_en"] for r in steinberg] == ["Mr. Macro Steinberg"]
    assert services.persons.list(search="วีรา").rows[0]["agency_name"] == "วิทยาลัยการจัดการ มหาวิทยาลัยมหิดล"


def test_the_2023_workshop_with_its_sessions_and_attendance(loaded):
    services, _ = loaded
    workshop = [a for a in services.activities.list(search="กิจกรรมการเตรียมความพร้อม").rows
                if a["title_th"] == demo.WORKSHOP_2023_TITLE]
    assert len(workshop) == 1
    w = workshop[0]
    assert (w["start_date"], w["mode"], w["kind"]) == ("2023-05-19", "hybrid", "workshop")
    assert w["venue"] == "ห้องประชุมสำนักงาน ก.พ.ร. ศูนย์ราชการฯ แจ้งวัฒนะ"
    assert services.persons.get(w["chair_id"])["full_name_th"] == "นางชุติมา หาญเผชิญ"
    grid = services.attendance.grid(w["id"])
    assert [s["part"] for s in grid["sessions"]] == ["morning", "afternoon"]
    statuses = {status for marks in grid["marks"].values() for status in marks.values()}
    assert {"present", "late", "online"} <= statuses and statuses & {"absent", "excused"}
    # Participants come from the eleven agencies of the text, enrolled in ป.ย.ป. 2-4.
    attending = {services.persons.get(p)["agency_name"] for p in grid["marks"]}
    assert WORKSHOP_AGENCIES <= attending
    enrolled = {e["person_id"] for e in services.enrollments.list().rows}
    participants = [p for p in grid["marks"] if p in enrolled]
    assert len(participants) >= 33

    mou = [a for a in services.activities.list(search="พิธีลงนามบันทึกข้อตกลง").rows
           if a["title_th"] == demo.MOU_2017_TITLE]
    assert len(mou) == 1 and mou[0]["start_date"] == "2017-06-19"
    assert mou[0]["venue"] == "ตึกนารีสโมสร ทำเนียบรัฐบาล"
    assert services.persons.get(mou[0]["chair_id"])["full_name_th"] == "นายวิษณุ เครืองาม"


def test_projects_of_both_texts(loaded):
    services, _ = loaded
    projects = {p["code"]: p for p in services.projects.list().rows}
    assert set(projects) == {"PYP66-01", "PYP66-02", "GL60-01", "GL60-02", "GL60-03", "GL60-04"}
    for code in ("PYP66-01", "PYP66-02"):
        p = projects[code]
        assert p["phase"] == "understand" and p["status"] == "active"
        items = services.action_items.list(filters={"project_id": uuid.UUID(p["id"])}).rows
        assert 3 <= len(items) <= 5
        assert services.stakeholders.list(filters={"project_id": uuid.UUID(p["id"])}).total >= 3
        assert services.team_members.list(filters={"project_id": uuid.UUID(p["id"])}).total >= 3
    partners = {r["agency_name"] for r in
                services.project_partners.list(filters={"project_id": uuid.UUID(projects["GL60-01"]["id"])}).rows}
    assert {"มหาวิทยาลัยธรรมศาสตร์", "มหาวิทยาลัยเทคโนโลยีพระจอมเกล้าธนบุรี", "ศูนย์สร้างสรรค์งานออกแบบ",
            "โครงการพัฒนาแห่งสหประชาชาติ ประจำประเทศไทย"} <= partners
    assert projects["GL60-04"]["area_code"] == "7301"
    assert all(projects[c]["lead_agency_id"] for c in projects)


def test_generated_people_look_real(loaded):
    services, _ = loaded
    people = _generated(services, PERSONS)
    female = {name for name, _ in demo.FEMALE_NAMES}
    male = {name for name, _ in demo.MALE_NAMES}
    for p in people:
        assert THAI_WORD.match(p["first_name_th"]) and THAI_WORD.match(p["last_name_th"]), p
        assert p["first_name_en"].isascii() and p["last_name_en"].isascii()
        assert p["position"] and p["agency_id"]
        if p["phone"]:
            assert clean_phone(p["phone"]) == p["phone"] and p["phone"][:2] in ("06", "08", "09")
        if p["email"]:
            assert clean_email(p["email"]) == p["email"] and p["email"].isascii()
        if p["prefix_th"] == "นาย":
            assert p["first_name_th"] in male
        elif p["prefix_th"] in ("นาง", "นางสาว"):
            assert p["first_name_th"] in female
    assert len({(p["first_name_th"], p["last_name_th"]) for p in people}) > PERSONS * 0.9
    assert {p["prefix_th"] for p in people} >= {"นาย", "นาง", "นางสาว"}


def test_national_ids_are_valid_sealed_and_masked(loaded):
    services, _ = loaded
    people = _generated(services, PERSONS)
    with_id = [p for p in people if p["national_id_masked"]]
    assert 0.15 * PERSONS < len(with_id) < 0.45 * PERSONS
    assert not any(k in p for p in people for k in ("national_id_sealed", "national_id_digest", "national_id_tail"))
    with services.db.read() as s:
        for p in with_id:
            row = s.get(Person, uuid.UUID(p["id"]))
            digits = services.db.protector.unseal(row.national_id_sealed)
            assert national_id_checksum_ok(digits) and clean_national_id(digits) == digits
            assert row.national_id_digest == services.db.protector.digest(digits)
            assert p["national_id_masked"] == mask_national_id(digits[-4:])
            assert digits not in str(p) and digits not in row.national_id_sealed


def test_same_seed_same_people_other_seed_other_people(tmp_path):
    names = []
    for folder, seed in (("a", 2566), ("b", 2566), ("c", 7)):
        services = _open(tmp_path / folder)
        try:
            load_demo(services, persons=80, seed=seed)
            names.append([(p["prefix_th"], p["first_name_th"], p["last_name_th"], p["position"])
                          for p in _generated(services, 80)])
        finally:
            services.close()
    assert names[0] == names[1]
    assert names[0] != names[2]


def test_second_run_adds_people_but_not_the_texts_again(tmp_path):
    services = _open(tmp_path / "data")
    try:
        first = load_demo(services, persons=20, seed=1)
        before = {kind: services.by_kind(kind).count() for kind in first}
        second = load_demo(services, persons=20, seed=1)
        assert set(second) <= {"person", "enrollment", "attendance"}
        assert second["person"] == 20
        after = {kind: services.by_kind(kind).count() for kind in first}
        for kind in set(first) - set(second):
            assert after[kind] == before[kind], kind
        assert after["person"] == before["person"] + 20
        assert len(services.persons.list(search="ชุติมา").rows) == 1
        assert load_demo(services, persons=0) == {}
    finally:
        services.close()
