"""Three real data folders (headquarters and two offices) with real keys, enrolled with
each other once per session as templates and copied for each test. The helpers the tests
import are in sync_helpers.py."""

from __future__ import annotations

import shutil
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
