"""The papers the Papers screen offers and their drawing, off the GUI thread: which
record each kind is about, which rows of the form it uses, and one function that draws
a paper (or a whole cohort's certificates, one at a time with progress and cancel)
through ``desktop.services.papers``. A memo or letter is drawn as a draft (no number)
or numbered from the outgoing register."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.text import N_
from desktop.ui.pdf_view import merge_pdfs
from desktop.ui.tasks import TaskProgress

URGENCIES = ("ด่วน", "ด่วนมาก", "ด่วนที่สุด")   # printed on the paper as they are


@dataclass(frozen=True)
class PaperKind:
    key: str
    title: str                    # msgid
    about: tuple[str, ...]        # kinds of record it can be about: activity, project, cohort
    fields: frozenset[str]        # the optional rows of the form it uses
    numbered: bool = False        # takes a number from the outgoing register


PAPER_KINDS: tuple[PaperKind, ...] = (
    PaperKind("memo", N_("Memo (internal)"), ("activity", "project"),
              frozenset({"subject", "to", "urgency", "signer", "digits"}), numbered=True),
    PaperKind("letter", N_("External letter"), ("activity", "project"),
              frozenset({"subject", "to", "urgency", "reference", "enclosures", "signer", "digits"}), numbered=True),
    PaperKind("signin", N_("Sign-in sheet"), ("activity",), frozenset({"session", "digits"})),
    PaperKind("roster", N_("Participant roster"), ("cohort", "activity"), frozenset({"group", "digits"})),
    PaperKind("project", N_("Project summary"), ("project",), frozenset({"digits"})),
    PaperKind("certificate", N_("Certificate"), ("cohort",), frozenset({"person", "signer", "digits"})),
    PaperKind("activity", N_("Activity report"), ("activity",), frozenset({"signer", "digits"})),
    PaperKind("stats", N_("Statistics summary"), (), frozenset({"digits"})),
)
KINDS = {kind.key: kind for kind in PAPER_KINDS}
ROWS = ("about", "session", "group", "person", "subject", "to", "urgency", "reference", "enclosures",
        "signer", "digits")
ABOUT_LABELS = {"activity": N_("Activity: {title}"), "project": N_("Project: {title}"),
                "cohort": N_("Cohort: {title}")}


@dataclass
class Rendered:
    path: Path
    kind: str
    number: str | None = None     # the register's number of a memo or letter
    pages: int = 0
    draft: bool = False           # a memo or letter not numbered yet
    about: str | None = None      # what it was drawn from, to number the same paper
    options: dict[str, Any] | None = None


def render_paper(services: Any, kind: str, about_id: str | None, options: dict[str, Any], out_path: Path,
                 draft: bool = False) -> Rendered:
    """Draw one paper to ``out_path`` (worker thread). ``options`` are the form's values;
    ``draft`` draws a memo or letter without taking a number."""
    from desktop.services import papers, register

    digits = options.get("digits")
    signer = options.get("signatory_id")
    number = None
    numbered = kind in KINDS and KINDS[kind].numbered
    if numbered:
        extra = ({"reference": options.get("reference"), "enclosures": tuple(options.get("enclosures") or ())}
                 if kind == "letter" else {})
        draw = papers.memo if kind == "memo" else papers.letter
        draw(services, about_id, out_path, subject=options.get("subject"), to=options.get("to"),
             urgency=options.get("urgency"), signatory_id=signer, digits=digits, draft=draft, **extra)
        if not draft:
            number = register.number_of_file(services, out_path)
    elif kind == "signin":
        papers.signin_sheet(services, about_id, options.get("session_id"), out_path, digits=digits)
    elif kind == "roster":
        papers.roster(services, about_id, out_path, group=options.get("group"), digits=digits)
    elif kind == "project":
        papers.project_summary(services, about_id, out_path, digits=digits)
    elif kind == "certificate":
        papers.certificate(services, options["enrollment_id"], out_path, signatory_id=signer, digits=digits)
    elif kind == "activity":
        papers.activity_report(services, about_id, out_path, signatory_id=signer, digits=digits)
    elif kind == "stats":
        papers.statistics(services, out_path, digits=digits)
    else:
        raise ValueError(kind)
    return Rendered(Path(out_path), kind, number, draft=draft and numbered, about=about_id, options=dict(options))


def render_cohort_certificates(services: Any, cohort_id: str, options: dict[str, Any], folder: Path,
                               out_path: Path, progress: TaskProgress | None = None) -> Rendered:
    """Every certificate of a cohort, one page each, drawn one at a time so that the
    progress shows and a cancel stops between two certificates (worker thread)."""
    from desktop.services import papers

    # The same people in the same (Thai dictionary) order as papers.certificates.
    enrollments = papers._cohort_enrollments(services, cohort_id)
    if not enrollments:
        from desktop.core.errors import NotFound
        raise NotFound(N_("Cohort {id} has nobody enrolled."), id=str(cohort_id))
    parts: list[Path] = []
    total = len(enrollments)
    for done, enrollment in enumerate(enrollments):
        if progress is not None:
            progress.check()
            progress.report(done, total)
        part = folder / f"part-{uuid.uuid4().hex}.pdf"
        papers.certificate(services, enrollment["id"], part, signatory_id=options.get("signatory_id"),
                           digits=options.get("digits"))
        parts.append(part)
    if progress is not None:
        progress.check()
    merge_pdfs(parts, out_path)
    for part in parts:
        part.unlink(missing_ok=True)
    if progress is not None:
        progress.report(total, total)
    return Rendered(Path(out_path), "certificate", None, total)
