"""Guarantees 1-5 and 10 of sync.md with real data folders, real keys and real packages."""

from __future__ import annotations

import shutil
import time

import pytest
from sync_helpers import dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.db import sync_store
from desktop.db.models import SYNCED_MODELS
from desktop.services.app_services import open_services
from desktop.sync import exchange

SEALED = {"national_id_sealed", "national_id_digest", "national_id_tail"}


def state(services) -> dict:
    """Record values (without per-site metadata) and open conflicts, comparable across sites."""
    out = {}
    with services.db.read() as s:
        for kind in SYNCED_MODELS:
            for obj in sync_store.all_records(s, kind):
                values = {k: v for k, v in sync_store.values_of(obj).items() if k not in SEALED}
                if getattr(obj, "national_id_sealed", None):
                    values["national_id"] = services.db.protector.unseal(obj.national_id_sealed)
                out[(kind, str(obj.id))] = (tuple(sorted(values.items())), obj.deleted_at is not None)
    conflicts = sorted((c["kind"], c["record_id"], c["field"], tuple(sorted(map(repr, (c["mine"], c["theirs"])))))
                       for c in services.sync.conflicts())
    return {"records": out, "conflicts": conflicts}


def test_same_field_edited_on_both_sides_is_a_conflict_with_both_values(sites):
    a, hq = sites["a"], sites["hq"]
    p = a.persons.create({"first_name_th": "สมชาย", "last_name_th": "ใจดี", "phone": "021111111"})
    hq.sync.import_file(sites.send("a", "hq"))
    a.persons.update(p["id"], {"phone": "022222222"})
    time.sleep(0.005)
    hq.persons.update(p["id"], {"phone": "023333333"})               # the later edit: the greater stamp
    report = hq.sync.import_file(sites.send("a", "hq"))
    assert [(c.kind, c.field) for c in report.conflicts] == [("person", "phone")]
    assert hq.persons.get(p["id"])["phone"] == "02-333-3333"
    [conflict] = hq.sync.conflicts()
    assert (conflict["base"], conflict["mine"], conflict["theirs"]) == ("02-111-1111", "02-333-3333", "02-222-2222")
    # the other side gets the mirror conflict and shows the same winner; nothing is lost anywhere
    report = a.sync.import_file(sites.send("hq", "a"))
    assert [c.field for c in report.conflicts] == ["phone"]
    assert a.persons.get(p["id"])["phone"] == "02-333-3333"
    [mirror] = a.sync.conflicts()
    assert {mirror["mine"], mirror["theirs"]} == {"02-222-2222", "02-333-3333"}
    assert state(a) == state(hq)


def test_the_greater_stamp_wins_even_when_it_arrives_second(sites):
    a, hq = sites["a"], sites["hq"]
    p = a.persons.create({"first_name_th": "สมชาย", "position": "ก"})
    hq.sync.import_file(sites.send("a", "hq"))
    hq.persons.update(p["id"], {"position": "ค"})
    time.sleep(0.005)
    a.persons.update(p["id"], {"position": "ข"})                      # later than headquarters' edit
    report = hq.sync.import_file(sites.send("a", "hq"))
    assert [c.field for c in report.conflicts] == ["position"] and report.updated == 1
    assert hq.persons.get(p["id"])["position"] == "ข"                  # theirs is current here
    [conflict] = hq.sync.conflicts()
    assert (conflict["mine"], conflict["theirs"]) == ("ค", "ข")        # and ours is kept, open
    a.sync.import_file(sites.send("hq", "a"))
    assert a.persons.get(p["id"])["position"] == "ข"
    assert state(a) == state(hq)
    # a decision is a normal change that syncs and closes the conflict on both sides
    hq.sync.resolve({conflict["id"]: "mine"})
    a.sync.import_file(sites.send("hq", "a"))
    for side in (a, hq):
        assert side.persons.get(p["id"])["position"] == "ค" and not side.sync.conflicts()


def test_different_fields_merge_by_themselves(sites):
    a, hq = sites["a"], sites["hq"]
    p = a.persons.create({"first_name_th": "สมชาย", "last_name_th": "ใจดี"})
    hq.sync.import_file(sites.send("a", "hq"))
    a.persons.update(p["id"], {"phone": "022222222"})
    hq.persons.update(p["id"], {"position": "นักวิเคราะห์นโยบายและแผน"})
    report = hq.sync.import_file(sites.send("a", "hq"))
    assert report.updated == 1 and not report.conflicts
    a.sync.import_file(sites.send("hq", "a"))
    for side in (a, hq):
        got = side.persons.get(p["id"])
        assert (got["phone"], got["position"]) == ("02-222-2222", "นักวิเคราะห์นโยบายและแผน")
        assert got["sort_name"] if "sort_name" in got else True
    assert state(a)["records"] == state(hq)["records"] and not hq.sync.conflicts()


def test_import_is_atomic_a_failure_midway_changes_nothing(sites, monkeypatch):
    a, hq = sites["a"], sites["hq"]
    for i in range(5):
        a.persons.create({"first_name_th": f"คนที่{i}", "last_name_th": "ทดสอบ"})
    package = sites.send("a", "hq")
    before = dump(hq)
    original = exchange.progress

    def failing(done):                                           # the records are written by now
        raise RuntimeError("power cut")

    monkeypatch.setattr(exchange, "progress", failing)
    with pytest.raises(RuntimeError):
        hq.sync.import_file(package)
    assert dump(hq) == before
    monkeypatch.setattr(exchange, "progress", original)
    assert hq.sync.import_file(package).created == 5               # and it can be retried


def test_import_is_idempotent_same_package_and_superset(sites):
    a, hq = sites["a"], sites["hq"]
    p = a.persons.create({"first_name_th": "สมชาย", "last_name_th": "ใจดี"})
    first = sites.send("a", "hq")
    assert hq.sync.import_file(first).created == 1
    after_first = dump(hq)
    assert hq.sync.import_file(first).already_applied
    assert dump(hq) == after_first
    # HQ has not acknowledged yet, so the next export carries the same changes again
    a.persons.update(p["id"], {"phone": "021234567"})
    superset = sites.send("a", "hq")
    report = hq.sync.import_file(superset)
    assert (report.created, report.updated, report.conflicts) == (0, 1, [])
    records = state(hq)
    assert hq.sync.import_file(sites.send("a", "hq")).updated == 0
    assert state(hq) == records


def test_lost_package_is_a_gap_filled_by_the_next_export(sites):
    a, hq = sites["a"], sites["hq"]
    a.persons.create({"first_name_th": "หนึ่ง"})
    hq.sync.import_file(sites.send("a", "hq"))
    a.sync.import_file(sites.send("hq", "a"))                      # acknowledges a's changes so far
    a.persons.create({"first_name_th": "สอง"})
    sites.send("a", "hq", "lost")                                  # the stick is lost
    a.persons.create({"first_name_th": "สาม"})
    report = hq.sync.import_file(sites.send("a", "hq"))
    assert report.created == 2 and report.gaps == []
    names = {r["first_name_th"] for r in hq.persons.list().rows}
    assert {"หนึ่ง", "สอง", "สาม"} <= names


def test_delete_against_edit_is_a_conflict_in_either_order(sites):
    a, b, hq = sites["a"], sites["b"], sites["hq"]
    p = a.persons.create({"first_name_th": "สมชาย", "phone": "021111111"})
    hq.sync.import_file(sites.send("a", "hq"))
    b.sync.import_file(sites.send("hq", "b"))
    a.persons.delete(p["id"])
    b.persons.update(p["id"], {"phone": "029999999"})
    from_a, from_b = sites.send("a", "hq"), sites.send("b", "hq")
    pristine = sites.root / "hq-pristine"
    hq.close()
    shutil.copytree(sites.folders["hq"], pristine)
    results = []
    for order in ((from_a, from_b), (from_b, from_a)):
        folder = sites.root / f"hq-{len(results)}"
        shutil.copytree(pristine, folder)
        side = open_services(folder)
        reports = [side.sync.import_file(pkg) for pkg in order]
        assert sum(len(r.conflicts) for r in reports) == 1
        got = side.persons.get(p["id"])
        assert not got["deleted"] and got["phone"] == "02-999-9999"   # never silently lost
        results.append(state(side))
        side.close()
    assert results[0] == results[1]


def test_far_future_stamps_are_flagged_and_not_followed(sites, monkeypatch):
    a, hq = sites["a"], sites["hq"]
    a.persons.create({"first_name_th": "สมชาย"})
    real = a.db.clock._now_ms
    monkeypatch.setattr(a.db.clock, "_now_ms", lambda: real() + 3 * 24 * 3600 * 1000)
    a.persons.create({"first_name_th": "อนาคต"})
    report = hq.sync.import_file(sites.send("a", "hq"))
    assert report.clock_warnings and report.created == 2
    assert not hq.db.clock.is_far_future(hq.db.clock.tick())


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(order=st.permutations(range(4)))
def test_order_of_packages_does_not_matter(order_packages, order):
    pristine, packages, expected = order_packages
    folder = pristine.parent / f"hq-{'-'.join(map(str, order))}"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(pristine, folder)
    side = open_services(folder)
    try:
        for i in order:
            side.sync.import_file(packages[i])
        assert state(side) == expected
    finally:
        side.close()


@pytest.fixture
def order_packages(sites):
    """Four packages from two offices: edits to shared records on different fields, the
    same field of two shared records edited by both offices (one won by each office), a
    delete, and a superset package; the state after applying them in seq order."""
    a, b, hq = sites["a"], sites["b"], sites["hq"]
    shared = hq.persons.create({"first_name_th": "ส่วนกลาง", "phone": "020000000"})
    shared2 = hq.persons.create({"first_name_th": "ส่วนกลางสอง", "position": "เดิม"})
    a.sync.import_file(sites.send("hq", "a"))
    b.sync.import_file(sites.send("hq", "b"))
    pa = a.persons.create({"first_name_th": "เอ"})
    p1 = sites.send("a", "hq")
    b.persons.update(shared2["id"], {"position": "บีแก้"})
    time.sleep(0.005)
    a.persons.update(pa["id"], {"phone": "021111111"})
    a.persons.update(shared["id"], {"position": "ผู้อำนวยการ", "phone": "026666666"})
    a.persons.update(shared2["id"], {"position": "เอแก้"})              # later than b's: a wins
    p2 = sites.send("a", "hq")                                    # a superset of p1
    time.sleep(0.005)
    pb = b.persons.create({"first_name_th": "บี"})
    b.persons.update(shared["id"], {"phone": "025555555"})            # later than a's: b wins
    p3 = sites.send("b", "hq")
    b.persons.delete(pb["id"])
    p4 = sites.send("b", "hq")
    hq.close()
    pristine = sites.root / "hq-pristine"
    shutil.copytree(sites.folders["hq"], pristine)
    side = open_services(shutil.copytree(pristine, sites.root / "hq-reference"))
    for pkg in (p1, p2, p3, p4):
        side.sync.import_file(pkg)
    expected = state(side)
    assert side.persons.get(shared["id"])["phone"] == "02-555-5555"
    assert side.persons.get(shared["id"])["position"] == "ผู้อำนวยการ"
    assert side.persons.get(shared2["id"])["position"] == "เอแก้"
    assert sorted(c["field"] for c in side.sync.conflicts()) == ["phone", "position"]
    side.close()
    return pristine, [p1, p2, p3, p4], expected
