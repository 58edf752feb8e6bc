"""The steps of the spreadsheet import wizard (``desktop.ui.sheet_import_wizard``):
choose the file, say which column holds what, check every row, decide what is unsure.

Each page reads and writes the wizard's ``state`` (an ``ImportState``) and runs long
work through the wizard's ``work()``, which keeps it off the GUI thread."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop.core.text import N_
from desktop.i18n import _, format_date_numeric
from desktop.sheets.headers import FIELDS, IGNORED_FIELDS
from desktop.ui.language import Retranslating
from desktop.ui.messages import error_text
from desktop.ui.tasks import Cancelled

ERROR_COLOR, OK_COLOR, MUTED_COLOR = "#b00020", "#1b7a3a", "#6b6b6b"
PREVIEW_ROWS = 20
NAME_FIELDS = frozenset({"full_name", "first_name"})
# Fields that only mean something for one kind of list.
_ONLY_FOR = {"role": "enrollments", "group_name": "enrollments", "completion": "enrollments",
             "certificate_number": "enrollments", "status": "attendance", "date": "attendance"}
OUTCOMES = {"created": N_("Created"), "updated": N_("Updated"), "skipped": N_("Skipped"), "error": N_("Needs fixing"),
            "duplicate": N_("Possible duplicate"), "agency": N_("Agency")}
_OUTCOME_COLORS = {"error": "#b00020", "duplicate": "#8a5a00", "agency": "#1f5fa8", "skipped": "#6b6b6b"}


def fields_for(kind: str) -> list[str]:
    """The fields a column can be imported as, for a list of ``kind``."""
    return [key for key in FIELDS if _ONLY_FOR.get(key, kind) == kind]


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column names a spreadsheet program shows."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_preview(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        clock = value.strftime(" %H:%M") if value.time() != value.min.time() else ""
        return format_date_numeric(value.date()) + clock
    if isinstance(value, date):
        return format_date_numeric(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def status_style(label: QLabel, text: str, color: str = "") -> None:
    label.setText(text)
    label.setStyleSheet(f"color: {color}; font-weight: bold;" if color else "")


class BusyBar(Retranslating, QWidget):
    """A progress bar with what is being done and, for work that can stop, a Stop button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setObjectName("sheet-progress")
        self.bar.setTextVisible(False)
        self.label = QLabel()
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("sheet-stop")
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.stop_button)
        self.task: Any = None
        self.stop_button.clicked.connect(self.stop)
        self.retranslate()
        self.setVisible(False)

    def retranslate(self) -> None:
        self.stop_button.setText(_("S&top"))

    def begin(self, text: str, task: Any = None) -> None:
        self.task = task
        self.bar.setRange(0, 0)
        self.label.setText(text)
        self.stop_button.setVisible(task is not None)
        self.stop_button.setEnabled(True)
        self.setVisible(True)

    def advance(self, done: int, total: int, text: str | None = None) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if text is not None:
            self.label.setText(text)

    def end(self) -> None:
        self.task = None
        self.setVisible(False)

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.stop_button.setEnabled(False)
            self.label.setText(_("Stopping…"))


class LinesModel(QAbstractTableModel):
    """A table of plain lines (``items``) under translated ``HEADERS``; subclasses say
    what a cell shows."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        self.refresh()

    def refresh(self) -> None:
        if self.items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.items) - 1, len(self.HEADERS) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None


class NotesModel(LinesModel):
    """Report lines (``RowResult``-like: row, action, message, params, name), translated when shown."""

    HEADERS = (N_("Row"), N_("Outcome"), N_("Name"), N_("Detail"))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        note = self.items[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return str(note.row)
            if column == 1:
                return _(OUTCOMES[note.action]) if note.action in OUTCOMES else note.action
            if column == 2:
                return note.name or ""
            text = _(note.message, **note.params)
            label = getattr(note, "field", None)
            return f"{_(label)}: {text}" if label else text
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and note.action in _OUTCOME_COLORS:
            return QBrush(QColor(_OUTCOME_COLORS[note.action]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def notes_view(model: NotesModel, name: str, view: QTableView | None = None) -> QTableView:
    view = view or QTableView()
    view.setObjectName(name)
    view.setTabKeyNavigation(False)     # Tab leaves the list for the next control
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    chars = view.fontMetrics().averageCharWidth()
    for column, count in enumerate((7, 14, 26)):
        view.setColumnWidth(column, chars * count + 16)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class SheetPage(Retranslating, QWizardPage):
    """A page that knows its wizard's state and background work."""

    @property
    def state(self) -> Any:
        return self.wizard().state

    def isComplete(self) -> bool:
        return not self.wizard().busy and self.ready()

    def ready(self) -> bool:
        return True


# -- 1. the file ------------------------------------------------------------------------
class FilePage(SheetPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sheet-page-file")
        layout = QVBoxLayout(self)
        self.target = QLabel()
        self.target.setObjectName("sheet-target")
        self.target.setWordWrap(True)
        layout.addWidget(self.target)
        grid = QGridLayout()
        self.session_label, self.file_label, self.sheet_label = QLabel(), QLabel(), QLabel()
        self.session = QComboBox()
        self.session.setObjectName("sheet-session")
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("sheet-file")
        self.file_edit.setReadOnly(True)
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("sheet-choose")
        self.sheet = QComboBox()
        self.sheet.setObjectName("sheet-sheet")
        self.sheet.setMinimumContentsLength(20)
        for label, widget in ((self.session_label, self.session), (self.file_label, self.choose_button),
                              (self.sheet_label, self.sheet)):
            label.setBuddy(widget)
        grid.addWidget(self.session_label, 0, 0)
        grid.addWidget(self.session, 0, 1, 1, 2)
        grid.addWidget(self.file_label, 1, 0)
        grid.addWidget(self.file_edit, 1, 1)
        grid.addWidget(self.choose_button, 1, 2)
        grid.addWidget(self.sheet_label, 2, 0)
        grid.addWidget(self.sheet, 2, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.busy_bar = BusyBar()
        layout.addWidget(self.busy_bar)
        self.status = QLabel()
        self.status.setObjectName("sheet-file-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {MUTED_COLOR};")
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.choose_button.clicked.connect(self.choose_file)
        self.sheet.activated.connect(self._sheet_chosen)
        self.session.currentIndexChanged.connect(self._session_chosen)

    def initializePage(self) -> None:
        state = self.state
        self.session.blockSignals(True)
        self.session.clear()
        for session_id, text in state.sessions:
            self.session.addItem(text, session_id)
        self.session.setCurrentIndex(max(self.session.findData(state.session_id), 0))
        self.session.blockSignals(False)
        self._session_chosen()
        for widget in (self.session_label, self.session):
            widget.setVisible(state.kind == "attendance")
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Choose the file"))
        self.setSubTitle(_("An Excel workbook (.xlsx) or a CSV file; the first rows may be a title, "
                           "the header row is found by itself."))
        self.session_label.setText(_("&Session"))
        self.file_label.setText(_("&File"))
        self.choose_button.setText(_("&Choose a file…"))
        self.sheet_label.setText(_("&Worksheet"))
        self.file_edit.setAccessibleName(_("File name"))
        hints = [_("Nothing is saved until the last step. The wizard checks every row first and shows what it "
                   "would do.")]
        if not hasattr(self.wizard() or object(), "state"):
            return
        kind = self.state.kind
        hints.append(_("Headings the wizard knows include ชื่อ-สกุล (or คำนำหน้า, ชื่อ, นามสกุล), ตำแหน่ง, "
                       "หน่วยงาน or สังกัด, โทรศัพท์, อีเมล and เลขประจำตัวประชาชน."))
        if kind == "enrollments":
            hints.append(_("For a cohort also กลุ่ม, บทบาท, ผลการอบรม and เลขที่วุฒิบัตร."))
        elif kind == "attendance":
            hints.append(_("For attendance also การเข้าร่วม (มา, สาย, ขาด, ลา, ออนไลน์ or a tick) and วันที่."))
        hints.append(_("A list exported from the app has these headings already."))
        self.hint.setText("\n\n".join(hints))
        self.target.setText(self.wizard().target_text())
        self._show()

    def _session_chosen(self, *_args: Any) -> None:
        if self.session.count():
            self.state.session_id = self.session.currentData()
        self.completeChanged.emit()

    def choose_file(self) -> None:
        settings = self.wizard().context.settings
        start = str(settings.value("sheets/import-folder") or Path.home())
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose a spreadsheet"), start,
                                                    _("Spreadsheets (*.xlsx *.csv)"))
        if name:
            settings.setValue("sheets/import-folder", str(Path(name).parent))
            self.load(Path(name))

    def load(self, path: Path, sheet: str | None = None) -> None:
        """Read ``path`` (its ``sheet``) in the background; the next steps use the result."""
        state = self.state
        if sheet is None:
            state.sheet_names = []
        state.path, state.sheet, state.table, state.error = Path(path), sheet, None, None
        self.file_edit.setText(str(path))
        self.wizard().read_file(self)

    def _sheet_chosen(self, index: int) -> None:
        name = self.sheet.itemText(index)
        if self.state.path is not None and name and name != self.state.sheet:
            self.load(self.state.path, name)

    def _show(self) -> None:
        state = self.state
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(state.sheet_names)
        if state.sheet in state.sheet_names:
            self.sheet.setCurrentIndex(state.sheet_names.index(state.sheet))
        self.sheet.blockSignals(False)
        several = len(state.sheet_names) > 1
        self.sheet_label.setVisible(several)
        self.sheet.setVisible(several)
        if isinstance(state.error, Cancelled):
            status_style(self.status, _("Stopped. Choose the file again to read it."), ERROR_COLOR)
        elif state.error is not None:
            status_style(self.status, error_text(state.error), ERROR_COLOR)
        elif state.table is not None and not state.table.rows:
            status_style(self.status, _("The sheet has no rows below its header."), ERROR_COLOR)
        elif state.table is not None:
            table = state.table
            text = _("{rows} rows and {columns} columns; the header is row {header}.", rows=f"{len(table.rows):,}",
                     columns=len(table.headers), header=table.header_row)
            if table.encoding and table.encoding not in ("utf-8-sig", "utf-8"):
                text += " " + _("The file's Thai was read as {encoding}.", encoding=table.encoding)
            status_style(self.status, text)
        else:
            status_style(self.status, "")

    def ready(self) -> bool:
        state = self.state
        if state.kind == "attendance" and not state.session_id:
            return False
        return state.table is not None and bool(state.table.rows)


# -- 2. the columns ---------------------------------------------------------------------
class ColumnsPage(SheetPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sheet-page-columns")
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget()
        self.table.setObjectName("sheet-columns")
        self.table.setTabKeyNavigation(False)   # Tab goes from one column's choice to the next
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setObjectName("sheet-columns-status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:
        state = self.state
        table = state.table
        shown = table.rows[:PREVIEW_ROWS]
        self.table.clear()
        self.table.setColumnCount(len(table.headers))
        self.table.setRowCount(len(shown) + 1)
        self.combos = []
        chars = self.fontMetrics().averageCharWidth()
        allowed = fields_for(state.kind)
        state.mapping = {c: f for c, f in state.mapping.items() if f in allowed and c < len(table.headers)}
        for column in range(len(table.headers)):
            combo = QComboBox()
            combo.setObjectName(f"sheet-map-{column}")
            combo.addItem("", None)
            for key in allowed:
                combo.addItem("", key)
            combo.setCurrentIndex(max(combo.findData(state.mapping.get(column)), 0))
            combo.currentIndexChanged.connect(lambda _i, c=column: self._chosen(c))
            self.table.setCellWidget(0, column, combo)
            self.combos.append(combo)
        metrics = self.fontMetrics()
        widths = [max(metrics.horizontalAdvance(f"{column_letter(c)} · {h}"),
                      metrics.horizontalAdvance(_(FIELDS[state.mapping[c]]) if c in state.mapping else "") + 36)
                  for c, h in enumerate(table.headers)]
        for row_index, row in enumerate(shown, 1):
            self.table.setVerticalHeaderItem(row_index, QTableWidgetItem(str(row.number)))
            for column in range(len(table.headers)):
                value = row.cells[column] if column < len(row.cells) else None
                item = QTableWidgetItem(cell_preview(value))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row_index, column, item)
                widths[column] = max(widths[column], metrics.horizontalAdvance(item.text()))
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, max(chars * 18, min(chars * 40, width + 24)))
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setVerticalHeaderItem(0, QTableWidgetItem())
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Which column holds what"))
        self.table.setAccessibleName(_("Which column holds what"))
        self.setSubTitle(_("Check the choice above each column; the app remembers it for the next file "
                           "with the same headings."))
        if not self.combos:
            return
        state = self.state
        table = state.table
        self.intro.setText(_("The first {shown} of {rows} rows. Columns set to “Do not import” are left out.",
                             shown=min(PREVIEW_ROWS, len(table.rows)), rows=f"{len(table.rows):,}"))
        for column, combo in enumerate(self.combos):
            combo.setItemText(0, _("Do not import"))
            for i in range(1, combo.count()):
                combo.setItemText(i, _(FIELDS[combo.itemData(i)]))
            heading = table.headers[column] or _("(no heading)")
            text = f"{column_letter(column)} · {heading}"
            if column in table.hidden:
                text += "\n" + _("(hidden in the file)")
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.table.setHorizontalHeaderItem(column, item)
            combo.setAccessibleName(_("Import column {letter} as", letter=column_letter(column)))
        self.table.verticalHeaderItem(0).setText(_("Import as"))
        self._show()

    def _chosen(self, column: int) -> None:
        field = self.combos[column].currentData()
        mapping = self.state.mapping
        mapping.pop(column, None)
        if field is not None:
            for other, combo in enumerate(self.combos):
                if other != column and combo.currentData() == field:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)   # a field comes from one column only
                    combo.blockSignals(False)
                    mapping.pop(other, None)
            mapping[column] = field
        self._show()
        self.completeChanged.emit()

    def _show(self) -> None:
        mapping = self.state.mapping
        for column in range(self.table.columnCount()):   # the columns left out are greyed
            brush = QBrush(QColor("#9a9a9a")) if mapping.get(column, "sequence") in IGNORED_FIELDS \
                else self.palette().text()
            for row in range(1, self.table.rowCount()):
                item = self.table.item(row, column)
                if item is not None:
                    item.setForeground(brush)
        if self.ready():
            taken = [f for f in mapping.values() if f not in IGNORED_FIELDS]
            status_style(self.status, _("{count} columns will be imported.", count=len(taken)))
        else:
            status_style(self.status, _("Choose the column that holds the names (“Full name” or “First name”)."),
                         ERROR_COLOR)

    def ready(self) -> bool:
        return bool(NAME_FIELDS & set(self.state.mapping.values()))


# -- 3. the check -------------------------------------------------------------------------
class CheckPage(SheetPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sheet-page-check")
        layout = QVBoxLayout(self)
        self.busy_bar = BusyBar()
        layout.addWidget(self.busy_bar)
        counts = QHBoxLayout()
        self.counts: dict[str, QLabel] = {}
        for key in ("rows", "problems", "duplicates", "agencies"):
            label = QLabel()
            label.setObjectName(f"sheet-count-{key}")
            label.setStyleSheet("font-weight: bold;")
            self.counts[key] = label
            counts.addWidget(label)
            counts.addSpacing(24)
        counts.addStretch(1)
        layout.addLayout(counts)
        self.model = NotesModel(self)
        self.view = notes_view(self.model, "sheet-notes")
        layout.addWidget(self.view, 1)
        self.status = QLabel()
        self.status.setObjectName("sheet-check-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

    def initializePage(self) -> None:
        self.state.plan = None
        self.state.error = None
        self.model.set_items([])
        self.retranslate()
        self.wizard().make_plan(self)

    def retranslate(self) -> None:
        self.setTitle(_("Check the rows"))
        self.view.setAccessibleName(_("Notes on the rows"))
        self.setSubTitle(_("Every row is checked, and compared with the people and agencies on file."))
        self.model.retranslate()
        if self.wizard() is not None and hasattr(self.wizard(), "state"):
            self._show()

    def _show(self) -> None:
        state = self.state
        plan = state.plan
        if plan is None:
            for label in self.counts.values():
                label.setText("")
            if state.error is not None:
                status_style(self.status, error_text(state.error) + " " + _("Go back to change the columns or "
                                                                            "choose another file."), ERROR_COLOR)
            else:
                status_style(self.status, "")
            return
        unsure = [a for a in plan.agencies if a.agency_id is None]
        self.counts["rows"].setText(_("Rows: {count}", count=f"{len(plan.rows):,}"))
        self.counts["problems"].setText(_("With problems: {count}", count=f"{len(plan.invalid):,}"))
        self.counts["duplicates"].setText(_("Possible duplicates: {count}", count=f"{len(plan.duplicates):,}"))
        self.counts["agencies"].setText(_("Agencies not matched exactly: {count}", count=f"{len(unsure):,}"))
        self.counts["problems"].setStyleSheet(f"font-weight: bold; color: {ERROR_COLOR};" if plan.invalid
                                              else "font-weight: bold;")
        if plan.invalid:
            text = _("Rows with problems are not imported. Fix them in the file and choose it again, or skip "
                     "them in the next step.")
        elif plan.duplicates or unsure:
            text = _("No row has a problem. Next, decide about the possible duplicates and agencies.")
        else:
            text = _("No row has a problem and nothing needs a decision.")
        status_style(self.status, text, ERROR_COLOR if plan.invalid else OK_COLOR)

    def cleanupPage(self) -> None:
        self.state.error = None

    def planned(self, notes: list[Any]) -> None:
        self.model.set_items(notes)
        self._show()

    def ready(self) -> bool:
        return self.state.plan is not None

    def nextId(self) -> int:
        plan = self.state.plan
        if plan is not None and not (plan.duplicates or plan.invalid or any(a.agency_id is None
                                                                            for a in plan.agencies)):
            return self.wizard().PAGE_RUN
        return super().nextId()
