"""Opening the data folder for a command, as the user the command acts for.

Who the command line acts as: without ``--user`` it trusts the operating system. Whoever
can run it on this data folder can already read and replace the database file itself, so
a password there would protect nothing; the command acts as ``os:<login name>`` with the
administrator role, and the change log and audit events name that account. With
``--user NAME`` it acts as that GovLab Desk user, with that user's role, after the
password (from ``--user-password-file`` or typed at a prompt, never on the command line) is
checked with the same throttling as the app's sign-in."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.paths import DataPaths
from desktop.services.access import Actor, os_actor
from desktop.services.app_services import Services, open_services


def read_secret(file: Path | None, prompt: str, confirm: str | None = None) -> str:
    """A password from a file (its first line) or typed without echo."""
    if file is not None:
        try:
            return Path(file).read_text(encoding="utf-8").splitlines()[0] if Path(file).stat().st_size else ""
        except OSError as error:
            raise UserError(N_("Cannot read the password file {name}: {reason}"), name=str(file),
                            reason=error.strerror or str(error)) from None
    if not sys.stdin.isatty():
        raise UserError(N_("No password given: use --password-file, or run the command in a terminal to type it."))
    secret = getpass.getpass(prompt)
    if confirm is not None and getpass.getpass(confirm) != secret:
        raise UserError(N_("The two passwords are not the same."))
    return secret


def actor_for(args: argparse.Namespace, services: Services) -> Actor:
    name = getattr(args, "user", None)
    if not name:
        return os_actor()
    from desktop.i18n import _

    password = read_secret(getattr(args, "user_password_file", None), _("Password for {name}: ", name=name))
    return services.users.authenticate(name, password)


def services_for(args: argparse.Namespace, create: bool = False) -> Services:
    """Open the data folder as the command's actor; unless ``create``, refuse to make a new database."""
    if not create and not args.database_url and not DataPaths(args.data_dir).database.exists():
        raise UserError(N_("There is no GovLab Desk database in {folder}. "
                           "Run 'govlab-desk init' first, or give --data-dir."), folder=str(args.data_dir))
    opened = open_services(args.data_dir, args.database_url)
    try:
        return opened.as_user(actor_for(args, opened))
    except BaseException:
        opened.close()
        raise
