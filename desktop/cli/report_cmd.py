"""`report KIND`: print official papers to PDF files.

Kinds: signin, memo, letter, roster, project, certificate, activity, stats. Memos and
letters take their number from the outgoing document register."""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path

from desktop.cli.context import services_for
from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.i18n import _


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("report", help=_("print official papers to PDF"))
    reports = p.add_subparsers(dest="report", metavar="REPORT", required=True)
    s = reports.add_parser("signin", help=_("the sign-in sheet of an activity"))
    s.add_argument("--id", required=True, metavar="ACTIVITY_UUID", help=_("the activity"))
    s.add_argument("--session", default=None, metavar="SESSION_UUID",
                   help=_("the session (default: the activity's first session)"))
    s.add_argument("--out", type=Path, required=True, metavar="FILE")
    s.add_argument("--digits", choices=["thai", "arabic"], default=None,
                   help=_("digits on the paper (default: the office setting)"))
    s.set_defaults(handler=run_signin)

    def common(q, id_help: str | None, metavar: str = "UUID") -> None:
        if id_help:
            q.add_argument("--id", required=True, metavar=metavar, help=id_help)
        q.add_argument("--out", type=Path, required=True, metavar="FILE")
        q.add_argument("--digits", choices=["thai", "arabic"], default=None,
                       help=_("digits on the paper (default: the office setting)"))

    for kind, help_text in (("memo", _("a memo (บันทึกข้อความ) reporting an activity or a project")),
                            ("letter", _("an external letter (หนังสือภายนอก) about an activity or a project"))):
        q = reports.add_parser(kind, help=help_text)
        common(q, _("the activity or project"))
        q.add_argument("--subject", default=None, help=_("the subject (default: from the record)"))
        q.add_argument("--to", default=None, help=_("whom the paper is addressed to (เรียน)"))
        q.add_argument("--urgency", choices=["ด่วน", "ด่วนมาก", "ด่วนที่สุด"], default=None)
        q.add_argument("--signer", default=None, metavar="SIGNATORY_UUID", help=_("who signs (default: the office's)"))
        if kind == "letter":
            q.add_argument("--reference", default=None, help=_("what the letter refers to (อ้างถึง)"))
            q.add_argument("--enclosure", action="append", default=[], help=_("an enclosure (สิ่งที่ส่งมาด้วย); repeatable"))
        q.set_defaults(handler=run_paper, kind=kind)
    q = reports.add_parser("roster", help=_("the participant roster of a cohort or an activity"))
    common(q, _("the cohort or activity"))
    q.add_argument("--group", default=None, help=_("only this group of the cohort"))
    q.set_defaults(handler=run_paper, kind="roster")
    q = reports.add_parser("project", help=_("the summary of a project"))
    common(q, _("the project"))
    q.set_defaults(handler=run_paper, kind="project")
    q = reports.add_parser("certificate", help=_("a certificate, or with --batch those of a whole cohort"))
    common(q, _("the enrollment (with --batch: the cohort)"))
    q.add_argument("--batch", action="store_true", help=_("every certificate of the cohort, one page each"))
    q.add_argument("--signer", default=None, metavar="SIGNATORY_UUID", help=_("who signs (default: the office's)"))
    q.set_defaults(handler=run_paper, kind="certificate")
    q = reports.add_parser("activity", help=_("the report of an activity (รายงานผลการจัดกิจกรรม)"))
    common(q, _("the activity"))
    q.add_argument("--signer", default=None, metavar="SIGNATORY_UUID", help=_("who reports (default: nobody)"))
    q.set_defaults(handler=run_paper, kind="activity")
    q = reports.add_parser("stats", help=_("the statistics summary with charts"))
    common(q, None)
    q.set_defaults(handler=run_paper, kind="stats")


def _uuid(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise UserError(N_("'{value}' is not a valid {what} id."), value=value, what=what) from None


def run_signin(args: argparse.Namespace) -> int:
    from desktop.services.papers import signin_sheet

    activity_id = _uuid(args.id, "activity")
    session_id = _uuid(args.session, "session") if args.session else None
    services = services_for(args)
    try:
        try:
            services.activities.get(activity_id, include_deleted=False)
        except UserError:
            raise UserError(N_("There is no activity with id {id}."), id=str(activity_id)) from None
        if session_id is not None:
            try:
                session = services.sessions.get(session_id, include_deleted=False)
            except UserError:
                raise UserError(N_("There is no session with id {id}."), id=str(session_id)) from None
            if str(session.get("activity_id")) != str(activity_id):
                raise UserError(N_("Session {session} is not a session of activity {activity}."),
                                session=str(session_id), activity=str(activity_id))
        out = signin_sheet(services, activity_id, session_id, args.out, digits=args.digits)
    finally:
        services.close()
    print(_("Sign-in sheet written to {file}.", file=str(out)))
    return 0


def run_paper(args: argparse.Namespace) -> int:
    from desktop.services import papers

    record_id = _uuid(args.id, "record") if getattr(args, "id", None) else None
    signer = _uuid(args.signer, "signatory") if getattr(args, "signer", None) else None
    services = services_for(args)
    try:
        kind = args.kind
        if kind in ("memo", "letter"):
            extra = {"reference": args.reference, "enclosures": tuple(args.enclosure)} if kind == "letter" else {}
            render = papers.memo if kind == "memo" else papers.letter
            out = render(services, record_id, args.out, subject=args.subject, to=args.to, urgency=args.urgency,
                         signatory_id=signer, digits=args.digits, **extra)
        elif kind == "roster":
            out = papers.roster(services, record_id, args.out, group=args.group, digits=args.digits)
        elif kind == "project":
            out = papers.project_summary(services, record_id, args.out, digits=args.digits)
        elif kind == "certificate":
            render = papers.certificates if args.batch else papers.certificate
            out = render(services, record_id, args.out, signatory_id=signer, digits=args.digits)
        elif kind == "activity":
            out = papers.activity_report(services, record_id, args.out, signatory_id=signer, digits=args.digits)
        else:
            out = papers.statistics(services, args.out, digits=args.digits)
    finally:
        services.close()
    print(_("Paper written to {file}.", file=str(out)))
    return 0
