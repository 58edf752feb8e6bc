"""Photos and documents of a record: add them with the file dialog or by dropping files,
see thumbnails, open one with the system's viewer, remove one (into the trash).
Copying files in and reading thumbnails run off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QImage,
    QImageReader,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.language import Retranslating
from desktop.ui.messages import error_text

THUMB = 120


def read_thumbnail(path: Path) -> QImage | None:
    """A picture file scaled to fit the thumbnail (worker thread: QImage only)."""
    reader = QImageReader(str(path))
    if not reader.canRead():
        return None
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and (size.width() > THUMB or size.height() > THUMB):
        reader.setScaledSize(size.scaled(QSize(THUMB, THUMB), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image


class FileList(QListWidget):
    dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setGridSize(QSize(THUMB + 40, THUMB + 48))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWordWrap(True)
        self.setMovement(QListView.Movement.Static)
        self.viewport().setAcceptDrops(True)   # a static list turns drops on its viewport off

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.dropped.emit(paths)


class AttachmentsPanel(Retranslating, QWidget):
    wrote = Signal(str)
    loaded = Signal()

    def __init__(self, services: Any, owner_kind: str, tasks: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.owner_kind, self.tasks = services, owner_kind, tasks
        self.owner: dict[str, Any] | None = None
        self.setObjectName("part-files")
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.list = FileList()
        self.list.setObjectName("files")
        layout.addWidget(self.list, 1)
        bar = QHBoxLayout()
        self.problem = QLabel()
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.add_button, self.open_button, self.remove_button = QPushButton(), QPushButton(), QPushButton()
        bar.addWidget(self.problem, 1)
        for name, button in (("add-files", self.add_button), ("open-file", self.open_button),
                             ("remove-file", self.remove_button)):
            button.setObjectName(name)
            bar.addWidget(button)
        layout.addLayout(bar)
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemActivated.connect(lambda _item: self.open_selected())
        self.list.dropped.connect(self.add_files)
        self.set_owner(None)

    def retranslate(self) -> None:
        self.note.setText(_("Drop photos or documents here, or add them with “Add files…”. "
                            "Double-click one to open it.") if self.owner
                          else _("Save the record first (Apply), then add its details here."))
        self.list.setAccessibleName(_("Photos and files"))
        self.add_button.setText(_("Add &files…"))
        self.open_button.setText(_("&Open"))
        self.remove_button.setText(_("Re&move"))

    def set_owner(self, record: dict[str, Any] | None) -> None:
        self.owner = record
        for widget in (self.list, self.add_button, self.open_button, self.remove_button):
            widget.setEnabled(record is not None)
        self.retranslate()
        self.reload()

    def _run(self, fn: Any, done: Any) -> None:
        def failed(error: BaseException) -> None:
            self.problem.setText(error_text(error))
        if self.tasks is None:
            try:
                done(fn())
            except Exception as error:  # noqa: BLE001 - shown in the panel
                failed(error)
        else:
            self.tasks.run(fn, done, failed, owner=self)

    def reload(self) -> None:
        self.list.clear()
        if self.owner is None:
            return
        attachments, owner_id = self.services.attachments, self.owner["id"]

        def read() -> list[tuple[dict[str, Any], QImage | None]]:
            rows = attachments.for_record(owner_id)
            return [(r, read_thumbnail(attachments.path_for(r["sha256"]))
                     if str(r.get("media_type", "")).startswith("image/") else None) for r in rows]
        self._run(read, self._show)

    def _show(self, rows: list[tuple[dict[str, Any], QImage | None]]) -> None:
        self.list.clear()
        file_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for record, image in rows:
            item = QListWidgetItem(QIcon(QPixmap.fromImage(image)) if image is not None else file_icon,
                                   record.get("caption") or record.get("file_name") or "")
            item.setData(Qt.ItemDataRole.UserRole, record)
            item.setToolTip(record.get("file_name") or "")
            self.list.addItem(item)
        self.loaded.emit()

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Add photos or documents"))
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        if not paths or self.owner is None:
            return
        attachments, kind, owner_id = self.services.attachments, self.owner_kind, self.owner["id"]
        self.problem.setText(_("Adding {count} files…", count=len(paths)))

        def add() -> int:
            for path in paths:
                attachments.add(kind, owner_id, path)
            return len(paths)

        def done(_count: int) -> None:
            self.problem.setText("")
            self.wrote.emit("attachment")
            self.reload()
        self._run(add, done)

    def selected(self) -> dict[str, Any] | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def open_selected(self) -> None:
        record = self.selected()
        if record:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.services.attachments.path_for(record["sha256"]))))

    def remove_selected(self) -> None:
        record = self.selected()
        if record:
            self._run(lambda: self.services.attachments.delete(record["id"]),
                      lambda _r: (self.wrote.emit("attachment"), self.reload()))
