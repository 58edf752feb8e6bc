"""The About box: version, and the credits the data and font licences ask for."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import __version__
from desktop.i18n import _


def about_text() -> str:
    parts = [
        f"<h3>GovLab Desk {html.escape(__version__)}</h3>",
        "<p>" + html.escape(_("Offline records, official Thai papers and file-based sync for "
                              "Government Innovation Lab offices and the PMDU (ป.ย.ป.) courses.")) + "</p>",
        "<p>" + html.escape(_("Administrative areas: GeoThai data, licensed under CC BY 4.0.")) + "<br>",
        html.escape(_("Font: Sarabun by Cadson Demak, licensed under the SIL Open Font License 1.1.")) + "<br>",
        html.escape(_("Built with Qt for Python (PySide6), licensed under the LGPL v3.")) + "</p>",
    ]
    return "".join(parts)


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(parent, _("About GovLab Desk"), about_text())
