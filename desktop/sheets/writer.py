"""Writing lists out as .xlsx and .csv that open well in a Thai office.

Dates are real dates shown with the Buddhist year: the number format
``[$-107041E]dd/mm/yyyy`` (Thai locale 041E, calendar 07 = Thai Buddhist, Latin digits)
shows 19/05/2566 in Excel and in LibreOffice Calc while the cell stays a date that sorts
and filters as one. The font is left at the workbook default: Excel and Calc show Thai in
it through the system's font fallback, whereas a named Thai font (TH Sarabun New) is not
installed on every PC and is too small at the default size. Both files are written to a
temporary file beside the target and then moved over it, so a failure never leaves a
half-written list behind.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from desktop.core.digits import to_arabic_digits
from desktop.core.files import flush_to_disk
from desktop.i18n.thai_dates import format_date_numeric
from desktop.sheets.cells import cell_text

#: Excel number format showing a date as dd/mm/yyyy with the Buddhist-Era year.
BUDDHIST_DATE_FORMAT = "[$-107041E]dd/mm/yyyy"
_FORMATS = {"int": "0", "number": "#,##0.00", "date": BUDDHIST_DATE_FORMAT, "id": "@"}
_KINDS = ("text", "int", "number", "date", "id")
_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u200b-\u200d]")  # take no width of their own
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_WIDTH_SAMPLE = 1000   # rows looked at to size the columns
_MAX_WIDTH, _MIN_WIDTH = 60.0, 6.0


@dataclass
class Column:
    header: str                 # already translated (Thai headers)
    kind: str = "text"          # "text" | "int" | "number" | "date" | "id" (digits kept as text)
    width: float | None = None  # in characters; None: from the header and the first rows

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def display_width(text: str) -> int:
    """Characters a text takes on screen: Thai vowel signs and tone marks add nothing."""
    return len(_MARKS.sub("", text))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else cell_text(value)


def _number(value: Any) -> Any:
    """A number given as text ("1,234", "๑๒") as a number; any other text stays text."""
    if not isinstance(value, str):
        return value
    cleaned = to_arabic_digits(value).replace(",", "").strip()
    for kind in (int, float):
        try:
            return kind(cleaned)
        except ValueError:
            pass
    return value


def _atomic(path: Path, suffix: str):
    """A temporary file beside ``path`` and the function that moves it into place."""
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix="." + path.stem[:40] + "-", suffix=suffix + ".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)

    def commit() -> None:
        flush_to_disk(tmp)
        os.replace(tmp, path)

    return tmp, commit


def _widths(columns: Sequence[Column], sample: list[Sequence[Any]]) -> list[float]:
    out = []
    for i, column in enumerate(columns):
        if column.width is not None:
            out.append(column.width)
            continue
        widest = display_width(column.header) * 1.15  # the header is bold
        for row in sample:
            value = row[i] if i < len(row) else None
            if isinstance(value, date | datetime) or (column.kind == "date" and value is not None):
                widest = max(widest, 10)
            elif value is not None:
                text = _text(value) or ""
                widest = max(widest, max(map(display_width, text.split("\n"))))
        out.append(min(max(widest + 2, _MIN_WIDTH), _MAX_WIDTH))
    return out


def _sheet_title(name: str, used: set[str]) -> str:
    base = _SHEET_NAME_FORBIDDEN.sub(" ", name or "").strip().strip("'")[:31] or "Sheet"
    title, n = base, 1
    while title.casefold() in used:
        n += 1
        title = f"{base[:31 - len(str(n)) - 3]} ({n})"
    used.add(title.casefold())
    return title


class _RowCells:
    """Turns a row of values into what a write-only sheet takes. One styled cell per column
    is reused for every row: openpyxl writes a row out before the next one is appended."""

    def __init__(self, ws: Any, columns: Sequence[Column]) -> None:
        self.columns = columns
        self.cells = []
        for column in columns:
            cell = WriteOnlyCell(ws)
            if column.kind != "text":
                cell.number_format = _FORMATS[column.kind]
            self.cells.append(cell)

    def __call__(self, row: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for column, cell, value in zip(self.columns, self.cells, chain(row, [None] * (len(self.columns) - len(row)))):
            kind = column.kind
            if value is None:
                out.append(None)
                continue
            if kind in ("text", "id") or (kind == "date" and not isinstance(value, date)):
                value = _text(value)
                if value and ILLEGAL_CHARACTERS_RE.search(value):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if kind != "id" and not (value and value[0] == "="):
                    out.append(value)  # plain text needs no styled cell
                    continue
            elif kind in ("int", "number"):
                value = _number(value)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
            out.append(cell)
        return out


def write_xlsx(path: Path, sheets: Sequence[tuple[str, Sequence[Column], Iterable[Sequence[Any]]]]) -> None:
    """One worksheet per (title, columns, rows): a bold, frozen header row with a filter,
    real numbers and dates, IDs and phone numbers kept as text."""
    wb = Workbook(write_only=True)
    used: set[str] = set()
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    middle = Alignment(vertical="center", wrap_text=True)
    for title, columns, rows in sheets:
        ws = wb.create_sheet(_sheet_title(title, used))
        rows = iter(rows)
        sample = list(islice(rows, _WIDTH_SAMPLE))
        for i, width in enumerate(_widths(columns, sample), start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(ws, column.header)
            cell.font, cell.fill, cell.alignment = bold, fill, middle
            header.append(cell)
        ws.append(header)
        cells, count = _RowCells(ws, columns), 0
        for row in chain(sample, rows):
            ws.append(cells(row))
            count += 1
        if columns:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    if not used:
        wb.create_sheet("Sheet")
    tmp, commit = _atomic(path, Path(path).suffix)
    try:
        wb.save(tmp)
        commit()
    finally:
        tmp.unlink(missing_ok=True)


_NUMBER_LIKE = re.compile(r"[+\-]?[\d\s\-().,]*")


def _csv_value(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind == "date" and isinstance(value, date):
        return format_date_numeric(value.date() if isinstance(value, datetime) else value)
    text = _text(value) or ""
    if text[:1] in ("=", "@") or (text[:1] in ("+", "-") and not _NUMBER_LIKE.fullmatch(text)):
        text = "'" + text  # a spreadsheet would run it as a formula; +66 81 234 5678 is left alone
    return text


def _csv_rows(columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> Iterator[list[str]]:
    yield [c.header for c in columns]
    for row in rows:
        yield [_csv_value(c, v) for c, v in zip(columns, chain(row, [None] * (len(columns) - len(row))))]


def write_csv(path: Path, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> None:
    """UTF-8 with a BOM (so Excel reads the Thai), CRLF line ends, dates as dd/mm/yyyy
    with the Buddhist year. Excel reads digits-only cells (IDs) as numbers when it opens
    a CSV directly; the .xlsx keeps them as text."""
    tmp, commit = _atomic(path, Path(path).suffix)
    try:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f, lineterminator="\r\n").writerows(_csv_rows(columns, rows))
        commit()
    finally:
        tmp.unlink(missing_ok=True)
