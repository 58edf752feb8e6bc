"""Guarantees 6-8: only genuine packages for this site, intact, of a known schema, are
accepted; hostile archives are refused without writing outside the staging area; the
database stays byte-for-byte the same (every table's rows) whenever a package is refused."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile

import pyrage
import pytest
from sync_helpers import dump

from desktop.sync.errors import PackageRefused
from desktop.sync.keys import load_or_create
from desktop.sync.package import Limits


def _open(sites, package) -> dict[str, bytes]:
    keys = load_or_create(sites["hq"].paths.keys)
    plain = pyrage.decrypt(package.read_bytes(), [keys.age])
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _seal(sites, members: list[tuple[str, bytes]], name: str, resign: bool = False) -> object:
    if resign:
        manifest = dict(members)["manifest.json"]
        sig = load_or_create(sites["a"].paths.keys).sign(manifest)
        members = [(n, sig if n == "manifest.sig" else d) for n, d in members]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for member_name, data in members:
            info = zipfile.ZipInfo(member_name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    recipient = pyrage.x25519.Recipient.from_str(str(load_or_create(sites["hq"].paths.keys).age.to_public()))
    path = sites.root / name
    path.write_bytes(pyrage.encrypt(buffer.getvalue(), [recipient]))
    return path


def _refused(sites, package, limits: Limits | None = None) -> PackageRefused:
    hq = sites["hq"]
    if limits:
        hq.sync.limits = limits
    before = dump(hq)
    outside = sorted(p.name for p in sites.root.iterdir())
    with pytest.raises(PackageRefused) as error:
        hq.sync.import_file(package)
    assert dump(hq) == before
    assert sorted(p.name for p in sites.root.iterdir()) == outside          # nothing written beside
    assert not list(hq.paths.root.glob("sync-staging-*"))                   # staging removed
    return error.value


@pytest.fixture
def package(sites):
    sites["a"].persons.create({"first_name_th": "สมชาย", "national_id": "1101700207030"})
    return sites.send("a", "hq")


def test_a_genuine_package_is_accepted_and_carries_no_plain_national_id_on_disk(sites, package):
    assert b"1101700207030" not in package.read_bytes()                   # 7. encrypted
    assert sites["hq"].sync.import_file(package).created == 1
    raw = sites["hq"].paths.database.read_bytes()
    assert b"1101700207030" not in raw
    [person] = sites["hq"].persons.list(search="สมชาย").rows
    assert person["national_id_masked"].endswith("3-0")


def test_unknown_signer_is_refused(sites, package):
    hq = sites["hq"]
    hq.db.engine.dispose()
    conn = sqlite3.connect(hq.paths.database)
    conn.execute("DELETE FROM sync_peer WHERE office_code = 'NPT01'")
    conn.commit()
    conn.close()
    assert "not enrolled" in _refused(sites, package).message


def test_revoked_signer_is_refused(sites, package):
    sites["hq"].sync.revoke("NPT01")
    assert "revoked" in _refused(sites, package).message


def test_package_for_another_site_is_refused(sites):
    sites["a"].persons.create({"first_name_th": "สมชาย"})
    to_hq = sites.send("a", "hq")
    b = sites["b"]
    before = dump(b)
    with pytest.raises(PackageRefused):
        b.sync.import_file(to_hq)                       # cannot even be decrypted by b
    assert dump(b) == before


def test_a_key_carried_in_the_package_is_not_trusted(sites, package):
    """A forger re-signs with their own key: the enrolled key of the sender decides."""
    members = list(_open(sites, package).items())
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    forger = Ed25519PrivateKey.generate()
    manifest = dict(members)["manifest.json"]
    members = [(n, forger.sign(manifest) if n == "manifest.sig" else d) for n, d in members]
    assert "signature" in _refused(sites, _seal(sites, members, "forged.govlab")).message


def test_tampered_member_is_refused(sites, package):
    members = [(n, d.replace("สมชาย".encode(), "สมหญิง".encode()) if n == "changes.jsonl" else d)
               for n, d in _open(sites, package).items()]
    assert "manifest" in _refused(sites, _seal(sites, members, "t.govlab")).message


def test_tampered_manifest_is_refused(sites, package):
    members = [(n, d.replace(b'"seq_from": 1', b'"seq_from": 2') if n == "manifest.json" else d)
               for n, d in _open(sites, package).items()]
    assert "signature" in _refused(sites, _seal(sites, members, "m.govlab")).message


def test_truncated_file_is_refused(sites, package):
    data = package.read_bytes()
    cut = sites.root / "cut.govlab"
    cut.write_bytes(data[: len(data) // 2])
    assert "cannot be opened" in _refused(sites, cut).message


def test_newer_schema_is_refused_with_a_clear_message(sites, package):
    members = []
    for name, data in _open(sites, package).items():
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["schema"] = "9999"
            data = json.dumps(manifest).encode()
        members.append((name, data))
    error = _refused(sites, _seal(sites, members, "new.govlab", resign=True))
    assert "newer version" in error.message and error.params["schema"] == "9999"


def test_replayed_package_changes_nothing(sites, package):
    hq = sites["hq"]
    hq.sync.import_file(package)
    before = dump(hq)
    assert hq.sync.import_file(package).already_applied
    assert dump(hq) == before


@pytest.mark.parametrize("bad_name", ["../x", "/etc/x", "attachments/../../x", "C:/x", "a\\b", "extra.txt"])
def test_hostile_member_names_are_refused(sites, package, bad_name):
    members = list(_open(sites, package).items()) + [(bad_name, b"owned")]
    _refused(sites, _seal(sites, members, "evil.govlab", resign=True))
    assert not (sites.root.parent / "x").exists()


def test_duplicate_member_names_are_refused(sites, package):
    members = list(_open(sites, package).items())
    members.append(("changes.jsonl", b"{}\n"))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        evil = _seal(sites, members, "dup.govlab", resign=True)
    assert "twice" in _refused(sites, evil).message


def test_zip_bomb_member_is_refused(sites, package):
    bomb = "attachments/" + "0" * 64
    members = list(_open(sites, package).items()) + [(bomb, b"\0" * (20 << 20))]
    assert "expands" in _refused(sites, _seal(sites, members, "bomb.govlab", resign=True)).message


def test_oversized_package_is_refused_with_bounded_decryption(sites, package):
    error = _refused(sites, package, Limits(max_package=300))
    assert "larger than" in error.message
