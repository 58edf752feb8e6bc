"""Words and small pieces of the sync interface: kind and field names, dates of
exchanges, the suggested package file name, why writing a package failed, and an
import report as HTML. No widgets here, so all of it is tested without a display."""

from __future__ import annotations

import errno
import html
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from desktop.core.clock import parse_stamp
from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.i18n import _, format_date, translate_error, year_be
from desktop.sync.report import ImportReport

PACKAGE_SUFFIX = ".govlab"

KIND_NAMES = {
    "person": N_("Participant"), "project": N_("Project"), "activity": N_("Activity"),
    "course": N_("Course"), "cohort": N_("Cohort"), "agency": N_("Agency"),
    "session": N_("Session"), "attendance": N_("Attendance"), "enrollment": N_("Enrolment"),
    "consent": N_("Consent"), "attachment": N_("File"), "signatory": N_("Signatory"),
    "stakeholder": N_("Stakeholder"), "action_item": N_("Action item"), "artefact": N_("Artefact"),
    "team_member": N_("Team member"), "project_partner": N_("Partner agency"),
}

FIELD_NAMES = {
    "(deleted)": N_("Deleted or kept"),
    "prefix_id": N_("Prefix"), "prefix_th": N_("Prefix"), "first_name_th": N_("First name (Thai)"),
    "last_name_th": N_("Last name (Thai)"), "first_name_en": N_("First name (English)"),
    "last_name_en": N_("Last name (English)"), "position": N_("Position"), "level": N_("Level"),
    "agency_id": N_("Agency"), "phone": N_("Phone"), "email": N_("E-mail"),
    "national_id": N_("National ID"), "notes": N_("Notes"), "title_th": N_("Title"),
    "name_th": N_("Name"),
}

TITLE_FIELDS = ("full_name_th", "title_th", "display_name_th", "name_th", "title", "name")


def kind_name(kind: str) -> str:
    msgid = KIND_NAMES.get(kind)
    return _(msgid) if msgid else kind


def field_name(field: str) -> str:
    msgid = FIELD_NAMES.get(field)
    return _(msgid) if msgid else field


def value_text(field: str, value: Any) -> str:
    """A conflicting value as shown side by side; an empty value says so."""
    if field == "(deleted)":
        return {"deleted": _("Deleted"), "live": _("Kept")}.get(str(value), str(value))
    if value is None or value == "":
        return _("(empty)")
    return str(value)


def record_title(services: Any, kind: str, record_id: str) -> str:
    """The name or title of a record, for a person to recognise it."""
    try:
        record = services.by_kind(kind).get(record_id)
    except Exception:  # noqa: BLE001 - a title is a nicety; the id is shown instead
        return record_id[:8]
    for field in TITLE_FIELDS:
        if record.get(field):
            return str(record[field])
    return record_id[:8]


def moment_text(value: Any) -> str:
    """An ISO time (UTC) from the database, in local time: 19 พฤษภาคม 2567 14:30."""
    if not value:
        return _("never")
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


def stamp_text(stamp: Any) -> str:
    """A change's clock stamp (milliseconds since 1970, then a counter), in local time."""
    try:
        ms, _counter = parse_stamp(str(stamp))
    except (TypeError, ValueError):
        return str(stamp or "")
    return moment_text(datetime.fromtimestamp(ms / 1000, UTC).isoformat())


def suggested_name(office_code: str, folder: Path, today: date | None = None, recipient_code: str | None = None) -> str:
    """<office code>-<Buddhist-Era date>-<n>.govlab, numbered past what the folder holds:
    NPT01-25670315-1.govlab. Headquarters adds the recipient's code: HQ-NPT01-25670315-1."""
    today = today or date.today()
    safe = lambda text: "".join(ch if ch.isalnum() else "-" for ch in text).strip("-") or "site"
    stem = safe(office_code)
    if recipient_code:
        stem += "-" + safe(recipient_code)
    stem += f"-{year_be(today):04d}{today:%m%d}"
    n = 1
    while (folder / f"{stem}-{n}{PACKAGE_SUFFIX}").exists() or any(folder.glob(f".{stem}-{n}{PACKAGE_SUFFIX}.*")):
        n += 1
    return f"{stem}-{n}{PACKAGE_SUFFIX}"


def write_error_text(error: BaseException) -> str:
    """Why a package could not be written, for a person holding a USB stick."""
    if isinstance(error, UserError):
        return translate_error(error)
    if isinstance(error, OSError):
        code = error.errno
        if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
            return _("The USB stick is full. Free some space on it or use another stick, then export again.")
        if code == errno.EROFS:
            return _("The USB stick is read-only (it may have a lock switch). Unlock it or use another stick.")
        if code in (errno.EACCES, errno.EPERM):
            return _("This folder cannot be written to. Choose another folder or USB stick.")
        if code in (errno.ENOENT, errno.ENODEV, errno.EIO, errno.ENXIO, getattr(errno, "ESHUTDOWN", -1)):
            return _("The USB stick was removed or cannot be read. Put it back and export again.")
        if code == 5 and "read back" in str(error):
            return _("What was read back from the USB stick differs from what was written: the stick may be "
                     "faulty. Try another stick.")
        return _("The package could not be written: {reason}", reason=error.strerror or str(error))
    return _("Something went wrong: {error}", error=str(error) or type(error).__name__)


# -- the import report ----------------------------------------------------------------


def _e(text: Any) -> str:
    return html.escape(str(text))


def report_counts(report: ImportReport) -> list[tuple[str, int]]:
    return [(_("Created"), report.created), (_("Updated"), report.updated),
            (_("Moved to the trash"), report.deleted), (_("Unchanged"), report.unchanged),
            (_("Conflicts"), len(report.conflicts)), (_("Rejected"), len(report.rejected)),
            (_("Files"), report.attachments)]


def _para(text: str, style: str = "", bold: bool = False) -> str:
    inner = f"<b>{_e(text)}</b>" if bold else _e(text)
    return f"<p style='{style}'>{inner}</p>" if style else f"<p>{inner}</p>"


def _items(heading: str, items: list[str]) -> str:
    return _para(heading, bold=True) + "<ul>" + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>"


def report_html(report: ImportReport, titles: dict[tuple[str, str], str] | None = None) -> str:
    """The import report for a person: what it would do (dry run) or did, counts first,
    then each conflict, rejected change, gap and clock warning with its reason."""
    titles = titles or {}
    if report.already_applied:
        text = _("This package from {sender} was already imported; nothing was changed.", sender=report.sender_name)
        return _para(text, bold=True)
    parts: list[str] = []
    if report.dry_run:
        text = _("Dry run: nothing has been saved yet. This is what the import would do.")
        parts.append(_para(text, "color:#1f5fa8", bold=True))
    else:
        parts.append(_para(_("Imported. The changes are saved."), "color:#1b7a3a", bold=True))
    sender = _("From: {sender}", sender=report.sender_name)
    changes = _("changes {first} to {last}", first=report.seq_from, last=report.seq_to)
    parts.append(_para(f"{sender} · {changes}"))
    cells = "".join(f"<td style='padding:2px 14px 2px 0'>{_e(label)}<br><b style='font-size:16pt'>{count:,}</b></td>"
                    for label, count in report_counts(report))
    parts.append(f"<table><tr>{cells}</tr></table>")
    if report.conflicts:
        heading = _("Conflicts: both values are kept until someone decides (Conflict inbox)")
        parts.append(_items(heading, [
            f"{kind_name(c.kind)} «{titles.get((c.kind, c.record_id)) or c.record_id[:8]}» — {field_name(c.field)}"
            for c in report.conflicts]))
    if report.rejected:
        items = []
        for r in report.rejected:
            change = _("Change {seq}", seq=r.seq if r.seq is not None else "-")
            items.append(f"{change} ({kind_name(r.kind) if r.kind else '-'}): {_(r.message, **r.params)}")
        parts.append(_items(_("Rejected changes and why"), items))
    if report.gaps:
        parts.append(_items(_("Missing packages (gaps)"), [
            _("Changes {first} to {last} from {sender} have not arrived yet; the next package from them will "
              "carry them.", first=first, last=last, sender=report.sender_name) for first, last in report.gaps]))
    if report.clock_warnings:
        parts.append(_items(_("Clock warnings"), [
            _("A change is dated more than 24 hours in the future ({when}); check the sender's computer clock.",
              when=stamp_text(stamp)) for stamp in report.clock_warnings]))
    reference = getattr(report, "reference", None) or []      # reference datasets a package brought
    if reference:
        parts.append(_items(_("Reference data"), [
            _("  reference data {dataset} updated to version {version}", dataset=name, version=version).strip()
            for name, version in reference]))
    if report.settled_conflicts:
        parts.append(_para(_("Conflicts settled by the other side: {count}", count=report.settled_conflicts)))
    return "".join(parts)


def refused_html(error: BaseException) -> str:
    reason = translate_error(error) if isinstance(error, UserError) else str(error) or type(error).__name__
    refused = _("The package was refused.")
    unchanged = _("Nothing was imported: the database is unchanged.")
    return _para(refused, "color:#b00020", bold=True) + _para(reason) + _para(unchanged, bold=True)
