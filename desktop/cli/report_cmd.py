"""`report signin`: print an activity's sign-in sheet to a PDF file."""

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
