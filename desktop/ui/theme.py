"""Fonts and the few styles the app sets itself.

Sarabun (SIL OFL 1.1, shipped in resources/fonts) is the application font: with a
fallback font Qt computes widget heights from a Latin font and cuts off Thai tone marks.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop.paths import resources_dir

log = logging.getLogger(__name__)

FONT_FAMILY = "Sarabun"
FONT_POINT_SIZE = 11

STYLE_SHEET = """
QListWidget#navigation { border: none; background: palette(window); padding: 4px; }
QListWidget#navigation::item { padding: 6px 10px; border-radius: 4px; }
QListWidget#navigation::item:selected { background: #1f5fa8; color: white; }
QLabel[role="heading"] { font-size: 16pt; font-weight: bold; }
QLabel[role="error"] { color: #b00020; }
QLabel[role="ok"] { color: #1b7a34; }
QFrame#placeholder { background: palette(base); border: 1px dashed #9aa5b1; border-radius: 8px; }
"""


def load_fonts() -> str | None:
    """Register the shipped Sarabun files; returns the family name, or None if missing."""
    family = None
    for path in sorted((resources_dir() / "fonts").glob("Sarabun-*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Cannot load the font %s", path.name)
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        family = family or (families[0] if families else None)
    return family


def apply_theme(app: QApplication) -> None:
    family = load_fonts()
    if family is None:
        log.warning("Sarabun is missing: Thai text may be clipped")
    font = QFont(family or app.font().family(), FONT_POINT_SIZE)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
