"""The record kinds of domain.md as the services see them: fields, rules, derived
columns and what is handed out."""

from __future__ import annotations

from typing import Any

from desktop.core import enums
from desktop.core import validation as v
from desktop.core.text import N_
from desktop.core.thai_order import person_sort_key, sort_key
from desktop.db.models import Agency, NamePrefix
from desktop.services import fields as f
from desktop.services.records import LIST_VIEWS, KindSpec, ListView


def _date_range(start: str = "start_date", end: str = "end_date"):
    def check(values: dict[str, Any]) -> None:
        v.check_date_range(values.get(start), values.get(end), end)
    return check


def _title_sort(obj: Any, _s: Any, _db: Any) -> None:
    obj.sort_name = sort_key(obj.title_th)


def _agency_sort(obj: Any, _s: Any, _db: Any) -> None:
    obj.sort_name = sort_key(obj.name_th)


ERASED_NAME = "ลบข้อมูลแล้ว"


def full_name_th(prefix: str | None, first: str | None, last: str | None) -> str:
    """Thai custom writes the prefix joined to the first name: นางสาวสมหญิง ใจดี."""
    return " ".join(p for p in ((prefix or "") + (first or ""), last or "") if p)


def _person_derive(obj: Any, session: Any, _db: Any) -> None:
    if obj.prefix_id and not obj.prefix_th:
        prefix = session.get(NamePrefix, obj.prefix_id)
        if prefix is not None:
            # นาย, นาง, นางสาว are written in full; ranks and titles abbreviated (พ.ต.อ., ผศ.ดร.)
            obj.prefix_th = prefix.full_th if prefix.category == "civil" else prefix.abbr_th
            obj.prefix_en = obj.prefix_en or prefix.abbr_en
    obj.sort_name = person_sort_key(obj.first_name_th, obj.last_name_th)


def _clean_national_id(value: Any, field: str, _session: Any) -> str | None:
    return v.clean_national_id(str(value), field) if value not in (None, "") else None


def _seal_national_id(obj: Any, digits: str | None, db: Any) -> None:
    if digits is None:
        obj.national_id_sealed = obj.national_id_digest = obj.national_id_tail = None
        return
    sealed = db.protector.seal(digits)
    obj.national_id_sealed, obj.national_id_digest, obj.national_id_tail = sealed.sealed, sealed.digest, sealed.tail


def _agency_name(session: Any, agency_id: Any) -> str | None:
    agency = session.get(Agency, agency_id) if agency_id else None
    return agency.name_th if agency else None


def _person_present(data: dict[str, Any], obj: Any, session: Any, _db: Any) -> None:
    data["full_name_th"] = full_name_th(obj.prefix_th, obj.first_name_th, obj.last_name_th)
    data["full_name_en"] = " ".join(p for p in (obj.prefix_en, obj.first_name_en, obj.last_name_en) if p) or None
    data["agency_name"] = _agency_name(session, obj.agency_id)
    data["national_id_masked"] = v.mask_national_id(obj.national_id_tail) if obj.national_id_tail else None
    # Erased under the PDPA (desktop.services.pdpa): shown as "ลบข้อมูลแล้ว" wherever the name appears
    data["erased"] = obj.first_name_th == ERASED_NAME and not obj.last_name_th and not obj.national_id_tail


def _person_list_present(row: dict[str, Any]) -> None:
    """``_person_present`` for a list's plain row (its agency_name joined in already)."""
    row["full_name_th"] = full_name_th(row.get("prefix_th"), row.get("first_name_th"), row.get("last_name_th"))
    row["full_name_en"] = " ".join(
        p for p in (row.get("prefix_en"), row.get("first_name_en"), row.get("last_name_en")) if p) or None
    tail = row.get("national_id_tail")
    row["national_id_masked"] = v.mask_national_id(tail) if tail else None
    row["erased"] = row.get("first_name_th") == ERASED_NAME and not row.get("last_name_th") and not tail


# What the people lists show (participants, the person picker): read as plain columns.
PERSON_LIST = ListView(
    columns=("prefix_th", "first_name_th", "last_name_th", "prefix_en", "first_name_en", "last_name_en",
             "position", "level", "agency_id", "phone", "email", "national_id_tail"),
    names={"agency_name": "agency_id"},
    present=_person_list_present,
)


def _with_agency(field: str, out: str):
    def present(data: dict[str, Any], obj: Any, session: Any, _db: Any) -> None:
        data[out] = _agency_name(session, getattr(obj, field))
    return present


AGENCY = KindSpec(
    kind="agency",
    fields={
        "kind": f.choice(enums.AgencyKind, required=True), "name_th": f.required_text(300),
        "name_en": f.text(300), "abbr_th": f.text(60), "letter_code": f.text(16),
        "parent_id": f.record("agency"), "area_code": f.area,
    },
    required=frozenset({"kind", "name_th"}),
    filters=frozenset({"kind", "parent_id", "area_code"}),
    hidden=frozenset({"sort_name"}),
    derive=_agency_sort,
    present=_with_agency("parent_id", "parent_name"),
)

PERSON = KindSpec(
    kind="person",
    fields={
        "prefix_id": f.prefix, "prefix_th": f.text(80), "first_name_th": f.required_text(120),
        "last_name_th": f.text(120), "prefix_en": f.text(80), "first_name_en": f.text(120),
        "last_name_en": f.text(120), "position": f.text(300), "level": f.text(120),
        "agency_id": f.record("agency"), "phone": f.phone, "email": f.email,
        "photo_id": f.record("attachment"), "notes": f.text(),
    },
    required=frozenset({"first_name_th"}),
    filters=frozenset({"agency_id", "level", "prefix_id"}),
    hidden=frozenset({"national_id_sealed", "national_id_digest", "national_id_tail", "sort_name"}),
    derive=_person_derive,
    present=_person_present,
    virtual={"national_id": (_clean_national_id, _seal_national_id)},
)

CONSENT = KindSpec(
    kind="consent",
    fields={
        "person_id": f.record("person"), "basis": f.choice(enums.LegalBasis, required=True),
        "notice_version": f.text(40), "purposes": f.text(), "given_on": f.a_date,
        "withdrawn_on": f.a_date,
    },
    required=frozenset({"person_id", "basis"}),
    order=("created_at",),
    filters=frozenset({"person_id", "basis"}),
    check=_date_range("given_on", "withdrawn_on"),
)

COURSE = KindSpec(
    kind="course",
    fields={
        "programme_id": f.programme, "title_th": f.required_text(300), "title_en": f.text(300),
        "organiser_id": f.record("agency"), "description": f.text(),
    },
    required=frozenset({"title_th"}),
    order=("title_th",),
    filters=frozenset({"programme_id", "organiser_id"}),
    present=_with_agency("organiser_id", "organiser_name"),
)


def _cohort_present(data: dict[str, Any], obj: Any, session: Any, _db: Any) -> None:
    from desktop.db.models import Course

    course = session.get(Course, obj.course_id)
    data["course_title_th"] = course.title_th if course else None
    data["display_name_th"] = obj.title_th or (
        f"{course.title_th if course else ''} ประจำปี {obj.year_be} รุ่นที่ {obj.number}".strip())


COHORT = KindSpec(
    kind="cohort",
    fields={
        "course_id": f.record("course"), "year_be": f.buddhist_year, "number": f.integer(1, 999),
        "title_th": f.text(300), "organiser_id": f.record("agency"), "start_date": f.a_date,
        "end_date": f.a_date,
    },
    required=frozenset({"course_id", "year_be"}),
    order=("year_be", "number"),
    filters=frozenset({"course_id", "year_be", "organiser_id"}),
    check=_date_range(),
    present=_cohort_present,
)

ENROLLMENT = KindSpec(
    kind="enrollment",
    fields={
        "person_id": f.record("person"), "cohort_id": f.record("cohort"),
        "role": f.choice(enums.EnrollmentRole), "group_name": f.text(200),
        "project_id": f.record("project"), "completion": f.choice(enums.Completion),
        "certificate_number": f.text(60),
    },
    required=frozenset({"person_id", "cohort_id"}),
    order=("created_at",),
    filters=frozenset({"person_id", "cohort_id", "role", "group_name", "completion", "project_id"}),
)

PROJECT = KindSpec(
    kind="project",
    fields={
        "code": f.text(40), "title_th": f.required_text(500), "title_en": f.text(500),
        "topic": f.text(), "problem": f.text(), "target_group": f.text(), "area_code": f.area,
        "lead_agency_id": f.record("agency"), "cohort_id": f.record("cohort"),
        "phase": f.choice(enums.Phase), "status": f.choice(enums.ProjectStatus),
        "start_date": f.a_date, "end_date": f.a_date, "budget": f.money,
        "indicators": f.text(), "results": f.text(), "lessons": f.text(),
    },
    required=frozenset({"title_th"}),
    filters=frozenset({"phase", "status", "area_code", "lead_agency_id", "cohort_id"}),
    hidden=frozenset({"sort_name"}),
    check=_date_range(),
    derive=_title_sort,
    present=_with_agency("lead_agency_id", "lead_agency_name"),
)

PROJECT_PARTNER = KindSpec(
    kind="project_partner",
    fields={"project_id": f.record("project"), "agency_id": f.record("agency"), "role": f.text(200)},
    required=frozenset({"project_id", "agency_id"}),
    order=("created_at",),
    filters=frozenset({"project_id", "agency_id"}),
    present=_with_agency("agency_id", "agency_name"),
)

TEAM_MEMBER = KindSpec(
    kind="team_member",
    fields={"project_id": f.record("project"), "person_id": f.record("person"), "role": f.text(200)},
    required=frozenset({"project_id", "person_id"}),
    order=("created_at",),
    filters=frozenset({"project_id", "person_id"}),
)

STAKEHOLDER = KindSpec(
    kind="stakeholder",
    fields={
        "project_id": f.record("project"), "kind": f.choice(enums.StakeholderKind),
        "name": f.required_text(300), "agency_id": f.record("agency"),
        "person_id": f.record("person"), "role": f.text(300),
        "interest": f.choice(enums.Level), "influence": f.choice(enums.Level),
    },
    required=frozenset({"project_id", "name"}),
    order=("created_at",),
    filters=frozenset({"project_id", "kind"}),
)

ACTION_ITEM = KindSpec(
    kind="action_item",
    fields={
        "project_id": f.record("project"), "position": f.integer(0), "activity": f.required_text(2000),
        "responsible": f.text(300), "due_date": f.a_date, "budget": f.money,
        "indicator": f.text(), "progress": f.integer(0, 100),
    },
    required=frozenset({"project_id", "activity"}),
    order=("position", "created_at"),
    filters=frozenset({"project_id"}),
)

ARTEFACT = KindSpec(
    kind="artefact",
    fields={
        "project_id": f.record("project"), "kind": f.choice(enums.ArtefactKind, required=True),
        "title": f.required_text(300), "body": f.text(), "made_on": f.a_date,
        "attachment_id": f.record("attachment"),
    },
    required=frozenset({"project_id", "kind", "title"}),
    order=("made_on", "created_at"),
    filters=frozenset({"project_id", "kind"}),
)


def _activity_check(values: dict[str, Any]) -> None:
    v.check_date_range(values.get("start_date"), values.get("end_date"))
    meeting = values.get("online_meeting_id") or ""
    if any(word in meeting.lower() for word in ("passcode", "password", "pwd=", "รหัสผ่าน")):
        raise v.fail("online_meeting_id", N_("Store only the meeting ID, never its passcode."))


ACTIVITY = KindSpec(
    kind="activity",
    fields={
        "title_th": f.required_text(500), "title_en": f.text(500),
        "kind": f.choice(enums.ActivityType), "mode": f.choice(enums.ActivityMode),
        "venue": f.text(500), "area_code": f.area, "online_meeting_id": f.text(120),
        "chair_id": f.record("person"), "chair_text": f.text(300),
        "organiser_id": f.record("agency"), "project_id": f.record("project"),
        "cohort_id": f.record("cohort"), "start_date": f.a_date, "end_date": f.a_date,
        "summary": f.text(),
    },
    required=frozenset({"title_th"}),
    filters=frozenset({"kind", "mode", "project_id", "cohort_id", "organiser_id", "area_code"}),
    hidden=frozenset({"sort_name"}),
    check=_activity_check,
    derive=_title_sort,
    present=_with_agency("organiser_id", "organiser_name"),
)

SESSION = KindSpec(
    kind="activity_session",
    fields={
        "activity_id": f.record("activity"), "day": f.a_date, "part": f.choice(enums.SessionPart),
        "starts_at": f.a_time, "ends_at": f.a_time, "title": f.text(300),
    },
    required=frozenset({"activity_id", "day"}),
    order=("day", "part"),
    filters=frozenset({"activity_id"}),
    check=_date_range("starts_at", "ends_at"),
)

ATTENDANCE = KindSpec(
    kind="attendance",
    fields={
        "session_id": f.record("activity_session"), "person_id": f.record("person"),
        "status": f.choice(enums.AttendanceStatus), "recorded_by": f.choice(enums.RecordedBy),
        "note": f.text(),
    },
    required=frozenset({"session_id", "person_id"}),
    order=("created_at",),
    filters=frozenset({"session_id", "person_id", "status"}),
)

SIGNATORY = KindSpec(
    kind="signatory",
    fields={
        "person_id": f.record("person"), "full_name": f.required_text(300),
        "position_lines": f.required_text(1000), "signature_attachment_id": f.record("attachment"),
    },
    required=frozenset({"full_name", "position_lines"}),
    order=("full_name",),
    filters=frozenset({"person_id"}),
)

ALL_SPECS = (AGENCY, PERSON, CONSENT, COURSE, COHORT, ENROLLMENT, PROJECT, PROJECT_PARTNER,
             TEAM_MEMBER, STAKEHOLDER, ACTION_ITEM, ARTEFACT, ACTIVITY, SESSION, ATTENDANCE,
             SIGNATORY)

LIST_VIEWS["person"] = PERSON_LIST
