"""`sync import-dir` at headquarters with packages from several offices and one bad file,
and attachments arriving byte-identical in headquarters' content store."""

from __future__ import annotations

import hashlib
import os

from sync_helpers import dump
from test_cli_roundtrip import cli

from desktop.services.app_services import open_services


def test_import_dir_applies_each_package_alone_and_reports_the_bad_one(sites, tmp_path):
    a, b, hq = sites["a"], sites["b"], sites["hq"]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    a.persons.create({"first_name_th": "เอหนึ่ง"})
    sites.send("a", "hq").rename(inbox / "1-a.govlab")
    a.persons.create({"first_name_th": "เอสอง"})
    sites.send("a", "hq").rename(inbox / "2-a.govlab")            # carries เอหนึ่ง again: a superset
    b.persons.create({"first_name_th": "บีหนึ่ง"})
    sites.send("b", "hq").rename(inbox / "3-b.govlab")
    good = (inbox / "3-b.govlab").read_bytes()
    (inbox / "0-bad.govlab").write_bytes(good[: len(good) // 2])  # a stick pulled out early
    (inbox / "notes.txt").write_text("not a package")
    hq.close()
    before = dump(open_services(sites.folders["hq"]))

    result = cli(sites.folders["hq"], "sync", "import-dir", str(inbox))
    assert result.returncode == 1                                  # one was refused
    [refusal] = result.stderr.strip().splitlines()
    assert refusal.startswith("0-bad.govlab: refused:")
    assert "3 of 4 packages imported." in result.stdout
    assert result.stdout.count("created 1") == 3                   # each its own report

    side = open_services(sites.folders["hq"])
    try:
        names = sorted(r["first_name_th"] for r in side.persons.list().rows)
        assert names == ["บีหนึ่ง", "เอสอง", "เอหนึ่ง"]
        after = dump(side)
        assert len(after["sync_package"]) == len(before["sync_package"]) + 3
        # running the folder again changes nothing: every good package was applied already
        again = cli(sites.folders["hq"], "sync", "import-dir", str(inbox))
        assert again.returncode == 1 and again.stdout.count("already applied") == 3
        assert dump(side) == after
    finally:
        side.close()


def test_an_attached_photo_arrives_byte_identical(sites, tmp_path):
    a, hq = sites["a"], sites["hq"]
    photo = tmp_path / "ภาพถ่าย.jpg"
    content = b"\xff\xd8\xff\xe0" + os.urandom(200_000) + b"\xff\xd9"
    photo.write_bytes(content)
    p = a.persons.create({"first_name_th": "สมชาย"})
    attached = a.attachments.add("person", p["id"], photo, caption="รูปประจำตัว")
    report = hq.sync.import_file(sites.send("a", "hq"))
    assert report.attachments == 1 and report.created == 2
    sha = hashlib.sha256(content).hexdigest()
    stored = hq.attachments.path_for(sha)
    assert stored.read_bytes() == content
    [listed] = hq.attachments.for_record(p["id"])
    assert listed["id"] == attached["id"] and listed["sha256"] == sha and listed["caption"] == "รูปประจำตัว"
    assert not list(hq.paths.attachments.rglob(".incoming-*"))
