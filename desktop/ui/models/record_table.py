"""A table of records of one kind that opens instantly however many there are.

The first query asks for the total and the first page; further pages are read when
the view first asks for one of their rows, and only a bounded number of pages are kept.
With a task runner, searches and pages are read off the GUI thread: a row whose page is
still being read shows a mark for a moment, and only the newest search's result is shown.
A service that offers lean lists (``lean_lists``) is asked for just the listed columns and,
for a further page, no count. Without one (tests,
small lists) everything is read at once.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop.i18n import _
from desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column:
    """One column: the key of the row dict it shows and its title (a msgid)."""

    key: str
    title: str
    format: Callable[[Any], str] | None = None
    tooltip_key: str | None = None
    sort: tuple[str, ...] | None = None   # the indexed fields that order by this column


@dataclass(frozen=True)
class Query:
    search: str | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    deleted: bool = False
    order: tuple[str, ...] | None = None   # None: the service's own order
    descending: bool = False


class RecordTableModel(QAbstractTableModel):
    """Rows of a ``RecordService`` (anything with ``list(search=, filters=, limit=,
    offset=, deleted=) -> Page``), shown through a list of ``Column``."""

    loaded = Signal(int)        # the total after a (re)load
    failed = Signal(object)     # the exception of a failed load

    MAX_PAGES = 25
    MAX_WANTED = 4      # pages asked for while scrolling that are still worth reading

    def __init__(self, service: Any, columns: list[Column], parent: Any = None,
                 tasks: TaskRunner | None = None, page_size: int = 200, deleted: bool = False) -> None:
        super().__init__(parent)
        self.service, self.columns, self.tasks = service, list(columns), tasks
        self.page_size = page_size
        self._query = Query(deleted=deleted)
        self._total = 0
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._wanted: OrderedDict[int, None] = OrderedDict()   # pages being read in the background
        self._loading = False

    # -- queries -----------------------------------------------------------------
    @property
    def query(self) -> Query:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    def is_loading(self) -> bool:
        return self._loading

    def set_search(self, text: str | None) -> None:
        text = (text or "").strip() or None
        self._start(replace(self._query, search=text, filters=dict(self._query.filters)))

    def set_filters(self, filters: dict[str, Any]) -> None:
        self._start(replace(self._query, filters=dict(filters)))

    def set_order(self, order: tuple[str, ...] | None, descending: bool = False) -> None:
        """Order the rows by indexed fields (``sort_name`` puts Thai names in dictionary order)."""
        self._start(replace(self._query, filters=dict(self._query.filters), order=order, descending=descending))

    def sort_fields(self, column: int) -> tuple[str, ...] | None:
        return self.columns[column].sort if 0 <= column < len(self.columns) else None

    def reload(self) -> None:
        """Read the current query again (after records were added, changed or deleted)."""
        self._start(self._query)

    def _fetch(self, query: Query, page: int, count: bool = True) -> Any:
        extra: dict[str, Any] = {"order": query.order, "descending": query.descending} if query.order else {}
        if getattr(self.service, "lean_lists", False):
            # Just the columns a list shows, and no count for a further page.
            extra["lean"] = True
            if not count:
                extra["count"] = False
        return self.service.list(search=query.search, filters=query.filters or None,
                                 limit=self.page_size, offset=page * self.page_size,
                                 deleted=query.deleted, **extra)

    def _start(self, query: Query) -> None:
        self._loading = True
        if self.tasks is None:
            try:
                result = self._fetch(query, 0)
            except Exception as exc:  # noqa: BLE001 - reported through the signal
                self._failed(exc)
                return
            self._apply(query, result)
            return
        self.tasks.run(lambda: self._fetch(query, 0), lambda page: self._apply(query, page),
                       self._failed, key=f"record-table-{id(self)}", owner=self)

    def _apply(self, query: Query, page: Any) -> None:
        self.beginResetModel()
        self._query, self._total = query, page.total
        self._pages = OrderedDict({0: list(page.rows)})
        self._wanted = OrderedDict()
        self.endResetModel()
        self._loading = False
        self.loaded.emit(self._total)

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        log.warning("Loading %s failed: %s", getattr(self.service, "kind", "records"), exc)
        self.failed.emit(exc)

    # -- rows --------------------------------------------------------------------
    def record(self, row: int) -> dict[str, Any] | None:
        """The row's record as the service handed it out, reading its page if needed."""
        if not 0 <= row < self._total:
            return None
        number, offset = divmod(row, self.page_size)
        rows = self._pages.get(number)
        if rows is None:
            if self.tasks is not None:
                self._want_page(number)
                return None
            rows = self._read_page(number)
        else:
            self._pages.move_to_end(number)
        return rows[offset] if offset < len(rows) else None

    def is_row_loaded(self, row: int) -> bool:
        return row // self.page_size in self._pages

    def _read_page(self, number: int) -> list[dict[str, Any]]:
        try:
            rows = list(self._fetch(self._query, number, count=False).rows)
        except Exception as exc:  # noqa: BLE001 - a view must not crash while painting
            log.warning("Reading page %d failed: %s", number, exc)
            rows = []
        self._store_page(number, rows)
        return rows

    def _store_page(self, number: int, rows: list[dict[str, Any]]) -> None:
        self._pages[number] = rows
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)

    def _want_page(self, number: int) -> None:
        if number in self._wanted:
            return
        self._wanted[number] = None
        while len(self._wanted) > self.MAX_WANTED:
            self._wanted.popitem(last=False)  # scrolled past: its read is skipped
        query, wanted = self._query, self._wanted

        def read() -> list[dict[str, Any]] | None:
            if number not in wanted:  # worker thread: skip pages no longer wanted
                return None
            return list(self._fetch(query, number, count=False).rows)

        self.tasks.run(read, lambda rows: self._page_arrived(query, wanted, number, rows),
                       lambda exc: self._page_failed(wanted, number, exc), owner=self)

    def _page_arrived(self, query: Query, wanted: dict, number: int,
                      rows: list[dict[str, Any]] | None) -> None:
        wanted.pop(number, None)
        if rows is None or query is not self._query or wanted is not self._wanted:
            return  # skipped, or the model was reset since
        self._store_page(number, rows)
        first = number * self.page_size
        last = min(self._total, first + self.page_size) - 1
        if last >= first and self.columns:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))

    def _page_failed(self, wanted: dict, number: int, exc: BaseException) -> None:
        wanted.pop(number, None)
        log.warning("Reading page %d failed: %s", number, exc)

    def row_of(self, record_id: str) -> int | None:
        """The row of a record among the pages already read."""
        for number, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.get("id") == record_id:
                    return number * self.page_size + offset
        return None

    # -- Qt's model interface ----------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ID_ROLE, RECORD_ROLE):
            return None
        record = self.record(index.row())
        if record is None:
            # A row whose page is still being read: a mark in the first column.
            pending = role == Qt.ItemDataRole.DisplayRole and index.column() == 0
            return "…" if pending and 0 <= index.row() < self._total else None
        if role == ID_ROLE:
            return record.get("id")
        if role == RECORD_ROLE:
            return record
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = record.get(column.tooltip_key) if column.tooltip_key else None
            return str(tip) if tip else None
        value = record.get(column.key)
        if column.format is not None:
            return column.format(value)
        return "" if value is None else str(value)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section].title) if 0 <= section < len(self.columns) else None
        return str(section + 1) if 0 <= section < self._total else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def retranslate(self) -> None:
        """Column titles and formatted cells (dates) in the current language."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.columns and self._total:
            # The view asks again only for the rows it shows.
            self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, len(self.columns) - 1),
                                  [Qt.ItemDataRole.DisplayRole])
