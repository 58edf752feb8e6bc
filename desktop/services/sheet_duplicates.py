"""Possible duplicates in an import: the same national ID (exact) or the same Thai name
up to the usual typing slips, at the same agency, against the people on file and between
rows of the file itself. Each case waits for a person's decision: merge, new or skip."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop.core import validation as v
from desktop.db import person_lookup
from desktop.services.kinds import full_name_th
from desktop.services.sheet_rows import ParsedRow
from desktop.sheets.matching import name_key, similarity

MERGE, NEW, SKIP = "merge", "new", "skip"
NAME_SIMILAR = 0.85  # both names at least this alike (Thai-aware) and the same agency


@dataclass
class DuplicateCase:
    row: int
    reason: str                  # "national_id" | "name" | "file_national_id" | "file_name"
    name: str
    agency: str | None
    score: float
    choices: tuple[str, ...]
    existing: dict[str, Any] | None = None   # the person on file: id, name, agency, national_id_masked
    other_row: int | None = None             # the earlier row of the same file
    decision: str | None = None


_MARKS = str.maketrans("", "", "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d ")


def loose_key(text: str) -> str:
    """A name with its tone marks, ็ ์ ํ and spaces left out: the usual slips of typing a
    Thai name (สมศักดิ์ / สมศักดิ, ใจดี / ใจ ดี) give the same loose key, so possible
    duplicates are found by one hash lookup instead of comparing every pair."""
    return name_key(text).translate(_MARKS)


@dataclass
class _Entry:
    row: ParsedRow
    agency_id: Any
    first: str = field(init=False)
    last: str = field(init=False)
    block: tuple[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.first = name_key(self.row.person.get("first_name_th") or "")
        self.last = name_key(self.row.person.get("last_name_th") or "")
        self.block = (loose_key(self.first), loose_key(self.last))


def find_duplicates(session: Any, rows: list[ParsedRow], agency_ids: dict[int, Any],
                    digest: Callable[[str], str] | None, agency_names: dict[Any, str]) -> list[DuplicateCase]:
    entries = [_Entry(r, agency_ids.get(r.number)) for r in rows]
    cases: dict[int, DuplicateCase] = {}
    digests = {e.row.number: digest(e.row.national_id) if digest else e.row.national_id
               for e in entries if e.row.national_id}
    on_file = person_lookup.by_digests(session, digests.values()) if digest else {}
    first_seen: dict[str, int] = {}
    for e in entries:
        d = digests.get(e.row.number)
        if d is None:
            continue
        if d in first_seen:
            cases[e.row.number] = _case(e, "file_national_id", 1.0, (MERGE, SKIP), other_row=first_seen[d])
        elif d in on_file:
            cases[e.row.number] = _case(e, "national_id", 1.0, (MERGE, SKIP),
                                        existing=_known(on_file[d], agency_names))
        first_seen.setdefault(d, e.row.number)

    rest = [e for e in entries if e.row.number not in cases]
    earlier: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
    for e in rest:
        other, score = _best(e, earlier.get(e.block, ()), lambda o: (o.first, o.last, o.agency_id,
                                                                      bool(o.row.national_id)))
        if other is not None:
            cases[e.row.number] = _case(e, "file_name", score, (MERGE, NEW, SKIP), other_row=other.row.number)
        else:
            earlier[e.block].append(e)

    rest = [e for e in rest if e.row.number not in cases]
    known: dict[tuple[str, str], list[person_lookup.KnownPerson]] = defaultdict(list)
    for k in person_lookup.by_name_keys(session, {e.block for e in rest}, loose_key):
        known[(loose_key(k.first_name_th or ""), loose_key(k.last_name_th or ""))].append(k)
    for e in rest:
        best, score = _best(e, known.get(e.block, ()), lambda k: (name_key(k.first_name_th or ""),
                                                                   name_key(k.last_name_th or ""), k.agency_id,
                                                                   bool(k.national_id_tail)))
        if best is not None:
            cases[e.row.number] = _case(e, "name", score, (MERGE, NEW, SKIP), existing=_known(best, agency_names))
    return [cases[n] for n in sorted(cases)]


def _best(e: _Entry, candidates: Any, facts: Callable[[Any], tuple[str, str, Any, bool]]) -> tuple[Any, float]:
    """The most alike candidate of the same block: never one whose national ID differs
    (both have one) or who is at another agency (both named)."""
    best, score = None, 0.0
    for candidate in candidates:
        first, last, agency_id, has_id = facts(candidate)
        if e.row.national_id and has_id:
            continue
        if e.agency_id is not None and agency_id is not None and e.agency_id != agency_id:
            continue
        s = _name_score(e.first, e.last, first, last)
        if s >= NAME_SIMILAR and s > score:
            best, score = candidate, s
    return best, score


def _name_score(first_a: str, last_a: str, first_b: str, last_b: str) -> float:
    if not first_a or not first_b:
        return 0.0
    first = 1.0 if first_a == first_b else similarity(first_a, first_b)
    last = 1.0 if last_a == last_b else similarity(last_a, last_b) if last_a and last_b else 0.5
    return min(first, last)


def _case(e: _Entry, reason: str, score: float, choices: tuple[str, ...], **more: Any) -> DuplicateCase:
    return DuplicateCase(e.row.number, reason, e.row.name, e.row.agency_text, round(score, 2), choices, **more)


def _known(k: person_lookup.KnownPerson, agency_names: dict[Any, str]) -> dict[str, Any]:
    return {"id": str(k.id), "name": full_name_th(k.prefix_th, k.first_name_th, k.last_name_th),
            "agency": agency_names.get(k.agency_id),
            "national_id_masked": v.mask_national_id(k.national_id_tail) if k.national_id_tail else None}
