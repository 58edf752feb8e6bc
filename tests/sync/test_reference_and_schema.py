"""Headquarters' newer reference data reaches the offices inside a package and is loaded
in the import's transaction; a package written by an older schema is upgraded change by
change through the per-revision upgrader table."""

from __future__ import annotations

import json
import zipfile

import pyrage

from desktop.core.ids import reference_id
from desktop.db import bulk
from desktop.paths import resources_dir
from desktop.services import reference
from desktop.services.app_services import open_services
from desktop.sync import exchange


def _members(sites, package, site="a") -> list[str]:
    data = pyrage.decrypt(package.read_bytes(), [exchange.keys_for(sites[site].db).age])
    import io

    return zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_a_newer_agencies_dataset_at_headquarters_reaches_the_office(sites):
    a, hq = sites["a"], sites["hq"]
    shipped = json.loads((resources_dir() / "reference" / "agencies.json").read_text(encoding="utf-8"))
    assert "reference/agencies.json" not in _members(sites, sites.send("hq", "a"))   # nothing newer yet
    data = dict(shipped, version=shipped["version"] + ".1", records=shipped["records"] + [
        {"key": "gdcc-test", "kind": "department", "name_th": "ศูนย์ทดสอบการแลกเปลี่ยนข้อมูลภาครัฐ",
         "name_en": "Government Data Exchange Test Centre", "abbr_th": "ศทข.", "letter_code": None,
         "parent": "opm"}])
    reference.load_dataset(hq.db, data)
    package = sites.send("hq", "a")
    assert "reference/agencies.json" in _members(sites, package)

    report = a.sync.import_file(package)
    assert report.reference == [("agencies", data["version"])]
    fixed = str(reference_id("agency", "gdcc-test"))
    listed = {r["id"]: r["name_th"] for r in a.agencies.list(search="ศูนย์ทดสอบการแลกเปลี่ยน").rows}
    assert listed == {fixed: "ศูนย์ทดสอบการแลกเปลี่ยนข้อมูลภาครัฐ"}          # the same fixed id as at HQ
    assert a.agencies.get(fixed)["parent_id"] == str(reference_id("agency", "opm"))
    with a.db.read() as s:
        assert bulk.reference_versions(s)["agencies"] == data["version"]

    # the office's next package acknowledges it; headquarters stops sending it
    hq.sync.import_file(sites.send("a", "hq"))
    assert "reference/agencies.json" not in _members(sites, sites.send("hq", "a"))
    # and restarting the office does not put the older shipped version back
    a.close()
    again = open_services(sites.folders["a"])
    try:
        with again.db.read() as s:
            assert bulk.reference_versions(s)["agencies"] == data["version"]
        assert again.agencies.get(fixed)["name_th"] == "ศูนย์ทดสอบการแลกเปลี่ยนข้อมูลภาครัฐ"
    finally:
        again.close()
        sites.opened["a"] = open_services(sites.folders["a"])


def test_reference_data_from_an_office_is_refused(sites, monkeypatch):
    a, hq = sites["a"], sites["hq"]
    a.persons.create({"first_name_th": "สมชาย"})
    original = exchange._reference_to_send
    monkeypatch.setattr(exchange, "_reference_to_send", lambda db, s, profile, peer, ref: {
        "agencies": ("9999", resources_dir() / "reference" / "agencies.json")})
    package = sites.send("a", "hq")
    monkeypatch.setattr(exchange, "_reference_to_send", original)
    import pytest

    from desktop.sync.errors import PackageRefused

    with pytest.raises(PackageRefused) as refused:
        hq.sync.import_file(package)
    assert "only headquarters" in refused.value.message


def test_a_package_written_by_an_older_schema_is_upgraded_and_applied(sites, monkeypatch):
    a, hq = sites["a"], sites["hq"]
    p = a.persons.create({"first_name_th": "สมชาย", "phone": "021111111"})
    hq.sync.import_file(sites.send("a", "hq"))
    a.persons.update(p["id"], {"phone": "022222222"})
    q = a.persons.create({"first_name_th": "สมหญิง"})

    # hand-build what a 0002 build wrote: schema "0002" in the manifest, changes without origins
    real_write = exchange.write_package

    def as_0002(target, content, manifest, keys, recipient):
        for change in content.changes:
            change.pop("origin", None)
        content.acks.pop("reference", None)
        return real_write(target, content, dict(manifest, schema="0002"), keys, recipient)

    monkeypatch.setattr(exchange, "write_package", as_0002)
    package = sites.send("a", "hq")
    monkeypatch.setattr(exchange, "write_package", real_write)

    seen = []
    monkeypatch.setitem(exchange.CHANGE_UPGRADERS, "0004",
                        lambda c, up=exchange.CHANGE_UPGRADERS["0004"]: seen.append(c["seq"]) or up(c))
    monkeypatch.setitem(exchange.CHANGE_UPGRADERS, "0003",
                        lambda c, up=exchange.CHANGE_UPGRADERS["0003"]: seen.append(("0003", c["seq"])) or up(c))
    report = hq.sync.import_file(package)
    assert (report.created, report.updated, report.rejected) == (1, 1, [])
    assert len([s for s in seen if isinstance(s, int)]) == 3 and len(seen) == 6     # both steps, every change
    assert hq.persons.get(p["id"])["phone"] == "02-222-2222"
    assert hq.persons.get(q["id"])["first_name_th"] == "สมหญิง"
    assert exchange.upgrade_steps(exchange.head_revision()) == []                   # current: nothing to do
