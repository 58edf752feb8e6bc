"""The app's own icons (resources/icons/*.svg), with a white copy for selected items."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtGui import QIcon, QPixmap

from desktop.paths import resources_dir

STROKE = "#2f4a66"
SIZES = (16, 20, 24, 32, 48)


def _pixmap(svg: str, size: int) -> QPixmap:
    pixmap = QPixmap()
    pixmap.loadFromData(QByteArray(svg.encode("utf-8")), "SVG")
    return pixmap.scaled(QSize(size, size)) if not pixmap.isNull() else pixmap


@cache
def icon(name: str) -> QIcon:
    """The icon ``name`` (an empty icon if the file is missing)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    if not path.is_file():
        return QIcon()
    svg = path.read_text(encoding="utf-8")
    white = svg.replace(STROKE, "#ffffff")
    result = QIcon()
    for size in SIZES:
        result.addPixmap(_pixmap(svg.replace('width="24" height="24"', f'width="{size}" height="{size}"'), size),
                         QIcon.Mode.Normal)
        result.addPixmap(_pixmap(white.replace('width="24" height="24"', f'width="{size}" height="{size}"'), size),
                         QIcon.Mode.Selected)
    return result


APP_ICON = "govlab-desk.ico"   # drawn by the Windows build (installer/windows/buildtools.py icon)


def app_icon() -> QIcon:
    """The app's own icon for its windows' title bars and Alt+Tab: the .ico the Windows
    build puts beside the other icons; an empty icon in a checkout, which has none. (The
    taskbar button takes the Start-menu shortcut's icon, which is the same .ico; no
    AppUserModelID is set, so a pinned shortcut keeps launching the app.)"""
    path = resources_dir() / "icons" / APP_ICON
    return QIcon(str(path)) if path.is_file() else QIcon()
