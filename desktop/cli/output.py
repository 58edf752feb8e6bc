"""Printing records: aligned tables that measure Thai text by what it shows, and JSON
lines that scripts can read."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterable
from typing import Any, TextIO


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: Thai vowel and tone marks take none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _cell(value: Any, limit: int = 48) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    if display_width(text) > limit:
        out, width = "", 0
        for ch in text:
            w = display_width(ch)
            if width + w > limit - 1:
                break
            out, width = out + ch, width + w
        text = out + "…"
    return text


def print_table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], out: TextIO = sys.stdout) -> None:
    cells = [[_cell(row.get(key)) for key, _ in columns] for row in rows]
    headers = [title for _, title in columns]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: Iterable[str]) -> str:
        return "  ".join(v + " " * (w - display_width(v)) for v, w in zip(values, widths)).rstrip()

    out.write(line(headers) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(line(row) + "\n")


def print_json_lines(rows: Iterable[dict[str, Any]], out: TextIO = sys.stdout) -> None:
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str, sort_keys=True) + "\n")
