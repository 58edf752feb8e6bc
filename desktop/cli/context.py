"""Opening the data folder for a command."""

from __future__ import annotations

import argparse

from desktop.core.errors import UserError
from desktop.core.text import N_
from desktop.paths import DataPaths
from desktop.services.app_services import Services, open_services


def services_for(args: argparse.Namespace, create: bool = False) -> Services:
    """Open the data folder; unless ``create``, refuse to make a new database."""
    if not create and not args.database_url and not DataPaths(args.data_dir).database.exists():
        raise UserError(N_("There is no GovLab Desk database in {folder}. "
                           "Run 'govlab-desk init' first, or give --data-dir."), folder=str(args.data_dir))
    return open_services(args.data_dir, args.database_url)
