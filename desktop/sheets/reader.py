"""Reading a participant list from .xlsx or .csv into a SheetTable.

The data rows stream through openpyxl's read-only parser once; the same pass collects the
merged ranges (written after the rows) and the hidden columns (written before them), so
honouring them costs nothing extra. The header row is found among the first rows: title
lines above the table are skipped, and a group title merged over sub-titles is joined to
each of them ("ชื่อ-สกุล / คำนำหน้า").
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser

from desktop.core.text import N_
from desktop.sheets.table import Grid, SheetError, SheetTable, build_table

Progress = Callable[[int], None] | None
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_ZIPPED = {".ods": "OpenDocument (.ods)", ".xlsb": "Excel Binary (.xlsb)", ".numbers": "Numbers (.numbers)"}
_PROGRESS_EVERY = 1000
_DAMAGED = N_("{file} is damaged or is not an Excel workbook. Open it in Excel, save it as an Excel "
              "Workbook (.xlsx) and import that file.")
_PASSWORD = N_("{file} is protected with a password. Open it in Excel, remove the password (File > Info > "
               "Protect Workbook), save it and import it again.")
_UNSUPPORTED = N_("{file} is not a spreadsheet the app can read. Use an Excel Workbook (.xlsx) or a CSV file.")


class _CallerFailed(Exception):
    """The progress callback raised (a cancel, say): passed on as it is, never as a damaged file."""


def _report(progress: Progress, count: int) -> None:
    try:
        progress(count)
    except Exception as error:
        raise _CallerFailed() from error


def sheet_names(path: Path) -> list[str]:
    """The worksheets of a workbook, in order; [] for a CSV file."""
    path = Path(path)
    if _kind(path) == "text":
        return []
    with _OpenWorkbook(path) as wb:
        return [ws.title for ws in wb.worksheets]


def read_table(path: Path, *, sheet: str | None = None, progress: Progress = None) -> SheetTable:
    """The table in ``path``: a worksheet of an .xlsx/.xlsm workbook (``sheet``, else the
    one open when it was saved, else the first with data) or a CSV/text file."""
    path = Path(path)
    collecting = gc.isenabled()
    gc.disable()  # 100,000 rows of new lists would set off full collections again and again
    try:
        grid = _read_text(path, progress) if _kind(path) == "text" else _read_workbook(path, sheet, progress)
        if not grid.rows:
            if grid.sheet_name:
                raise SheetError(N_("The sheet '{sheet}' in {file} has no data."), sheet=grid.sheet_name,
                                 file=path.name)
            raise SheetError(N_("{file} has no data."), file=path.name)
        return build_table(grid)
    finally:
        if collecting:
            gc.enable()


# ---------------------------------------------------------------------------- which file

def _kind(path: Path) -> str:
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except FileNotFoundError:
        raise SheetError(N_("The file {file} does not exist."), file=str(path)) from None
    except OSError as error:
        raise SheetError(N_("The file {file} cannot be opened: {reason}."), file=str(path),
                         reason=error.strerror or str(error)) from None
    suffix = path.suffix.lower()
    if not head:
        raise SheetError(N_("{file} is empty."), file=path.name)
    if head.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
            raise SheetError(_PASSWORD, file=path.name)
        raise SheetError(N_("{file} is an old Excel 97-2003 file (.xls). Open it in Excel and save it as an "
                            "Excel Workbook (.xlsx), then import the .xlsx file."), file=path.name)
    if head.startswith(_ZIP):
        if suffix in _OTHER_ZIPPED:
            raise SheetError(N_("{file} is a {kind} spreadsheet. Save it as an Excel Workbook (.xlsx) and "
                                "import that file."), file=path.name, kind=_OTHER_ZIPPED[suffix])
        return "workbook"
    if suffix in WORKBOOK_SUFFIXES:
        raise SheetError(_DAMAGED, file=path.name)
    if suffix in TEXT_SUFFIXES or suffix == ".xls":  # systems often export text or a web page as ".xls"
        if head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith(b"<"):
            raise SheetError(N_("{file} is a web page, not a spreadsheet. Open it in Excel and save it as an "
                                "Excel Workbook (.xlsx), then import that file."), file=path.name)
        return "text"
    raise SheetError(_UNSUPPORTED, file=path.name)


# ---------------------------------------------------------------------------- .xlsx

class _OpenWorkbook:
    """A read-only workbook, closed with its file; damaged files become SheetError."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = open(path, "rb")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.wb = load_workbook(self.file, read_only=True, data_only=True, keep_links=False)
        except Exception as error:
            self.file.close()
            raise _workbook_error(path, error) from None

    def __enter__(self) -> Any:
        return self.wb

    def __exit__(self, *exc: object) -> None:
        self.wb.close()
        self.file.close()


def _workbook_error(path: Path, error: Exception) -> SheetError:
    if isinstance(error, RuntimeError) and "encrypted" in str(error):
        return SheetError(_PASSWORD, file=path.name)
    if isinstance(error, (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError,
                          EOFError, OSError, SyntaxError, IndexError, AttributeError, RuntimeError)):
        return SheetError(_DAMAGED, file=path.name)
    raise error


def _read_workbook(path: Path, sheet: str | None, progress: Progress) -> Grid:
    with _OpenWorkbook(path) as wb:
        worksheets = wb.worksheets
        if sheet is not None:
            chosen = [ws for ws in worksheets if ws.title == sheet]
            if not chosen:
                raise SheetError(N_("{file} has no sheet named '{sheet}'."), file=path.name, sheet=sheet)
        else:
            active = wb.active if wb.active in worksheets else None
            chosen = ([active] if active else []) + [ws for ws in worksheets if ws is not active]
        grid = Grid([])
        for ws in chosen:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    grid = _read_worksheet(wb, ws, progress)
            except _CallerFailed as failed:
                raise failed.__cause__ from None
            except Exception as error:
                raise _workbook_error(path, error) from None
            if grid.rows:
                break
        return grid


def _read_worksheet(wb: Any, ws: Any, progress: Progress) -> Grid:
    """One pass of openpyxl's own read-only parser, kept to read what it finds besides rows."""
    rows: list[tuple[int, list[Any]]] = []
    seen = 0
    with ws._get_source() as source:
        parser = WorkSheetParser(source, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for number, cells in parser.parse():
            seen += 1
            if progress and seen % _PROGRESS_EVERY == 0:
                _report(progress, seen)
            if not cells:
                continue
            last = cells[-1]["column"]
            if last == len(cells):  # every cell written, as Excel and LibreOffice do
                values = [c["value"] for c in cells]
            else:
                values = [None] * min(last, len(cells) * 2 + 64)
                for c in cells:
                    if c["value"] is not None:
                        if c["column"] > len(values):
                            values.extend([None] * (c["column"] - len(values)))
                        values[c["column"] - 1] = c["value"]
            for value in values:  # usually stops at the first cell
                if value is not None and (value.__class__ is not str or value.strip()):
                    break
            else:
                continue  # a blank row
            while values[-1] is None or (values[-1].__class__ is str and not values[-1].strip()):
                values.pop()
            rows.append((number, values))
        if progress:
            _report(progress, seen)
        grid = Grid(rows, sheet_name=ws.title)
        for attrs in parser.column_dimensions.values():
            if attrs.get("hidden") in ("1", "true"):
                low, high = int(attrs["min"]), int(attrs.get("max", attrs["min"]))
                grid.hidden.update(range(low - 1, min(high, low + 1024)))
        if parser.merged_cells is not None:
            grid.merges = [range_boundaries(m.coord) for m in parser.merged_cells.mergeCell]
    return grid


# ---------------------------------------------------------------------------- CSV

def _decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding found: UTF-8 with or without BOM, UTF-16 with BOM, Thai
    Windows (cp874, a superset of TIS-620), or a mix of UTF-8 and cp874 lines."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    lines, utf8, thai = [], bom, False
    for line in body.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
            utf8 = utf8 or not line.isascii()
        except UnicodeDecodeError:
            lines.append(line.decode("cp874", errors="replace"))
            thai = True
    return "\n".join(lines), "mixed" if utf8 and thai else "cp874"


def _delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first lines most evenly."""
    sample = [line for line in text[:200_000].splitlines()[:60] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        try:
            counts = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
        except csv.Error:
            continue
        width, often = Counter(counts).most_common(1)[0] if counts else (1, 0)
        score = (often if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_text(path: Path, progress: Progress) -> Grid:
    data = path.read_bytes()
    text, encoding = _decode(data)
    if "\x00" in text:
        raise SheetError(_UNSUPPORTED, file=path.name)
    rows: list[tuple[int, list[Any]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            if progress and number % _PROGRESS_EVERY == 0:
                progress(number)
            values = [cell if cell.strip() else None for cell in record]
            while values and values[-1] is None:
                values.pop()
            if values:
                rows.append((number, values))
    except csv.Error:
        raise SheetError(_UNSUPPORTED, file=path.name) from None
    if progress:
        progress(number)
    return Grid(rows, encoding=encoding)
