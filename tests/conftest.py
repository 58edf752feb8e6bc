"""Shared fixtures: real data folders with real SQLite files.

Building a data folder loads 8,441 areas and the agencies; it is done once per test
session as a template and copied for each test that needs a fresh one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.i18n import set_language  # noqa: E402
from desktop.services.app_services import Services, open_services  # noqa: E402

OFFICE = dict(office_name="สำนักงานจังหวัดนครปฐม", office_code="NPT01", area_code="73", role="office")


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "data"
    services = open_services(folder)
    services.office.init(**OFFICE)
    services.close()
    return folder


@pytest.fixture
def data_dir(template_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(template_dir, target)
    return target


@pytest.fixture
def services(data_dir: Path) -> Services:
    opened = open_services(data_dir)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _thai_by_default() -> None:
    set_language("th")
