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
from desktop.reports.fonts import use_font_files  # noqa: E402
from desktop.services.app_services import Services, open_services  # noqa: E402

OFFICE = dict(office_name="สำนักงานจังหวัดนครปฐม", office_code="NPT01", area_code="73", role="office")

# System fonts the paper-font tests choose (Debian packages; installer/debian/bootstrap.sh
# test installs them): TLWG Laksaman, TH SarabunPSK's free metric clone, and a TrueType
# font without Thai that any machine with fontconfig (one of these) or LibreOffice
# (OpenSymbol) has.
TRUETYPE = Path("/usr/share/fonts/truetype")
LAKSAMAN = {"regular": "Laksaman.ttf", "bold": "Laksaman-Bold.ttf", "italic": "Laksaman-Italic.ttf",
            "bold_italic": "Laksaman-BoldItalic.ttf"}
LATIN_ONLY = tuple(TRUETYPE / name for name in (
    "dejavu/DejaVuSans.ttf", "liberation/LiberationSans-Regular.ttf", "liberation2/LiberationSans-Regular.ttf",
    "ttf-bitstream-vera/Vera.ttf", "libreoffice/opens___.ttf"))


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


@pytest.fixture
def laksaman() -> dict[str, Path]:
    """The Laksaman family's files by style."""
    files = {style: TRUETYPE / "tlwg" / name for style, name in LAKSAMAN.items()}
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        pytest.fail("Laksaman is missing (" + ", ".join(missing) + "): install the Debian package "
                    "fonts-tlwg-laksaman-ttf (installer/debian/bootstrap.sh test does)")
    return files


@pytest.fixture
def latin_only() -> Path:
    """A TrueType font without Thai letters."""
    found = next((p for p in LATIN_ONLY if p.is_file()), None)
    if found is None:
        pytest.fail("No TrueType font without Thai found (" + ", ".join(map(str, LATIN_ONLY)) + ")")
    return found


@pytest.fixture(autouse=True)
def _bundled_paper_fonts_afterwards():
    """Papers drawn by later tests in this process use the bundled Sarabun again."""
    yield
    use_font_files(None)
