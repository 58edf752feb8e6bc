"""The two 2023 integration projects (education and employment; drugs and crime) with
their partners, team members, stakeholders, action plans and brainstorm artefacts."""

from __future__ import annotations

import uuid
from datetime import date

from desktop.services.demo.agencies import (
    A_AMLO, A_DCY, A_DSD, A_MOD, A_MOE, A_MOI, A_MOJ, A_MOPH, A_MSDHS, A_OBEC, A_OEC, A_ONCB, A_PACC, A_PMDU,
    A_PROBATION, A_RTP,
)
from desktop.services.demo.builder import Builder
from desktop.services.demo.texts import GROUP_DRUGS, GROUP_EDUCATION, TOPIC_DRUGS, TOPIC_EDUCATION
from desktop.services.kinds import full_name_th


def add_projects(builder: Builder, cohorts: dict[int, uuid.UUID], participants: list[tuple[uuid.UUID, int, str, str]],
                 people: dict[str, uuid.UUID]) -> dict[str, uuid.UUID]:
    topic = ("โจทย์หัวข้อการบูรณาการ หลักสูตร ป.ย.ป. ประจำปี 2566 "
             "ภายใต้กระบวนการห้องปฏิบัติการนวัตกรรมเชิงนโยบาย (Policy Innovation Lab)")
    refs = builder.refs
    education = builder.add(builder.services.projects, {
        "code": "PYP66-01", "title_th": TOPIC_EDUCATION,
        "title_en": "Widening access to education and employment", "topic": topic,
        "problem": "เด็กและเยาวชนจำนวนหนึ่งหลุดออกจากระบบการศึกษาและเข้าไม่ถึงการฝึกอาชีพและการมีงานทำ "
                   "เพราะข้อมูลและบริการของหน่วยงานด้านการศึกษา การพัฒนาสังคม และแรงงาน "
                   "ยังไม่เชื่อมโยงกันในระดับพื้นที่",
        "target_group": "เด็กและเยาวชนนอกระบบการศึกษา อายุ 15-24 ปี และครอบครัว ในพื้นที่นำร่อง",
        "lead_agency_id": refs.agency_id(A_MOE), "cohort_id": cohorts[4],
        "phase": "understand", "status": "active",
        "start_date": date(2023, 5, 19), "end_date": date(2023, 9, 30), "budget": "245000",
        "indicators": "1) จำนวนเด็กและเยาวชนนอกระบบการศึกษาในพื้นที่นำร่องที่ได้รับการติดตามและส่งต่อ\n"
                      "2) ร้อยละของผู้ได้รับการส่งต่อที่กลับเข้าสู่การศึกษาหรือได้รับการฝึกอาชีพ\n"
                      "3) ร้อยละของผู้ผ่านการฝึกอาชีพที่มีงานทำภายใน 6 เดือน",
    })
    drugs = builder.add(builder.services.projects, {
        "code": "PYP66-02", "title_th": TOPIC_DRUGS,
        "title_en": "Fewer drug users through community-based treatment, and cutting the crime cycle",
        "topic": topic,
        "problem": "ผู้ผ่านการบำบัดยาเสพติดจำนวนมากกลับไปเสพซ้ำ เพราะขาดการติดตามดูแลต่อเนื่อง"
                   "และการยอมรับจากชุมชน ส่วนเครือข่ายผู้ค้ายังไม่ถูกตัดวงจรอย่างเป็นระบบ "
                   "จึงเกิดการกระทำผิดซ้ำ",
        "target_group": "ผู้เสพยาเสพติดและผู้ผ่านการบำบัดรักษา ครอบครัว และชุมชนในพื้นที่นำร่อง",
        "lead_agency_id": refs.agency_id(A_MOJ), "cohort_id": cohorts[4],
        "phase": "understand", "status": "active",
        "start_date": date(2023, 5, 19), "end_date": date(2023, 9, 30), "budget": "380000",
        "indicators": "1) จำนวนผู้เสพที่เข้ารับการบำบัดรักษาโดยชุมชนมีส่วนร่วมในพื้นที่นำร่อง\n"
                      "2) อัตราการกลับไปเสพซ้ำภายใน 1 ปีหลังการบำบัด\n"
                      "3) จำนวนคดีและมูลค่าทรัพย์สินที่ถูกยึดจากเครือข่ายผู้ค้าในพื้นที่",
    })
    projects = {GROUP_EDUCATION: education, GROUP_DRUGS: drugs}
    builder.anchors.projects = projects

    partners = {
        education: ((A_OEC, "หน่วยงานร่วมขับเคลื่อน"), (A_MSDHS, "หน่วยงานร่วมขับเคลื่อน"),
                    (A_MOI, "หน่วยงานร่วมขับเคลื่อนในพื้นที่"), (A_PMDU, "ผู้ประสานหลักสูตรและติดตามผล")),
        drugs: ((A_MOPH, "ร่วมจัดระบบบำบัดรักษา"), (A_RTP, "ร่วมปราบปรามและตัดวงจรอาชญากรรม"),
                (A_MOD, "ร่วมบำบัดฟื้นฟูและสนับสนุนในพื้นที่"), (A_PACC, "ร่วมตัดวงจรการทุจริตที่เกี่ยวข้อง"),
                (A_AMLO, "ร่วมยึดทรัพย์เครือข่ายผู้ค้า"), (A_MOI, "หน่วยงานร่วมขับเคลื่อนในพื้นที่"),
                (A_PMDU, "ผู้ประสานหลักสูตรและติดตามผล")),
    }
    for project, rows in partners.items():
        for agency, role in rows:
            builder.add(builder.services.project_partners, {"project_id": project,
                                                            "agency_id": refs.agency_id(agency), "role": role})

    members = {GROUP_EDUCATION: [], GROUP_DRUGS: []}
    for person, level, group, agency in participants:
        members[group].append((person, level, agency))
    lead_agency = {GROUP_EDUCATION: A_MOE, GROUP_DRUGS: A_MOJ}
    for group, rows in members.items():
        for person, level, agency in rows:
            if level == 2 and agency == lead_agency[group]:
                role = "หัวหน้าทีม"
            elif agency == A_PMDU:
                role = "ผู้ประสานงาน"
            elif level == 4:
                role = "สมาชิก i Team"
            else:
                role = "สมาชิก"
            builder.add(builder.services.team_members, {"project_id": projects[group], "person_id": person,
                                                        "role": role})
    coordinator = {g: next(p for p, lvl, a in rows if lvl == 3) for g, rows in members.items()}

    stakeholders = {
        education: (
            ("organisation", A_OBEC, "ข้อมูลนักเรียนออกกลางคันและการจัดการศึกษาในระบบ", "high", "high"),
            ("organisation", A_DSD, "ฝึกอาชีพและทดสอบมาตรฐานฝีมือแรงงาน", "high", "medium"),
            ("organisation", A_DCY, "คุ้มครองและพัฒนาเด็กและเยาวชน", "high", "medium"),
            ("organisation", "องค์กรปกครองส่วนท้องถิ่นในพื้นที่นำร่อง", "ข้อมูลครัวเรือนและงบประมาณสนับสนุน",
             "medium", "high"),
            ("organisation", "สถานประกอบการในพื้นที่", "แหล่งงานและการฝึกงาน", "medium", "medium"),
            ("person", coordinator[GROUP_EDUCATION], "ผู้ประสานงานระดับจังหวัด", "high", "high"),
        ),
        drugs: (
            ("organisation", A_ONCB, "อำนวยการและประสานการป้องกันและปราบปรามยาเสพติด", "high", "high"),
            ("organisation", A_PROBATION, "ติดตามดูแลผู้ผ่านการบำบัดและผู้กระทำผิด", "high", "high"),
            ("organisation", "โรงพยาบาลส่งเสริมสุขภาพตำบลในพื้นที่นำร่อง", "บำบัดรักษาและติดตามในชุมชน",
             "high", "medium"),
            ("organisation", "ผู้นำชุมชนและอาสาสมัครสาธารณสุขประจำหมู่บ้าน (อสม.)",
             "ยอมรับและดูแลผู้ผ่านการบำบัดในชุมชน", "high", "medium"),
            ("person", coordinator[GROUP_DRUGS], "ผู้ประสานงานระดับจังหวัด", "high", "high"),
        ),
    }
    for project, rows in stakeholders.items():
        for kind, who, role, interest, influence in rows:
            values = {"project_id": project, "kind": kind, "role": role, "interest": interest,
                      "influence": influence}
            if kind == "person":
                person = builder.objects[who]
                values.update(person_id=who,
                              name=full_name_th(person.prefix_th, person.first_name_th, person.last_name_th))
            elif who in refs.agencies:
                values.update(agency_id=refs.agency_id(who), name=who)
            else:
                values["name"] = who
            builder.add(builder.services.stakeholders, values)

    plans = {
        education: (
            ("กำหนดพื้นที่นำร่องและรวบรวมข้อมูลเด็กและเยาวชนนอกระบบการศึกษาจากหน่วยงานที่เกี่ยวข้อง",
             "กระทรวงศึกษาธิการ / สำนักงานเลขาธิการสภาการศึกษา", date(2023, 6, 30), None,
             "มีฐานข้อมูลกลุ่มเป้าหมายในพื้นที่นำร่อง 1 ชุด", 100),
            ("ลงพื้นที่สัมภาษณ์เชิงลึกเยาวชน ผู้ปกครอง และสถานประกอบการ (เข้าใจ)",
             "ทีม ป.ย.ป. 4 กลุ่มที่ 1", date(2023, 7, 15), "45000", "สัมภาษณ์ไม่น้อยกว่า 30 ราย", 60),
            ("ประชุมเชิงปฏิบัติการระดมความคิดออกแบบแนวทางส่งต่อเยาวชนเข้าสู่การศึกษาและการฝึกอาชีพ (เข้าถึง)",
             "สำนักงาน ป.ย.ป.", date(2023, 8, 15), "80000", "ได้ต้นแบบแนวทางการส่งต่ออย่างน้อย 1 ต้นแบบ", 0),
            ("ทดสอบต้นแบบในพื้นที่นำร่องและสรุปผลเสนอรองนายกรัฐมนตรี (พัฒนา)",
             "ทีม ป.ย.ป. 2 กลุ่มที่ 1", date(2023, 9, 29), "120000",
             "รายงานผลการทดสอบต้นแบบและข้อเสนอเชิงนโยบาย 1 ฉบับ", 0),
        ),
        drugs: (
            ("คัดเลือกชุมชนนำร่องและจัดทำข้อมูลผู้ผ่านการบำบัดยาเสพติดในพื้นที่",
             "กระทรวงมหาดไทย / สำนักงานตำรวจแห่งชาติ", date(2023, 6, 30), None,
             "มีชุมชนนำร่องอย่างน้อย 2 ชุมชน", 100),
            ("สัมภาษณ์ผู้ผ่านการบำบัด ครอบครัว และผู้นำชุมชน เพื่อจัดทำแผนที่การเดินทาง (journey map) (เข้าใจ)",
             "ทีม ป.ย.ป. 4 กลุ่มที่ 2", date(2023, 7, 31), "50000", "แผนที่การเดินทาง 1 ชุด", 40),
            ("ออกแบบกลไกการบำบัดรักษาโดยชุมชนมีส่วนร่วมและการติดตามดูแลหลังการบำบัด (เข้าถึง)",
             "กระทรวงสาธารณสุข / กรมคุมประพฤติ", date(2023, 8, 31), "150000",
             "ต้นแบบกลไกชุมชนบำบัด 1 ต้นแบบ", 0),
            ("เชื่อมโยงข้อมูลเพื่อตัดวงจรอาชญากรรมและยึดทรัพย์เครือข่ายผู้ค้ายาเสพติด",
             "สำนักงาน ปปง. / สำนักงาน ป.ป.ท.", date(2023, 9, 15), "60000",
             "ข้อตกลงแลกเปลี่ยนข้อมูลระหว่างหน่วยงาน 1 ฉบับ", 0),
            ("สรุปผลและข้อเสนอเชิงนโยบายเสนอรองนายกรัฐมนตรี (พัฒนา)",
             "ทีม ป.ย.ป. 2 กลุ่มที่ 2", date(2023, 9, 29), "120000", "ข้อเสนอเชิงนโยบาย 1 ฉบับ", 0),
        ),
    }
    for project, rows in plans.items():
        for position, (activity, responsible, due, budget, indicator, progress) in enumerate(rows, 1):
            builder.add(builder.services.action_items, {
                "project_id": project, "position": position, "activity": activity,
                "responsible": responsible, "due_date": due, "budget": budget,
                "indicator": indicator, "progress": progress,
            })
    for project, title in ((education, "ผลการระดมความคิด: พื้นที่ ผู้มีส่วนได้ส่วนเสีย และหน่วยงานที่เกี่ยวข้อง"),
                           (drugs, "ผลการระดมความคิด: พื้นที่ ผู้มีส่วนได้ส่วนเสีย และหน่วยงานที่เกี่ยวข้อง")):
        builder.add(builder.services.artefacts, {
            "project_id": project, "kind": "idea", "title": title, "made_on": date(2023, 5, 19),
            "body": "จากการแบ่งกลุ่มโจทย์การประชุมเชิงปฏิบัติการ วันที่ 19 พฤษภาคม 2566: "
                    "การกำหนดพื้นที่ การกำหนดผู้มีส่วนได้ส่วนเสีย กำหนดหน่วยงานที่เกี่ยวข้องในภาคส่วนอื่น ๆ "
                    "และแผนการดำเนินการ",
        })
    return projects
