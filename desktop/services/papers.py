"""Gathering the records each paper shows, then handing them to its renderer."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import NotFound
from desktop.core.text import N_
from desktop.core.thai_order import person_sort_key, sort_key
from desktop.reports.signin_sheet import SigninSheet, render_signin_sheet
from desktop.services.paper_fonts import apply as use_office_fonts

if TYPE_CHECKING:
    from desktop.services.app_services import Services


def _session(services: Services, activity: dict[str, Any], session_id: str | None) -> dict[str, Any] | None:
    if session_id is not None:
        session = services.sessions.get(session_id)
        if str(session.get("activity_id")) != str(activity["id"]):
            raise NotFound(N_("Session {session} does not belong to activity {activity}."),
                           session=str(session_id), activity=str(activity["id"]))
        return session
    rows = services.sessions.list(filters={"activity_id": activity["id"]}).rows
    return rows[0] if rows else None


def _signin_people(services: Services, activity: dict[str, Any], session_id: str | None) -> list[dict[str, Any]]:
    """Those enrolled in the activity's cohort plus those marked in this session, in
    Thai dictionary order."""
    ids: list[str] = []
    if activity.get("cohort_id"):
        ids += [str(row["person_id"]) for row in services.enrollments.list(
            filters={"cohort_id": activity["cohort_id"]}).rows]
    for person_id, by_session in services.attendance.grid(activity["id"])["marks"].items():
        if session_id is None or session_id in by_session:
            ids.append(person_id)
    people = [services.persons.get(pid) for pid in dict.fromkeys(ids)]
    people = [p for p in people if not p["deleted"]]
    people.sort(key=_person_sort)
    return people


def signin_sheet(services: Services, activity_id: str | uuid.UUID, session_id: str | uuid.UUID | None,
                 out_path: str | Path, digits: str | None = None) -> Path:
    """Print the sign-in sheet of an activity's session (its first one by default).

    ``digits`` is "thai" or "arabic"; None takes the office's setting."""
    use_office_fonts(services.paths)
    activity = services.activities.get(activity_id, include_deleted=False)
    session = _session(services, activity, str(session_id) if session_id else None)
    people = _signin_people(services, activity, str(session["id"]) if session else None)
    if digits is None:
        digits = (services.office.get() or {}).get("digit_style") or "thai"
    return render_signin_sheet(SigninSheet(activity, session, people, digits), out_path)


# ---------------------------------------------------------------------------------------
# Shared gathering.
# ---------------------------------------------------------------------------------------

ATTENDED = ("present", "late", "online")
MODES = {"onsite": "ณ สถานที่จัด", "online": "ประชุมผ่านสื่ออิเล็กทรอนิกส์", "hybrid": "ณ สถานที่จัด และผ่านสื่ออิเล็กทรอนิกส์"}
PARTS = {"morning": "ช่วงเช้า", "afternoon": "ช่วงบ่าย", "full_day": "ทั้งวัน", "evening": "ช่วงค่ำ"}
ARTEFACT_KINDS = {"interview": "การสัมภาษณ์", "persona": "บุคลิกผู้รับบริการ (Persona)",
                  "journey_map": "แผนที่การเดินทางของผู้รับบริการ", "idea": "แนวคิด", "prototype": "ต้นแบบ",
                  "test_result": "ผลการทดสอบ"}


def _digits_for(services: Services, digits: str | None) -> str:
    if digits is None:
        digits = (services.office.get() or {}).get("digit_style") or "thai"
    return str(digits)


def _as_date(value: Any):
    from desktop.reports.layout import as_date

    return as_date(value)


def area_text(services: Services, code: str | None) -> str:
    """``แขวงทุ่งสองห้อง เขตหลักสี่ กรุงเทพมหานคร`` / ``อำเภอเมืองนครปฐม จังหวัดนครปฐม``."""
    parts: list[str] = []
    seen = 0
    while code and seen < 4:
        area = services.search.area(code)
        if not area:
            break
        name, level = area["name_th"], area["level"]
        bangkok = str(area["code"]).startswith("10")
        if level == "subdistrict":
            name = ("แขวง" if bangkok else "ตำบล") + name
        elif level == "district" and not name.startswith(("เขต", "อำเภอ")):
            name = ("เขต" if bangkok else "อำเภอ") + name
        elif level == "province" and name != "กรุงเทพมหานคร" and not name.startswith("จังหวัด"):
            name = "จังหวัด" + name
        parts.append(name)
        code = area.get("parent_code")
        seen += 1
    return " ".join(parts)


def _attachment_path(services: Services, attachment_id: Any) -> str | None:
    if not attachment_id:
        return None
    try:
        att = services.attachments.get(attachment_id, include_deleted=False)
    except Exception:  # noqa: BLE001 - a missing image is simply not printed
        return None
    path = services.attachments.path_for(att["sha256"])
    return str(path) if path.is_file() else None


def office_info(services: Services):
    from desktop.reports.layout import OfficeInfo

    office = services.office.get() or {}
    lines = [line.strip() for line in (office.get("address") or "").splitlines() if line.strip()]
    if not lines and office.get("area_code"):
        lines = [area_text(services, office["area_code"])]
    return OfficeInfo(name=office.get("office_name") or "", address_lines=tuple(lines), phone=office.get("phone"),
                      email=office.get("email"), emblem_image=_attachment_path(services, office.get("logo_attachment_id")))


def signer_for(services: Services, signatory_id: str | uuid.UUID | None):
    """The chosen signatory, else the office's default, else the first one; None if none."""
    from desktop.reports.layout import Signer

    sid = signatory_id or (services.office.get() or {}).get("default_signatory_id")
    row = None
    if sid:
        row = services.signatories.get(sid, include_deleted=False)
    else:
        rows = services.signatories.list(limit=1).rows
        row = rows[0] if rows else None
    if row is None:
        return None, None
    lines = tuple(x.strip() for x in (row.get("position_lines") or "").splitlines() if x.strip())
    return Signer(row["full_name"], lines, _attachment_path(services, row.get("signature_attachment_id"))), row["id"]


def _person_sort(p: dict[str, Any]):
    return (person_sort_key(p['first_name_th'], p.get('last_name_th')), str(p["id"]))


def _attendees(services: Services, activity: dict[str, Any]) -> list[dict[str, Any]]:
    """Everyone marked as attending any session of the activity (present, late, online),
    plus those enrolled in its cohort if it has one."""
    ids: list[str] = []
    if activity.get("cohort_id"):
        ids += [str(r["person_id"]) for r in services.enrollments.list(filters={"cohort_id": activity["cohort_id"]}).rows]
    for person_id, by_session in services.attendance.grid(activity["id"])["marks"].items():
        if any(status in ATTENDED for status in by_session.values()):
            ids.append(person_id)
    people = [services.persons.get(pid) for pid in dict.fromkeys(ids)]
    return sorted((p for p in people if not p["deleted"]), key=_person_sort)


def _agency_counts(people: list[dict[str, Any]]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for p in people:
        name = p.get("agency_name") or "ไม่ระบุหน่วยงาน"
        counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], sort_key(kv[0])))


def _find_about(services: Services, about_id: str | uuid.UUID) -> tuple[str, dict[str, Any]]:
    for kind, svc in (("activity", services.activities), ("project", services.projects)):
        try:
            return kind, svc.get(about_id, include_deleted=False)
        except NotFound:
            continue
    raise NotFound(N_("There is no activity or project with id {id}."), id=str(about_id))


def _activity_paragraphs(services: Services, activity: dict[str, Any], office_name: str) -> tuple[str, list[str]]:
    from desktop.reports.layout import thai_date

    start = _as_date(activity.get("start_date"))
    organiser = activity.get("organiser_name") or office_name
    cause = f"ตามที่ {organiser} ได้จัด{activity['title_th']}"
    if start:
        cause += f" เมื่อวันที่ {thai_date(start, 'arabic')}"
    if activity.get("venue"):
        cause += f" ณ {activity['venue']}"
    if activity.get("chair_text"):
        cause += f" โดยมี {activity['chair_text']} เป็นประธาน"
    cause += " นั้น"
    people = _attendees(services, activity)
    agencies = _agency_counts(people)
    facts = [f"{office_name} ขอรายงานผลการจัดกิจกรรมดังกล่าว สรุปได้ดังนี้"]
    facts += [p.strip() for p in (activity.get("summary") or "").split("\n\n") if p.strip()]
    if people:
        facts.append(f"มีผู้เข้าร่วมกิจกรรมทั้งสิ้น {len(people)} คน จาก {len(agencies)} หน่วยงาน")
    return cause, facts


def _project_paragraphs(services: Services, project: dict[str, Any], office_name: str) -> tuple[str, list[str]]:
    from desktop.reports.project_summary import PHASES, STATUSES

    lead = project.get("lead_agency_name") or office_name
    cause = f"ตามที่ {lead} ได้ดำเนินโครงการ{project['title_th']}"
    if project.get("code"):
        cause += f" (รหัสโครงการ {project['code']})"
    if project.get("problem"):
        cause += f" เพื่อแก้ไขปัญหา{project['problem'].strip()}"
    cause += " นั้น"
    actions = services.action_items.list(filters={"project_id": project["id"]}, order=("position",)).rows
    facts = [f"{office_name} ขอรายงานความก้าวหน้าของโครงการ ขณะนี้อยู่ในระยะ{PHASES.get(project['phase'], '')} "
             f"สถานะ{STATUSES.get(project['status'], '')}"]
    if actions:
        mean = round(sum(int(a.get("progress") or 0) for a in actions) / len(actions))
        done = sum(1 for a in actions if int(a.get("progress") or 0) >= 100)
        facts.append(f"แผนปฏิบัติการมีทั้งสิ้น {len(actions)} กิจกรรม ดำเนินการแล้วเสร็จ {done} กิจกรรม "
                     f"ความก้าวหน้าเฉลี่ยร้อยละ {mean}")
    if project.get("results"):
        facts.append(project["results"].strip())
    return cause, facts


def _numbered(services: Services, report_kind: str, subject: str, recipient: str, signatory_id: Any,
              about_id: Any, issued_on, render, out_path, draft: bool) -> Path:
    """Take a register number (committed first), render with it, record the file's SHA-256.
    A ``draft`` takes no number: ที่ shows the office's prefix and "/" with the running
    number left blank, as a paper typed before it is numbered, and every page says ร่าง."""
    from desktop.services.register import assign_number, number_prefix, record_file

    if draft:
        prefix = number_prefix(services.office.get())
        render(f"{prefix}/" if prefix else "", _as_date(issued_on), True)
        return Path(out_path)
    entry = assign_number(services, report_kind=report_kind, subject=subject, issued_on=issued_on,
                          recipient=recipient, signatory_id=signatory_id, about_id=about_id)
    out = render(entry["number_text"], _as_date(entry["issued_on"]), False)
    record_file(services, entry["id"], out)
    return Path(out_path)


CLOSE = "จึงเรียนมาเพื่อโปรดทราบ"


# ---------------------------------------------------------------------------------------
# The papers.
# ---------------------------------------------------------------------------------------

def memo(services: Services, about_id: str | uuid.UUID, out_path: str | Path, *, subject: str | None = None,
         to: str | None = None, urgency: str | None = None, signatory_id: str | uuid.UUID | None = None,
         digits: str | None = None, issued_on=None, draft: bool = False) -> Path:
    """A memo (บันทึกข้อความ) reporting an activity or a project to headquarters, numbered
    from the register (``draft``: unnumbered and marked ร่าง, see ``_numbered``)."""
    from datetime import date as _date

    from desktop.reports.memo import Memo, render_memo

    use_office_fonts(services.paths)
    kind, record = _find_about(services, about_id)
    office = office_info(services)
    d = _digits_for(services, digits)
    signer, sid = signer_for(services, signatory_id)
    if kind == "activity":
        cause, facts = _activity_paragraphs(services, record, office.name)
        subject = subject or f"รายงานผลการจัด{record['title_th']}"
    else:
        cause, facts = _project_paragraphs(services, record, office.name)
        subject = subject or f"รายงานความก้าวหน้าโครงการ{record['title_th']}"
    to = to or "หัวหน้าส่วนราชการ"
    unit = office.name + (f" โทร. {office.phone}" if office.phone else "")

    def render(number: str, day, draft: bool):
        return render_memo(Memo(unit, number, day, subject, to, tuple([cause] + facts + [CLOSE]), signer, urgency,
                                d, office.emblem_image, draft), out_path)

    return _numbered(services, "memo", subject, to, sid, record["id"], issued_on or _date.today(), render, out_path,
                     draft)


def letter(services: Services, about_id: str | uuid.UUID, out_path: str | Path, *, subject: str | None = None,
           to: str | None = None, urgency: str | None = None, signatory_id: str | uuid.UUID | None = None,
           digits: str | None = None, reference: str | None = None, enclosures: tuple[str, ...] = (),
           issued_on=None, draft: bool = False) -> Path:
    """An external letter (หนังสือภายนอก) about an activity or a project, numbered from the
    register (``draft``: unnumbered and marked ร่าง, see ``_numbered``)."""
    from datetime import date as _date

    from desktop.reports.letter import Letter, render_letter

    use_office_fonts(services.paths)
    kind, record = _find_about(services, about_id)
    office = office_info(services)
    d = _digits_for(services, digits)
    signer, sid = signer_for(services, signatory_id)
    if kind == "activity":
        cause, facts = _activity_paragraphs(services, record, office.name)
        subject = subject or f"รายงานผลการจัด{record['title_th']}"
    else:
        cause, facts = _project_paragraphs(services, record, office.name)
        subject = subject or f"รายงานความก้าวหน้าโครงการ{record['title_th']}"
    to = to or "หัวหน้าส่วนราชการ"

    def render(number: str, day, draft: bool):
        return render_letter(Letter(office, number, day, subject, to, tuple([cause] + facts + [CLOSE]), signer,
                                    reference, tuple(enclosures), None, urgency, d, draft), out_path)

    return _numbered(services, "letter", subject, to, sid, record["id"], issued_on or _date.today(), render, out_path,
                     draft)


def roster(services: Services, scope_id: str | uuid.UUID, out_path: str | Path, *, group: str | None = None,
           digits: str | None = None) -> Path:
    """The participant roster of a cohort (optionally one group of it) or of an activity."""
    from desktop.reports.roster import Roster, render_roster

    use_office_fonts(services.paths)
    d = _digits_for(services, digits)
    try:
        cohort = services.cohorts.get(scope_id, include_deleted=False)
    except NotFound:
        cohort = None
    if cohort is not None:
        filters: dict[str, Any] = {"cohort_id": cohort["id"]}
        if group:
            filters["group_name"] = group
        enrollments = services.enrollments.list(filters=filters).rows
        people = []
        for e in enrollments:
            p = services.persons.get(e["person_id"])
            if not p["deleted"]:
                people.append({**p, "group_name": e.get("group_name")})
        scope = [cohort.get("course_title_th") or "", "รุ่น " + (cohort.get("display_name_th") or cohort.get("title_th") or "")]
        if group:
            scope.append(group)
    else:
        try:
            activity = services.activities.get(scope_id, include_deleted=False)
        except NotFound:
            raise NotFound(N_("There is no cohort or activity with id {id}."), id=str(scope_id)) from None
        people = _attendees(services, activity)
        scope = [activity["title_th"]]
        start = _as_date(activity.get("start_date"))
        if start:
            from desktop.reports.layout import thai_date

            scope.append("วันที่ " + thai_date(start, "arabic"))
    people.sort(key=_person_sort)
    return render_roster(Roster(tuple(scope), tuple(people), show_group=cohort is not None and not group, digits=d),
                         out_path)


def project_summary(services: Services, project_id: str | uuid.UUID, out_path: str | Path,
                    digits: str | None = None) -> Path:
    from desktop.reports.layout import thai_date
    from desktop.reports.project_summary import (
        PHASES,
        STATUSES,
        ProjectSummary,
        render_project_summary,
    )

    use_office_fonts(services.paths)
    d = _digits_for(services, digits)
    p = services.projects.get(project_id, include_deleted=False)
    pid = p["id"]
    facts: list[tuple[str, str]] = []
    start, end = _as_date(p.get("start_date")), _as_date(p.get("end_date"))
    cohort = services.cohorts.get(p["cohort_id"]) if p.get("cohort_id") else None
    for label, value in (
        ("รหัสโครงการ", p.get("code")), ("ประเด็น", p.get("topic")), ("หน่วยงานหลัก", p.get("lead_agency_name")),
        ("พื้นที่ดำเนินการ", area_text(services, p.get("area_code")) if p.get("area_code") else None),
        ("รุ่น", cohort.get("display_name_th") if cohort else None),
        ("ระยะ", PHASES.get(p.get("phase") or "")), ("สถานะ", STATUSES.get(p.get("status") or "")),
        ("ระยะเวลา", " ถึง ".join(x for x in (thai_date(start, "arabic"), thai_date(end, "arabic")) if x)),
        ("งบประมาณ", f"{float(p['budget']):,.2f} บาท" if p.get("budget") else None),
    ):
        if value:
            facts.append((label, str(value)))
    team = []
    for m in services.team_members.list(filters={"project_id": pid}).rows:
        person = services.persons.get(m["person_id"])
        team.append({"full_name_th": person["full_name_th"], "role": m.get("role"), "agency_name": person.get("agency_name")})
    partners = services.project_partners.list(filters={"project_id": pid}).rows
    partners.sort(key=lambda x: sort_key(x.get("agency_name") or ""))
    stakeholders = services.stakeholders.list(filters={"project_id": pid}).rows
    actions = []
    for a in services.action_items.list(filters={"project_id": pid}, order=("position",)).rows:
        due = _as_date(a.get("due_date"))
        actions.append({**a, "due": thai_date(due, "arabic") if due else "",
                        "budget": f"{float(a['budget']):,.0f}" if a.get("budget") else "-"})
    artefacts = []
    for a in services.artefacts.list(filters={"project_id": pid}).rows:
        made = _as_date(a.get("made_on"))
        artefacts.append({"kind_label": ARTEFACT_KINDS.get(a.get("kind") or "", a.get("kind") or ""),
                          "title": a.get("title"), "made_on": thai_date(made, "arabic") if made else ""})
    summary = ProjectSummary(p, tuple(facts), tuple(team), tuple(partners), tuple(stakeholders), tuple(actions),
                             tuple(artefacts), d)
    return render_project_summary(summary, out_path)


def _certificate_for(services: Services, enrollment: dict[str, Any], cohort: dict[str, Any], number: str,
                     signer, digits: str, issued_on, emblem: str | None):
    from desktop.reports.certificate import Certificate

    person = services.persons.get(enrollment["person_id"])
    course = services.courses.get(cohort["course_id"])
    day = issued_on or _as_date(cohort.get("end_date"))
    if day is None:
        from datetime import date as _date

        day = _date.today()
    issuer = cohort.get("organiser_name") or course.get("organiser_name") or (services.office.get() or {}).get("office_name") or ""
    if not cohort.get("organiser_name") and cohort.get("organiser_id"):
        try:
            issuer = services.agencies.get(cohort["organiser_id"])["name_th"]
        except NotFound:
            pass
    return Certificate(name=person["full_name_th"], completed=enrollment.get("completion") == "completed",
                       course=course["title_th"], cohort=cohort.get("display_name_th") or cohort.get("title_th") or "",
                       issued_on=day, number=enrollment.get("certificate_number") or number, issuer=issuer,
                       signer=signer, emblem_image=emblem, digits=digits)


def _cohort_enrollments(services: Services, cohort_id: Any) -> list[dict[str, Any]]:
    rows = [e for e in services.enrollments.list(filters={"cohort_id": cohort_id}).rows
            if e.get("completion") != "withdrawn"]
    people = {str(e["person_id"]): services.persons.get(e["person_id"]) for e in rows}
    rows = [e for e in rows if not people[str(e["person_id"])]["deleted"]]
    rows.sort(key=lambda e: _person_sort(people[str(e["person_id"])]))
    return rows


def certificate(services: Services, enrollment_id: str | uuid.UUID, out_path: str | Path, *,
                signatory_id: str | uuid.UUID | None = None, digits: str | None = None, issued_on=None) -> Path:
    """The certificate of one enrollment: วุฒิบัตร when completed, เกียรติบัตร otherwise."""
    from desktop.reports.certificate import render_certificates

    use_office_fonts(services.paths)
    e = services.enrollments.get(enrollment_id, include_deleted=False)
    cohort = services.cohorts.get(e["cohort_id"])
    ordered = _cohort_enrollments(services, cohort["id"])
    position = next((n for n, x in enumerate(ordered, 1) if str(x["id"]) == str(e["id"])), len(ordered) + 1)
    signer, _sid = signer_for(services, signatory_id)
    d = _digits_for(services, digits)
    cert = _certificate_for(services, e, cohort, f"{position:03d}/{cohort['year_be']}", signer, d, issued_on,
                            office_info(services).emblem_image)
    return render_certificates([cert], out_path)


def certificates(services: Services, cohort_id: str | uuid.UUID, out_path: str | Path, *,
                 signatory_id: str | uuid.UUID | None = None, digits: str | None = None, issued_on=None) -> Path:
    """Every certificate of a cohort (withdrawn enrollments left out) in one PDF, one page
    each, in Thai dictionary order of the names."""
    from desktop.reports.certificate import render_certificates

    use_office_fonts(services.paths)
    cohort = services.cohorts.get(cohort_id, include_deleted=False)
    ordered = _cohort_enrollments(services, cohort["id"])
    if not ordered:
        raise NotFound(N_("Cohort {id} has nobody enrolled."), id=str(cohort_id))
    signer, _sid = signer_for(services, signatory_id)
    d = _digits_for(services, digits)
    emblem = office_info(services).emblem_image
    certs = [_certificate_for(services, e, cohort, f"{n:03d}/{cohort['year_be']}", signer, d, issued_on, emblem)
             for n, e in enumerate(ordered, 1)]
    return render_certificates(certs, out_path)


def activity_report(services: Services, activity_id: str | uuid.UUID, out_path: str | Path, *,
                    signatory_id: str | uuid.UUID | None = None, digits: str | None = None) -> Path:
    """รายงานผลการจัดกิจกรรม: facts of the activity, agencies with counts, photos."""
    from desktop.reports.activity_report import ActivityReport, render_activity_report

    use_office_fonts(services.paths)
    a = services.activities.get(activity_id, include_deleted=False)
    d = _digits_for(services, digits)
    venue = a.get("venue") or ""
    if a.get("area_code"):
        venue = " ".join(x for x in (venue, area_text(services, a["area_code"])) if x)
    mode = MODES.get(a.get("mode") or "", "")
    if a.get("online_meeting_id") and a.get("mode") in ("online", "hybrid"):
        mode += f" ({a['online_meeting_id']})"
    chair = a.get("chair_text") or ""
    if not chair and a.get("chair_id"):
        chair = services.persons.get(a["chair_id"]).get("full_name_th") or ""
    photos = []
    for att in services.attachments.for_record(a["id"]):
        if str(att.get("media_type") or "").startswith("image/"):
            path = services.attachments.path_for(att["sha256"])
            if path.is_file():
                photos.append((str(path), att.get("caption") or ""))
    people = _attendees(services, a)
    reporter = signer_for(services, signatory_id)[0] if signatory_id else None
    report = ActivityReport(
        title=a["title_th"], start=_as_date(a.get("start_date")), end=_as_date(a.get("end_date")), venue=venue,
        mode=mode, chair=chair, organiser=a.get("organiser_name") or "",
        summary=tuple(p.strip() for p in (a.get("summary") or "").split("\n\n") if p.strip()),
        agencies=tuple(_agency_counts(people)), photos=tuple(photos), reporter=reporter, digits=d)
    return render_activity_report(report, out_path)


def statistics(services: Services, out_path: str | Path, *, digits: str | None = None, as_of=None,
               top: int = 12) -> Path:
    """Participants by agency and level, projects by phase and status, attendance rate per activity."""
    from datetime import date as _date

    from desktop.reports.project_summary import PHASES, STATUSES
    from desktop.reports.stats import Series, Stats, render_stats

    use_office_fonts(services.paths)
    d = _digits_for(services, digits)
    enrolled = {str(e["person_id"]) for e in services.enrollments.list().rows if not e["deleted"]}
    activities = services.activities.list().rows
    rates: list[tuple[str, float]] = []
    attended_ids: set[str] = set()
    for a in activities:
        grid = services.attendance.grid(a["id"])
        sessions = len(grid["sessions"])
        marks = grid["marks"]
        expected_people = set(marks)
        if a.get("cohort_id"):
            expected_people |= {str(e["person_id"]) for e in services.enrollments.list(
                filters={"cohort_id": a["cohort_id"]}).rows}
        came = sum(1 for by in marks.values() for status in by.values() if status in ATTENDED)
        attended_ids |= {pid for pid, by in marks.items() if any(s in ATTENDED for s in by.values())}
        if sessions and expected_people:
            rates.append((a["title_th"], 100.0 * came / (sessions * len(expected_people))))
    people = [services.persons.get(pid) for pid in sorted(enrolled | attended_ids)]
    people = [p for p in people if not p["deleted"]]
    by_agency = _agency_counts(people)
    if len(by_agency) > top:
        rest = sum(n for _, n in by_agency[top:])
        by_agency = by_agency[:top] + [("หน่วยงานอื่น ๆ", rest)]
    levels: dict[str, int] = {}
    for p in people:
        key = p.get("level") or "ไม่ระบุระดับ"
        levels[key] = levels.get(key, 0) + 1
    projects = services.projects.list().rows
    phases = [(PHASES[k].split(" ")[0], sum(1 for p in projects if p["phase"] == k)) for k in PHASES]
    statuses = [(STATUSES[k], sum(1 for p in projects if p["status"] == k)) for k in STATUSES]
    office = services.office.get() or {}
    stats = Stats(
        office=office.get("office_name") or "", as_of=as_of or _date.today(),
        totals=(("ผู้เข้าร่วมทั้งหมด", f"{len(people):,} คน"), ("โครงการทั้งหมด", f"{len(projects):,} โครงการ"),
                ("กิจกรรมทั้งหมด", f"{len(activities):,} กิจกรรม")),
        series=(Series("ผู้เข้าร่วมจำแนกตามหน่วยงาน", tuple(by_agency)),
                Series("ผู้เข้าร่วมจำแนกตามระดับตำแหน่ง",
                       tuple(sorted(levels.items(), key=lambda kv: (-kv[1], sort_key(kv[0]))))),
                Series("โครงการจำแนกตามระยะ", tuple(phases), unit="โครงการ"),
                Series("โครงการจำแนกตามสถานะ", tuple(x for x in statuses if x[1]), unit="โครงการ"),
                Series("อัตราการเข้าร่วมของแต่ละกิจกรรม (ร้อยละ)", tuple(rates), percent=True)),
        digits=d)
    return render_stats(stats, out_path)
