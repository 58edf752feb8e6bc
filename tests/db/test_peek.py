"""The glance at a data folder taken before the database layer is imported."""

from __future__ import annotations

import hashlib
import sqlite3

from desktop.db.peek import ready_to_sign_in
from desktop.paths import DataPaths
from desktop.services.app_services import open_services


def _digest(folder) -> str:
    return hashlib.sha256(DataPaths(folder).database.read_bytes()).hexdigest()


def test_a_folder_with_its_office_and_an_account_is_ready_and_left_untouched(data_dir):
    services = open_services(data_dir)
    assert not ready_to_sign_in(data_dir)            # an office profile, nobody to sign in yet
    services.users.create_first_admin("admin", "password-1")
    services.close()
    before = _digest(data_dir)
    assert ready_to_sign_in(data_dir)
    assert _digest(data_dir) == before


def test_anything_unusual_takes_the_ordinary_start(tmp_path, data_dir):
    assert not ready_to_sign_in(tmp_path / "nothing-here")
    services = open_services(tmp_path / "fresh")     # a first start: no office profile
    services.close()
    assert not ready_to_sign_in(tmp_path / "fresh")

    services = open_services(data_dir)
    services.users.create_first_admin("admin", "password-1")
    services.close()
    database = DataPaths(data_dir).database
    with sqlite3.connect(database) as conn:          # an upgrade is due
        conn.execute("UPDATE alembic_version SET version_num = '0006'")
    assert not ready_to_sign_in(data_dir)
    database.write_bytes(b"not a database" * 100)    # damaged
    assert not ready_to_sign_in(data_dir)
