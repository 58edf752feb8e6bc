"""`backup` and `restore`."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.i18n import _
from desktop.paths import DataPaths
from desktop.services.backup import create_backup, restore_backup


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("backup", help=_("write a consistent backup of the data folder"))
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.set_defaults(handler=run_backup)
    p = commands.add_parser("restore", help=_("replace the database with a checked backup"))
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    paths = DataPaths(args.data_dir)
    if args.out.exists():
        raise UserError(N_("{name} already exists; choose a new file name."), name=str(args.out))
    manifest = create_backup(paths, args.out)
    print(_("Backup written to {file} (schema {revision}).", file=str(args.out),
            revision=manifest["schema_revision"]))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    paths = DataPaths(args.data_dir)
    paths.ensure()
    result = restore_backup(paths, args.file)
    print(_("Restored from {file}.", file=str(args.file)))
    if result["kept"]:
        print(_("The replaced database was kept as {file}; restore it the same way to undo.",
                file=result["kept"]))
    return 0
