"""Import a data package: a dry run first, its report in the user's language, then
"Apply" imports it for real (all or nothing) and shows the final report. A refused
package shows why and that the database is unchanged. Both runs are off the GUI thread."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.sync.report import ImportReport
from desktop.ui.context import UiContext
from desktop.ui.language import Retranslating
from desktop.ui.mnemonics import mnemonic
from desktop.ui.sync_text import record_title, refused_html, report_html

SYNCED_KINDS = ("person", "project", "activity", "course", "cohort", "agency")


def run_import(services: Any, path: Path, dry_run: bool) -> tuple[ImportReport, dict[tuple[str, str], str]]:
    """The import (worker thread) and the titles of the records in conflict."""
    report = services.sync.import_file(path, dry_run=dry_run)
    titles = {(c.kind, c.record_id): record_title(services, c.kind, c.record_id) for c in report.conflicts}
    return report, titles


class ImportDialog(Retranslating, QDialog):
    imported = Signal(object)      # the final ImportReport

    def __init__(self, context: UiContext, path: Path | str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.services = context.services
        self.setObjectName("sync-import")
        self.resize(760, 560)
        self.path: Path | None = None
        self.state = "empty"        # empty, checking, checked, applying, applied, refused
        self.report: ImportReport | None = None
        self.titles: dict[tuple[str, str], str] = {}
        self.error: BaseException | None = None

        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.file_label = QLabel()
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("import-file")
        self.file_edit.setReadOnly(True)
        self.file_label.setBuddy(self.file_edit)
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("import-choose")
        row.addWidget(self.file_label)
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setObjectName("import-progress")
        self.progress.setTextVisible(False)
        self.progress.setRange(0, 1)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.view = QTextBrowser()
        self.view.setObjectName("import-report")
        self.view.setOpenLinks(False)
        layout.addWidget(self.view, 1)
        self.status = QLabel()
        self.status.setObjectName("import-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("import-apply")
        self.close_button = QPushButton()
        self.close_button.setObjectName("import-close")
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.choose_button.clicked.connect(self.choose_file)
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.reject)
        self.retranslate()
        if path is not None:
            self.check(path)

    # -- steps ----------------------------------------------------------------------
    def choose_file(self) -> None:
        start = str(self.context.settings.value("sync/import-folder") or Path.home())
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose a data package"), start,
                                                    _("Data packages (*.govlab)"))
        if name:
            self.check(name)

    def check(self, path: Path | str) -> None:
        """Dry run of ``path``: the report of what the import would do, nothing saved."""
        if self.busy():
            return
        self.path = Path(path)
        self.file_edit.setText(str(self.path))
        self.context.settings.setValue("sync/import-folder", str(self.path.parent))
        self._run(dry_run=True)

    def apply(self) -> None:
        if self.state != "checked" or self.path is None:
            return
        self._run(dry_run=False)

    def busy(self) -> bool:
        return self.state in ("checking", "applying")

    def _run(self, dry_run: bool) -> None:
        self.state = "checking" if dry_run else "applying"
        self.error = None
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self._show()
        services, path = self.services, self.path
        self.context.tasks.start(lambda _progress: run_import(services, path, dry_run),
                                 lambda result: self._finished(result, dry_run), self._failed, owner=self)

    def _finished(self, result: tuple[ImportReport, dict], dry_run: bool) -> None:
        self.report, self.titles = result
        self.state = "checked" if dry_run and not self.report.already_applied else "applied"
        if dry_run and self.report.already_applied:
            self.state = "already"
        self._show()
        if not dry_run:
            self.imported.emit(self.report)

    def _failed(self, error: BaseException) -> None:
        self.error = error
        self.report = None
        self.state = "refused"
        self._show()

    # -- showing ----------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(_("Import a data package"))
        self.intro.setText(_("First a dry run shows what the package would change; nothing is saved until you "
                             "press “Apply”. A package is imported completely or not at all."))
        self.file_label.setText(mnemonic(_("Package"), "P"))
        self.view.setAccessibleName(_("What the package would change"))
        self.choose_button.setText(_("Choose a package…"))
        self.apply_button.setText(_("Apply"))
        self.close_button.setText(_("Close"))
        self._show()

    def _show(self) -> None:
        busy = self.busy()
        if not busy:
            self.progress.setRange(0, 1)
            self.progress.setValue(1 if self.state in ("applied", "already") else 0)
            self.progress.setVisible(False)
        self.apply_button.setEnabled(self.state == "checked")
        self.choose_button.setEnabled(not busy and self.state != "applied")
        self.close_button.setEnabled(not busy)
        status, color = "", ""
        if self.state == "empty":
            hint = _("Choose the .govlab file that came from the other side.")
            self.view.setHtml(f"<p>{html.escape(hint)}</p>")
        elif self.state == "checking":
            status = _("Checking the package (signature, recipient, contents)…")
        elif self.state == "applying":
            status, color = _("Importing… Do not close the program."), ""
        elif self.state == "refused" and self.error is not None:
            self.view.setHtml(refused_html(self.error))
            status, color = _("Refused. The database is unchanged."), "#b00020"
        elif self.report is not None:
            self.view.setHtml(report_html(self.report, self.titles))
            if self.state == "checked":
                status = _("Dry run done: nothing has been saved. Press “Apply” to import the package.")
            elif self.state == "already":
                status = _("This package was imported before; there is nothing to apply.")
            else:
                status, color = _("The package is imported."), "#1b7a3a"
        self.status.setText(status)
        self.status.setStyleSheet(f"color: {color}; font-weight: bold;" if color else "")

    def reject(self) -> None:
        if self.busy():
            return
        super().reject()
