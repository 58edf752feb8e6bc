"""Where things live: the per-user data folder and the files the app ships."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "GovLab Desk"
APP_SLUG = "govlab-desk"
DATABASE_FILE = "govlab.sqlite"


def default_data_dir() -> Path:
    """The per-user data folder (%LOCALAPPDATA%\\GovLab Desk on Windows,
    ~/.local/share/govlab-desk on Linux); GOVLAB_DATA_DIR overrides it."""
    override = os.environ.get("GOVLAB_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    name = APP_NAME if os.name == "nt" else APP_SLUG
    return Path(platformdirs.user_data_dir(name, appauthor=False, roaming=False))


def resources_dir() -> Path:
    """The shipped resources: fonts, icons, reference data, Qt translations."""
    return Path(__file__).resolve().parent.parent / "resources"


def catalogs_dir() -> Path:
    """Compiled message catalogs (built from i18n/*.po)."""
    return resources_dir() / "locale"


class DataPaths:
    """The layout of one data folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def field_key(self) -> Path:
        return self.keys / "field.key"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def paper_fonts(self) -> Path:
        """The font family the office chose to print papers with (absent: the bundled Sarabun)."""
        return self.root / "fonts"

    @property
    def sheet_mappings(self) -> Path:
        """Which spreadsheet header means which field, as confirmed in earlier imports."""
        return self.root / "sheet-mappings.json"

    def ensure(self) -> None:
        for folder in (self.root, self.attachments, self.backups, self.keys):
            folder.mkdir(parents=True, exist_ok=True)
