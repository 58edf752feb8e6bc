"""Parsing the command line and running one command against a data folder."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.core.errors import UserError
from desktop.i18n import _, language_from_env, set_language, translate_error
from desktop.paths import default_data_dir

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """Usage mistakes end like every other failure: one line, in the user's language."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, _("Error: {message}", message=_("{problem} (see '{command} --help')",
                                                                problem=message, command=self.prog)) + "\n")


def build_parser() -> argparse.ArgumentParser:
    from desktop.cli import (backup_cmd, font_cmd, pdpa_cmd, records_cmd, report_cmd, setup_cmd, sheet_cmd,
                             sync_cmd, trust_cmd)

    parser = _Parser(
        prog="govlab-desk",
        description=_("GovLab Desk: records, official papers and sync for Government Innovation Lab offices. "
                      "Without a command, starts the desktop app."))
    parser.add_argument("--version", action="version", version=f"GovLab Desk {__version__}")
    parser.add_argument("--data-dir", type=Path, default=None, metavar="DIR",
                        help=_("data folder (default: the per-user data folder)"))
    parser.add_argument("--database-url", default=None, metavar="URL",
                        help=_("database URL instead of the data folder's SQLite file (headquarters)"))
    parser.add_argument("--lang", choices=["th", "en"], default=None,
                        help=_("language of messages (default: from the system locale, else Thai)"))
    parser.add_argument("--user", default=None, metavar="NAME",
                        help=_("act as this GovLab Desk user (asks for the password); without it the command "
                               "acts as the operating-system account, as an administrator"))
    parser.add_argument("--user-password-file", type=Path, default=None, metavar="FILE",
                        help=_("read the password of --user from the first line of FILE"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in (setup_cmd, records_cmd, backup_cmd, report_cmd, font_cmd, sync_cmd, sheet_cmd, trust_cmd, pdpa_cmd):
        module.register(commands)
    return parser


def _language(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return language_from_env()


def run(argv: Sequence[str]) -> int:
    set_language(_language(argv) if _language(argv) in ("th", "en") else "th")
    parser = build_parser()
    args = parser.parse_args(argv)
    args.data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    try:
        return int(args.handler(args) or EXIT_OK)
    except UserError as error:
        sys.stderr.write(_("Error: {message}", message=translate_error(error)) + "\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write(_("Stopped.") + "\n")
        return 130
    except OSError as error:
        sys.stderr.write(_("Error: {message}", message=_os_error(error)) + "\n")
        return EXIT_ERROR


def _os_error(error: OSError) -> str:
    import errno

    where = error.filename or ""
    if error.errno == errno.ENOSPC:
        return _("The disk is full ({where}). Free some space and try again; nothing was changed.", where=where)
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("No permission to write to {where}. Choose another folder or ask your IT officer.", where=where)
    return _("Cannot read or write {where}: {reason}", where=where, reason=error.strerror or str(error))


def main_cli(argv: Sequence[str] | None = None) -> int:
    if os.name == "nt":
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.reconfigure(encoding="utf-8")
            except (AttributeError, ValueError):
                pass
    return run(list(sys.argv[1:] if argv is None else argv))
