"""Export to a USB stick: choose the stick (or any folder) and the recipient, write the
package off the GUI thread, then say plainly when the stick may be removed.

The sync service writes to a temporary name, flushes, reads it back and checks it, and
only then renames it to the real name, so a failure never leaves a half-written file
under the name shown here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.context import UiContext
from desktop.ui.language import Retranslating
from desktop.ui.mnemonics import mnemonic
from desktop.ui.removable import Drive, removable_drives
from desktop.ui.sync_text import PACKAGE_SUFFIX, suggested_name, write_error_text

STAGES = ("write", "check", "safe")


def _size_text(size: int | None) -> str:
    if size is None:
        return ""
    return _("{size} MB free", size=f"{size / 1_000_000:,.0f}") if size >= 10_000_000 else \
        _("{size} KB free", size=f"{size / 1000:,.0f}")


class ExportDialog(Retranslating, QDialog):
    exported = Signal(object)      # the service's ExportResult

    def __init__(self, context: UiContext, drives: list[Drive] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.services = context.services
        self.setObjectName("sync-export")
        self.setMinimumWidth(760)
        self._given_drives = drives
        self.result: Any = None
        self.error: BaseException | None = None
        self.busy = False
        self.profile = self.services.office.get() or {}
        self.recipients = [p for p in self.services.sync.status()["peers"] if not p["revoked"]]

        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.recipient = QComboBox()
        self.recipient.setObjectName("export-recipient")
        for peer in self.recipients:
            self.recipient.addItem(f"{peer['office_name']} ({peer['office_code']})", peer["site_id"])
        self.drive = QComboBox()
        self.drive.setObjectName("export-drive")
        self.drive.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.drive.setMinimumContentsLength(24)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("export-refresh")
        self.folder_button = QPushButton()
        self.folder_button.setObjectName("export-choose-folder")
        where = QHBoxLayout()
        where.addWidget(self.drive, 1)
        where.addWidget(self.refresh_button)
        where.addWidget(self.folder_button)
        self.no_drive = QLabel()
        self.no_drive.setWordWrap(True)
        self.no_drive.setStyleSheet("color: #6b6b6b;")
        self.file_name = QLineEdit()
        self.file_name.setObjectName("export-file-name")
        self.recipient_label, self.where_label, self.name_label = QLabel(), QLabel(), QLabel()
        self.recipient_label.setBuddy(self.recipient)
        self.where_label.setBuddy(self.drive)
        self.name_label.setBuddy(self.file_name)
        form.addRow(self.recipient_label, self.recipient)
        form.addRow(self.where_label, where)
        form.addRow("", self.no_drive)
        form.addRow(self.name_label, self.file_name)
        layout.addLayout(form)

        self.stage_labels: dict[str, QLabel] = {}
        for stage in STAGES:
            label = QLabel()
            label.setObjectName(f"export-stage-{stage}")
            self.stage_labels[stage] = label
            layout.addWidget(label)
        self.stage_state = {stage: "todo" for stage in STAGES}
        self.progress = QProgressBar()
        self.progress.setObjectName("export-progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.message = QLabel()
        self.message.setObjectName("export-message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.export_button = QPushButton()
        self.export_button.setObjectName("export-start")
        self.export_button.setDefault(True)
        self.close_button = QPushButton()
        self.close_button.setObjectName("export-close")
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.refresh_button.clicked.connect(self.refresh_drives)
        self.folder_button.clicked.connect(self.choose_folder)
        self.drive.currentIndexChanged.connect(lambda _i: self._suggest_name())
        self.recipient.currentIndexChanged.connect(lambda _i: self._suggest_name())
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)
        self.refresh_drives()
        self.retranslate()

    # -- drives -------------------------------------------------------------------
    def refresh_drives(self) -> None:
        chosen = self.folder()
        drives = self._given_drives if self._given_drives is not None else removable_drives()
        self.drive.blockSignals(True)
        self.drive.clear()
        for drive in drives:
            free = _size_text(drive.free)
            self.drive.addItem(f"{drive.label} — {drive.root}" + (f" ({free})" if free else ""), str(drive.root))
        if chosen is not None and self.drive.findData(str(chosen)) < 0 and chosen.is_dir():
            self.drive.addItem(str(chosen), str(chosen))
        if chosen is not None and self.drive.findData(str(chosen)) >= 0:
            self.drive.setCurrentIndex(self.drive.findData(str(chosen)))
        self.drive.blockSignals(False)
        self.no_drive.setVisible(self.drive.count() == 0)
        self._suggest_name()
        self._update_buttons()

    def use_folder(self, folder: Path | str) -> None:
        """Write to ``folder`` (what "Choose a folder…" does once a folder is chosen)."""
        folder = str(Path(folder))
        if self.drive.findData(folder) < 0:
            self.drive.addItem(folder, folder)
        self.drive.setCurrentIndex(self.drive.findData(folder))
        self.no_drive.setVisible(False)
        self._update_buttons()

    def choose_folder(self) -> None:
        start = str(self.folder() or self.context.settings.value("sync/export-folder") or Path.home())
        folder = QFileDialog.getExistingDirectory(self, _("Choose the folder or USB stick for the package"), start)
        if folder:
            self.use_folder(folder)

    def folder(self) -> Path | None:
        data = self.drive.currentData() if hasattr(self, "drive") else None
        return Path(data) if data else None

    def recipient_site(self) -> str | None:
        return self.recipient.currentData()

    def _recipient_code(self) -> str | None:
        if self.profile.get("role") != "hq":
            return None
        site = self.recipient_site()
        return next((p["office_code"] for p in self.recipients if p["site_id"] == site), None)

    def _suggest_name(self) -> None:
        folder = self.folder()
        if folder is None or self.busy:
            return
        self.file_name.setText(suggested_name(str(self.profile.get("office_code") or "site"), folder,
                                              recipient_code=self._recipient_code()))

    def target(self) -> Path | None:
        folder, name = self.folder(), self.file_name.text().strip()
        if folder is None or not name:
            return None
        if not name.lower().endswith(PACKAGE_SUFFIX):
            name += PACKAGE_SUFFIX
        return folder / name

    # -- texts --------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(_("Export to USB stick"))
        self.intro.setText(_("The package holds every change the recipient has not confirmed yet. It is encrypted "
                             "for the recipient and signed by this office, so a lost stick leaks nothing."))
        self.recipient_label.setText(mnemonic(_("Send to"), "T"))
        self.where_label.setText(mnemonic(_("USB stick"), "U"))
        self.name_label.setText(mnemonic(_("File name"), "N"))
        self.refresh_button.setText(_("Look again"))
        self.folder_button.setText(_("Choose a folder…"))
        self.no_drive.setText(_("No USB stick was found. Plug one in and press “Look again”, or choose a folder."))
        self.export_button.setText(_("Export"))
        self.close_button.setText(_("Close"))
        self._show_stages()
        self._show_outcome()

    def _show_stages(self) -> None:
        texts = {"write": _("Write and encrypt the package under a temporary name"),
                 "check": _("Read it back from the stick, check it, then give it its real name"),
                 "safe": _("Safe to remove the USB stick")}
        marks = {"todo": "○", "doing": "◔", "done": "✔", "failed": "✘"}
        for stage, label in self.stage_labels.items():
            state = self.stage_state[stage]
            label.setText(f"{marks[state]}  {texts[stage]}")
            color = {"done": "#1b7a3a", "failed": "#b00020", "doing": "#1f5fa8"}.get(state, "#6b6b6b")
            label.setStyleSheet(f"color: {color};")

    def _show_outcome(self) -> None:
        if self.error is not None:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(write_error_text(self.error) + "\n" +
                                 _("No package was left under this name; nothing was recorded as sent."))
        elif self.result is not None:
            self.message.setStyleSheet("color: #1b7a3a; font-weight: bold;")
            self.message.setText(_("The package {file} for {office} is written and checked: {changes} changes, "
                                   "{files} files. It is now safe to remove the USB stick.",
                                   file=self.result.path.name, office=self.result.recipient_name,
                                   changes=f"{self.result.changes:,}", files=f"{self.result.attachments:,}"))
        elif self.busy:
            self.message.setStyleSheet("")
            self.message.setText(_("Writing the package… Do not remove the USB stick."))
        elif not self.recipients:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(_("No office or headquarters is enrolled yet: enrol one on the Sync screen first."))
        else:
            self.message.setStyleSheet("")
            self.message.setText("")

    def _update_buttons(self) -> None:
        ready = not self.busy and self.result is None and bool(self.recipients) and self.folder() is not None
        self.export_button.setEnabled(ready)
        self.close_button.setEnabled(not self.busy)
        for widget in (self.recipient, self.drive, self.refresh_button, self.folder_button, self.file_name):
            widget.setEnabled(not self.busy and self.result is None)

    # -- exporting ----------------------------------------------------------------
    def start_export(self) -> None:
        target, site = self.target(), self.recipient_site()
        if target is None or site is None or self.busy:
            return
        self.error = None
        if target.exists():
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(_("{name} already exists; choose a new file name.", name=target.name))
            return
        if not target.parent.is_dir():
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(write_error_text(FileNotFoundError(2, "missing", str(target.parent))))
            return
        self.busy = True
        self.stage_state.update(write="doing", check="doing", safe="todo")
        self.progress.setRange(0, 0)          # busy: the service reports no steps
        self.progress.setVisible(True)
        self._show_stages()
        self._show_outcome()
        self._update_buttons()
        sync = self.services.sync

        def work(progress: Any) -> Any:
            result = sync.export(target, to=site)
            progress.report(1, 2)
            if not target.is_file() or target.stat().st_size != result.size:
                raise OSError(5, "the package read back differs from what was written", str(target))
            progress.report(2, 2)
            return result

        self.context.tasks.start(work, self._done, self._failed)

    def _done(self, result: Any) -> None:
        self.busy = False
        self.result = result
        self.stage_state.update(write="done", check="done", safe="done")
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.context.settings.setValue("sync/export-folder", str(result.path.parent))
        self._show_stages()
        self._show_outcome()
        self._update_buttons()
        self.close_button.setFocus()
        self.exported.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.error = error
        for stage in STAGES:
            if self.stage_state[stage] == "doing":
                self.stage_state[stage] = "failed"
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setVisible(False)
        self._show_stages()
        self._show_outcome()
        self._update_buttons()

    def reject(self) -> None:
        if self.busy:       # the package is being written: the dialog stays until it is done
            return
        super().reject()
