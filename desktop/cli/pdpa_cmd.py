"""`person export|erase` (PDPA subject access and erasure) and `retention list|set|due`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.context import services_for
from desktop.cli.output import print_json_lines, print_table
from desktop.i18n import _
from desktop.services.pdpa import RETENTION_KINDS


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("person", help=_("personal data of one person: export it, or erase it (PDPA)"))
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(p))
    q = sub.add_parser("export", help=_("write everything held on one person to a JSON or PDF file"))
    q.add_argument("id", metavar="ID")
    q.add_argument("--out", type=Path, required=True, metavar="FILE", help=_("a .json or .pdf file"))
    q.set_defaults(handler=run_export)
    q = sub.add_parser("erase", help=_("erase one person's personal data everywhere (syncs like any change)"))
    q.add_argument("id", metavar="ID")
    q.add_argument("--reason", required=True, metavar="TEXT", help=_("why (kept in the audit log)"))
    q.set_defaults(handler=run_erase)

    p = commands.add_parser("retention", help=_("how long records are kept, and those due for review"))
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(p))
    q = sub.add_parser("list", help=_("list the retention rules"))
    q.set_defaults(handler=run_retention_list)
    q = sub.add_parser("set", help=_("keep records of one kind for a number of years (0: no rule)"))
    q.add_argument("kind", choices=list(RETENTION_KINDS), metavar="KIND", help=", ".join(RETENTION_KINDS))
    q.add_argument("years", type=float, metavar="YEARS")
    q.add_argument("--basis", default="", metavar="TEXT", help=_("the law, regulation or purpose behind the rule"))
    q.set_defaults(handler=run_retention_set)
    q = sub.add_parser("due", help=_("list the records past their retention period"))
    q.add_argument("--format", choices=["table", "json"], default="table")
    q.set_defaults(handler=run_retention_due)


def run_export(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        out = services.pdpa.write_export(args.id, args.out)
    finally:
        services.close()
    print(_("The personal data of {id} was written to {file}.", id=args.id, file=str(out)))
    return 0


def run_erase(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        result = services.pdpa.erase(args.id, args.reason)
    finally:
        services.close()
    print(_("The personal data of {id} was erased ({count} files removed); the erasure syncs like any change.",
            id=args.id, count=result["files_removed"]))
    return 0


def run_retention_list(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        rules = services.pdpa.retention_rules()
    finally:
        services.close()
    print_table(rules, [("kind", _("Kind")), ("years", _("Years")), ("basis", _("Basis")),
                        ("set_by", _("User"))], out=sys.stdout)
    return 0


def run_retention_set(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        services.pdpa.set_retention(args.kind, args.years or None, args.basis)
    finally:
        services.close()
    if args.years:
        print(_("Records of kind {kind} are kept {years} years.", kind=args.kind, years=f"{args.years:g}"))
    else:
        print(_("No retention rule for {kind}.", kind=args.kind))
    return 0


def run_retention_due(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        rows = services.pdpa.retention_due()
    finally:
        services.close()
    if args.format == "json":
        print_json_lines(rows, out=sys.stdout)
    else:
        print_table(rows, [("kind", _("Kind")), ("id", _("ID")), ("label", _("Name")),
                           ("last_used", _("Last used"))], out=sys.stdout)
        print(_("{count} records are due for review.", count=len(rows)))
    return 0
