"""Importing participant lists through the services: real CSV files, a real database."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop.core.errors import UserError
from desktop.services.sheet_import import SheetImportService, plan_notes, write_report


def national_id(body: str) -> str:
    """A valid 13-digit national ID from 12 digits (the 13th is the check digit)."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    return body + str((11 - total % 11) % 10)


ID_A, ID_B, ID_C = national_id("310120000001"), national_id("310120000002"), national_id("150990001234")

HEADER = "ลำดับ,ชื่อ-สกุล,ตำแหน่ง,หน่วยงาน,โทรศัพท์,เลขประจำตัวประชาชน"


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8-sig") -> Path:
    path.write_text("\r\n".join(lines) + "\r\n", encoding=encoding)
    return path


def snapshot(data_dir: Path) -> str:
    return hashlib.sha256((data_dir / "govlab.sqlite3").read_bytes()).hexdigest() \
        if (data_dir / "govlab.sqlite3").exists() else ""


@pytest.fixture
def importer(services) -> SheetImportService:
    return SheetImportService(services)


def test_a_list_goes_in_with_prefixes_split_phones_normalised_agencies_matched(importer, services, tmp_path):
    path = write_csv(tmp_path / "list.csv", [
        "รายชื่อผู้เข้าร่วมอบรมหลักสูตร ป.ย.ป. รุ่นที่ 1",
        HEADER,
        f"1,นางสาวสมหญิง ใจดี,นักวิเคราะห์นโยบายและแผน,สำนักงาน ก.พ.ร.,๐๘๑-๒๓๔-๕๖๗๘,{ID_A}",
        f"2,ผศ.ดร.สมชาย ใจงาม,อาจารย์,มหาวิทยาลัยมหิดล,0891234567,{ID_B}",
        "3,พ.ต.อ.หญิง สมศรี มีสุข,ผู้กำกับการ,สำนักงานตำรวจแห่งชาติ,02 123 4567,",
        ",,,,,",
        "4,นายวีระ ณ อยุธยา,ปลัดอำเภอ,ที่ว่าการอำเภอเมืองนครปฐม,,",
    ])
    plan = importer.plan(path, "persons")
    assert not plan.invalid and not plan.duplicates
    report = importer.apply(plan)
    assert report.applied and report.count("created") == 4
    rows = {r["first_name_th"]: r for r in services.persons.list(limit=50).rows}
    somying = services.persons.get(rows["สมหญิง"]["id"])
    assert (somying["prefix_th"], somying["last_name_th"]) == ("นางสาว", "ใจดี")
    assert somying["phone"] == "081-234-5678"
    assert somying["agency_name"] == "สำนักงานคณะกรรมการพัฒนาระบบราชการ"
    assert somying["national_id_masked"].endswith(ID_A[-4:-3] + "-" + ID_A[-3:-1] + "-" + ID_A[-1])
    assert services.persons.get(rows["สมชาย"]["id"])["prefix_th"] == "ผศ.ดร."
    assert services.persons.get(rows["สมศรี"]["id"])["prefix_th"] == "พ.ต.อ.หญิง"
    weera = services.persons.get(rows["วีระ"]["id"])
    assert weera["last_name_th"] == "ณ อยุธยา" and weera["prefix_th"] == "นาย"


def test_a_bad_row_stops_the_whole_import_and_the_database_is_untouched(importer, services, data_dir, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [
        HEADER,
        f"1,นางสาวสมหญิง ใจดี,นักวิเคราะห์,สำนักงาน ก.พ.ร.,0812345678,{ID_A}",
        f"2,นายสมชาย ใจงาม,อาจารย์,มหาวิทยาลัยมหิดล,12345,{ID_B[:-1]}0",
    ])
    before = services.persons.count()
    plan = importer.plan(path, "persons")
    assert [r.number for r in plan.invalid] == [3]
    problems = {p.field for p in plan.invalid[0].problems}
    assert problems == {"phone", "national_id"}
    with pytest.raises(UserError) as refused:
        importer.apply(plan)
    assert "1" in str(refused.value)
    assert services.persons.count() == before
    report = importer.apply(plan, skip_invalid=True)
    assert report.count("created") == 1 and report.count("error") == 1
    assert services.persons.count() == before + 1


def test_duplicates_by_national_id_and_by_name_wait_for_a_decision(importer, services, tmp_path):
    agency = services.agencies.list(search="มหิดล", limit=1).rows[0]["id"]
    existing = services.persons.create({"prefix_th": "นาย", "first_name_th": "สมชาย", "last_name_th": "ใจงาม",
                                        "agency_id": agency, "national_id": ID_B})
    services.persons.create({"first_name_th": "ประเสริฐ", "last_name_th": "ศรีสุข", "agency_id": agency})
    path = write_csv(tmp_path / "dupes.csv", [
        HEADER,
        f"1,นายสมชาย ใจงาม,รองศาสตราจารย์,มหาวิทยาลัยมหิดล,0891234567,{ID_B}",
        "2,นายประเสริฐ ศรีสุข,อาจารย์,มหาวิทยาลัยมหิดล,,",
        f"3,นางสาวสมหญิง ใจดี,นักวิเคราะห์,สำนักงาน ก.พ.ร.,,{ID_A}",
        f"4,น.ส.สมหญิง ใจดี,นักวิเคราะห์,สำนักงาน ก.พ.ร.,,{ID_A}",
    ])
    plan = importer.plan(path, "persons")
    reasons = {c.row: c.reason for c in plan.duplicates}
    assert reasons == {2: "national_id", 3: "name", 5: "file_national_id"}
    assert plan.duplicates[0].existing["id"] == existing["id"]
    assert "new" not in plan.duplicates[0].choices
    before = services.persons.count()
    with pytest.raises(UserError):
        importer.apply(plan)
    assert services.persons.count() == before
    decisions = {2: "merge", 3: "skip", 5: "merge"}
    for case in plan.duplicates:
        case.decision = decisions[case.row]
    report = importer.apply(plan)
    assert services.persons.count() == before + 1  # only สมหญิง is new; row 5 merged into row 4's person
    merged = services.persons.get(existing["id"])
    assert merged["position"] == "รองศาสตราจารย์" and merged["phone"] == "089-123-4567"
    assert [r.action for r in report.results] == ["updated", "skipped", "created", "updated"]


def test_dry_run_reports_everything_and_changes_nothing(importer, services, data_dir, tmp_path):
    path = write_csv(tmp_path / "list.csv", [HEADER, "1,นายวีระ ใจกล้า,ปลัดอำเภอ,ที่ว่าการอำเภอเมืองนครปฐม,,"])
    plan = importer.plan(path, "persons")
    services.close()
    before = snapshot(data_dir)
    from desktop.services.app_services import open_services

    reopened = open_services(data_dir)
    try:
        report = SheetImportService(reopened).apply(plan, dry_run=True)
        assert report.count("created") == 1 and not report.applied
        assert reopened.persons.count() == 0 or all(
            r["first_name_th"] != "วีระ" for r in reopened.persons.list(limit=100).rows)
    finally:
        reopened.close()
    assert snapshot(data_dir) == before


def test_an_unknown_agency_is_added_once_and_a_near_one_is_suggested(importer, services, tmp_path):
    path = write_csv(tmp_path / "agencies.csv", [
        HEADER,
        "1,นายเอก หนึ่ง,นักพัฒนาชุมชน,วิสาหกิจชุมชนบ้านสวนผึ้ง,,",
        "2,นายโท สอง,นักพัฒนาชุมชน,วิสาหกิจชุมชนบ้านสวนผึ้ง,,",
        "3,นายตรี สาม,อาจารย์,มหาวิทยาลัยมหิดน,,",
    ])
    plan = importer.plan(path, "persons")
    choices = {c.text: c for c in plan.agencies}
    new = choices["วิสาหกิจชุมชนบ้านสวนผึ้ง"]
    assert new.decision == "new" and new.rows == [2, 3]
    near = choices["มหาวิทยาลัยมหิดน"]
    assert near.suggestions[0][1] == "มหาวิทยาลัยมหิดล"
    notes = [n for n in plan_notes(plan) if n.action == "agency"]
    assert len(notes) == 2
    importer.apply(plan)
    found = services.agencies.list(search="บ้านสวนผึ้ง", limit=10).rows
    assert len(found) == 1 and found[0]["kind"] == "community"


def test_enrollments_go_into_the_cohort_once(importer, services, tmp_path):
    course = services.courses.create({"title_th": "หลักสูตรนวัตกรรมภาครัฐ"})
    cohort = services.cohorts.create({"course_id": course["id"], "year_be": 2566, "number": 1})
    path = write_csv(tmp_path / "cohort.csv", [
        "ที่,ชื่อ-นามสกุล,หน่วยงาน,บทบาท,กลุ่ม",
        "1,นางสาวสมหญิง ใจดี,สำนักงาน ก.พ.ร.,ผู้เข้าร่วม,กลุ่ม 1",
        "2,นายสมชาย ใจงาม,มหาวิทยาลัยมหิดล,โค้ช,",
    ])
    plan = importer.plan(path, "enrollments", cohort_id=cohort["id"])
    assert [(r.number, r.problems) for r in plan.invalid] == []
    report = importer.apply(plan)
    assert report.count("created") == 2
    again = importer.plan(path, "enrollments", cohort_id=cohort["id"])
    for case in again.duplicates:
        case.decision = "merge"
    importer.apply(again)
    rows = services.enrollments.list(filters={"cohort_id": cohort["id"]}).rows
    assert sorted(r["role"] for r in rows) == ["coach", "participant"]
    assert {r["group_name"] for r in rows} == {"กลุ่ม 1", None}


def test_attendance_marks_one_session(importer, services, tmp_path):
    activity = services.activities.create({"title_th": "ประชุมเชิงปฏิบัติการ", "start_date": "2023-05-19"})
    session = services.sessions.create({"activity_id": activity["id"], "day": "2023-05-19"})
    path = write_csv(tmp_path / "signin.csv", [
        "ลำดับ,ชื่อ-สกุล,หน่วยงาน,การเข้าร่วม,วันที่",
        "1,นางสาวสมหญิง ใจดี,สำนักงาน ก.พ.ร.,มา,19/05/2566",
        "2,นายสมชาย ใจงาม,มหาวิทยาลัยมหิดล,ขาด,19/05/2566",
        "3,นายวีระ ใจกล้า,มหาวิทยาลัยมหิดล,มา,20/05/2566",
    ])
    plan = importer.plan(path, "attendance", session_id=session["id"])
    assert [r.number for r in plan.invalid] == [4]
    importer.apply(plan, skip_invalid=True)
    grid = services.attendance.grid(activity["id"])
    assert sorted(m[session["id"]] for m in grid["marks"].values()) == ["absent", "present"]


def test_a_list_without_a_cohort_or_names_is_refused_with_a_clear_message(importer, tmp_path):
    path = write_csv(tmp_path / "x.csv", ["ตำแหน่ง,หน่วยงาน", "อาจารย์,มหาวิทยาลัยมหิดล"])
    with pytest.raises(UserError, match="cohort"):
        importer.plan(path, "enrollments")
    with pytest.raises(UserError) as error:
        importer.plan(path, "persons")
    assert "ชื่อ-สกุล" in error.value.message


def test_the_confirmed_mapping_is_remembered_for_the_next_file(importer, services, tmp_path):
    path = write_csv(tmp_path / "odd.csv", ["รายนามผู้เข้าประชุม,ที่ทำงาน", "นายเอก หนึ่ง,มหาวิทยาลัยมหิดล"])
    table = importer.read(path)
    assert "full_name" not in importer.suggest_mapping(table).values()
    importer.apply(importer.plan(path, "persons", mapping={0: "full_name", 1: "agency"}))
    assert importer.suggest_mapping(importer.read(path)) == {0: "full_name", 1: "agency"}


def test_the_report_is_a_spreadsheet_with_every_row(importer, tmp_path):
    import openpyxl

    path = write_csv(tmp_path / "list.csv", [HEADER, "1,นายเอก หนึ่ง,อาจารย์,มหาวิทยาลัยมหิดล,,",
                                             "2,นายโท สอง,อาจารย์,มหาวิทยาลัยมหิดล,123,"])
    report = importer.apply(importer.plan(path, "persons"), skip_invalid=True)
    out = tmp_path / "report.xlsx"
    write_report(out, report.results)
    values = list(openpyxl.load_workbook(out).active.values)
    assert [v[0] for v in values[1:]] == [2, 3]
    assert values[1][1] != values[2][1]
    assert "หมายเลขโทรศัพท์" in values[2][3]  # the row's problem, in Thai


def test_a_name_typed_with_a_slip_is_still_a_possible_duplicate(importer, services, tmp_path):
    agency = services.agencies.list(search="มหิดล", limit=1).rows[0]["id"]
    services.persons.create({"prefix_th": "นาย", "first_name_th": "สมศักดิ์", "last_name_th": "ใจดี",
                             "agency_id": agency})
    services.persons.create({"prefix_th": "นาย", "first_name_th": "สมศักดิ์", "last_name_th": "ใจดี"})
    path = write_csv(tmp_path / "slip.csv", [
        "ชื่อ-สกุล,หน่วยงาน",
        "นายสมศักดิ ใจดี,มหาวิทยาลัยมหิดล",       # thanthakhat left out
        "นายสมศักดิ์ ใจดี,กรมการปกครอง",          # same name, another agency: two people
    ])
    plan = importer.plan(path, "persons")
    rows = {c.row: c for c in plan.duplicates}
    assert rows[2].reason == "name" and rows[2].score >= 0.85
    assert rows[3].existing["agency"] is None  # only the one with no agency could be them
