"""A screen listing records of one kind: heading and count, search as you type, filters,
the lazily paged table, and New / Edit / Delete through the kind's form.

A subclass sets the class attributes; filters are ``FilterSpec`` whose choices are read
from the services (agencies, cohorts) or a closed vocabulary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.context import UiContext
from desktop.ui.forms.fields import EnumCombo
from desktop.ui.language import Retranslating
from desktop.ui.messages import confirm, show_error
from desktop.ui.mnemonics import MENU_KEYS, assign_keys, mnemonic, mnemonic_key
from desktop.ui.models.record_table import Column, RecordTableModel
from desktop.ui.screens.participants import record_table, size_columns
from desktop.ui.search_box import SearchBox


@dataclass(frozen=True)
class FilterSpec:
    field: str
    title: str                                   # msgid
    enum: Any = None
    choices: Callable[[Any], list[tuple[str, str]]] | None = None   # services -> (value, text)


class RecordListScreen(Retranslating, QWidget):
    KEY = ""                 # screen key
    SERVICE = ""             # attribute of Services
    COLUMNS: ClassVar[list[Column]] = []
    COLUMN_CHARS: tuple[int | None, ...] = ()
    FILTERS: tuple[FilterSpec, ...] = ()
    HEADING = NEW = SEARCH = DELETE_TITLE = DELETE_QUESTION = EMPTY = NO_MATCH = ""   # msgids
    NAME_KEY = "title_th"
    KINDS: tuple[str, ...] = ()          # kinds whose changes reload the list
    FORM: Any = None
    BUTTON_KEYS: ClassVar[dict[str, str]] = {"edit": "I", "delete": "D"}   # Alt+E opens the Edit menu

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.services = context, context.services
        self.setObjectName(f"screen-{self.KEY}")
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
        # The search and the buttons on one row, the filters under them (as on Participants),
        # so the labels of four filters do not squeeze the search box.
        bar = QHBoxLayout()
        self.search = SearchBox(self.SEARCH)
        bar.addWidget(self.search, 1)
        self.new_button, self.edit_button, self.delete_button = QPushButton(), QPushButton(), QPushButton()
        for name, button in (("new", self.new_button), ("edit", self.edit_button), ("delete", self.delete_button)):
            button.setObjectName(name)
            bar.addWidget(button)
        layout.addLayout(bar)
        self.button_row = bar
        filters = QHBoxLayout()
        self.filter_labels: list[QLabel] = []
        self.filters: dict[str, QComboBox] = {}
        for spec in self.FILTERS:
            combo = EnumCombo(spec.enum) if spec.enum else QComboBox()
            if spec.choices:
                combo.addItem("", None)
                for value, text in spec.choices(self.services):
                    combo.addItem(text, value)
            combo.setObjectName(f"filter-{spec.field}")
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(self._filter)
            label = QLabel()
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
            self.filter_labels.append(label)
            self.filters[spec.field] = combo
        filters.addStretch(1)
        layout.addLayout(filters)
        taken = MENU_KEYS | {mnemonic_key(self.NEW), *self.BUTTON_KEYS.values()}
        self.filter_keys = assign_keys([spec.title for spec in self.FILTERS], taken=taken)
        self.model = RecordTableModel(getattr(self.services, self.SERVICE), self.COLUMNS, self,
                                      tasks=context.tasks)
        self.table = record_table(self.model, self.KEY)
        size_columns(self.table, self.COLUMN_CHARS)
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.search.search_changed.connect(self._search)
        self.model.loaded.connect(lambda _total: self._show_count())
        self.model.failed.connect(lambda error: show_error(self, error))
        self.model.modelReset.connect(self._selection_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        context.records_changed.connect(self._records_changed)
        self.retranslate()
        self._selection_changed()
        self.model.reload()

    def retranslate(self) -> None:
        self.heading.setText(_(self.HEADING))
        self.new_button.setText(_(self.NEW))
        self.edit_button.setText(mnemonic(_("Edit"), self.BUTTON_KEYS["edit"]))
        self.delete_button.setText(mnemonic(_("Delete"), self.BUTTON_KEYS["delete"]))
        for label, spec, key in zip(self.filter_labels, self.FILTERS, self.filter_keys, strict=True):
            label.setText(mnemonic(_(spec.title), key))
            combo = self.filters[spec.field]
            combo.setItemText(0, _("All"))
            combo.setAccessibleName(_(spec.title))
        self.table.setAccessibleName(_(self.HEADING))
        self.model.retranslate()
        self._show_count()

    def add_button(self, button: QPushButton) -> None:
        """Another button after New / Edit / Delete, in the row and in the Tab order."""
        row = self.button_row
        before = row.itemAt(row.count() - 1).widget()
        row.addWidget(button)
        QWidget.setTabOrder(before, button)

    # -- hooks of the main window --------------------------------------------------
    def activate(self) -> None:
        self.table.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def open_form(self, record: dict[str, Any] | None) -> Any:
        form = self.FORM(self.services, record, parent=self, tasks=self.context.tasks)
        form.exec()
        for kind in sorted(form.changed_kinds):
            self.context.changed(kind)
        return form

    def new_record(self) -> None:
        self.open_form(None)

    # -- actions -------------------------------------------------------------------
    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def edit_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        try:
            fresh = getattr(self.services, self.SERVICE).get(record["id"])
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        self.open_form(fresh)

    def delete_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        if not confirm(self, _(self.DELETE_TITLE), _(self.DELETE_QUESTION, name=record.get(self.NAME_KEY) or ""),
                       yes=_("Move to trash")):
            return
        service = getattr(self.services, self.SERVICE)
        try:
            service.delete(record["id"])
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        self.context.changed(service.kind)

    # -- updates -------------------------------------------------------------------
    def _records_changed(self, kind: str) -> None:
        if kind in self.KINDS:
            self.model.reload()

    def _search(self, text: str) -> None:
        self.count.setText(_("Searching…"))
        self.model.set_search(text)

    def current_filters(self) -> dict[str, Any]:
        return {field: combo.currentData() for field, combo in self.filters.items()
                if combo.currentData() is not None}

    def _filter(self, *_args: Any) -> None:
        self.count.setText(_("Searching…"))
        self.model.set_filters(self.current_filters())

    def _show_count(self) -> None:
        total = self.model.total
        self.count.setText(_("Total: {count}", count=f"{total:,}"))
        if total:
            self.empty.hide()
            return
        if self.model.query.search or self.model.query.filters:
            self.empty.setText(_(self.NO_MATCH))
        else:
            self.empty.setText(_(self.EMPTY))
        self.empty.show()

    def _selection_changed(self, *_args: Any) -> None:
        has = bool(self.table.selectionModel().selectedRows())
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
