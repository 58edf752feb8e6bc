"""`report KIND`: print official papers to PDF files; `report sign` and `report verify`.

Kinds: signin, memo, letter, roster, project, certificate, activity, stats. Memos and
letters take their number from the outgoing document register (``--draft``: none taken,
pages marked ร่าง). `report sign` signs a
paper with the office's PKCS#12 certificate (the passphrase from a file or typed at a
hidden prompt, never on the command line); `report verify` prints one line and exits 0
only for a valid signature."""

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
        q.add_argument("--draft", action="store_true",
                       help=_("a draft to check: no number taken from the register, every page marked ร่าง"))
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
    q = reports.add_parser("sign", help=_("sign a paper (PDF) with the office's certificate (PKCS#12)"))
    q.add_argument("file", type=Path, metavar="FILE", help=_("the PDF to sign"))
    q.add_argument("--cert", type=Path, required=True, metavar="P12",
                   help=_("the certificate and private key, a .p12 or .pfx file"))
    q.add_argument("--out", type=Path, required=True, metavar="FILE", help=_("where to write the signed PDF"))
    q.add_argument("--password-file", type=Path, default=None, metavar="FILE",
                   help=_("read the certificate's passphrase from this file (default: ask for it)"))
    q.add_argument("--reason", default=None, help=_("the reason written into the signature"))
    q.add_argument("--location", default=None, help=_("the place written into the signature (default: the office)"))
    q.set_defaults(handler=run_sign)
    q = reports.add_parser("verify", help=_("check the digital signature of a PDF"))
    q.add_argument("file", type=Path, metavar="FILE", help=_("the PDF to check"))
    q.add_argument("--trust", type=Path, action="append", default=None, metavar="CERT",
                   help=_("a CA certificate (PEM or DER) to trust; repeatable"))
    q.set_defaults(handler=run_verify)


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
                         signatory_id=signer, digits=args.digits, draft=args.draft, **extra)
            if not args.draft:
                from desktop.services.register import number_of_file

                print(_("Number {number} was taken from the register for this paper.",
                        number=number_of_file(services, out)))
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


def _passphrase(args: argparse.Namespace) -> str:
    if args.password_file is not None:
        try:
            text = args.password_file.read_text(encoding="utf-8")
        except OSError as error:
            raise UserError(N_("Cannot read the passphrase file {file}: {reason}"), file=str(args.password_file),
                            reason=error.strerror or str(error)) from None
        # The first line, without its line ending (editors add one).
        return text.splitlines()[0] if text else ""
    import getpass

    return getpass.getpass(_("Passphrase of {file}: ", file=str(args.cert)))


def _office_services(args: argparse.Namespace):
    """The data folder's services when there is a database, else None (signing needs none)."""
    from desktop.paths import DataPaths

    if args.database_url or (args.data_dir and DataPaths(args.data_dir).database.exists()):
        return services_for(args)
    return None


def run_sign(args: argparse.Namespace) -> int:
    from desktop.services.signing import sign_paper

    passphrase = _passphrase(args)
    services = _office_services(args) if args.location is None else None
    try:
        out = sign_paper(services, args.file, args.out, args.cert, passphrase, reason=args.reason,
                         location=args.location)
    finally:
        if services is not None:
            services.close()
    print(_("Signed paper written to {file}.", file=str(out)))
    return 0


def _when(moment) -> str:
    from desktop.i18n import current_language, format_datetime

    local = moment.astimezone() if moment.tzinfo else moment
    if current_language() == "th":
        return format_datetime(local)
    return local.strftime("%Y-%m-%d %H:%M %Z").strip()


def run_verify(args: argparse.Namespace) -> int:
    from desktop.services.signing import STATUS_LABELS, verify_paper

    result = verify_paper(args.file, args.trust)
    status = _(STATUS_LABELS[result.status])
    detail = _(result.detail, **result.params) if result.detail else ""
    if result.status == "unsigned" or not result.signatures:
        print(_("{status}: {detail}", status=status, detail=detail))
    else:
        trust = _(result.trust_detail, **result.trust_params) if result.trust_detail else ""
        print(_("{status}: signed by {signer} ({time}). {detail} {trust}", status=status,
                signer=result.signer or "?", time=_when(result.signed_at) if result.signed_at else "?",
                detail=detail, trust=trust))
    return 0 if result.ok else 1
