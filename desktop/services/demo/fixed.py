"""``FixedRecords``: the records of the two source texts, created once through the record
services (places, the people the texts name, the 2023 course and projects, the 2017 MOU,
the signatories), in the order that keeps their ids and random choices the same."""

from __future__ import annotations

import uuid

from desktop.core.text import N_
from desktop.services.demo.agencies import A_CMMU, A_IGGP, A_OPDC, A_OPM, A_PMDU
from desktop.services.demo.anchors import Anchors
from desktop.services.demo.builder import Builder
from desktop.services.demo.course_2023 import add_courses, add_enrollments, add_participants, add_workshop
from desktop.services.demo.govlab_2017 import add_mou_2017
from desktop.services.demo.projects_2023 import add_projects
from desktop.services.demo.refs import DemoDataError


class FixedRecords(Builder):
    """Creates the records of the source texts through the record services."""

    def run(self) -> Anchors:
        areas = self._areas()
        people = self._seed_people()
        cohorts = add_courses(self)
        participants = add_participants(self, cohorts)
        projects_2023 = add_projects(self, cohorts, participants, people)
        add_enrollments(self, participants, cohorts, projects_2023, people)
        add_workshop(self, areas, people, participants)
        add_mou_2017(self, areas, people)
        self._signatories(people)
        return self.anchors

    # -- places --------------------------------------------------------------------------
    def _area(self, parent: str, name: str) -> str:
        for area in self.services.search.areas(parent):
            if name in area["name_th"]:
                return area["code"]
        raise DemoDataError(N_("The demo data needs the area '{name}' under {parent}, which is not in the area list."),
                            name=name, parent=parent)

    def _areas(self) -> dict[str, str]:
        bangkok = "10"
        lak_si = self._area(bangkok, "หลักสี่")
        dusit = self._area(bangkok, "ดุสิต")
        return {
            "chaeng_watthana": self._area(lak_si, "ทุ่งสองห้อง"),     # ศูนย์ราชการฯ แจ้งวัฒนะ
            "government_house": self._area(dusit, "ดุสิต"),           # ทำเนียบรัฐบาล
            "ratchathewi": self._area(bangkok, "ราชเทวี"),            # โรงพยาบาลราชวิถี
            "mueang_nakhon_pathom": self._area("73", "เมืองนครปฐม"),
        }

    # -- people of the texts -------------------------------------------------------------
    def _seed_people(self) -> dict[str, uuid.UUID]:
        p = self.person
        people = {
            "chutima": p("นาง", "ชุติมา", "หาญเผชิญ", "ผู้อำนวยการสำนักงาน ป.ย.ป.", A_PMDU,
                         first_name_en="Chutima", last_name_en="Hanphachoen"),
            "phatcharaphakon": p("หม่อมหลวง", "พัชรภากร", "เทวกุล",
                                 "ผู้อำนวยการสถาบันส่งเสริมการบริหารกิจการบ้านเมืองที่ดี", A_IGGP,
                                 first_name_en="Phatcharaphakon", last_name_en="Devakula"),
            "thanaphon": p("ผศ.ดร." if self.refs.prefix("ผศ.ดร.", required=False) else "ผศ.",
                           "ธนพล", "วีรา", "ผู้อำนวยการด้านนวัตกรรมและโครงการพิเศษ", A_CMMU,
                           first_name_en="Thanaphon", last_name_en="Wira"),
            "wissanu": p("นาย", "วิษณุ", "เครืองาม", "รองนายกรัฐมนตรี", A_OPM,
                         first_name_en="Wissanu", last_name_en="Krea-ngam"),
            "thosaphon": p("นาย", "ทศพร", "ศิริสัมพันธ์", "เลขาธิการ ก.พ.ร.", A_OPDC,
                           first_name_en="Thosaporn", last_name_en="Sirisumphand"),
            # The text gives his name in English only; the Thai fields carry a transliteration.
            "steinberg": p("นาย", "มาร์โก", "สไตน์เบิร์ก",
                           "ผู้เชี่ยวชาญด้านการออกแบบเชิงกลยุทธ์ อดีตอาจารย์แห่ง School of Design มหาวิทยาลัยฮาร์วาร์ด",
                           None, first_name_en="Macro", last_name_en="Steinberg",
                           notes="ผู้เชี่ยวชาญจากต่างประเทศที่ UNDP ประจำประเทศไทยประสานมาบรรยายพิเศษ "
                                 "ผู้ให้คำปรึกษาการออกแบบเชิงกลยุทธ์ในการสร้างสรรค์นวัตกรรมให้แก่รัฐบาลประเทศฟินแลนด์"),
        }
        return people

    def _signatories(self, people: dict[str, uuid.UUID]) -> None:
        self.add(self.services.signatories, {
            "person_id": people["chutima"], "full_name": "นางชุติมา หาญเผชิญ",
            "position_lines": "ผู้อำนวยการสำนักงานการขับเคลื่อนการปฏิรูปประเทศ ยุทธศาสตร์ชาติ\n"
                              "และการสร้างความสามัคคีปรองดอง",
        })
        self.add(self.services.signatories, {
            "person_id": people["thosaphon"], "full_name": "นายทศพร ศิริสัมพันธ์",
            "position_lines": "เลขาธิการคณะกรรมการพัฒนาระบบราชการ",
        })
