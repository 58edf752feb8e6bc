"""Settings: the font family official papers are printed with (แบบอักษรของหนังสือราชการ).

The bundled Sarabun, or the office's own TH SarabunIT๙ / TH SarabunPSK chosen from its
.ttf file; the files are checked and copied into the data folder off the GUI thread, and a
font that cannot be used is refused with the reason, leaving the current one in place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.errors import UserError
from desktop.i18n import _
from desktop.services.access import OFFICE
from desktop.services.paper_fonts import STYLE_NAMES, PaperFont, choose, current, reset
from desktop.ui.context import UiContext
from desktop.ui.language import Retranslating
from desktop.ui.messages import error_text


class PaperFontBox(Retranslating, QGroupBox):
    """Which family papers print with; choose another or go back to Sarabun."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.services = context, context.services
        self.setObjectName("paper-font")
        self.font_in_use: PaperFont | None = None
        self._problem: UserError | None = None
        layout = QVBoxLayout(self)
        self.family = QLabel()
        self.family.setObjectName("paper-font-family")
        self.family.setWordWrap(True)
        self.family.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.family.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.family)
        self.message = QLabel()
        self.message.setObjectName("paper-font-message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("choose-paper-font")
        self.bundled_button = QPushButton()
        self.bundled_button.setObjectName("bundled-paper-font")
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.bundled_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.can_edit = self.services.actor.can(OFFICE)
        self.choose_button.clicked.connect(self.choose_file)
        self.bundled_button.clicked.connect(self.use_bundled)
        self.load()
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Font of official papers"))
        self.choose_button.setText(_("Choose a &TH SarabunIT๙ / TH SarabunPSK file…"))
        self.choose_button.setAccessibleName(_("Choose the font file papers are printed with"))
        self.bundled_button.setText(_("Use the Sarabun bundled &with the app"))
        self._show_family()

    # -- showing -----------------------------------------------------------------
    def load(self) -> None:
        try:
            self.font_in_use, self._problem = current(self.services.paths), None
        except UserError as error:
            self.font_in_use, self._problem = None, error
        self._enable()

    def _enable(self, busy: bool = False) -> None:
        chosen = self.font_in_use is None or not self.font_in_use.bundled
        self.choose_button.setEnabled(self.can_edit and not busy)
        self.bundled_button.setEnabled(self.can_edit and not busy and chosen)

    def _show_family(self) -> None:
        font = self.font_in_use
        if font is None:
            self.family.setText(error_text(self._problem) if self._problem else "")
            self._fit_labels()
            return
        if font.bundled:
            text = _("Papers are printed with {family}, bundled with the app (SIL Open Font License 1.1).",
                     family=font.family)
        else:
            text = _("Papers are printed with {family}, chosen for this office.", family=font.family)
            for style, instead in font.substituted.items():
                text += "\n" + _("The family has no {style} style; the {instead} style is printed in its place.",
                                 style=_(STYLE_NAMES[style]), instead=_(STYLE_NAMES[instead]))
        self.family.setText(text)
        self._fit_labels()

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setProperty("role", role)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self._fit_labels()

    def _fit_labels(self) -> None:
        """Give the wrapped labels the height their text needs at their width (inside a
        scroll area Qt lays them out one line high, and the lines overlap)."""
        for label in (self.family, self.message):
            if label.isVisible() and label.width() > 0:
                label.setMinimumHeight(label.heightForWidth(label.width()) if label.text() else 0)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().resizeEvent(event)
        self._fit_labels()

    # -- changing ----------------------------------------------------------------
    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the font file papers are printed with"), "",
            _("TrueType fonts (*.ttf *.TTF)") + ";;" + _("All files (*)"))
        if name:
            self.use_file(Path(name))

    def use_file(self, path: Path) -> int:
        """Check and copy the family of ``path`` off the GUI thread; the outcome is shown."""
        services = self.services
        self._enable(busy=True)
        self._say(_("Checking {file}…", file=path.name), "")
        return self.context.tasks.run(lambda: choose(services, path), self._changed, self._refused, owner=self)

    def use_bundled(self) -> int:
        services = self.services
        self._enable(busy=True)
        return self.context.tasks.run(lambda: reset(services), self._changed, self._refused, owner=self)

    def _changed(self, font: PaperFont) -> None:
        self.font_in_use, self._problem = font, None
        self._enable()
        self._show_family()
        self._say(_("Papers will be printed with {family} from now on.", family=font.family), "ok")

    def _refused(self, error: BaseException) -> None:
        self.load()             # whatever is in force now (a refused choice changed nothing)
        self._show_family()
        self._say(error_text(error), "error")
