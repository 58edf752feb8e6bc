"""PAdES signatures with a real key: sign a real paper, check it, break it, change it.

The certificate and its PKCS#12 file are made here with ``cryptography``; every signing
and checking runs with sockets forbidden (no timestamp server, no OCSP/CRL, no asyncio
socket pair)."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import socket
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest

from desktop.core.errors import UserError
from desktop.reports.signing import sign_pdf, verify_pdf

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "รหัสผ่าน-office-2566"
TEXT = "บันทึกข้อความ ผู้ใหญ่บ้านประจำปี กระทรวงสาธารณสุข จึงเรียนมาเพื่อโปรดทราบ"
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def office_cert(tmp_path_factory):
    """A self-made RSA certificate of the office, as a PKCS#12 file and as PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    folder = tmp_path_factory.mktemp("cert")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "สำนักงานจังหวัดนครปฐม"),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "TH")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    p12 = folder / "office.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"office", key, cert, None, serialization.BestAvailableEncryption(PASSPHRASE.encode())))
    pem = folder / "office-ca.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return {"p12": p12, "pem": pem}


@pytest.fixture
def no_sockets(monkeypatch):
    """Any socket (network or a local pair) fails the test."""
    opened = []

    def refuse(*args, **kwargs):
        opened.append(args)
        raise AssertionError(f"a socket was opened: {args}")

    class Refused(socket.socket):
        def __init__(self, *args, **kwargs):
            refuse(*args)

    for name, value in (("socket", Refused), ("socketpair", refuse), ("create_connection", refuse),
                        ("getaddrinfo", refuse)):
        monkeypatch.setattr(socket, name, value)
    yield opened
    assert not opened


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> Path:
    """A real Thai paper: ThaiParagraphs written by ReportLab."""
    from reportlab.platypus import SimpleDocTemplate

    from desktop.reports.thai_text import ThaiParagraph, register_fonts

    register_fonts()
    out = tmp_path_factory.mktemp("paper") / "paper.pdf"
    SimpleDocTemplate(str(out), title="บันทึกข้อความ", author="GovLab Desk").build(
        [ThaiParagraph(TEXT), ThaiParagraph("ลงชื่อ ........................ ผู้รับรอง")])
    return out


@pytest.fixture
def signed(paper, office_cert, tmp_path, no_sockets) -> Path:
    return sign_pdf(paper, tmp_path / "signed.pdf", office_cert["p12"], PASSPHRASE, location="นครปฐม")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _incremental(signed: Path, out: Path, change) -> Path:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(signed.read_bytes()))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    change(writer, page)
    writer.update_container(page)
    buffer = BytesIO()
    writer.write(buffer)
    out.write_bytes(buffer.getvalue())
    return out


def test_signed_paper_is_valid_and_untrusted_without_its_root(signed, no_sockets):
    result = verify_pdf(signed)
    assert result.status == "valid" and result.ok
    assert result.signer == "สำนักงานจังหวัดนครปฐม"
    assert result.whole_document
    assert abs(result.signed_at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=5)
    assert not result.trusted and "self-signed" in result.trust_detail
    assert len(result.fingerprint) == 64
    # PAdES: the ETSI subfilter and the location in the signature dictionary.
    data = signed.read_bytes()
    assert b"/ETSI.CAdES.detached" in data and b"/ByteRange" in data


def test_trust_roots_make_it_trusted(signed, office_cert, no_sockets):
    result = verify_pdf(signed, trust_roots=[office_cert["pem"]])
    assert result.status == "valid" and result.trusted
    assert result.trust_params["root"] == "สำนักงานจังหวัดนครปฐม"


@needs_poppler
def test_signed_paper_keeps_its_thai_text(paper, signed):
    assert _squash(TEXT) in _squash(_pdftotext(signed))
    assert _pdftotext(signed) == _pdftotext(paper)


def test_a_flipped_byte_in_the_signed_range_is_invalid(signed, tmp_path, no_sockets):
    data = bytearray(signed.read_bytes())
    i = data.index(b"GovLab Desk")          # the Author, inside the first (signed) revision
    data[i] ^= 0x01
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(data))
    result = verify_pdf(broken)
    assert result.status == "invalid" and not result.ok and not result.trusted


def test_an_annotation_added_after_signing_is_modified(signed, tmp_path, no_sockets):
    from pyhanko.pdf_utils import generic

    def annotate(writer, page):
        annot = generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
            generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (100, 100, 300, 150)]),
            generic.NameObject("/Contents"): generic.TextStringObject("ยกเลิก"),
            generic.NameObject("/DA"): generic.TextStringObject("/Helv 12 Tf 0 g")})
        page[generic.NameObject("/Annots")] = generic.ArrayObject([writer.add_object(annot)])

    result = verify_pdf(_incremental(signed, tmp_path / "annotated.pdf", annotate))
    assert result.status == "modified" and not result.whole_document and not result.ok
    assert result.signer == "สำนักงานจังหวัดนครปฐม"


def test_new_page_content_after_signing_is_modified(signed, tmp_path, no_sockets):
    from pyhanko.pdf_utils import generic

    def replace_text(writer, page):
        stream = generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 72 Td (approved: 1,000,000) Tj ET")
        page[generic.NameObject("/Contents")] = writer.add_object(stream)

    assert verify_pdf(_incremental(signed, tmp_path / "changed.pdf", replace_text)).status == "modified"


def test_bytes_appended_after_signing_are_modified(signed, tmp_path):
    tail = tmp_path / "tail.pdf"
    tail.write_bytes(signed.read_bytes() + b"\n%% appended\n")
    assert verify_pdf(tail).status == "modified"


def test_signing_twice_stays_valid_and_the_first_is_judged_with_the_second(signed, office_cert, tmp_path,
                                                                            no_sockets):
    twice = sign_pdf(signed, tmp_path / "twice.pdf", office_cert["p12"], PASSPHRASE)
    result = verify_pdf(twice)
    assert result.status == "valid"
    assert [s.field_name for s in result.signatures] == ["Signature1", "Signature2"]


def test_unsigned_paper(paper, no_sockets):
    result = verify_pdf(paper)
    assert result.status == "unsigned" and not result.ok and result.signer is None


def test_wrong_passphrase_and_not_a_certificate_are_user_errors(paper, office_cert, tmp_path, no_sockets):
    with pytest.raises(UserError, match="passphrase is wrong"):
        sign_pdf(paper, tmp_path / "x.pdf", office_cert["p12"], "wrong")
    with pytest.raises(UserError, match="passphrase is wrong"):
        sign_pdf(paper, tmp_path / "x.pdf", paper, PASSPHRASE)
    assert not (tmp_path / "x.pdf").exists()
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_bytes(b"hello")
    with pytest.raises(UserError):
        sign_pdf(not_pdf, tmp_path / "y.pdf", office_cert["p12"], PASSPHRASE)
    with pytest.raises(UserError):
        verify_pdf(not_pdf)


@needs_poppler
def test_signin_sheet_from_the_services_signed_in_place(services, office_cert, tmp_path, no_sockets):
    from datetime import date

    from desktop.services.papers import signin_sheet
    from desktop.services.signing import sign_paper, verify_paper

    activity = services.activities.create({"title_th": "การประชุมเชิงปฏิบัติการห้องปฏิบัติการนวัตกรรมภาครัฐ",
                                           "start_date": date(2023, 5, 19)})
    session = services.sessions.create({"activity_id": activity["id"], "day": date(2023, 5, 19), "part": "morning"})
    person = services.persons.create({"prefix_th": "นาง", "first_name_th": "ปิ่นมณี", "last_name_th": "ผู้ไพบูลย์"})
    services.attendance.mark(session["id"], {person["id"]: "present"})
    sheet = signin_sheet(services, activity["id"], session["id"], tmp_path / "sheet.pdf", digits="arabic")
    before = _pdftotext(sheet)
    sign_paper(services, sheet, sheet, office_cert["p12"], PASSPHRASE)   # in place
    assert b"/Location" in sheet.read_bytes()
    assert verify_paper(sheet).status == "valid"
    after = _pdftotext(sheet)
    assert after == before and "ปิ่นมณี" in _squash(after) and "ใบลงทะเบียน" in _squash(after)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHAINLP_READ_ONLY": "1"}
    return subprocess.run([sys.executable, "-m", "desktop", "--lang", "en", "--data-dir", str(cwd / "no-data"),
                           "report", *args], check=False, capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def test_cli_sign_and_verify_round_trip(paper, office_cert, tmp_path):
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    out = tmp_path / "signed.pdf"
    done = _cli("sign", str(paper), "--cert", str(office_cert["p12"]), "--password-file", str(secret),
                "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert PASSPHRASE not in done.stdout + done.stderr
    checked = _cli("verify", str(out), cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    lines = checked.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("valid: signed by สำนักงานจังหวัดนครปฐม (")
    trusted = _cli("verify", str(out), "--trust", str(office_cert["pem"]), cwd=tmp_path)
    assert trusted.returncode == 0 and "trusted root" in trusted.stdout
    unsigned = _cli("verify", str(paper), cwd=tmp_path)
    assert unsigned.returncode == 1 and unsigned.stdout.startswith("not signed")
    secret.write_text("wrong\n", encoding="utf-8")
    wrong = _cli("sign", str(paper), "--cert", str(office_cert["p12"]), "--password-file", str(secret),
                 "--out", str(tmp_path / "x.pdf"), cwd=tmp_path)
    assert wrong.returncode == 1 and "passphrase is wrong" in wrong.stderr and not (tmp_path / "x.pdf").exists()
