"""The outgoing document register (ทะเบียนหนังสือส่ง): numbers for memos and letters.

A number is ที่ + the office's letter prefix + "/" + a running number that restarts each
Buddhist-Era year. It is assigned and committed in one write transaction (the database's
write lock serialises writers, across threads and processes), before the paper is drawn;
a paper that then fails to render leaves its number used, never handed out again. Once
the PDF is written its SHA-256 is recorded against the number.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import NotFound
from desktop.core.ids import parse_id
from desktop.core.text import N_
from desktop.db import repository
from desktop.i18n.thai_dates import year_be as be_year

if TYPE_CHECKING:
    from desktop.services.app_services import Services

KIND = "outgoing_document"


def number_prefix(office: dict[str, Any] | None) -> str:
    office = office or {}
    return (office.get("letter_prefix") or office.get("office_code") or "").strip()


def assign_number(services: Services, *, report_kind: str, subject: str, issued_on: date | None = None,
                  recipient: str | None = None, signatory_id: str | uuid.UUID | None = None,
                  about_id: str | uuid.UUID | None = None, user: str | None = None) -> dict[str, Any]:
    """Take the next number of ``issued_on``'s Buddhist-Era year and record it; committed
    before this returns."""
    issued_on = issued_on or date.today()
    year = be_year(issued_on)
    prefix = number_prefix(services.office.get())
    model = repository.model_for(KIND)
    with services.db.write(user, note="outgoing number") as s:
        last = (s.query(model.running_number).filter(model.year_be == year)
                .order_by(model.running_number.desc()).limit(1).scalar())
        running = (last or 0) + 1
        obj = model(year_be=year, running_number=running, number_text=f"{prefix}/{running}" if prefix else str(running),
                    issued_on=issued_on, subject=subject or "", recipient=recipient, report_kind=report_kind,
                    signatory_id=parse_id(signatory_id) if signatory_id else None,
                    about_id=parse_id(about_id) if about_id else None)
        s.add(obj)
        s.flush()
        return repository.to_plain(obj)


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def record_file(services: Services, document_id: str | uuid.UUID, path: str | Path,
                user: str | None = None) -> str:
    """Record the SHA-256 of the written paper against its number; return it."""
    sha = sha256_of(path)
    with services.db.write(user) as s:
        obj = repository.get(s, KIND, parse_id(document_id))
        if obj is None:
            raise NotFound(N_("No {kind} with id {id}."), kind=KIND, id=str(document_id))
        obj.file_sha256 = sha
    return sha


def entries(services: Services, year: int | None = None) -> list[dict[str, Any]]:
    """The register, oldest first (all of it, or one Buddhist-Era year)."""
    model = repository.model_for(KIND)
    with services.db.read() as s:
        q = s.query(model)
        if year is not None:
            q = q.filter(model.year_be == year)
        return [repository.to_plain(o) for o in q.order_by(model.year_be, model.running_number)]


def number_of_file(services: Services, path: str | Path) -> str | None:
    """The register's number recorded for the paper at ``path`` (by its SHA-256), or None
    for a paper the register does not know (a draft, or one edited since)."""
    model = repository.model_for(KIND)
    sha = sha256_of(path)
    with services.db.read() as s:
        return (s.query(model.number_text).filter(model.file_sha256 == sha)
                .order_by(model.year_be.desc(), model.running_number.desc()).limit(1).scalar())
