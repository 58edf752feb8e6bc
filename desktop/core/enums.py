"""Closed vocabularies of the domain. Values are stored as text; labels are msgids."""

from __future__ import annotations

from enum import StrEnum

from desktop.core.text import N_


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry an untranslated label."""

    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__][self.value]


class Role(LabelledEnum):
    OFFICE = "office"
    HQ = "hq"


class UserRole(LabelledEnum):
    ADMIN = "admin"
    OFFICER = "officer"
    VIEWER = "viewer"


class AgencyKind(LabelledEnum):
    MINISTRY = "ministry"
    DEPARTMENT = "department"
    PROVINCIAL = "provincial"
    DISTRICT = "district"
    LOCAL_GOVERNMENT = "local_government"
    STATE_AGENCY = "state_agency"
    UNIVERSITY = "university"
    INTERNATIONAL = "international"
    PRIVATE = "private"
    COMMUNITY = "community"


class PrefixCategory(LabelledEnum):
    CIVIL = "civil"
    MILITARY = "military"
    POLICE = "police"
    ACADEMIC = "academic"
    ROYAL = "royal"
    CONFERRED = "conferred"
    OTHER = "other"


class Phase(LabelledEnum):
    UNDERSTAND = "understand"   # เข้าใจ: Empathize-Define
    REACH = "reach"             # เข้าถึง: Ideate
    DEVELOP = "develop"         # พัฒนา: Prototype-Test


class ProjectStatus(LabelledEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class EnrollmentRole(LabelledEnum):
    PARTICIPANT = "participant"
    ITEAM = "iteam"
    COACH = "coach"
    SPEAKER = "speaker"


class Completion(LabelledEnum):
    ENROLLED = "enrolled"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"
    WITHDRAWN = "withdrawn"


class ActivityType(LabelledEnum):
    WORKSHOP = "workshop"
    MEETING = "meeting"
    SITE_VISIT = "site_visit"
    TRAINING = "training"
    CEREMONY = "ceremony"


class ActivityMode(LabelledEnum):
    ONSITE = "onsite"
    ONLINE = "online"
    HYBRID = "hybrid"


class SessionPart(LabelledEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    FULL_DAY = "full_day"
    EVENING = "evening"


class AttendanceStatus(LabelledEnum):
    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"
    EXCUSED = "excused"
    ONLINE = "online"


class RecordedBy(LabelledEnum):
    SIGN_IN_SHEET = "sign_in_sheet"
    APP = "app"
    IMPORT = "import"
    ONLINE_LOG = "online_log"


class StakeholderKind(LabelledEnum):
    ORGANISATION = "organisation"
    PERSON = "person"


class Level(LabelledEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ArtefactKind(LabelledEnum):
    INTERVIEW = "interview"
    PERSONA = "persona"
    JOURNEY_MAP = "journey_map"
    IDEA = "idea"
    PROTOTYPE = "prototype"
    TEST_RESULT = "test_result"


class LegalBasis(LabelledEnum):
    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTEREST = "legitimate_interest"


class DigitStyle(LabelledEnum):
    THAI = "thai"
    ARABIC = "arabic"


_LABELS: dict[str, dict[str, str]] = {
    "Role": {"office": N_("Office"), "hq": N_("Headquarters")},
    "UserRole": {"admin": N_("Administrator"), "officer": N_("Officer"), "viewer": N_("Viewer")},
    "AgencyKind": {
        "ministry": N_("Ministry"), "department": N_("Department"),
        "provincial": N_("Provincial office"), "district": N_("District office"),
        "local_government": N_("Local government"), "state_agency": N_("State agency"),
        "university": N_("University"), "international": N_("International organisation"),
        "private": N_("Private sector"), "community": N_("Community"),
    },
    "PrefixCategory": {
        "civil": N_("Civil"), "military": N_("Military rank"), "police": N_("Police rank"),
        "academic": N_("Academic title"), "royal": N_("Royal lineage"),
        "conferred": N_("Conferred title"), "other": N_("Other"),
    },
    "Phase": {
        "understand": N_("Understand (empathize, define)"),
        "reach": N_("Reach (ideate)"),
        "develop": N_("Develop (prototype, test)"),
    },
    "ProjectStatus": {
        "draft": N_("Draft"), "active": N_("Active"), "on_hold": N_("On hold"),
        "completed": N_("Completed"), "cancelled": N_("Cancelled"),
    },
    "EnrollmentRole": {
        "participant": N_("Participant"), "iteam": N_("i Team member"),
        "coach": N_("Coach"), "speaker": N_("Speaker"),
    },
    "Completion": {
        "enrolled": N_("Enrolled"), "completed": N_("Completed"),
        "not_completed": N_("Not completed"), "withdrawn": N_("Withdrawn"),
    },
    "ActivityType": {
        "workshop": N_("Workshop"), "meeting": N_("Meeting"), "site_visit": N_("Site visit"),
        "training": N_("Training"), "ceremony": N_("Ceremony"),
    },
    "ActivityMode": {"onsite": N_("Onsite"), "online": N_("Online"), "hybrid": N_("Hybrid")},
    "SessionPart": {
        "morning": N_("Morning"), "afternoon": N_("Afternoon"),
        "full_day": N_("Full day"), "evening": N_("Evening"),
    },
    "AttendanceStatus": {
        "present": N_("Present"), "late": N_("Late"), "absent": N_("Absent"),
        "excused": N_("Excused"), "online": N_("Online"),
    },
    "RecordedBy": {
        "sign_in_sheet": N_("Sign-in sheet"), "app": N_("Marked in the app"),
        "import": N_("Imported"), "online_log": N_("Online meeting log"),
    },
    "StakeholderKind": {"organisation": N_("Organisation"), "person": N_("Person")},
    "Level": {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")},
    "ArtefactKind": {
        "interview": N_("Interview"), "persona": N_("Persona"), "journey_map": N_("Journey map"),
        "idea": N_("Idea"), "prototype": N_("Prototype"), "test_result": N_("Test result"),
    },
    "LegalBasis": {
        "consent": N_("Consent"), "contract": N_("Contract"),
        "legal_obligation": N_("Legal obligation"), "public_task": N_("Public task"),
        "legitimate_interest": N_("Legitimate interest"),
    },
    "DigitStyle": {"thai": N_("Thai digits"), "arabic": N_("Arabic digits")},
}
