"""Participants: every person in the office's records, searched as the user types."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.text import N_
from desktop.i18n import _, _n
from desktop.ui.context import UiContext
from desktop.ui.forms.person_form import LEVELS, PersonForm
from desktop.ui.forms.widgets import agency_choices
from desktop.ui.language import Retranslating
from desktop.ui.messages import confirm, show_error
from desktop.ui.mnemonics import mnemonic
from desktop.ui.models.record_table import Column, RecordTableModel
from desktop.ui.search_box import SearchBox

PERSON_COLUMNS = [
    Column("full_name_th", N_("Full name"), tooltip_key="full_name_en", sort=("sort_name",)),
    Column("position", N_("Position")),
    Column("agency_name", N_("Agency")),
    Column("phone", N_("Phone")),
    Column("national_id_masked", N_("National ID")),
]
# Widths in average characters; the agency column takes the room left over.
COLUMN_CHARS = (26, 28, None, 13, 19)


def record_table(model: RecordTableModel, name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    # Fixed row heights let the view skip measuring rows it does not show.
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setHighlightSections(False)
    return table


def size_columns(table: QTableView, chars: tuple[int | None, ...]) -> None:
    """Column widths from the font, never from the rows (measuring rows would read
    every page); the column given as None stretches."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    metrics = table.fontMetrics()
    for column, count in enumerate(chars):
        if count is None:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            table.setColumnWidth(column, metrics.averageCharWidth() * count + 16)


class ParticipantsScreen(Retranslating, QWidget):
    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.services = context.services
        self._shown_search: str | None = None
        self.setObjectName("screen-participants")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.count = QLabel()
        self.count.setObjectName("count")
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.count)
        layout.addLayout(top)
        bar = QHBoxLayout()
        self.search = SearchBox(N_("Search by name, position, agency or phone"))
        self.new_button = QPushButton()
        self.edit_button = QPushButton()
        self.delete_button = QPushButton()
        for name, button in (("new", self.new_button), ("edit", self.edit_button),
                             ("delete", self.delete_button)):
            button.setObjectName(name)
        self.import_button, self.export_button = QPushButton(), QPushButton()
        for name, button in (("import-sheet", self.import_button), ("export-sheet", self.export_button)):
            button.setObjectName(name)
            button.setMinimumWidth(self.fontMetrics().averageCharWidth() * 8)  # a narrow window squeezes them
        bar.addWidget(self.search, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.delete_button)
        bar.addWidget(self.import_button)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        filters = QHBoxLayout()
        self.agency_label, self.level_label = QLabel(), QLabel()
        self.agency_filter, self.level_filter = QComboBox(), QComboBox()
        self.agency_filter.setObjectName("filter-agency_id")
        self.level_filter.setObjectName("filter-level")
        self.agency_filter.addItem("", None)
        self.level_filter.addItem("", None)
        for value in LEVELS:
            self.level_filter.addItem(value, value)
        for label, combo, chars in ((self.agency_label, self.agency_filter, 18), (self.level_label, self.level_filter, 10)):
            combo.setMinimumContentsLength(chars)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
        filters.addStretch(1)
        layout.addLayout(filters)
        self._fill_agencies()
        self.model = RecordTableModel(self.services.persons, PERSON_COLUMNS, self, tasks=context.tasks,
                                      quick_count=True)
        self.table = record_table(self.model, "persons")
        size_columns(self.table, COLUMN_CHARS)
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(False)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self.sort_by)
        self.agency_filter.currentIndexChanged.connect(self._filter)
        self.level_filter.currentIndexChanged.connect(self._filter)
        self.search.search_changed.connect(self._search)
        self.model.loaded.connect(self._loaded)
        self.model.counted.connect(lambda _total: self._show_count())
        self.model.failed.connect(lambda error: show_error(self, error))
        self.model.modelReset.connect(self._selection_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.edit_selected())  # double-click or Enter
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_sheet)
        self.export_button.clicked.connect(self.export_sheet)
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        context.records_changed.connect(self._records_changed)
        self.retranslate()
        self._selection_changed()
        self.model.reload()

    def retranslate(self) -> None:
        self.heading.setText(_("Participants"))
        self.new_button.setText(_("New participant"))
        # The same keys as on the other lists (Alt+E opens the Edit menu).
        self.edit_button.setText(mnemonic(_("Edit"), "I"))
        self.delete_button.setText(mnemonic(_("Delete"), "D"))
        self.import_button.setText(_("Import from Excel…"))
        self.import_button.setToolTip(_("Add participants from an Excel or CSV list (Ctrl+I)"))
        self.export_button.setText(_("Export to Excel…"))
        self.export_button.setToolTip(_("Save every participant as an Excel or CSV list (Ctrl+E)"))
        self.agency_label.setText(_("&Agency"))
        self.level_label.setText(_("&Level"))
        self.agency_filter.setItemText(0, _("All"))
        self.level_filter.setItemText(0, _("All"))
        self.table.setAccessibleName(_("Participants"))
        self.agency_filter.setAccessibleName(_("Filter by agency"))
        self.level_filter.setAccessibleName(_("Filter by level"))
        self.table.horizontalHeader().setToolTip(_("Click the “Full name” heading to sort by name"))
        self.model.retranslate()
        self._show_count()

    # -- filters and order ---------------------------------------------------------
    def _fill_agencies(self) -> None:
        chosen = self.agency_filter.currentData()
        self.agency_filter.blockSignals(True)
        while self.agency_filter.count() > 1:
            self.agency_filter.removeItem(1)
        for agency_id, text in agency_choices(self.services):
            self.agency_filter.addItem(text, agency_id)
        index = self.agency_filter.findData(chosen) if chosen else 0
        self.agency_filter.setCurrentIndex(max(index, 0))
        self.agency_filter.blockSignals(False)

    def current_filters(self) -> dict[str, Any]:
        out = {}
        if self.agency_filter.currentData():
            out["agency_id"] = self.agency_filter.currentData()
        if self.level_filter.currentData():
            out["level"] = self.level_filter.currentData()
        return out

    def _filter(self, *_args: Any) -> None:
        self.count.setText(_("Searching…"))
        self.model.set_filters(self.current_filters())

    def sort_by(self, column: int) -> None:
        """Clicking a heading that can sort orders by it; a second click reverses it.
        Names sort in Thai dictionary order (the services keep a sort key for them)."""
        fields = self.model.sort_fields(column)
        header = self.table.horizontalHeader()
        if not fields:
            return
        query = self.model.query
        current = query.order or tuple(getattr(getattr(self.services.persons, "spec", None), "order", ()) or ())
        descending = current == fields and not query.descending
        header.setSortIndicatorShown(True)
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        self.model.set_order(fields, descending)

    # -- hooks of the main window --------------------------------------------------
    def activate(self) -> None:
        self.table.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def new_record(self) -> None:
        form = PersonForm(self.services, parent=self, tasks=self.context.tasks)
        if form.exec():
            self.context.changed("person")

    def import_sheet(self) -> None:
        from desktop.ui.sheet_import_wizard import import_sheet
        import_sheet(self.context, "persons", self)

    def export_sheet(self) -> None:
        from desktop.ui.sheet_export import export_sheet
        export_sheet(self.context, "persons", self)

    # -- actions -----------------------------------------------------------------
    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def edit_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        try:
            fresh = self.services.persons.get(record["id"])
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        form = PersonForm(self.services, fresh, parent=self, tasks=self.context.tasks)
        if form.exec():
            self.context.changed("person")

    def delete_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        if not confirm(self, _("Delete participant"),
                       _("Move {name} to the trash? You can restore it from the Trash screen.",
                         name=record.get("full_name_th") or ""), yes=_("Move to trash")):
            return
        try:
            self.services.persons.delete(record["id"])
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        self.context.changed("person")

    # -- updates -----------------------------------------------------------------
    def _records_changed(self, kind: str) -> None:
        if kind == "agency":
            self._fill_agencies()
        if kind in ("person", "agency"):
            self.model.reload()

    def _search(self, text: str) -> None:
        self.count.setText(_("Searching…"))
        self.model.set_search(text)

    def _loaded(self, _total: int) -> None:
        if self.model.query.search != self._shown_search:
            self._shown_search = self.model.query.search
            self.table.scrollToTop()  # a new search starts at its first match
        self._show_count()

    def _show_count(self) -> None:
        total = self.model.total
        if self.model.total_exact:
            self.count.setText(_n("{count} person", "{count} people", total, count=f"{total:,}"))
        else:   # a quick count: the exact one follows
            self.count.setText(_("At least {count} people", count=f"{total:,}"))
        if total:
            self.empty.hide()
            return
        if self.model.query.search:
            self.empty.setText(_("Nobody matches “{text}”.", text=self.model.query.search))
        elif self.model.query.filters:
            self.empty.setText(_("Nobody matches the chosen agency and level."))
        else:
            self.empty.setText(_("No participants yet. Add the first one with “New participant” (Ctrl+N)."))
        self.empty.show()

    def _selection_changed(self, *_args: Any) -> None:
        has = bool(self.table.selectionModel().selectedRows())
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
