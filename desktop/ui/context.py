"""What every screen is given: the services, the task runner, the settings, and a
signal that tells screens a kind of record changed, so each refreshes what concerns it."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

from desktop.services.app_services import Services
from desktop.ui.tasks import TaskRunner

SETTINGS_FILE = "interface.ini"  # not desktop.ini: Windows Explorer owns that name


class UiContext(QObject):
    records_changed = Signal(str)   # the kind of record that was created, changed or deleted

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = TaskRunner(self)
        # Kept in the data folder, so a second data folder keeps its own window layout.
        self.settings = QSettings(str(services.paths.root / SETTINGS_FILE), QSettings.Format.IniFormat, self)

    def changed(self, kind: str) -> None:
        self.records_changed.emit(kind)
