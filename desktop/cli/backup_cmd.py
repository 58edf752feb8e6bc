"""`backup` and `restore`."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.i18n import _
from desktop.paths import DataPaths
from desktop.services.access import BACKUP, RESTORE, os_actor, require
from desktop.services.backup import create_backup, damaged_attachments, restore_backup, restore_notes


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("backup", help=_("write a consistent backup of the data folder"))
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.set_defaults(handler=run_backup)
    p = commands.add_parser("restore", help=_("restore a checked backup: the database, and the attachments, "
                                              "paper font and spreadsheet column mappings in it"))
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--passphrase-file", type=Path, default=None, metavar="FILE",
                   help=_("passphrase of an encrypted (.age) backup, from the first line of FILE"))
    p.set_defaults(handler=run_restore)


def _check(args: argparse.Namespace, permission: str) -> None:
    """Backups work on the files even when the database cannot be opened, so the command
    opens it only to check a named --user."""
    if not args.user:
        require(os_actor(), permission)
        return
    from desktop.cli.context import services_for

    services = services_for(args)
    try:
        require(services.actor, permission)
    finally:
        services.close()


def run_backup(args: argparse.Namespace) -> int:
    _check(args, BACKUP)
    paths = DataPaths(args.data_dir)
    if args.out.exists():
        raise UserError(N_("{name} already exists; choose a new file name."), name=str(args.out))
    manifest = create_backup(paths, args.out)
    print(_("Backup written to {file} (schema {revision}).", file=str(args.out),
            revision=manifest["schema_revision"]))
    print(_("Files from the data folder in it: {count} (attachments, paper font, spreadsheet column mappings).",
            count=len(manifest["files"])))
    damaged = damaged_attachments(manifest)
    if damaged:
        print(_("Warning: {count} attachment files in the data folder are damaged (their content no longer "
                "matches their checksum); they cannot be restored from this backup.", count=len(damaged)))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    _check(args, RESTORE)
    paths = DataPaths(args.data_dir)
    paths.ensure()
    passphrase = None
    if args.passphrase_file is not None or args.file.name.endswith(".age"):
        from desktop.cli.context import read_secret

        passphrase = read_secret(args.passphrase_file, _("Backup passphrase: "))
    result = restore_backup(paths, args.file, passphrase)
    print(_("Restored from {file}.", file=str(args.file)))
    for note in restore_notes(result):
        print(note)
    if result["kept"]:
        print(_("The replaced database was kept as {file}; restore it the same way to undo.",
                file=result["kept"]))
    return 0
