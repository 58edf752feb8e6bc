"""`user add|passwd|disable|enable|list` and `audit list|verify|export`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.context import read_secret, services_for
from desktop.cli.output import print_json_lines, print_table
from desktop.i18n import _
from desktop.services.access import ROLES


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("user", help=_("manage the people who may use GovLab Desk"))
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(p))
    q = sub.add_parser("add", help=_("add a user"))
    q.add_argument("name", metavar="NAME")
    q.add_argument("--role", required=True, choices=list(ROLES))
    q.add_argument("--display-name", default=None, metavar="TEXT")
    q.add_argument("--password-file", type=Path, default=None, metavar="FILE",
                   help=_("the new password, from the first line of FILE (default: asked for)"))
    q.set_defaults(handler=run_user_add)
    q = sub.add_parser("passwd", help=_("set a user's password"))
    q.add_argument("name", metavar="NAME")
    q.add_argument("--password-file", type=Path, default=None, metavar="FILE",
                   help=_("the new password, from the first line of FILE (default: asked for)"))
    q.set_defaults(handler=run_user_passwd)
    for action, helptext in (("disable", _("stop a user from signing in")), ("enable", _("let a user sign in again"))):
        q = sub.add_parser(action, help=helptext)
        q.add_argument("name", metavar="NAME")
        q.set_defaults(handler=run_user_disable, disable=action == "disable")
    q = sub.add_parser("list", help=_("list the users"))
    q.add_argument("--format", choices=["table", "json"], default="table")
    q.set_defaults(handler=run_user_list)

    p = commands.add_parser("audit", help=_("the audit log: who changed what, and its integrity"))
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(p))
    for action in ("list", "export"):
        q = sub.add_parser(action, help=_("list changes") if action == "list" else _("write changes to a CSV file"))
        q.add_argument("--by", default=None, metavar="USER", help=_("only changes by this user"))
        q.add_argument("--kind", default=None, metavar="KIND")
        q.add_argument("--since", default=None, metavar="YYYY-MM-DD")
        q.add_argument("--until", default=None, metavar="YYYY-MM-DD")
        q.add_argument("--record", default=None, metavar="ID")
        if action == "list":
            q.add_argument("--limit", type=int, default=50, metavar="N")
            q.add_argument("--format", choices=["table", "json"], default="table")
            q.add_argument("--events", action="store_true", help=_("sign-ins and other audit events instead"))
            q.set_defaults(handler=run_audit_list)
        else:
            q.add_argument("--out", type=Path, required=True, metavar="FILE")
            q.set_defaults(handler=run_audit_export)
    q = sub.add_parser("verify", help=_("check that no entry of the log was changed or removed"))
    q.set_defaults(handler=run_audit_verify)


def _new_password(args: argparse.Namespace) -> str:
    return read_secret(args.password_file, _("New password: "), _("The same password again: "))


def run_user_add(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        password = _new_password(args)
        user = services.users.add(args.name, password, args.role, args.display_name)
    finally:
        services.close()
    print(_("User {name} added ({role}).", name=user["username"], role=user["role"]))
    return 0


def run_user_passwd(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        services.users.set_password(args.name, _new_password(args))
    finally:
        services.close()
    print(_("Password of {name} changed.", name=args.name))
    return 0


def run_user_disable(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        services.users.set_disabled(args.name, args.disable)
    finally:
        services.close()
    print(_("{name} can no longer sign in.", name=args.name) if args.disable
          else _("{name} can sign in again.", name=args.name))
    return 0


def run_user_list(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        rows = services.users.list()
    finally:
        services.close()
    if args.format == "json":
        print_json_lines(rows)
    else:
        print_table(rows, [("username", _("User name")), ("display_name", _("Name")), ("role", _("Role")),
                           ("disabled", _("Disabled"))])
    return 0


def _filters(args: argparse.Namespace) -> dict:
    return {"user": args.by, "kind": args.kind, "since": args.since, "until": args.until, "record_id": args.record}


def run_audit_list(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        if args.events:
            rows = services.audit.events(actor=args.by, since=args.since, until=args.until)[:args.limit]
            columns = [("seq", "#"), ("at", _("When")), ("actor", _("User")), ("action", _("Action")),
                       ("target", _("About"))]
        else:
            rows = services.audit.changes(limit=args.limit, **_filters(args))
            columns = [("seq", "#"), ("changed_at", _("When")), ("changed_by", _("User")), ("kind", _("Kind")),
                       ("op", _("Change")), ("record_id", _("Record")), ("changes", _("Fields"))]
    finally:
        services.close()
    if args.format == "json":
        print_json_lines(rows)
    else:
        print_table(rows, columns)
    return 0


def run_audit_export(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        count = services.audit.export_csv(args.out, **_filters(args))
    finally:
        services.close()
    print(_("{count} changes written to {file}.", count=count, file=str(args.out)))
    return 0


def run_audit_verify(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        result = services.audit.verify()
    finally:
        services.close()
    bad = 0
    for table, title in (("change_log", _("Change log")), ("audit_event", _("Audit events"))):
        info = result[table]
        if info["broken_seq"] is None:
            print(_("{title}: {count} entries, chain intact.", title=title, count=info["entries"]))
        else:
            bad += 1
            sys.stderr.write(_("{title}: the chain is broken at entry {seq}: it or an entry before it was changed "
                               "or removed.", title=title, seq=info["broken_seq"]) + "\n")
    return 1 if bad else 0
