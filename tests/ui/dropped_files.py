"""Files dragged from the file manager and dropped on a widget, for the interface tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def drop_files(widget: QWidget, paths: list[Path]) -> bool:
    """Deliver the drag and the drop the way the window system does: to the window, at
    the widget's place (Qt then finds the widget there that accepts drops). True if the
    drop was taken."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    window = widget.window()
    where = widget.mapTo(window, widget.rect().center())
    handle = window.windowHandle()
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for event in (QDragEnterEvent(where, Qt.DropAction.CopyAction, mime, buttons, keys),
                  QDragMoveEvent(where, Qt.DropAction.CopyAction, mime, buttons, keys)):
        QApplication.sendEvent(handle, event)
        if not event.isAccepted():
            QApplication.sendEvent(handle, QDragLeaveEvent())
            return False
    drop = QDropEvent(QPointF(where), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(handle, drop)
    return drop.isAccepted()
