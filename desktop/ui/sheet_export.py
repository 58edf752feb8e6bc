"""Exporting a list to Excel (.xlsx) or CSV: which list (preset by the screen that asks),
the format and the file, then the writing off the GUI thread; the dialog says how many
rows were written and opens the file or its folder.

The spreadsheet writer puts the file in place only when it is complete, so a stopped or
failed export never leaves half a file under the chosen name. National IDs are never
exported (the service leaves them out)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.text import N_
from desktop.i18n import _
from desktop.services.sheet_export import SheetExportService
from desktop.ui.context import UiContext
from desktop.ui.language import Retranslating
from desktop.ui.messages import confirm, error_text
from desktop.ui.mnemonics import mnemonic
from desktop.ui.sheet_import_pages import ERROR_COLOR, MUTED_COLOR, OK_COLOR, BusyBar, status_style
from desktop.ui.tasks import Cancelled

KIND_TITLES = {"persons": N_("Participants"), "enrollments": N_("Enrolments of a cohort"),
               "attendance": N_("Attendance at an activity"), "projects": N_("Projects")}
FORMATS = (".xlsx", ".csv")
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def safe_file_name(text: str) -> str:
    """``text`` as a file name Windows accepts."""
    return _UNSAFE.sub(" ", text).strip(" .")[:120] or "export"


def write_export(services: Any, kind: str, out: Path, task: Any, **target: Any) -> int:
    """The export (worker thread); the Stop button ends it at the next thousand rows."""
    def progress(rows: int) -> None:
        task.check()
        task.report(rows, 0)
    return SheetExportService(services).export(kind, out, progress=progress, **target)


class SheetExportDialog(Retranslating, QDialog):
    exported = Signal(object)      # the path written

    def __init__(self, context: UiContext, kind: str, *, cohort_id: str | None = None,
                 activity_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.services = context.services
        self.setObjectName("sheet-export")
        self.setMinimumWidth(800)
        self.target = {"cohort_id": cohort_id, "activity_id": activity_id}
        self.names = {"enrollments": self.services.cohorts.get(cohort_id)["display_name_th"] if cohort_id else "",
                      "attendance": self.services.activities.get(activity_id)["title_th"] if activity_id else ""}
        self.kinds = [k for k in KIND_TITLES if k in ("persons", "projects")
                      or (k == "enrollments" and cohort_id) or (k == "attendance" and activity_id)]
        if kind not in self.kinds:
            raise ValueError(f"cannot export {kind!r} here")
        self.busy = False
        self.written: int | None = None
        self.path: Path | None = None
        self._replace_agreed: Path | None = None

        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind = QComboBox()
        self.kind.setObjectName("export-kind")
        for key in self.kinds:
            self.kind.addItem("", key)
        self.kind.setCurrentIndex(self.kinds.index(kind))
        formats = QHBoxLayout()
        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[str, QRadioButton] = {}
        for number, suffix in enumerate(FORMATS):
            button = QRadioButton()
            button.setObjectName(f"export-format-{suffix[1:]}")
            self.format_group.addButton(button, number)
            self.format_buttons[suffix] = button
            formats.addWidget(button)
        formats.addStretch(1)
        self.format_buttons[".xlsx"].setChecked(True)
        where = QHBoxLayout()
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("export-file")
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("export-choose")
        where.addWidget(self.file_edit, 1)
        where.addWidget(self.choose_button)
        self.kind_label, self.format_label, self.file_label = QLabel(), QLabel(), QLabel()
        self.kind_label.setBuddy(self.kind)
        self.format_label.setBuddy(self.format_buttons[".xlsx"])
        self.file_label.setBuddy(self.file_edit)
        form.addRow(self.kind_label, self.kind)
        form.addRow(self.format_label, formats)
        form.addRow(self.file_label, where)
        layout.addLayout(form)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {MUTED_COLOR};")
        layout.addWidget(self.note)
        self.busy_bar = BusyBar()
        layout.addWidget(self.busy_bar)
        self.message = QLabel()
        self.message.setObjectName("export-message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.open_file_button, self.open_folder_button = QPushButton(), QPushButton()
        self.open_file_button.setObjectName("export-open-file")
        self.open_folder_button.setObjectName("export-open-folder")
        buttons.addWidget(self.open_file_button)
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        self.export_button, self.close_button = QPushButton(), QPushButton()
        self.export_button.setObjectName("export-start")
        self.export_button.setDefault(True)
        self.close_button.setObjectName("export-close")
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.kind.currentIndexChanged.connect(lambda _i: self._suggest())
        self.format_group.idToggled.connect(lambda _id, on: on and self._format_chosen())
        self.choose_button.clicked.connect(self.choose_file)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.reject)
        self.open_file_button.clicked.connect(lambda: self._open(self.path))
        self.open_folder_button.clicked.connect(lambda: self._open(self.path.parent if self.path else None))
        self.retranslate()
        self._suggest()
        self._show()

    # -- choosing -------------------------------------------------------------------------
    def current_kind(self) -> str:
        return self.kind.currentData()

    def suffix(self) -> str:
        return next(s for s, b in self.format_buttons.items() if b.isChecked())

    def folder(self) -> Path:
        saved = self.context.settings.value("sheets/export-folder")
        if saved and Path(str(saved)).is_dir():
            return Path(str(saved))
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def _suggest(self) -> None:
        kind = self.current_kind()
        title = self.names.get(kind) or _(KIND_TITLES[kind])
        name = safe_file_name(f"{title} {date.today().isoformat()}") + self.suffix()
        current = self.file_edit.text().strip()
        folder = Path(current).parent if current else self.folder()
        self.file_edit.setText(str(folder / name))
        self.retranslate()

    def _format_chosen(self) -> None:
        text = self.file_edit.text().strip()
        if text:
            self.file_edit.setText(str(Path(text).with_suffix(self.suffix())))

    def choose_file(self) -> None:
        filters = {".xlsx": _("Excel workbook (*.xlsx)"), ".csv": _("CSV, UTF-8 (*.csv)")}
        name, _filter = QFileDialog.getSaveFileName(self, _("Export to"), self.file_edit.text(),
                                                    filters[self.suffix()])
        if name:
            self.set_path(Path(name), asked=True)

    def set_path(self, path: Path | str, asked: bool = False) -> None:
        path = Path(path)
        if path.suffix.lower() not in FORMATS:
            path = path.with_name(path.name + self.suffix())
        self.format_buttons[path.suffix.lower()].setChecked(True)
        self.file_edit.setText(str(path))
        self._replace_agreed = path if asked else None   # the save dialog already asked about replacing

    # -- writing -------------------------------------------------------------------------
    def export(self) -> None:
        if self.busy:
            return
        text = self.file_edit.text().strip()
        if not text:
            self.choose_file()
            return
        path = Path(text)
        if path.suffix.lower() not in FORMATS:
            path = path.with_name(path.name + self.suffix())
        if path.exists() and self._replace_agreed != path and not confirm(
                self, _("Export to Excel"), _("{file} already exists. Replace it?", file=path.name),
                yes=_("Replace")):
            return
        self.path, self.written = path, None
        self.context.settings.setValue("sheets/export-folder", str(path.parent))
        services, kind, target = self.services, self.current_kind(), dict(self.target)
        target = {"cohort_id": target["cohort_id"]} if kind == "enrollments" else \
            {"activity_id": target["activity_id"]} if kind == "attendance" else {}
        self.busy = True
        task = self.context.tasks.start(lambda task: write_export(services, kind, path, task, **target),
                                        self._done, self._failed, self._progress, owner=self)
        self.busy_bar.begin(_("Writing {name}…", name=path.name), task)
        status_style(self.message, "")
        self._show()

    def _progress(self, rows: int, _total: int) -> None:
        self.busy_bar.advance(rows, 0, _("Writing… {count} rows", count=f"{rows:,}"))

    def _done(self, written: int) -> None:
        self.busy, self.written = False, written
        self.busy_bar.end()
        text = _("Wrote {count} rows to {file}.", count=f"{written:,}", file=str(self.path)) if written else \
            _("There is nothing to export yet: {file} holds the headings only.", file=str(self.path))
        status_style(self.message, text, OK_COLOR)
        self._show()
        self.exported.emit(self.path)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.busy_bar.end()
        if isinstance(error, Cancelled):
            text = _("Stopped. No file was written.")
        elif isinstance(error, PermissionError):
            text = _("{file} cannot be written: it may be open in Excel. Close it and try again.",
                     file=self.path.name if self.path else "")
        else:
            text = error_text(error)
        status_style(self.message, text, ERROR_COLOR)
        self.path = None
        self._show()

    def _open(self, path: Path | None) -> None:
        if path is not None and path.exists():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # -- showing -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(_("Export to Excel"))
        kind = self.current_kind()
        intros = {"persons": _("Every participant on file, one per row."),
                  "enrollments": _("The people enrolled in “{cohort}”, with their group, role and result.",
                                   cohort=self.names["enrollments"]),
                  "attendance": _("Who attended each session of “{activity}”.", activity=self.names["attendance"]),
                  "projects": _("Every project on file, one per row.")}
        self.intro.setText(intros[kind])
        for index, key in enumerate(self.kinds):
            self.kind.setItemText(index, _(KIND_TITLES[key]))
        self.kind_label.setText(_("&List"))
        self.format_label.setText(mnemonic(_("Format"), "R"))
        self.format_buttons[".xlsx"].setText(_("E&xcel workbook (.xlsx)"))
        self.format_buttons[".csv"].setText(_("C&SV, UTF-8 (.csv)"))
        self.file_label.setText(_("Save &as"))
        self.choose_button.setText(_("&Browse…"))
        self.note.setText(_("The headings are the ones the import recognises, so the file can be edited and "
                            "imported again. National IDs are never exported."))
        self.open_file_button.setText(_("&Open the file"))
        self.open_folder_button.setText(_("Open the &folder"))
        self.export_button.setText(_("&Export"))
        self.close_button.setText(_("Close"))

    def _show(self) -> None:
        done = self.written is not None and self.path is not None and not self.busy
        self.open_file_button.setEnabled(done)
        self.open_folder_button.setEnabled(done)
        for widget in (self.kind, self.file_edit, self.choose_button, self.export_button, self.close_button,
                       *self.format_buttons.values()):
            widget.setEnabled(not self.busy)
        self.kind.setEnabled(not self.busy and len(self.kinds) > 1)

    def reject(self) -> None:
        if self.busy:
            return
        super().reject()


def export_sheet(context: UiContext, kind: str, parent: QWidget | None = None, **target: Any) -> Path | None:
    """Open the export dialog for ``kind`` (modal); the file written, if any."""
    dialog = SheetExportDialog(context, kind, parent=parent, **target)
    dialog.exec()
    return dialog.path if dialog.written is not None else None
