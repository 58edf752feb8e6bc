"""Reference data shipped with the app: administrative areas (GeoThai, CC-BY-4.0),
agencies, name prefixes and programmes. Loaded on first run; reloaded when a newer
dataset version ships (or arrives from headquarters)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.ids import reference_id
from desktop.core.thai_order import sort_key
from desktop.db import bulk, repository
from desktop.db.database import Database
from desktop.db.models import Area, NamePrefix, Programme
from desktop.paths import resources_dir

REFERENCE_USER = "reference-data"


@dataclass(frozen=True)
class Dataset:
    name: str
    version: str
    records: list[dict[str, Any]]


def shipped_version(name: str) -> str:
    """The version of a shipped dataset, without building its records (start-up path)."""
    if name == "areas":
        import geothai

        return f"geothai-{geothai.DATA_VERSION}"
    return shipped_dataset(name).version


def shipped_dataset(name: str) -> Dataset:
    if name == "areas":
        return _areas_dataset()
    path = resources_dir() / "reference" / f"{name}.json"
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Dataset(data["dataset"], str(data["version"]), data["records"])


def _areas_dataset() -> Dataset:
    import geothai

    rows: list[dict[str, Any]] = []
    for p in geothai.provinces():
        rows.append(dict(code=p.code, level="province", name_th=p.name_th, name_en=p.name_en,
                         parent_code=None, postal_codes=None))
        for d in geothai.districts(p.code):
            rows.append(dict(code=d.code, level="district", name_th=d.name_th, name_en=d.name_en,
                             parent_code=p.code, postal_codes=None))
            for s in geothai.subdistricts(d.code):
                rows.append(dict(code=s.code, level="subdistrict", name_th=s.name_th, name_en=s.name_en,
                                 parent_code=d.code, postal_codes=" ".join(s.postal_codes)))
    return Dataset("areas", f"geothai-{geothai.DATA_VERSION}", rows)


DATASETS = ("areas", "prefixes", "programmes", "agencies")


def ensure_loaded(db: Database, force: bool = False) -> dict[str, str]:
    """Load every shipped dataset this database lacks or holds in an older version.

    Returns the datasets loaded, by name and version."""
    with db.read() as s:
        have = bulk.reference_versions(s)
    loaded: dict[str, str] = {}
    for name in DATASETS:
        if not force and have.get(name) is not None and not is_newer(shipped_version(name), have[name]):
            continue                       # the same, or newer from headquarters: keep it
        dataset = shipped_dataset(name)
        with db.write(REFERENCE_USER, note=f"reference:{name}:{dataset.version}") as s:
            count = _LOADERS[name](s, dataset.records)
            bulk.set_reference_version(s, name, dataset.version, count)
        loaded[name] = dataset.version
    return loaded


def _load_areas(session: Any, records: list[dict[str, Any]]) -> int:
    return bulk.upsert_reference_rows(session, Area, records)


def _load_prefixes(session: Any, records: list[dict[str, Any]]) -> int:
    rows = [dict(id=reference_id("prefix", r["key"]), category=r["category"], full_th=r["full_th"],
                 abbr_th=r["abbr_th"], full_en=r["full_en"], abbr_en=r["abbr_en"],
                 gender=r.get("gender"), position=i) for i, r in enumerate(records)]
    return bulk.upsert_reference_rows(session, NamePrefix, rows)


def _load_programmes(session: Any, records: list[dict[str, Any]]) -> int:
    rows = [dict(id=reference_id("programme", r["code"]), code=r["code"], name_th=r["name_th"],
                 name_en=r["name_en"], level=r.get("level"), position=i) for i, r in enumerate(records)]
    return bulk.upsert_reference_rows(session, Programme, rows)


def _parents_first(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_key = {r["key"]: r for r in records}
    ordered: list[dict[str, Any]] = []
    seen: set[str] = set()

    def visit(record: dict[str, Any]) -> None:
        if record["key"] in seen:
            return
        seen.add(record["key"])
        parent = record.get("parent")
        if parent in by_key:
            visit(by_key[parent])
        ordered.append(record)

    for record in records:
        visit(record)
    return ordered


def _load_agencies(session: Any, records: list[dict[str, Any]]) -> int:
    new_rows = []
    for r in _parents_first(records):
        values = dict(
            key=r["key"], kind=r["kind"], name_th=r["name_th"], name_en=r.get("name_en"),
            abbr_th=r.get("abbr_th"), letter_code=r.get("letter_code"),
            parent_id=reference_id("agency", r["parent"]) if r.get("parent") else None,
            area_code=r.get("area_code"), sort_name=sort_key(r["name_th"]),
        )
        record_id = reference_id("agency", r["key"])
        existing = repository.get(session, "agency", record_id)
        if existing is None:
            new_rows.append(dict(id=record_id, **values))
            continue
        for key, value in values.items():
            if getattr(existing, key) != value:
                setattr(existing, key, value)
    session.flush()
    bulk.insert_records(session, "agency", new_rows)
    return len(records)


_LOADERS = {"areas": _load_areas, "prefixes": _load_prefixes, "programmes": _load_programmes,
            "agencies": _load_agencies}


# -- datasets from headquarters ---------------------------------------------------------------


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Dataset versions in natural order: 2026.11.10 after 2026.11.9."""
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in re.split(r"(\d+)", str(version)) if part)


def is_newer(version: str, than: str | None) -> bool:
    return than is None or version_key(version) > version_key(than)


def dataset_from(data: Any) -> Dataset:
    """A dataset in the resources/reference/*.json format, checked; ValueError if not."""
    if not isinstance(data, dict) or data.get("dataset") not in DATASETS:
        raise ValueError("not a reference dataset")
    version, records = data.get("version"), data.get("records")
    if not isinstance(version, str) or not version or len(version) > 64:
        raise ValueError("version")
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ValueError("records")
    return Dataset(data["dataset"], version, records)


def load_into(session: Any, dataset: Dataset) -> int:
    """Load ``dataset`` in the caller's transaction (sync applies one inside an import)."""
    try:
        count = _LOADERS[dataset.name](session, dataset.records)
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"record without {error}") from None
    bulk.set_reference_version(session, dataset.name, dataset.version, count)
    return count


def dataset_file(db: Database, name: str) -> Path:
    """Where a dataset loaded from outside the build is kept, for sending on to offices."""
    return db.paths.root / "reference" / f"{name}.json"


def load_dataset(db: Database, data: dict[str, Any] | Path) -> Dataset:
    """Load a dataset given as a dict or a JSON file in the resources/reference format
    (headquarters publishing a new version); it is kept in the data folder so that sync
    carries it to the offices that have not acknowledged it yet."""
    if not isinstance(data, dict):
        data = json.loads(Path(data).read_text(encoding="utf-8"))
    dataset = dataset_from(data)
    with db.write(REFERENCE_USER, note=f"reference:{dataset.name}:{dataset.version}") as s:
        load_into(s, dataset)
        target = dataset_file(db, dataset.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(target)
    return dataset
