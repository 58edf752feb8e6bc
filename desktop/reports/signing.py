"""Digital signatures on papers: PAdES signing with the office's PKCS#12 certificate, and
checking a signed PDF. All cryptography is pyHanko's.

Signing makes a PAdES baseline B-B signature (ETSI.CAdES.detached, SHA-256) in an
incremental update, invisible on the page. Nothing here touches the network: no
timestamp server, no OCSP or CRL fetching, no certificate fetching (pyHanko's fetchers are
never built), and pyHanko's coroutines run on an event loop without asyncio's self-pipe
(which is a socket pair) and with a selector that refuses any file or socket.

Checking gives one of four outcomes (:class:`VerifyResult`):

* ``unsigned``: the file holds no signature;
* ``invalid``: a signature is broken: its digest does not match the bytes it covers, the
  signature value does not verify, or it cannot be read;
* ``modified``: the signatures are intact but the file was changed after the last one
  (an incremental update that adds or alters content, or coverage that is not the whole
  file);
* ``valid``: every signature is intact and the last one covers the whole file.

Whether the signer's certificate is *trusted* is reported apart from that (``trusted``
and ``trust_detail``): offices sign with self-made or government CA certificates this
machine's trust list does not hold, and a signature is not broken because of it. Give
``trust_roots`` (certificate files or certificates) to check against the office's own or a
government CA; without them nothing is trusted (the operating system's list holds web
authorities, not document-signing ones).

Messages (``detail``, ``trust_detail``) are untranslated msgids with ``params``; whoever
shows them translates them.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from desktop.core.errors import UserError
from desktop.core.text import N_

# pyHanko logs each untrusted certificate with a traceback; the result says it already.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

#: What the signature dictionary's /Reason says unless told otherwise (it is part of the
#: Thai paper, like the paper's own text, not a message of the interface).
DEFAULT_REASON = "รับรองความถูกต้องของเอกสาร"
STATUSES = ("valid", "modified", "invalid", "unsigned")
STATUS_LABELS = {
    "valid": N_("valid"),
    "modified": N_("modified after signing"),
    "invalid": N_("invalid"),
    "unsigned": N_("not signed"),
}
_WORST = {"valid": 0, "modified": 1, "invalid": 2}


@dataclass(frozen=True)
class SignatureInfo:
    """One signature of a file, as checked."""

    field_name: str
    status: str                      # "valid", "modified" or "invalid"
    signer: str | None               # the signing certificate's common name
    signed_at: datetime | None       # the time the signer's computer claimed (not a timestamp)
    whole_document: bool             # covers every byte of the file
    trusted: bool
    trust_detail: str
    trust_params: dict[str, Any] = field(default_factory=dict)
    detail: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    fingerprint: str | None = None   # SHA-256 of the signing certificate, hex


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of checking a file: the worst of its signatures, told through the last
    one (signer, time, coverage); every signature is in ``signatures``."""

    status: str
    signer: str | None = None
    signed_at: datetime | None = None
    whole_document: bool = False
    trusted: bool = False
    trust_detail: str = ""
    trust_params: dict[str, Any] = field(default_factory=dict)
    detail: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    fingerprint: str | None = None
    signatures: tuple[SignatureInfo, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "valid"


# ---------------------------------------------------------------------------------------
# Running pyHanko's coroutines on a loop that opens no socket.
# ---------------------------------------------------------------------------------------

def _run(make: Callable[[], Any]) -> Any:
    """Run the coroutine ``make()`` returns on an event loop that opens no socket.

    pyHanko's synchronous functions call ``asyncio.run``, whose loop makes a socket pair
    to wake itself (a loopback TCP pair on Windows). Signing and checking offline do no
    I/O, so this loop has no self-pipe and a selector that takes no files: it only runs
    callbacks and timers (and polls for callbacks handed over from other threads)."""
    import asyncio

    with asyncio.Runner(loop_factory=_new_offline_loop) as runner:
        return runner.run(make())


def _offline_loop_class():
    import asyncio
    import selectors

    class NoIOSelector(selectors.BaseSelector):
        """Takes no file objects; ``select`` only waits (briefly, so that callbacks handed
        over from another thread are picked up)."""

        def register(self, fileobj, events, data=None):
            raise OSError("no I/O while signing or checking signatures offline")

        def unregister(self, fileobj):
            raise KeyError(fileobj)

        def select(self, timeout=None):
            import time

            if timeout is None or timeout > 0:
                time.sleep(0.005 if timeout is None else min(timeout, 0.005))
            return []

        def get_map(self):
            return {}

    class OfflineLoop(asyncio.SelectorEventLoop):
        def __init__(self) -> None:
            super().__init__(NoIOSelector())

        def _make_self_pipe(self) -> None:  # no socket pair
            self._ssock = self._csock = None

        def _close_self_pipe(self) -> None:
            pass

        def _write_to_self(self) -> None:
            pass

    return OfflineLoop


def _new_offline_loop():
    global _offline_loop
    if _offline_loop is None:
        _offline_loop = _offline_loop_class()
    return _offline_loop()


_offline_loop = None


# ---------------------------------------------------------------------------------------
# Signing.
# ---------------------------------------------------------------------------------------

def load_signer(p12_path: str | Path, passphrase: str | bytes | None):
    """pyHanko's signer from a PKCS#12 (.p12 / .pfx) file; a UserError when it cannot be opened."""
    from pyhanko.sign import signers

    path = Path(p12_path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UserError(N_("Cannot read the certificate file {file}: {reason}"), file=str(path),
                        reason=error.strerror or str(error)) from None
    if isinstance(passphrase, str):
        passphrase = passphrase.encode("utf-8")
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=passphrase or None)
    except (ValueError, TypeError, AttributeError):
        signer = None
    if signer is None or signer.signing_cert is None:
        raise UserError(N_("Cannot open the certificate {file}: the passphrase is wrong, or it is not a "
                           "PKCS#12 (.p12 / .pfx) file with a private key and its certificate."), file=str(path))
    return signer


def sign_pdf(in_path: str | Path, out_path: str | Path, p12_path: str | Path, passphrase: str | bytes | None,
             reason: str | None = DEFAULT_REASON, location: str | None = None,
             field_name: str | None = None) -> Path:
    """Sign the PDF ``in_path`` with the PKCS#12 certificate ``p12_path`` (PAdES B-B,
    SHA-256, an invisible signature in a new field: ``field_name`` or the next free
    ``Signature<n>``) and write the result to ``out_path`` (which may be ``in_path``).

    No timestamp and no revocation data are fetched. Raises UserError for a wrong
    passphrase, an unreadable certificate or a file that is not a readable PDF."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError

    signer = load_signer(p12_path, passphrase)
    source = Path(in_path)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise UserError(N_("Cannot read {file}: {reason}"), file=str(source),
                        reason=error.strerror or str(error)) from None
    try:
        taken = _field_names(data)
    except (PdfError, ValueError, KeyError, TypeError) as error:
        raise UserError(N_("{file} is not a readable PDF file: {reason}"), file=str(source),
                        reason=str(error)) from None
    if field_name is None:
        field_name = next(f"Signature{n}" for n in range(1, len(taken) + 2) if f"Signature{n}" not in taken)
    elif field_name in taken:
        raise UserError(N_("{file} already has a signature field named {field}."), file=str(source),
                        field=field_name)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, reason=reason or None, location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        embed_validation_info=False, use_pades_lta=False)
    pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=None)

    def make():
        writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
        return pdf_signer.async_sign_pdf(writer, output=BytesIO())

    try:
        signed = _run(make)
    except (PdfError, SigningError, ValueError) as error:
        raise UserError(N_("Cannot sign {file}: {reason}"), file=str(source), reason=str(error)) from None
    return _write_atomically(Path(out_path), signed.getvalue())


def _field_names(data: bytes) -> set[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(BytesIO(data), strict=False)
    return {name for name, _value, _ref in enumerate_sig_fields(reader, filled_status=None)}


def _write_atomically(out: Path, data: bytes) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".signing-", suffix=".pdf", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


# ---------------------------------------------------------------------------------------
# Checking.
# ---------------------------------------------------------------------------------------

def load_trust_roots(items: Iterable[Any]) -> list:
    """Certificates from files (PEM or DER) or already-loaded asn1crypto certificates."""
    from asn1crypto import x509
    from pyhanko.keys import load_certs_from_pemder

    roots = []
    for item in items:
        if isinstance(item, x509.Certificate):
            roots.append(item)
        elif isinstance(item, bytes):
            roots.append(x509.Certificate.load(item))
        else:
            try:
                roots.extend(load_certs_from_pemder([str(item)]))
            except (OSError, ValueError) as error:
                raise UserError(N_("Cannot read the trusted certificate {file}: {reason}"), file=str(item),
                                reason=str(error)) from None
    return roots


def _validation_context(trust_roots):
    from pyhanko_certvalidator import ValidationContext

    # allow_fetching=False: no OCSP, CRL or certificate fetching; revocation is not
    # required (soft-fail), since a PAdES B-B signature carries none. Without given roots
    # nothing is trusted: the operating system's list holds web (TLS) authorities, not
    # the authorities Thai offices sign papers with, and pyHanko is dropping its use.
    roots = load_trust_roots(trust_roots) if trust_roots is not None else []
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def _common_name(cert) -> str | None:
    try:
        return cert.subject.native.get("common_name") or cert.subject.human_friendly
    except Exception:  # noqa: BLE001
        return None


def _trust(status, roots_given: bool) -> tuple[bool, str, dict[str, Any]]:
    from pyhanko.sign.ades.report import AdESIndeterminate

    if status.trusted:
        root = status.validation_path[0] if status.validation_path is not None else None
        return True, N_("The certificate leads to a trusted root certificate ({root})."), \
            {"root": _common_name(root) or "?"}
    indic = status.trust_problem_indic
    if status.revoked or indic in (AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE):
        return False, N_("The certificate has been revoked."), {}
    if indic in (AdESIndeterminate.OUT_OF_BOUNDS_NO_POE, AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED):
        return False, N_("The certificate had expired or was not yet valid at the time of checking."), {}
    cert = status.signing_cert
    if cert is not None and cert.self_signed in ("yes", "maybe"):
        return False, N_("The certificate is self-signed (made by its owner, not by a certificate authority) "
                         "and is not among the trusted root certificates; compare its fingerprint with the "
                         "office's."), {}
    if indic == AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND:
        if roots_given:
            return False, N_("The certificate does not lead to any of the given trusted root certificates."), {}
        return False, N_("No trusted root certificate was given, so the certificate cannot be traced to one; "
                         "give the CA certificate as a trusted root, or compare the fingerprint with the "
                         "office's."), {}
    return False, N_("The certificate is not trusted: {reason}."), \
        {"reason": indic.name if indic is not None else "no path to a trusted root"}


def _check_one(embedded, context, roots_given: bool) -> SignatureInfo:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import (
        SignatureCoverageLevel,
        async_validate_pdf_signature,
    )
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    name = embedded.field_name or ""
    cert = embedded.signer_cert
    signer = _common_name(cert) if cert is not None else None
    fingerprint = cert.sha256.hex().upper() if cert is not None else None
    try:
        claimed = embedded.self_reported_timestamp
    except Exception:  # noqa: BLE001
        claimed = None
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    try:
        status = _run(lambda: async_validate_pdf_signature(embedded, context, key_usage_settings=usage))
    except Exception as error:  # noqa: BLE001 - pyHanko raises many kinds for a damaged signature
        return SignatureInfo(name, "invalid", signer, claimed, False, False,
                             N_("The signature could not be checked."), {},
                             N_("The signature cannot be read or checked: {reason}"),
                             {"reason": str(error) or type(error).__name__}, fingerprint)
    trusted, trust_detail, trust_params = _trust(status, roots_given)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    signed_at = status.signer_reported_dt or claimed
    if not (status.intact and status.valid):
        if not status.intact:
            detail = N_("The document was changed inside the part the signature covers: the signature no "
                        "longer matches it.")
        else:
            detail = N_("The signature value does not verify with the signer's certificate.")
        return SignatureInfo(name, "invalid", signer, signed_at, whole, False,
                             N_("The signature is broken, so its certificate does not count."), {}, detail, {},
                             fingerprint)
    if whole:
        return SignatureInfo(name, "valid", signer, signed_at, True, trusted, trust_detail, trust_params,
                             N_("The signature is intact and covers the whole document."), {}, fingerprint)
    level = status.modification_level
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        detail = N_("The signature does not cover the whole of its revision of the document.")
    elif level in (ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING):
        # Only signing and signature maintenance came after: judged with the later signature.
        return SignatureInfo(name, "valid", signer, signed_at, False, trusted, trust_detail, trust_params,
                             N_("The signature is intact; only later signatures were added after it."), {},
                             fingerprint)
    else:
        detail = N_("The signature is intact, but the document was changed after it was signed.")
    return SignatureInfo(name, "modified", signer, signed_at, False, trusted, trust_detail, trust_params,
                         detail, {}, fingerprint)


def verify_pdf(path: str | Path, trust_roots: Iterable[Any] | None = None) -> VerifyResult:
    """Check every signature of the PDF at ``path`` (see the module's description).

    ``trust_roots``: certificate files (PEM or DER), DER bytes or asn1crypto certificates
    to trust; None trusts nothing (the signature is still checked). Raises UserError only when the file cannot be read at all."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise UserError(N_("Cannot read {file}: {reason}"), file=str(source),
                        reason=error.strerror or str(error)) from None
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except (PdfError, ValueError, KeyError, TypeError) as error:
        if b"/ByteRange" in data:
            return VerifyResult("invalid", detail=N_("The signed document is damaged and cannot be read: {reason}"),
                                params={"reason": str(error)},
                                trust_detail=N_("The signature could not be checked."))
        raise UserError(N_("{file} is not a readable PDF file: {reason}"), file=str(source),
                        reason=str(error)) from None
    if not embedded:
        return VerifyResult("unsigned", detail=N_("The document has no digital signature."),
                            trust_detail=N_("There is no signature, so no certificate to trust."))
    context = _validation_context(trust_roots)
    checked = tuple(_check_one(sig, context, trust_roots is not None) for sig in embedded)
    worst = max(checked, key=lambda s: _WORST[s.status])
    last = checked[-1]
    shown = worst if worst.status != "valid" else last
    return VerifyResult(worst.status, last.signer, last.signed_at, last.whole_document,
                        all(s.trusted for s in checked), shown.trust_detail, shown.trust_params,
                        shown.detail, shown.params, last.fingerprint, checked)
