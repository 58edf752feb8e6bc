"""Signing papers with the office's certificate, and checking signed papers.

A thin layer over :mod:`desktop.reports.signing` (pyHanko, PAdES B-B, nothing fetched over
the network): the signature's location is the office's name unless told otherwise."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.reports.signing import (
    DEFAULT_REASON,
    STATUS_LABELS,
    VerifyResult,
    sign_pdf,
    verify_pdf,
)

if TYPE_CHECKING:
    from desktop.services.app_services import Services

__all__ = ["DEFAULT_REASON", "STATUS_LABELS", "VerifyResult", "sign_paper", "verify_paper"]


def sign_paper(services: Services | None, in_path: str | Path, out_path: str | Path, p12_path: str | Path,
               passphrase: str | bytes | None, *, reason: str | None = None, location: str | None = None,
               field_name: str | None = None) -> Path:
    """Sign a paper PDF; ``location`` defaults to the office's name (when ``services`` is given)."""
    if location is None and services is not None:
        location = (services.office.get() or {}).get("office_name") or None
    return sign_pdf(in_path, out_path, p12_path, passphrase, reason=reason or DEFAULT_REASON, location=location,
                    field_name=field_name)


def verify_paper(path: str | Path, trust_roots: Iterable[Any] | None = None) -> VerifyResult:
    """Check the signatures of a paper PDF (see :func:`desktop.reports.signing.verify_pdf`)."""
    return verify_pdf(path, trust_roots)
