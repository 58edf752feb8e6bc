"""Showing and printing a PDF the app wrote, with pypdfium2 (Qt's own PDF module is an
add-on the app does not ship).

Pages are rendered off the GUI thread to ``QImage`` painted over white (a PDF page is
transparent where nothing is drawn), shown one under the other in a scroll area, with
zoom in / zoom out / fit width. ``print_pdf`` renders each page at the printer's
resolution and paints it on a ``QPrinter``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.language import Retranslating

# PDFium is not thread-safe: one call at a time, whichever thread makes it.
_PDFIUM = threading.Lock()
WHITE = (255, 255, 255, 255)
MAX_PRINT_DPI = 600
ZOOMS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)


def page_sizes(path: str | Path) -> list[tuple[float, float]]:
    """Width and height of each page, in points."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
        try:
            return [tuple(pdf[i].get_size()) for i in range(len(pdf))]
        finally:
            pdf.close()


def _to_qimage(pil: Any) -> QImage:
    rgb = pil.convert("RGB")
    data = rgb.tobytes()
    image = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: ``data`` goes away with this frame


def render_pages(path: str | Path, scale: float, pages: list[int] | None = None) -> list[QImage]:
    """The pages as images over white; ``scale`` 1.0 is 72 dots per inch. Safe on a worker thread."""
    import pypdfium2 as pdfium

    out: list[QImage] = []
    with _PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
        try:
            for i in (range(len(pdf)) if pages is None else pages):
                bitmap = pdf[i].render(scale=scale, fill_color=WHITE)
                out.append(_to_qimage(bitmap.to_pil()))
        finally:
            pdf.close()
    return out


def merge_pdfs(parts: list[Path], out_path: str | Path) -> Path:
    """One PDF holding the pages of ``parts`` in order."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        merged = pdfium.PdfDocument.new()
        try:
            for part in parts:
                source = pdfium.PdfDocument(str(part))
                try:
                    merged.import_pages(source)
                finally:
                    source.close()
            merged.save(str(out_path))
        finally:
            merged.close()
    return Path(out_path)


def print_pdf(path: str | Path, printer: Any) -> int:
    """Paint every page of ``path`` on ``printer`` (a QPrinter); returns the page count.

    Each page is rendered at the printer's resolution (at most 600 dpi) and drawn on the
    whole sheet (the PDF holds the paper's margins); a landscape first page (certificates)
    turns the sheet to landscape."""
    sizes = page_sizes(path)
    if not sizes:
        return 0
    width, height = sizes[0]
    size = printer.pageLayout().pageSize()
    if not size.isValid() or size.id() == QPageSize.PageSizeId.Custom:
        size = QPageSize(QPageSize.PageSizeId.A4)
    orientation = QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    # The paper's own margins are in the PDF: print the whole sheet at its true size.
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0)))
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(_("The printer could not be started."))
    try:
        for number in range(len(sizes)):
            if number:
                printer.newPage()
            image = render_pages(path, dpi / 72.0, [number])[0]
            area = printer.pageLayout().fullRectPixels(printer.resolution())
            target = QSize(image.width(), image.height()).scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            rect = QRect(0, 0, target.width(), target.height())
            rect.moveCenter(QRect(0, 0, area.width(), area.height()).center())
            painter.drawImage(QRectF(rect), image)
    finally:
        painter.end()
    return len(sizes)


class PdfPreview(Retranslating, QWidget):
    """The pages of one PDF, scrollable, with zoom controls. ``show_pdf(path)`` renders
    in the background; ``rendered`` is emitted with the page count once they are shown."""

    rendered = Signal(int)
    failed = Signal(object)

    def __init__(self, tasks: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.path: Path | None = None
        self.sizes: list[tuple[float, float]] = []
        self.zoom = 1.0
        self.fit = True
        self.images: list[QImage] = []
        self.setObjectName("pdf-preview")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.zoom_out_button, self.zoom_in_button, self.fit_button = QToolButton(), QToolButton(), QToolButton()
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        for name, button in (("zoom-out", self.zoom_out_button), ("zoom-in", self.zoom_in_button),
                             ("fit-width", self.fit_button)):
            button.setObjectName(name)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bar.addWidget(button)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoom")
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000 %"))
        bar.addWidget(self.zoom_label)
        bar.addStretch(1)
        self.pages_label = QLabel()
        self.pages_label.setObjectName("page-count")
        bar.addWidget(self.pages_label)
        layout.addLayout(bar)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("pages")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll.setStyleSheet("QScrollArea#pages > QWidget > QWidget { background: #8a8f98; }")
        self.canvas = QWidget()
        self.page_layout = QVBoxLayout(self.canvas)
        self.page_layout.setSpacing(12)
        self.page_layout.setContentsMargins(12, 12, 12, 12)
        self.page_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.message = QLabel()
        self.message.setObjectName("preview-message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: white; font-size: 12pt;")
        self.page_layout.addWidget(self.message)
        self.page_labels: list[QLabel] = []
        self.scroll.setWidget(self.canvas)
        layout.addWidget(self.scroll, 1)
        self.zoom_out_button.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_in_button.clicked.connect(lambda: self.step_zoom(+1))
        self.fit_button.clicked.connect(self.fit_width)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.zoom_out_button.setText(_("Zoom &out"))
        self.zoom_in_button.setText(_("&Zoom in"))   # Alt+I is left for the papers' Preview
        self.fit_button.setText(_("Fit &width"))
        self.zoom_out_button.setAccessibleName(_("Zoom out"))
        self.zoom_in_button.setAccessibleName(_("Zoom in"))
        self.fit_button.setAccessibleName(_("Fit width"))
        self.scroll.setAccessibleName(_("Preview of the paper"))
        self.zoom_label.setText(f"{round(self.zoom * 100)} %")
        self.pages_label.setText(_("Pages: {count}", count=len(self.sizes)) if self.sizes else "")
        if not self.sizes and not self.message.property("busy"):
            self.message.setText(_("Choose a paper and press Preview to see it here."))

    # -- showing -----------------------------------------------------------------
    def show_busy(self, text: str) -> None:
        self.message.setProperty("busy", True)
        self.message.setText(text)
        self.message.show()

    def clear(self) -> None:
        self.path, self.sizes, self.images = None, [], []
        for label in self.page_labels:
            label.deleteLater()
        self.page_labels = []
        self.message.setProperty("busy", False)
        self.message.show()
        self.retranslate()
        self._update_buttons()

    def show_pdf(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.sizes = page_sizes(self.path)
        except Exception as error:  # noqa: BLE001 - reported through the signal
            self.failed.emit(error)
            return
        self.message.hide()
        self.message.setProperty("busy", False)
        for label in self.page_labels:
            label.deleteLater()
        self.page_labels = []
        for number in range(len(self.sizes)):
            label = QLabel()
            label.setObjectName(f"page-{number + 1}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("background: white; border: 1px solid #5b616b;")
            self.page_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self.retranslate()
        self._update_buttons()
        self._render()

    def _scale(self) -> float:
        """Render scale (1.0 = 72 dpi) for the current zoom, at the screen's resolution."""
        return self.zoom * self.logicalDpiX() / 72.0 * self.devicePixelRatioF()

    def _fit_zoom(self) -> float:
        if not self.sizes:
            return self.zoom
        widest = max(w for w, _h in self.sizes)
        # Room for the vertical scroll bar whether or not it shows yet: no horizontal one.
        bar = self.scroll.verticalScrollBar()
        room = self.scroll.width() - 2 * self.scroll.frameWidth() - bar.sizeHint().width() - 24 - 6
        return max(0.1, room / (widest * self.logicalDpiX() / 72.0))

    def _render(self) -> None:
        if self.path is None or not self.sizes:
            return
        if self.fit:
            self.zoom = self._fit_zoom()
        self.zoom_label.setText(f"{round(self.zoom * 100)} %")
        # Placeholder sizes first, so the layout does not jump when the images arrive.
        for label, (w, h) in zip(self.page_labels, self.sizes, strict=False):
            label.setFixedSize(round(w * self.zoom * self.logicalDpiX() / 72) + 2,
                               round(h * self.zoom * self.logicalDpiX() / 72) + 2)
        path, scale = self.path, self._scale()
        if self.tasks is None:
            self._show_images(path, render_pages(path, scale))
            return
        self.tasks.run(lambda: render_pages(path, scale), lambda images: self._show_images(path, images),
                       self.failed.emit, key=f"pdf-preview-{id(self)}", owner=self)

    def _show_images(self, path: Path, images: list[QImage]) -> None:
        if path != self.path:
            return
        self.images = images
        ratio = self.devicePixelRatioF()
        for label, image in zip(self.page_labels, images, strict=False):
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setFixedSize(round(image.width() / ratio) + 2, round(image.height() / ratio) + 2)
        self.page_layout.activate()   # place the pages now, not on the next layout pass
        self.rendered.emit(len(images))

    # -- zoom --------------------------------------------------------------------
    def step_zoom(self, direction: int) -> None:
        if direction > 0:
            bigger = [z for z in ZOOMS if z > self.zoom + 0.01]
            self.zoom = bigger[0] if bigger else ZOOMS[-1]
        else:
            smaller = [z for z in ZOOMS if z < self.zoom - 0.01]
            self.zoom = smaller[-1] if smaller else ZOOMS[0]
        self.fit = False
        self.fit_button.setChecked(False)
        self._update_buttons()
        self._render()

    def fit_width(self) -> None:
        self.fit = True
        self.fit_button.setChecked(True)
        self._render()

    def _update_buttons(self) -> None:
        has = bool(self.sizes)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            button.setEnabled(has)
        self.zoom_label.setVisible(has)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.fit and self.sizes and abs(self._fit_zoom() - self.zoom) > 0.02:
            self._render()
