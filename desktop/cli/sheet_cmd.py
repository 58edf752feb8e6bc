"""`sheet`: participant lists in and out of .xlsx and .csv files.

    sheet columns FILE                    how each column would be read
    sheet import FILE --kind persons|enrollments|attendance [--cohort ID] [--session ID] [--dry-run]
    sheet export --kind persons|enrollments|attendance|projects --out FILE
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop.cli.context import services_for
from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.i18n import _
from desktop.sheets.headers import FIELDS


def register(commands: argparse._SubParsersAction) -> None:
    sheet = commands.add_parser("sheet", help=_("import and export lists as Excel (.xlsx) or CSV files"))
    sub = sheet.add_subparsers(dest="sheet_command", metavar="ACTION", parser_class=type(sheet))
    sub.required = True

    p = sub.add_parser("columns", help=_("show how each column of a file would be read"))
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--sheet", default=None, metavar="NAME", help=_("the worksheet to read (default: the first)"))
    p.set_defaults(handler=run_columns)

    p = sub.add_parser("import", help=_("import a list of people, enrollments or attendance (all or nothing)"))
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--kind", required=True, choices=["persons", "enrollments", "attendance"])
    p.add_argument("--cohort", default=None, metavar="ID", help=_("the cohort of an enrollment list"))
    p.add_argument("--session", default=None, metavar="ID", help=_("the activity session of an attendance list"))
    p.add_argument("--sheet", default=None, metavar="NAME", help=_("the worksheet to read (default: the first)"))
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                   help=_("read column COLUMN (its number from 1, or its header) as FIELD; FIELD 'ignore' "
                          "leaves it out"))
    p.add_argument("--on-duplicate", choices=["merge", "new", "skip"], default=None,
                   help=_("what to do with every possible duplicate (default: stop and list them)"))
    p.add_argument("--skip-invalid", action="store_true", help=_("import the good rows and skip rows with problems"))
    p.add_argument("--dry-run", action="store_true", help=_("show what would happen, change nothing"))
    p.add_argument("--report", type=Path, default=None, metavar="FILE",
                   help=_("also write the report to FILE (.xlsx or .csv)"))
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=run_import)

    p = sub.add_parser("export", help=_("export a list to .xlsx or .csv"))
    p.add_argument("--kind", required=True, choices=["persons", "enrollments", "attendance", "projects"])
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument("--cohort", default=None, metavar="ID", help=_("only this cohort's enrollments"))
    p.add_argument("--activity", default=None, metavar="ID", help=_("only this activity's attendance"))
    p.set_defaults(handler=run_export)


def run_columns(args: argparse.Namespace) -> int:
    from desktop.services.sheet_import import SheetImportService

    services = services_for(args)
    try:
        importer = SheetImportService(services)
        table = importer.read(args.file, args.sheet)
        mapping = importer.suggest_mapping(table)
    finally:
        services.close()
    print(_("Header row {row}, {count} data rows.", row=table.header_row, count=len(table.rows)))
    for index, header in enumerate(table.headers):
        field = mapping.get(index)
        shown = _(FIELDS[field]) if field else _("(not imported)")
        hidden = " " + _("(hidden column)") if index in table.hidden else ""
        print(f"{index + 1:>3}  {header or '-'}  ->  {shown}{hidden}")
    return 0


def _mapping(table, suggested: dict[int, str], pairs: list[str]) -> dict[int, str]:
    mapping = dict(suggested)
    for pair in pairs:
        column, _sep, field = pair.partition("=")
        if not _sep or (field not in FIELDS and field != "ignore"):
            raise UserError(N_("--map needs COLUMN=FIELD with one of these fields: {fields}."),
                            fields=", ".join([*FIELDS, "ignore"]))
        if column.strip().isdigit():
            index = int(column) - 1
        else:
            found = [i for i, h in enumerate(table.headers) if h.strip() == column.strip()]
            index = found[0] if found else -1
        if not 0 <= index < len(table.headers):
            raise UserError(N_("The file has no column '{column}'."), column=column)
        mapping = {i: f for i, f in mapping.items() if f != field and i != index}
        if field != "ignore":
            mapping[index] = field
    return mapping


def run_import(args: argparse.Namespace) -> int:
    from desktop.services.sheet_import import SheetImportService, plan_notes, write_report

    services = services_for(args)
    try:
        importer = SheetImportService(services)
        table = importer.read(args.file, args.sheet)
        mapping = _mapping(table, importer.suggest_mapping(table), args.map)
        plan = importer.plan(args.file, args.kind, cohort_id=args.cohort, session_id=args.session,
                             mapping=mapping, table=table)
        notes = plan_notes(plan)
        try:
            report = importer.apply(plan, dry_run=args.dry_run, skip_invalid=args.skip_invalid,
                                    on_duplicate=args.on_duplicate)
        except UserError:
            _print_results(notes, args.format)
            if args.report:
                write_report(args.report, notes)
            raise
    finally:
        services.close()
    results = sorted(notes + report.results, key=lambda r: r.row)
    if args.report:
        write_report(args.report, results)
    _print_results([r for r in results if r.action not in ("created",)] if args.format == "text" else results,
                   args.format)
    counts = {a: report.count(a) for a in ("created", "updated", "skipped", "error")}
    if args.format == "text":
        line = _("{file}: {created} created, {updated} updated, {skipped} skipped, {error} with problems.",
                 file=report.file, **counts)
        print(_("Dry run, nothing was changed. {summary}", summary=line) if report.dry_run else line)
    return 0


def _print_results(results: list, fmt: str) -> None:
    if fmt == "json":
        for r in results:
            print(json.dumps({"row": r.row, "action": r.action, "name": r.name, "record_id": r.record_id,
                              "message": _(r.message, **r.params)}, ensure_ascii=False))
        return
    for r in results:
        print(_("Row {row}: {name} {message}", row=r.row, name=r.name, message=_(r.message, **r.params)).strip())


def run_export(args: argparse.Namespace) -> int:
    from desktop.services.sheet_export import SheetExportService

    if args.out.exists():
        raise UserError(N_("{name} already exists; choose a new file name."), name=str(args.out))
    services = services_for(args)
    try:
        count = SheetExportService(services).export(args.kind, args.out, cohort_id=args.cohort,
                                                    activity_id=args.activity)
    finally:
        services.close()
    print(_("{count} rows written to {file}.", count=count, file=str(args.out)))
    return 0
