"""Lists of records to choose from in pickers and filters, as (id, text)."""

from __future__ import annotations

from typing import Any


def project_choices(services: Any) -> list[tuple[str, str]]:
    rows = services.projects.list(limit=None).rows
    return [(r["id"], f"{r['code']} {r['title_th']}" if r.get("code") else r["title_th"]) for r in rows]


def cohort_choices(services: Any) -> list[tuple[str, str]]:
    return [(r["id"], r["display_name_th"]) for r in services.cohorts.list(limit=None).rows]


def course_choices(services: Any) -> list[tuple[str, str]]:
    return [(r["id"], r["title_th"]) for r in services.courses.list(limit=None).rows]


def programme_choices(services: Any) -> list[tuple[str, str]]:
    return [(r["id"], r["name_th"]) for r in services.search.programmes()]


def province_choices(services: Any) -> list[tuple[str, str]]:
    return [(r["code"], r["name_th"]) for r in services.search.areas(None)]
