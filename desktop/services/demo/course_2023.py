"""The 2023 ป.ย.ป. course records: the courses and cohorts of ป.ย.ป. 2, 3 and 4, the
participants of the eleven workshop agencies with their consents and enrollments, and the
2023 preparation workshop with its attendance."""

from __future__ import annotations

import uuid
from datetime import date, time

from desktop.services.demo.agencies import A_PMDU
from desktop.services.demo.builder import Builder
from desktop.services.demo.marks import certificate_number, workshop_marks
from desktop.services.demo.texts import COURSES, WORKSHOP_2023_SUMMARY, WORKSHOP_2023_TITLE, WORKSHOP_AGENCIES


def add_courses(builder: Builder) -> dict[int, uuid.UUID]:
    organiser = builder.refs.agency_id(A_PMDU)
    for code, level, audience in COURSES:
        programme = builder.refs.programme(code)
        course = builder.add(builder.services.courses, {
            "programme_id": programme["id"], "title_th": programme["name_th"],
            "title_en": programme.get("name_en"), "organiser_id": organiser,
            "description": f"ผู้เข้าร่วมหลักสูตร ป.ย.ป. {level} ได้แก่ {audience} "
                           "ขับเคลื่อนโจทย์หัวข้อการบูรณาการ ภายใต้กระบวนการห้องปฏิบัติการนวัตกรรมเชิงนโยบาย",
        })
        builder.anchors.cohorts[level] = builder.add(builder.services.cohorts, {
            "course_id": course, "year_be": 2566, "number": 1,
            "title_th": f"ป.ย.ป. {level} ประจำปี 2566", "organiser_id": organiser,
            "start_date": date(2023, 3, 1), "end_date": date(2023, 9, 30),
        })
    return builder.anchors.cohorts


def add_participants(builder: Builder, cohorts: dict[int, uuid.UUID]) -> list[tuple[uuid.UUID, int, str, str]]:
    """(person, ป.ย.ป. level, group, agency) for the workshop's eleven agencies."""
    out = []
    for agency, group, posts in WORKSHOP_AGENCIES:
        for level, (rank, gender, position, grade) in zip((2, 3, 4), posts):
            out.append((builder.generated_person(agency, rank, gender, position, grade), level, group, agency))
    for person, *_ in out:
        builder.add(builder.services.consents, {
            "person_id": person, "basis": "public_task", "notice_version": "2566-1",
            "purposes": "การจัดหลักสูตร ป.ย.ป. การออกเกียรติบัตร และการติดตามผลการขับเคลื่อนโจทย์บูรณาการ",
            "given_on": date(2023, 5, 2),
        })
    return out


def add_enrollments(builder: Builder, participants: list[tuple[uuid.UUID, int, str, str]],
                    cohorts: dict[int, uuid.UUID], projects: dict[str, uuid.UUID],
                    people: dict[str, uuid.UUID]) -> None:
    numbers = {level: 0 for level in cohorts}
    for person, level, group, _agency in participants:
        completed = builder.rng.random() < 0.9
        numbers[level] += completed
        builder.add(builder.services.enrollments, {
            "person_id": person, "cohort_id": cohorts[level], "role": "participant",
            "group_name": group, "project_id": projects[group],
            "completion": "completed" if completed else "not_completed",
            "certificate_number": certificate_number(level, numbers[level]) if completed else None,
        })
    for key in ("phatcharaphakon", "thanaphon"):
        for level in cohorts:
            builder.add(builder.services.enrollments, {"person_id": people[key], "cohort_id": cohorts[level],
                                                       "role": "speaker"})


def add_workshop(builder: Builder, areas: dict[str, str], people: dict[str, uuid.UUID],
                 participants: list[tuple[uuid.UUID, int, str, str]]) -> None:
    activity = builder.add(builder.services.activities, {
        "title_th": WORKSHOP_2023_TITLE,
        "title_en": "Preparation workshop for the 2023 PMDU course participants on the integration topics "
                    "(Policy Innovation Lab)",
        "kind": "workshop", "mode": "hybrid",
        "venue": "ห้องประชุมสำนักงาน ก.พ.ร. ศูนย์ราชการฯ แจ้งวัฒนะ",
        "area_code": areas["chaeng_watthana"], "online_meeting_id": "Zoom 926 2566 0519",
        "chair_id": people["chutima"], "chair_text": "นางชุติมา หาญเผชิญ ผู้อำนวยการสำนักงาน ป.ย.ป.",
        "organiser_id": builder.refs.agency_id(A_PMDU),
        "start_date": date(2023, 5, 19), "end_date": date(2023, 5, 19),
        "summary": WORKSHOP_2023_SUMMARY,
    })
    morning = builder.add(builder.services.sessions, {
        "activity_id": activity, "day": date(2023, 5, 19), "part": "morning",
        "starts_at": time(9, 0), "ends_at": time(12, 0),
        "title": "พิธีเปิด ภาพรวมนโยบายการขับเคลื่อนโจทย์บูรณาการ และกรณีศึกษา Policy Innovation Lab",
    })
    afternoon = builder.add(builder.services.sessions, {
        "activity_id": activity, "day": date(2023, 5, 19), "part": "afternoon",
        "starts_at": time(13, 0), "ends_at": time(16, 30),
        "title": "ประชุมเชิงปฏิบัติการแบ่งกลุ่มโจทย์: พื้นที่ ผู้มีส่วนได้ส่วนเสีย และแผนการดำเนินการ",
    })
    builder.anchors.workshop_sessions = [morning, afternoon]
    for key in ("chutima", "phatcharaphakon", "thanaphon"):
        builder.attend(morning, people[key], "present")
    builder.attend(afternoon, people["thanaphon"], "present")
    for person, *_ in participants:
        first, second = workshop_marks(builder.rng)
        builder.attend(morning, person, first)
        builder.attend(afternoon, person, second)
