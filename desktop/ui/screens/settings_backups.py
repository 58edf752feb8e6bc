"""Settings for administrators: where backups go and how many are kept, the backup
passphrase (set or cleared, never shown), the idle screen lock, backing up now, and
restoring a backup (the replaced database is kept, so a restore can be undone)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import UserError
from desktop.i18n import _
from desktop.ui.context import UiContext
from desktop.ui.language import Retranslating
from desktop.ui.messages import confirm, error_text


class BackupsBox(Retranslating, QGroupBox):
    """The "Backups and security" section; shown to those who may change office settings."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.services = context, context.services
        self.setObjectName("backups-security")
        self.kept: str | None = None  # the database a restore replaced, for undo
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.folder = QLineEdit()
        self.folder.setObjectName("backup-folder")
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("choose-backup-folder")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        self.folder_label = QLabel()
        self.folder_label.setBuddy(self.folder)
        form.addRow(self.folder_label, folder_row)
        self.keep = QSpinBox()
        self.keep.setObjectName("backup-keep")
        self.keep.setRange(1, 365)
        self.keep_label = QLabel()
        self.keep_label.setBuddy(self.keep)
        form.addRow(self.keep_label, self.keep)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("backup-passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.clear_passphrase_button = QPushButton()
        self.clear_passphrase_button.setObjectName("clear-backup-passphrase")
        self.clear_passphrase_button.setCheckable(True)
        pass_row = QHBoxLayout()
        pass_row.addWidget(self.passphrase, 1)
        pass_row.addWidget(self.clear_passphrase_button)
        self.passphrase_label = QLabel()
        self.passphrase_label.setBuddy(self.passphrase)
        form.addRow(self.passphrase_label, pass_row)
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setObjectName("lock-minutes")
        self.lock_minutes.setRange(0, 240)
        self.lock_label = QLabel()
        self.lock_label.setBuddy(self.lock_minutes)
        form.addRow(self.lock_label, self.lock_minutes)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("backup-message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.backup_now_button = QPushButton()
        self.backup_now_button.setObjectName("backup-now")
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restore-backup")
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("undo-restore")
        self.undo_button.setVisible(False)
        self.save_button = QPushButton()
        self.save_button.setObjectName("save-backup-settings")
        for button in (self.backup_now_button, self.restore_button, self.undo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

        self.choose_button.clicked.connect(self.choose_folder)
        self.save_button.clicked.connect(self.save)
        self.backup_now_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.choose_restore)
        self.undo_button.clicked.connect(self.undo_restore)
        self.load()
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Backups and security"))
        # Alt+F, E, V and H open the menus; P, M, R and U are the settings' own.
        self.folder_label.setText(_("Backup f&older"))
        self.choose_button.setText(_("Choose…"))
        self.keep_label.setText(_("Backups &kept of each kind"))
        self.passphrase_label.setText(_("Encr&yption passphrase"))
        self.passphrase.setPlaceholderText(_("Set (leave empty to keep unchanged)") if not self._encrypted
                                           else _("Set — backups are encrypted now"))
        self.clear_passphrase_button.setText(_("Clear passphrase"))
        self.lock_label.setText(_("Lock the screen after &idle minutes"))
        self.lock_minutes.setSpecialValueText(_("Never"))
        self.backup_now_button.setText(_("&Back up now"))
        self.restore_button.setText(_("Restore a backup…"))
        self.undo_button.setText(_("Undo the restore"))
        self.save_button.setText(_("Save backup and security settings"))

    def load(self) -> None:
        conf = self.services.backups.settings()
        self.folder.setText(str(conf["folder"]))
        self.keep.setValue(int(conf["keep"]))
        self._encrypted = bool(conf["encrypted"])
        self.passphrase.clear()
        self.clear_passphrase_button.setChecked(False)
        self.lock_minutes.setValue(int((self.services.office.get() or {}).get("lock_minutes") or 0))

    def _say(self, text: str, role: str = "ok") -> None:
        self.message.setText(text)
        self.message.setProperty("role", role)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Choose the backup folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> bool:
        try:
            self.services.backups.configure(
                folder=self.folder.text().strip() or None, keep=self.keep.value(),
                passphrase=self.passphrase.text() or None,
                clear_passphrase=self.clear_passphrase_button.isChecked())
            self.services.office.update(lock_minutes=self.lock_minutes.value() or None)
        except (UserError, OSError) as error:
            self._say(error_text(error), "error")
            return False
        self.load()
        self.retranslate()
        self._say(_("Backup and security settings saved. The screen lock applies from the next start."))
        return True

    # -- backing up ---------------------------------------------------------------
    def back_up_now(self) -> None:
        backups = self.services.backups
        self.backup_now_button.setEnabled(False)
        self._say(_("Backing up…"))

        def work() -> Path:
            return backups.automatic("manual")

        self.context.tasks.run(work, self._backed_up, self._backup_failed)

    def _backed_up(self, path: Path) -> None:
        self.backup_now_button.setEnabled(True)
        self._say(_("Backup written: {path}", path=str(path)))

    def _backup_failed(self, error: BaseException) -> None:
        self.backup_now_button.setEnabled(True)
        self._say(error_text(error), "error")

    # -- restoring ----------------------------------------------------------------
    def choose_restore(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Restore a backup"), self.folder.text(), _("GovLab Desk backups (*.zip *.zip.age)"))
        if path and confirm(self, _("Restore a backup"),
                            _("The current database will be replaced by {name}. It is kept as a backup first, "
                              "so the restore can be undone. GovLab Desk must be restarted afterwards.",
                              name=Path(path).name), yes=_("Restore")):
            self.restore(Path(path))

    def restore(self, path: Path) -> bool:
        try:
            result = self.services.backups.restore(path)
        except UserError as error:
            self._say(error_text(error), "error")
            return False
        self.kept = result.get("kept")
        self.undo_button.setVisible(bool(self.kept))
        from desktop.services.backup import restore_notes

        self._say("\n".join([_("Restored {name}. The replaced database was kept at: {kept}. "
                                "Restart GovLab Desk now.", name=Path(path).name, kept=self.kept or "–"),
                              *restore_notes(result)]), "warning")
        return True

    def undo_restore(self) -> bool:
        if not self.kept:
            return False
        kept = Path(self.kept)
        try:
            self.services.backups.restore(kept)
        except UserError as error:
            self._say(error_text(error), "error")
            return False
        self.kept = None
        self.undo_button.setVisible(False)
        self._say(_("The restore was undone from {kept}. Restart GovLab Desk now.", kept=str(kept)), "warning")
        return True


def make_backups_box(context: UiContext, can_edit: bool) -> Any:
    """The section for administrators, or None when the services cannot back up."""
    if not can_edit or getattr(context.services, "backups", None) is None:
        return None
    return BackupsBox(context)
