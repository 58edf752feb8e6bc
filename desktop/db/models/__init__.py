"""Every table, imported so the metadata is complete wherever models are used."""

from desktop.db.models.activities import Activity, ActivitySession, Attendance
from desktop.db.models.base import Base, SyncedRecord
from desktop.db.models.courses import Cohort, Course, Enrollment
from desktop.db.models.documents import Attachment, OutgoingDocument, Signatory
from desktop.db.models.people import Consent, Person
from desktop.db.models.projects import (
    ActionItem, Artefact, Project, ProjectPartner, Stakeholder, TeamMember,
)
from desktop.db.models.reference import Agency, Area, NamePrefix, Programme, ReferenceVersion
from desktop.db.models.sync import SyncConflict, SyncPackage, SyncPeer, SyncReceived
from desktop.db.models.system import (
    AppUser, AuditEvent, ChangeLog, LoginAttempt, OfficeProfile, RetentionRule,
)

SYNCED_MODELS: dict[str, type] = {
    m.__sync_kind__: m
    for m in (
        Agency, Person, Consent, Course, Cohort, Enrollment, Project, ProjectPartner,
        TeamMember, Stakeholder, ActionItem, Artefact, Activity, ActivitySession,
        Attendance, Attachment, Signatory, OutgoingDocument,
    )
}

__all__ = [
    "Activity", "ActivitySession", "Attendance", "Cohort", "Course", "Enrollment",
    "Attachment", "OutgoingDocument", "Signatory", "Consent", "Person", "ActionItem",
    "Artefact", "Project", "ProjectPartner", "Stakeholder", "TeamMember", "Agency", "Area",
    "NamePrefix", "Programme", "ReferenceVersion", "AppUser", "ChangeLog", "OfficeProfile",
    "AuditEvent", "LoginAttempt", "RetentionRule",
    "Base", "SyncedRecord", "SYNCED_MODELS", "SyncConflict", "SyncPackage", "SyncPeer",
    "SyncReceived",
]
