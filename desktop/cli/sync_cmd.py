"""`sync`: identity, enroll, revoke, export, import, import-dir, status, conflicts, resolve."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.context import services_for
from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.i18n import _, translate_error


def register(commands: argparse._SubParsersAction) -> None:
    sync = commands.add_parser("sync", help=_("exchange data packages with headquarters or offices"))
    sub = sync.add_subparsers(dest="sync_command", metavar="ACTION", parser_class=type(sync))
    sub.required = True

    p = sub.add_parser("identity", help=_("write this installation's public identity file for enrolment"))
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.set_defaults(handler=run_identity)

    p = sub.add_parser("enroll", help=_("trust an office or headquarters from its identity file"))
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--replace", action="store_true", help=_("accept new keys for a site already enrolled"))
    p.set_defaults(handler=run_enroll)

    p = sub.add_parser("revoke", help=_("stop accepting packages from an office (by office code or site id)"))
    p.add_argument("who", metavar="OFFICE")
    p.set_defaults(handler=run_revoke)

    p = sub.add_parser("export", help=_("write a data package with every change the recipient has not confirmed"))
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument("--to", default=None, metavar="SITE_OR_OFFICE_CODE")
    p.set_defaults(handler=run_export)

    p = sub.add_parser("import", help=_("apply a data package (all or nothing)"))
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help=_("show what would change, change nothing"))
    p.set_defaults(handler=run_import)

    p = sub.add_parser("import-dir", help=_("apply every data package in a folder, each on its own"))
    p.add_argument("folder", type=Path, metavar="DIR")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help=_("import N packages at once (headquarters on PostgreSQL; default 1)"))
    p.set_defaults(handler=run_import_dir)

    p = sub.add_parser("status", help=_("waiting changes, last exchange, gaps and open conflicts"))
    p.set_defaults(handler=run_status)

    p = sub.add_parser("conflicts", help=_("list the conflicts waiting for a decision"))
    p.set_defaults(handler=run_conflicts)

    p = sub.add_parser("resolve", help=_("decide a conflict: keep mine or take theirs"))
    p.add_argument("conflict", metavar="CONFLICT_ID")
    p.add_argument("choice", choices=["mine", "theirs"])
    p.set_defaults(handler=run_resolve)


def run_identity(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        identity = services.sync.identity(args.out)
    finally:
        services.close()
    print(_("Identity of {office} ({code}) written to {file}. Give this file to the other side to enroll.",
            office=identity["office_name"], code=identity["office_code"], file=str(args.out)))
    return 0


def run_enroll(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        body = services.sync.enroll(args.file, replace=args.replace)
    finally:
        services.close()
    print(_("Enrolled {office} ({code}), site {site}.", office=body["office_name"], code=body["office_code"],
            site=body["site_id"]))
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        name = services.sync.revoke(args.who)
    finally:
        services.close()
    print(_("{office} is revoked: its packages are no longer accepted.", office=name))
    return 0


def run_export(args: argparse.Namespace) -> int:
    if args.out.exists():
        raise UserError(N_("{name} already exists; choose a new file name."), name=str(args.out))
    services = services_for(args)
    try:
        result = services.sync.export(args.out, args.to)
    finally:
        services.close()
    print(_("Data package for {office} written to {file}: {changes} changes, {files} files.",
            office=result.recipient_name, file=str(result.path), changes=result.changes, files=result.attachments))
    return 0


def run_import(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        report = services.sync.import_file(args.file, dry_run=args.dry_run)
    finally:
        services.close()
    print(report.text())
    return 0


def run_import_dir(args: argparse.Namespace) -> int:
    files = sorted(args.folder.glob("*.govlab")) if args.folder.is_dir() else []
    if not files:
        raise UserError(N_("There are no data packages (.govlab) in {folder}."), folder=str(args.folder))
    if not 1 <= args.workers <= MAX_WORKERS:
        raise UserError(N_("--workers must be between 1 and {most}."), most=MAX_WORKERS)
    services = services_for(args)
    failed = 0

    def show(outcome) -> None:  # noqa: ANN001
        nonlocal failed
        if outcome.error is None:
            print(outcome.report.text(), flush=True)
        else:
            failed += 1
            sys.stderr.write(_("{file}: refused: {message}", file=outcome.path.name,
                               message=translate_error(outcome.error)) + "\n")

    try:
        if args.workers > 1 and not services.sync.parallel(args.workers):
            sys.stderr.write(_("Importing one package at a time: several workers need headquarters' "
                               "database on PostgreSQL.") + "\n")
        services.sync.import_dir(files, workers=args.workers, on_result=show)
    finally:
        services.close()
    print(_("{done} of {total} packages imported.", done=len(files) - failed, total=len(files)))
    return 1 if failed else 0


MAX_WORKERS = 32


def run_status(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        state = services.sync.status()
    finally:
        services.close()
    if not state["peers"]:
        print(_("No office or headquarters is enrolled yet ('govlab-desk sync enroll FILE')."))
    for peer in state["peers"]:
        revoked = _(" (revoked)") if peer["revoked"] else ""
        print(_("{office} ({code}){revoked}: {waiting} changes waiting to be sent; last sent {sent}; "
                "last received {received}", office=peer["office_name"], code=peer["office_code"],
                revoked=revoked, waiting=peer["waiting"], sent=peer["last_sent_at"] or "-",
                received=peer["last_received_at"] or "-"))
        for first, last in peer["gaps"]:
            print(_("  gap: changes {first} to {last} have not arrived yet", first=first, last=last))
    print(_("Open conflicts: {count}", count=state["open_conflicts"]))
    return 0


def run_conflicts(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        rows = services.sync.conflicts()
    finally:
        services.close()
    if not rows:
        print(_("No open conflicts."))
    for row in rows:
        print(_("{id}  {kind} {record} field {field}: mine {mine} / theirs {theirs} (from {user}, {stamp})",
                id=row["id"][:8], kind=row["kind"], record=row["record_id"], field=row["field"],
                mine=row["mine"], theirs=row["theirs"], user=row["their_user"], stamp=row["their_stamp"]))
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        services.sync.resolve({args.conflict: args.choice})
    finally:
        services.close()
    print(_("Conflict {id} decided: {choice}. The decision travels with the next data package.",
            id=args.conflict, choice=args.choice))
    return 0
