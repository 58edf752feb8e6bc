"""A table of records of one kind that opens instantly however many there are.

The first query asks for the total and the first page; further pages are read when
the view first asks for one of their rows, and only a bounded number of pages are kept.
With a task runner, searches and pages are read off the GUI thread: a row whose page is
still being read shows a mark for a moment, and only the newest search's result is shown.
A service that offers lean lists (``lean_lists``) is asked for just the listed columns and,
for a further page, no count. Without one (tests,
small lists) everything is read at once.

With ``quick_count`` (and a service that offers ``quick_counts``) a search's first page
comes with a count that stops at the first thousand or so (``total_exact`` is then False:
the list holds that many rows for now); once typing has paused, the exact count is read
in the background and the rows past it are added (``counted``). A keystroke then never
waits for 95,000 matches to be counted.
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
    QTimer,
    Signal,
)

from desktop.i18n import _
from desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
# The roles a row answers; a view asks each cell for a dozen (font, colours, alignment...)
# at every paint: the others are turned away before anything else is looked at.
_ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ID_ROLE, RECORD_ROLE))
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


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
    counted = Signal(int)       # the exact total, read after a quick count (see quick_count)
    failed = Signal(object)     # the exception of a failed load

    # A page is four screens of rows at 1366x768: the first page of a search comes back in
    # about half the time of a 200-row one (benchmarks/gui.py, search_service_p95_1m).
    PAGE_SIZE = 100
    MAX_PAGES = 50
    MAX_WANTED = 4      # pages asked for while scrolling that are still worth reading
    COUNT_DELAY_MS = 250  # a pause in typing before the exact count of a quick one is read

    def __init__(self, service: Any, columns: list[Column], parent: Any = None,
                 tasks: TaskRunner | None = None, page_size: int = PAGE_SIZE, deleted: bool = False,
                 quick_count: bool = False) -> None:
        super().__init__(parent)
        self.service, self.columns, self.tasks = service, list(columns), tasks
        self.page_size = page_size
        # Quick counts need the background: the exact count follows there.
        self.quick_count = quick_count and tasks is not None and getattr(service, "quick_counts", False)
        self._query = Query(deleted=deleted)
        self._total = 0
        self._exact = True
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(self.COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._count_exactly)
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._wanted: OrderedDict[int, None] = OrderedDict()   # pages being read in the background
        self._loading = False
        self._reading = False            # a first page is being read in the background
        self._next: Query | None = None  # the query to read when it ends

    # -- queries -----------------------------------------------------------------
    @property
    def query(self) -> Query:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    @property
    def total_exact(self) -> bool:
        """False while ``total`` is a quick count's lower bound (the exact one follows)."""
        return self._exact

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
            elif self.quick_count and query.search:
                extra["exact"] = False   # counted up to a cap; the exact count follows (_count_exactly)
        return self.service.list(search=query.search, filters=query.filters or None,
                                 limit=self.page_size, offset=page * self.page_size,
                                 deleted=query.deleted, **extra)

    def _start(self, query: Query) -> None:
        self._loading = True
        self._count_timer.stop()
        if self.tasks is None:
            try:
                result = self._fetch(query, 0)
            except Exception as exc:  # noqa: BLE001 - reported through the signal
                self._failed(exc)
                return
            self._apply(query, result)
            return
        if self._reading:
            # One first page read at a time: a query asked for meanwhile (the next key typed)
            # goes when it ends, the newest one only, and the older result is not shown.
            self._next = query
            return
        self._reading = True
        self.tasks.run(lambda: self._fetch(query, 0), lambda page: self._read(query, page),
                       self._read_failed, owner=self)

    def _read(self, query: Query, page: Any) -> None:
        self._reading = False
        if self._next is not None:
            query, self._next = self._next, None
            self._start(query)
            return
        self._apply(query, page)

    def _read_failed(self, exc: BaseException) -> None:
        self._reading = False
        if self._next is not None:
            query, self._next = self._next, None
            self._start(query)
            return
        self._failed(exc)

    def _apply(self, query: Query, page: Any) -> None:
        self.beginResetModel()
        self._query, self._total = query, page.total
        self._exact = getattr(page, "exact", True)
        self._pages = OrderedDict({0: list(page.rows)})
        self._wanted = OrderedDict()
        self.endResetModel()
        self._loading = False
        if not self._exact:
            self._count_timer.start()
        self.loaded.emit(self._total)

    def _count_exactly(self) -> None:
        """The exact total of a quick-counted search, read in the background."""
        query = self._query
        if self._exact or self.tasks is None:
            return

        def count() -> int | None:
            if query is not self._query:   # worker thread: a newer search came first
                return None
            return self.service.count(search=query.search, filters=query.filters or None, deleted=query.deleted)

        self.tasks.run(count, lambda total: self._counted(query, total),
                       lambda exc: log.warning("Counting %s failed: %s", getattr(self.service, "kind", "records"), exc),
                       key=f"record-count-{id(self)}", owner=self)

    def _counted(self, query: Query, total: int | None) -> None:
        if total is None or query is not self._query or self._exact:
            return   # skipped, or the model was reset since
        if total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, total - 1)
            self._total = total
            self.endInsertRows()
        elif total < self._total:   # records went away meanwhile
            self.beginRemoveRows(QModelIndex(), total, self._total - 1)
            self._total = total
            self.endRemoveRows()
        self._exact = True
        self.counted.emit(self._total)

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
        if role not in _ROLES or not index.isValid():
            return None
        number = index.column()
        if not 0 <= number < len(self.columns):
            return None
        record = self.record(index.row())
        if record is None:
            # A row whose page is still being read: a mark in the first column.
            pending = role == _DISPLAY and number == 0
            return "…" if pending and 0 <= index.row() < self._total else None
        if role == _DISPLAY:
            column = self.columns[number]
            value = record.get(column.key)
            if column.format is not None:
                return column.format(value)
            return "" if value is None else str(value)
        if role == ID_ROLE:
            return record.get("id")
        if role == RECORD_ROLE:
            return record
        column = self.columns[number]
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
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def retranslate(self) -> None:
        """Column titles and formatted cells (dates) in the current language."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.columns and self._total:
            # The view asks again only for the rows it shows.
            self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, len(self.columns) - 1),
                                  [Qt.ItemDataRole.DisplayRole])
