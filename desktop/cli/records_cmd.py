"""`list` and `show`: records as a table or as JSON lines."""

from __future__ import annotations

import argparse

from desktop.cli.context import services_for
from desktop.cli.output import print_json_lines, print_table
from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.i18n import _

KINDS = {
    "persons": "person", "projects": "project", "activities": "activity",
    "cohorts": "cohort", "agencies": "agency", "courses": "course",
}
ALIASES = {"person": "persons", "project": "projects", "activity": "activities", "cohort": "cohorts",
           "agency": "agencies", "course": "courses", "people": "persons"}


def _columns(kind: str) -> list[tuple[str, str]]:
    return {
        "person": [("id", _("ID")), ("full_name_th", _("Name")), ("position", _("Position")),
                   ("agency_name", _("Agency")), ("phone", _("Phone"))],
        "project": [("id", _("ID")), ("code", _("Code")), ("title_th", _("Title")),
                    ("phase", _("Phase")), ("status", _("Status")), ("area_code", _("Area"))],
        "activity": [("id", _("ID")), ("start_date", _("Date")), ("title_th", _("Title")),
                     ("kind", _("Type")), ("mode", _("Mode")), ("venue", _("Venue"))],
        "cohort": [("id", _("ID")), ("display_name_th", _("Cohort")), ("year_be", _("Year (B.E.)")),
                   ("number", _("No."))],
        "agency": [("id", _("ID")), ("name_th", _("Name")), ("abbr_th", _("Abbreviation")),
                   ("letter_code", _("Letter code")), ("kind", _("Kind"))],
        "course": [("id", _("ID")), ("title_th", _("Title")), ("organiser_name", _("Organiser"))],
    }[kind]


def _kind(name: str) -> str:
    plural = ALIASES.get(name, name)
    if plural not in KINDS:
        raise UserError(N_("Unknown kind '{kind}'. Choose one of: {kinds}."), kind=name, kinds=", ".join(KINDS))
    return KINDS[plural]


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("list", help=_("list records of one kind"))
    p.add_argument("kind", metavar="KIND", help=", ".join(KINDS))
    p.add_argument("--search", default=None, metavar="TEXT", help=_("only records containing this text"))
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--limit", type=int, default=None, metavar="N", help=_("at most N records"))
    p.add_argument("--deleted", action="store_true", help=_("list the records in the trash instead"))
    p.set_defaults(handler=run_list)

    p = commands.add_parser("show", help=_("show one record"))
    p.add_argument("kind", metavar="KIND", help=", ".join(KINDS))
    p.add_argument("id", metavar="ID")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(handler=run_show)


def run_list(args: argparse.Namespace) -> int:
    kind = _kind(args.kind)
    services = services_for(args)
    try:
        page = services.by_kind(kind).list(search=args.search, limit=args.limit, deleted=args.deleted)
    finally:
        services.close()
    if args.format == "json":
        print_json_lines(page.rows)
    else:
        print_table(page.rows, _columns(kind))
        print(_("{shown} of {total} records", shown=len(page.rows), total=page.total))
    return 0


def run_show(args: argparse.Namespace) -> int:
    kind = _kind(args.kind)
    services = services_for(args)
    try:
        record = services.by_kind(kind).get(args.id)
    finally:
        services.close()
    if args.format == "json":
        print_json_lines([record])
    else:
        print_table([{"field": k, "value": v} for k, v in record.items() if v not in (None, "")],
                    [("field", _("Field")), ("value", _("Value"))])
    return 0
