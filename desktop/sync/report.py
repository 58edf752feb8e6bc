"""What an import did, for a person: counts, each conflict and rejected change with its
reason, gaps and clock warnings, in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.i18n import _


@dataclass
class Rejected:
    seq: int | None
    kind: str | None
    record_id: str | None
    message: str                     # msgid
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class ConflictNote:
    kind: str
    record_id: str
    field: str


@dataclass
class ImportReport:
    package_id: str
    sender: str
    sender_name: str
    dry_run: bool = False
    already_applied: bool = False
    seq_from: int = 0
    seq_to: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    attachments: int = 0
    conflicts: list[ConflictNote] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    gaps: list[tuple[int, int]] = field(default_factory=list)
    clock_warnings: list[str] = field(default_factory=list)
    settled_conflicts: int = 0
    reference: list[tuple[str, str]] = field(default_factory=list)    # datasets loaded

    def summary(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "deleted": self.deleted,
                "unchanged": self.unchanged, "conflicts": len(self.conflicts),
                "rejected": len(self.rejected), "gaps": [list(g) for g in self.gaps],
                "clock_warnings": len(self.clock_warnings), "attachments": self.attachments,
                "reference": {name: version for name, version in self.reference}}

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.already_applied:
            out.append(_("Package {package} from {sender} was already applied; nothing was changed.",
                         package=self.package_id, sender=self.sender_name))
            return out
        if self.dry_run:
            out.append(_("Dry run: nothing was saved. This is what the import would do."))
        out.append(_("Package {package} from {sender} (changes {first} to {last}):",
                      package=self.package_id, sender=self.sender_name, first=self.seq_from, last=self.seq_to))
        out.append(_("  created {created}, updated {updated}, moved to the trash {deleted}, unchanged {unchanged}",
                     created=self.created, updated=self.updated, deleted=self.deleted, unchanged=self.unchanged))
        out.append(_("  conflicts {conflicts}, rejected {rejected}, files {files}",
                     conflicts=len(self.conflicts), rejected=len(self.rejected), files=self.attachments))
        for c in self.conflicts:
            out.append(_("  conflict: {kind} {record} field {field}: both values kept, a person must choose "
                         "(govlab-desk sync conflicts)", kind=c.kind, record=c.record_id, field=c.field))
        for r in self.rejected:
            out.append(_("  rejected change {seq} ({kind} {record}): {reason}", seq=r.seq if r.seq is not None else "-",
                         kind=r.kind or "-", record=r.record_id or "-", reason=_(r.message, **r.params)))
        for first, last in self.gaps:
            out.append(_("  gap: changes {first} to {last} from {sender} have not arrived yet; the next "
                         "package from them will carry them", first=first, last=last, sender=self.sender_name))
        for stamp in self.clock_warnings:
            out.append(_("  clock warning: a change is dated more than 24 hours in the future ({stamp}); "
                         "check the sender's clock", stamp=stamp))
        for name, version in self.reference:
            out.append(_("  reference data {dataset} updated to version {version}", dataset=name, version=version))
        if self.settled_conflicts:
            out.append(_("  conflicts settled by the other side: {count}", count=self.settled_conflicts))
        return out

    def text(self) -> str:
        return "\n".join(self.lines())
