"""The 2017 Government Innovation Lab records: the MOU signing ceremony, the special
lecture, and the four pilot service projects with their partners, i Teams and artefacts."""

from __future__ import annotations

import uuid
from datetime import date

from desktop.services.demo.agencies import (
    A_DBD, A_DMS, A_DOPA, A_DSS, A_DTAM, A_FDA, A_MUEANG_NPT, A_OPDC, A_RAJAVITHI, A_SAMKHWAIPHUEAK,
)
from desktop.services.demo.builder import Builder
from desktop.services.demo.texts import (
    GOVLAB_PARTNERS, GOVLAB_TOPIC, LECTURE_2017_SUMMARY, LECTURE_2017_TITLE, MOU_2017_SUMMARY, MOU_2017_TITLE,
)


def add_mou_2017(builder: Builder, areas: dict[str, str], people: dict[str, uuid.UUID]) -> None:
    refs = builder.refs
    ceremony = builder.add(builder.services.activities, {
        "title_th": MOU_2017_TITLE,
        "title_en": "Signing of the memoranda of understanding on the Government Innovation Lab",
        "kind": "ceremony", "mode": "onsite", "venue": "ตึกนารีสโมสร ทำเนียบรัฐบาล",
        "area_code": areas["government_house"], "chair_id": people["wissanu"],
        "chair_text": "นายวิษณุ เครืองาม รองนายกรัฐมนตรี", "organiser_id": refs.agency_id(A_OPDC),
        "start_date": date(2017, 6, 19), "end_date": date(2017, 6, 19), "summary": MOU_2017_SUMMARY,
    })
    session = builder.add(builder.services.sessions, {"activity_id": ceremony, "day": date(2017, 6, 19),
                                                      "part": "morning", "title": "พิธีลงนามบันทึกข้อตกลง"})
    builder.anchors.ceremony_sessions = [session]
    for key in ("wissanu", "thosaphon"):
        builder.attend(session, people[key], "present")
    lecture = builder.add(builder.services.activities, {
        "title_th": LECTURE_2017_TITLE,
        "title_en": "Special lecture: design thinking and government innovation labs abroad",
        "kind": "training", "mode": "onsite", "organiser_id": refs.agency_id(A_OPDC),
        "start_date": date(2017, 6, 23), "end_date": date(2017, 6, 23), "summary": LECTURE_2017_SUMMARY,
    })
    talk = builder.add(builder.services.sessions, {"activity_id": lecture, "day": date(2017, 6, 23),
                                                   "part": "morning", "title": "บรรยายพิเศษโดย Mr. Macro Steinberg"})
    builder.attend(talk, people["steinberg"], "present")
    builder.attend(talk, people["thosaphon"], "present")

    hospital_lead = A_RAJAVITHI if A_RAJAVITHI in refs.agencies else A_DMS
    pilots = (
        ("GL60-01", "การแก้ปัญหาระบบการรอคิวตรวจรักษาในโรงพยาบาล", "Reducing hospital queue waiting times",
         hospital_lead, (A_DMS,), areas["ratchathewi"],
         "ผู้ป่วยต้องรอคิวตรวจรักษาในโรงพยาบาลเป็นเวลานาน ตั้งแต่ยื่นบัตร รอพบแพทย์ จนถึงรับยา "
         "ทำให้เสียเวลาและเกิดความแออัดในโรงพยาบาล",
         "ผู้ป่วยนอกและญาติที่มารับบริการในโรงพยาบาล",
         "1) ระยะเวลารอคอยเฉลี่ยตั้งแต่ยื่นบัตรจนพบแพทย์\n2) ความพึงพอใจของผู้รับบริการ"),
        ("GL60-02", "การแก้ปัญหาความล่าช้าในกระบวนการขึ้นทะเบียนผลิตภัณฑ์สมุนไพร",
         "Cutting delays in herbal product registration", A_FDA, (A_DTAM, A_DBD), None,
         "กระบวนการขึ้นทะเบียนผลิตภัณฑ์สมุนไพรใช้เวลานาน ขั้นตอนและเอกสารซับซ้อน "
         "ผู้ประกอบการรายย่อยเข้าใจยากและต้องแก้ไขคำขอหลายครั้ง",
         "ผู้ประกอบการผลิตภัณฑ์สมุนไพร วิสาหกิจชุมชน และผู้บริโภค",
         "1) ระยะเวลาการพิจารณาคำขอขึ้นทะเบียน\n2) สัดส่วนคำขอที่ต้องแก้ไขเอกสาร"),
        ("GL60-03", "การปรับกระบวนงานการออกมาตรฐาน ISO ของห้องปฏิบัติการทดสอบ "
         "เพื่อส่งเสริมการส่งออกผลิตภัณฑ์สุขภาพของประเทศ",
         "Streamlining ISO accreditation of testing laboratories to promote health product exports",
         A_DSS, (), None,
         "การรับรองมาตรฐาน ISO/IEC 17025 ของห้องปฏิบัติการทดสอบใช้เวลานาน ผลการทดสอบผลิตภัณฑ์สุขภาพ"
         "จึงยังไม่เป็นที่ยอมรับในการส่งออกได้ทันความต้องการของผู้ประกอบการ",
         "ห้องปฏิบัติการทดสอบภาครัฐและเอกชน และผู้ส่งออกผลิตภัณฑ์สุขภาพ",
         "1) ระยะเวลาตั้งแต่ยื่นคำขอจนได้รับการรับรอง\n2) จำนวนห้องปฏิบัติการที่ได้รับการรับรอง"),
        ("GL60-04", "แก้ไขปัญหาประชาชนในระดับพื้นที่ (อำเภอ) ให้ประชาชนได้มีส่วนร่วมในการเสนอแนวทางการแก้ไขปัญหา",
         "District-level problem solving with citizen participation", A_DOPA,
         tuple(a for a in (A_MUEANG_NPT, A_SAMKHWAIPHUEAK) if a in refs.agencies),
         areas["mueang_nakhon_pathom"],
         "ประชาชนในระดับพื้นที่มีช่องทางเสนอปัญหาและแนวทางแก้ไขจำกัด "
         "การแก้ปัญหาของอำเภอจึงยังไม่ตรงกับความต้องการของประชาชน",
         "ประชาชน ผู้นำชุมชน และส่วนราชการในระดับอำเภอ",
         "1) จำนวนข้อเสนอของประชาชนที่อำเภอนำไปดำเนินการ\n2) ความพึงพอใจของประชาชนต่อการแก้ปัญหา"),
    )
    for code, title, title_en, lead, extra_partners, area, problem, target, indicators in pilots:
        project = builder.add(builder.services.projects, {
            "code": code, "title_th": title, "title_en": title_en, "topic": GOVLAB_TOPIC,
            "problem": problem, "target_group": target, "area_code": area,
            "lead_agency_id": refs.agency_id(lead), "phase": "develop", "status": "completed",
            "start_date": date(2017, 6, 19), "end_date": date(2017, 9, 30), "indicators": indicators,
        })
        for agency in GOVLAB_PARTNERS:
            builder.add(builder.services.project_partners, {
                "project_id": project, "agency_id": refs.agency_id(agency),
                "role": "ภาคีเครือข่ายตามบันทึกข้อตกลงความร่วมมือ Government Innovation Lab"})
        builder.add(builder.services.project_partners, {"project_id": project, "agency_id": refs.agency_id(A_OPDC),
                                                        "role": "ผู้ประสานโครงการ"})
        for agency in extra_partners:
            builder.add(builder.services.project_partners, {"project_id": project,
                                                            "agency_id": refs.agency_id(agency),
                                                            "role": "หน่วยงานร่วมนำร่อง"})
        for i, role in enumerate(("หัวหน้า i Team", "สมาชิก i Team", "สมาชิก i Team")):
            member = builder.generated_person(lead, None, None, "นักจัดการงานทั่วไปชำนาญการ" if i else
                                              "นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ",
                                              "ชำนาญการ" if i else "ชำนาญการพิเศษ")
            builder.add(builder.services.team_members, {"project_id": project, "person_id": member, "role": role})
        if code == "GL60-01":
            for kind, art_title, made in (
                    ("persona", "ผู้ป่วยสูงอายุที่มารอคิวตั้งแต่เช้ามืด", date(2017, 7, 10)),
                    ("journey_map", "แผนที่การเดินทางของผู้ป่วยนอก ตั้งแต่ยื่นบัตรจนรับยา", date(2017, 7, 20)),
                    ("prototype", "ต้นแบบการนัดหมายล่วงหน้าและแจ้งคิวผ่านโทรศัพท์มือถือ", date(2017, 8, 25))):
                builder.add(builder.services.artefacts, {"project_id": project, "kind": kind, "title": art_title,
                                                         "made_on": made})
