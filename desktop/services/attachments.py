"""Photos and documents on any record, stored once per content in the data folder."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

from desktop.core.errors import UserError
from desktop.core.ids import parse_id
from desktop.core.text import N_
from desktop.db import repository
from desktop.db.database import Database
from desktop.services.records import KindSpec, RecordService
from desktop.services import fields as f

MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
OWNER_KINDS = frozenset({"person", "project", "activity", "cohort", "course", "agency", "artefact",
                         "enrollment", "activity_session", "signatory", "outgoing_document"})

ATTACHMENT = KindSpec(
    kind="attachment",
    fields={"caption": f.text(2000), "position": f.integer(0)},
    order=("position", "created_at"),
    filters=frozenset({"owner_kind", "owner_id", "sha256"}),
)


class AttachmentService(RecordService):
    def __init__(self, db: Database) -> None:
        super().__init__(db, ATTACHMENT)

    def path_for(self, sha256: str) -> Path:
        return self.db.paths.attachments / sha256[:2] / sha256

    def add(self, owner_kind: str, owner_id: str | uuid.UUID, source: Path, caption: str | None = None,
            user: str | None = None) -> dict[str, Any]:
        source = Path(source)
        if owner_kind not in OWNER_KINDS:
            raise UserError(N_("Files cannot be attached to a {kind}."), kind=owner_kind)
        if not source.is_file():
            raise UserError(N_("The file {name} cannot be found or is not a file."), name=str(source))
        size = source.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise UserError(N_("{name} is larger than {limit} MB; attach a smaller file."),
                            name=source.name, limit=MAX_ATTACHMENT_BYTES // (1024 * 1024))
        sha256 = self._store(source)
        media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        with self.db.write(user) as s:
            owner = repository.get(s, owner_kind, parse_id(owner_id), include_deleted=False)
            if owner is None:
                raise UserError(N_("The record to attach to does not exist or is in the trash."))
            obj = repository.model_for("attachment")(
                owner_kind=owner_kind, owner_id=owner.id, sha256=sha256, file_name=source.name[:255],
                media_type=media_type, size=size, caption=caption,
                position=len(repository.children(s, "attachment", owner_id=owner.id)))
            s.add(obj)
            s.flush()
            return self._plain(obj, s)

    def for_record(self, owner_id: str | uuid.UUID) -> list[dict[str, Any]]:
        return self.list(filters={"owner_id": parse_id(owner_id)}).rows

    def _store(self, source: Path) -> str:
        """Copy into the store under the content's SHA-256: written to a temporary name,
        flushed, then renamed, so a crash never leaves a half file under a real name."""
        digest = hashlib.sha256()
        self.db.paths.attachments.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.db.paths.attachments, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                for chunk in iter(lambda: src.read(1 << 20), b""):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            target = self.path_for(digest.hexdigest())
            if target.exists():
                os.unlink(tmp_name)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp_name, target)
        except BaseException:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise
        return digest.hexdigest()

    def export_copy(self, attachment_id: str | uuid.UUID, destination: Path) -> Path:
        data = self.get(attachment_id)
        shutil.copyfile(self.path_for(data["sha256"]), destination)
        return Path(destination)
