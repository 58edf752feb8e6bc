"""Remembered column mappings: once a user confirms that a header such as "ชื่อ - สกุล"
or "สังกัด" means a field, the next file with that header is mapped the same way.

Kept per data folder in ``sheet-mappings.json`` as {header key: field}; header keys are
``desktop.sheets.headers.header_key`` (spacing, dots and case do not matter)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from desktop.core.files import flush_to_disk
from desktop.sheets.headers import FIELDS, guess_mapping, header_key

IGNORED = "ignore"  # a column the user chose to leave out


def load(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: start from the built-in guesses
    headers = data.get("headers", {}) if isinstance(data, dict) else {}
    return {k: v for k, v in headers.items() if isinstance(k, str) and (v in FIELDS or v == IGNORED)}


def remember(path: Path, headers: list[str], mapping: dict[int, str]) -> None:
    """Store the confirmed field of every non-blank header (ignored ones too)."""
    known = load(path)
    for index, text in enumerate(headers):
        key = header_key(text or "")
        if key:
            known[key] = mapping.get(index, IGNORED)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"headers": known}, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    flush_to_disk(tmp)
    os.replace(tmp, path)


def suggest(path: Path, headers: list[str], hidden: frozenset[int] = frozenset()) -> dict[int, str]:
    """Column index -> field: remembered choices first, then the built-in recognition;
    hidden columns are left out unless remembered."""
    known = load(path)
    guessed = guess_mapping(headers)
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, text in enumerate(headers):
        field = known.get(header_key(text or ""))
        if field and field != IGNORED and field not in taken:
            mapping[index] = field
            taken.add(field)
    for index, field in sorted(guessed.items()):
        remembered = known.get(header_key(headers[index] or ""))
        if index in mapping or remembered == IGNORED or field in taken or index in hidden:
            continue
        mapping[index] = field
        taken.add(field)
    return mapping
