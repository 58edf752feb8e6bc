"""Three real data folders (headquarters and two offices) with real keys, enrolled with
each other once per session as templates and copied for each test."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.services.app_services import Services, open_services

SITES = {
    "hq": dict(office_name="สำนักงานปลัดสำนักนายกรัฐมนตรี (ส่วนกลาง)", office_code="HQ", area_code="10", role="hq"),
    "a": dict(office_name="สำนักงานจังหวัดนครปฐม", office_code="NPT01", area_code="73", role="office"),
    "b": dict(office_name="สำนักงานจังหวัดเชียงใหม่", office_code="CMI01", area_code="50", role="office"),
}


@pytest.fixture(scope="session")
def site_templates(template_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("sync-templates")
    folders = {}
    for name, office in SITES.items():
        folder = root / name
        shutil.copytree(template_dir, folder)
        (folder / "govlab.sqlite").unlink()          # a fresh site id: re-init on a fresh database
        for extra in folder.glob("govlab.sqlite-*"):
            extra.unlink()
        shutil.rmtree(folder / "keys", ignore_errors=True)
        services = open_services(folder)
        services.office.init(**office)
        services.sync.identity(root / f"{name}.govlab-id")
        services.close()
        folders[name] = folder
    for name, folder in folders.items():
        services = open_services(folder)
        for other in (["a", "b"] if name == "hq" else ["hq"]):
            services.sync.enroll(root / f"{other}.govlab-id")
        services.close()
    return folders


@dataclass
class Sites:
    root: Path
    folders: dict[str, Path]
    opened: dict[str, Services]

    def __getitem__(self, name: str) -> Services:
        return self.opened[name]

    def site_id(self, name: str) -> str:
        return str(self.opened[name].db.site_id())

    def send(self, sender: str, recipient: str, label: str = "") -> Path:
        outbox = self.root / "outbox"
        outbox.mkdir(exist_ok=True)
        out = outbox / f"{sender}-{recipient}-{label or len(list(outbox.iterdir()))}.govlab"
        self.opened[sender].sync.export(out, to=self.site_id(recipient))
        return out

    def close(self) -> None:
        for services in self.opened.values():
            services.close()


@pytest.fixture
def sites(site_templates: dict[str, Path], tmp_path: Path) -> Sites:
    folders = {}
    for name, template in site_templates.items():
        folders[name] = tmp_path / name
        shutil.copytree(template, folders[name])
    opened = Sites(tmp_path, folders, {name: open_services(folder) for name, folder in folders.items()})
    yield opened
    opened.close()


def dump(services: Services) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: equal dumps mean nothing changed."""
    services.db.engine.dispose()
    conn = sqlite3.connect(services.paths.database)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'search_text%' ORDER BY name")]
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    finally:
        conn.close()


def bulk_persons(services: Services, count: int, prefix: str = "คน") -> list[str]:
    """``count`` persons written through desktop.db.bulk (stamped and logged like any)."""
    from desktop.core.ids import new_id
    from desktop.core.thai_order import sort_key
    from desktop.db import bulk

    rows = []
    for i in range(count):
        first, last = f"{prefix}{i:06d}", "ทดสอบนำเข้า"
        rows.append(dict(id=new_id(), first_name_th=first, last_name_th=last, phone=f"02{i:07d}",
                         position="นักวิเคราะห์นโยบายและแผน", sort_name=sort_key(f"{first} {last}")))
    with services.db.write(note="test:bulk") as s:
        bulk.insert_records(s, "person", rows)
    return [str(r["id"]) for r in rows]


def normalized(services: Services) -> dict[str, object]:
    """What an import must leave identical however it got there: record values, row counts
    of every table, and the packages recorded as applied (timestamps and stamps aside)."""
    from desktop.db import sync_store
    from desktop.db.models import SYNCED_MODELS

    out: dict[str, object] = {}
    with services.db.read() as s:
        for kind in SYNCED_MODELS:
            out[kind] = sorted((str(o.id), repr(sorted(sync_store.values_of(o).items())), o.deleted_at is None)
                               for o in sync_store.all_records(s, kind))
    tables = dump(services)
    out["counts"] = {name: len(rows) for name, rows in tables.items()}
    conn = sqlite3.connect(services.paths.database)
    try:
        out["packages"] = sorted(r[0] for r in conn.execute("SELECT package_id FROM sync_package"))
        out["received"] = sorted(conn.execute("SELECT site_id, seq_from, seq_to FROM sync_received"))
    finally:
        conn.close()
    return out
