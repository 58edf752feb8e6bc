"""Nothing in the main flows opens a socket: services, records, every paper, signing and
checking a paper, sync between two offices, backup and restore, and the main window
with every screen. Socket creation is made to fail and must never have been tried."""

from __future__ import annotations

import datetime
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))


@pytest.fixture
def no_sockets(monkeypatch):
    tried = []

    def refuse(*args, **kwargs):
        tried.append(args)
        raise OSError("network use is forbidden in this test")

    class Refused(socket.socket):
        def __init__(self, *args, **kwargs):
            refuse(*args)

    for name, value in (("socket", Refused), ("socketpair", refuse), ("create_connection", refuse),
                        ("getaddrinfo", refuse)):
        monkeypatch.setattr(socket, name, value)
    return tried


def _certificate(folder: Path) -> Path:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "สำนักงานจังหวัดนครปฐม")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30)).sign(key, hashes.SHA256()))
    p12 = folder / "office.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(b"office", key, cert, None,
                                                          serialization.BestAvailableEncryption(b"pass")))
    return p12


def test_main_flows_open_no_socket(sites, tmp_path, no_sockets, qtbot):
    from paper_cases import KINDS, prepare, render

    from desktop.services import papers
    from desktop.services.signing import sign_paper, verify_paper

    a = sites["a"]
    records = prepare(a)
    for kind in KINDS:
        assert render(a, records, kind, tmp_path / f"{kind}.pdf").stat().st_size > 1000
    papers.signin_sheet(a, records["activity"]["id"], None, tmp_path / "signin.pdf")
    signed = sign_paper(a, tmp_path / "memo.pdf", tmp_path / "signed.pdf", _certificate(tmp_path), "pass")
    assert verify_paper(signed).signatures
    person = a.persons.create({"first_name_th": "ทดสอบ", "last_name_th": "ไม่ใช้เครือข่าย"})
    package = sites.send("a", "hq")
    report = sites["hq"].sync.import_file(package)
    assert report.created > 0 and sites["hq"].persons.get(person["id"])
    a.backups.create(tmp_path / "b.zip")
    a.backups.restore(tmp_path / "b.zip")
    from desktop.ui.context import UiContext
    from desktop.ui.main_window import MainWindow
    from desktop.ui.screens import SCREENS

    context = UiContext(sites["hq"])
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    for row, _spec in enumerate(SCREENS):
        window.nav.setCurrentRow(row)
        qtbot.wait(5)
    context.tasks.wait(10_000)
    window.close()
    assert no_sockets == []
