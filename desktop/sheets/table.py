"""A spreadsheet read into plain data: header texts and data rows, and how the rows of
a sheet become one: the header row found below any title lines, merged header cells
spread over the columns they cover, a group title joined to the sub-titles under it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.core.errors import UserError
from desktop.sheets.cells import cell_text
from desktop.sheets.headers import GROUP_SEPARATOR, best_field

_HEADER_WINDOW = 20   # the header is looked for among this many non-blank rows


@dataclass(slots=True)
class SheetRow:
    number: int       # 1-based row number as the spreadsheet program shows it
    cells: list[Any]  # str | int | float | datetime | date | None; as many as the table has headers


@dataclass
class SheetTable:
    headers: list[str]           # header text per column ("" when blank); two-row headers joined "group / sub"
    rows: list[SheetRow]         # data rows below the header; fully blank rows dropped
    hidden: frozenset[int] = field(default_factory=frozenset)  # 0-based indexes of hidden columns (xlsx)
    header_row: int = 1          # 1-based row number of the (last) header row
    sheet_name: str | None = None
    encoding: str | None = None  # CSV: "utf-8-sig", "utf-8", "utf-16", "cp874" or "mixed"


class SheetError(UserError):
    """The file as a whole cannot be read; ``message`` is a msgid with ``{named}`` params."""


@dataclass
class Grid:
    """What a reader found in a sheet, before the header is known."""

    rows: list[tuple[int, list[Any]]]                 # (row number, values), blank rows left out
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_col, min_row, max_col, max_row
    hidden: set[int] = field(default_factory=set)
    sheet_name: str | None = None
    encoding: str | None = None


def _header_text(value: Any) -> str:
    return " ".join((cell_text(value) or "").split())


def _header_score(values: list[Any], widest: int) -> int:
    """How many known fields a row names, if it looks like a header at all: mostly text,
    and not a lone title above a wider table."""
    filled = [v for v in values if v is not None]
    texts = [v for v in filled if isinstance(v, str)]
    if len(texts) * 2 <= len(filled) or (len(filled) < 2 <= widest):
        return 0
    return sum(1 for v in texts if best_field(_header_text(v)))


def _fill(rows: list[tuple[int, list[Any]]], merges: list[tuple[int, int, int, int]], across: bool) -> None:
    """Copy each merged range's value into the cells it covers: every covered cell when
    ``across`` (header rows), else down its first column only (data rows)."""
    position = {number: i for i, (number, _) in enumerate(rows)}
    for min_col, min_row, max_col, max_row in merges:
        top = rows[position[min_row]][1] if min_row in position else None
        value = top[min_col - 1] if top is not None and len(top) >= min_col else None
        if value is None:
            continue
        for number in range(min_row, max_row + 1):
            if number not in position:
                continue
            values = rows[position[number]][1]
            for column in range(min_col, (max_col if across else min_col) + 1):
                if len(values) < column:
                    values.extend([None] * (column - len(values)))
                if values[column - 1] is None:
                    values[column - 1] = value


def _two_row(first: tuple[int, list[Any]], second: tuple[int, list[Any]] | None,
             merges: list[tuple[int, int, int, int]]) -> bool:
    """Whether the row under the header holds sub-titles of groups in the header."""
    if second is None or second[0] != first[0] + 1:
        return False
    number, below = first[0], second[1]
    for min_col, min_row, max_col, max_row in merges:
        if min_row == number and (max_row > number or
                                  (max_col > min_col and any(v is not None for v in below[min_col - 1:max_col]))):
            return True
    # no merges (a CSV): sub-titles sit under the blank cells that follow a group title
    above = first[1] + [None] * (len(below) - len(first[1]))
    continues = any(a is None and b is not None for a, b in zip(above, below))
    exact = sum(1 for v in below if isinstance(v, str) and (found := best_field(_header_text(v))) and found[1] == 1)
    return continues and exact >= 2 and _header_score(below, 2) >= 2


def _joined(top: list[str], sub: list[str]) -> list[str]:
    out, group = [], ""
    for above, under in zip(top, sub):
        if above:
            group = above if under else ""
        elif under and group:
            above = group  # a CSV copy of a merged group title leaves the cells after it blank
        out.append(above if not under or under == above else under if not above else above + GROUP_SEPARATOR + under)
    return out


def build_table(grid: Grid) -> SheetTable:
    window = grid.rows[:_HEADER_WINDOW]
    widest = max(sum(v is not None for v in values) for _, values in window)
    scores = [_header_score(values, widest) for _, values in window]
    start = scores.index(max(scores))  # the row naming the most fields; the first row if none does
    header = [(grid.rows[start][0], list(grid.rows[start][1]))]
    following = grid.rows[start + 1] if start + 1 < len(grid.rows) else None
    if _two_row(grid.rows[start], following, grid.merges):
        header.append((following[0], list(following[1])))
    _fill(header, grid.merges, across=True)
    data = grid.rows[start + len(header):]
    if grid.merges:
        _fill(data, grid.merges, across=False)
    width = max(len(values) for _, values in header + data)
    texts = [[_header_text(v) for v in values] + [""] * (width - len(values)) for _, values in header]
    headers = texts[0] if len(texts) == 1 else _joined(texts[0], texts[1])
    rows = []
    for number, values in data:
        if len(values) < width:
            values.extend([None] * (width - len(values)))
        rows.append(SheetRow(number, values))
    return SheetTable(headers=headers, rows=rows, hidden=frozenset(i for i in grid.hidden if i < width),
                      header_row=header[-1][0], sheet_name=grid.sheet_name, encoding=grid.encoding)
