"""Reference data as the demo needs it: agencies by Thai name, name prefixes as written
before a name, programmes by code (and ``DemoDataError`` when one is missing), plus the
record ids handed out in creation order."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from desktop.core.errors import UserError
from desktop.core.ids import new_id
from desktop.core.text import N_


class DemoDataError(UserError):
    pass


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


@dataclass
class Prefix:
    id: uuid.UUID
    th: str        # as written before a name
    en: str | None


@dataclass
class Refs:
    agencies: dict[str, dict[str, Any]]              # by name_th
    prefixes: dict[str, Prefix]                     # by full_th and by abbr_th, spaces removed
    programmes: dict[str, dict[str, Any]]            # by code
    agency_list: list[dict[str, Any]] = field(default_factory=list)

    def agency(self, name_th: str) -> dict[str, Any]:
        found = self.agencies.get(name_th)
        if found is None:
            raise DemoDataError(N_("The demo data needs the agency '{name}', which is not in the agency list."),
                                name=name_th)
        return found

    def agency_id(self, name_th: str) -> str:
        return self.agency(name_th)["id"]

    def prefix(self, name: str, required: bool = True) -> Prefix | None:
        found = self.prefixes.get(_normal(name))
        if found is None and required:
            raise DemoDataError(N_("The demo data needs the name prefix '{name}', which is not in the prefix list."),
                                name=name)
        return found

    def programme(self, code: str) -> dict[str, Any]:
        found = self.programmes.get(code)
        if found is None:
            raise DemoDataError(N_("The demo data needs the programme '{name}', which is not in the programme list."),
                                name=code)
        return found


def load_refs(services: Any) -> Refs:
    agencies = services.agencies.list().rows
    prefixes: dict[str, Prefix] = {}
    for p in services.search.prefixes():
        # As written before a name: นาย, นาง, นางสาว in full; ranks, academic titles and
        # royal lineage abbreviated (พ.ต.ท., ผศ.ดร., ดร., ม.ล.).
        th = p["full_th"] if p.get("category") == "civil" else p["abbr_th"]
        entry = Prefix(uuid.UUID(str(p["id"])), th, p.get("abbr_en"))
        for name in (p["abbr_th"], p["full_th"]):
            prefixes.setdefault(_normal(name), entry)
    programmes = {p["code"]: p for p in services.search.programmes()}
    return Refs({a["name_th"]: a for a in agencies}, prefixes, programmes, agencies)


class Ids:
    """Record ids in creation order: one UUIDv7, then counting up in its random bits, so
    the rows of one run sort as they were made (and after those of earlier runs)."""

    def __init__(self) -> None:
        self._next = new_id().int & ~((1 << 40) - 1)

    def __call__(self) -> uuid.UUID:
        value = uuid.UUID(int=self._next)
        self._next += 1
        return value
