"""Protection at rest for national IDs: sealed with this installation's field key,
looked up through a keyed digest, shown by the last four digits only."""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sealed:
    sealed: str
    digest: str
    tail: str


class FieldProtector:
    def __init__(self, key_file: Path) -> None:
        from cryptography.fernet import Fernet   # on first use, not with the database layer at start

        self.key_file = Path(key_file)
        if not self.key_file.exists():
            self.key_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.key_file.with_suffix(".tmp")
            tmp.write_bytes(Fernet.generate_key())
            os.replace(tmp, self.key_file)
        key = self.key_file.read_bytes().strip()
        self._fernet = Fernet(key)
        self._mac_key = hashlib.sha256(b"govlab-desk national id digest:" + key).digest()

    def seal(self, digits: str) -> Sealed:
        return Sealed(
            sealed=self._fernet.encrypt(digits.encode()).decode(),
            digest=self.digest(digits),
            tail=digits[-4:],
        )

    def unseal(self, sealed: str) -> str:
        return self._fernet.decrypt(sealed.encode()).decode()

    def digest(self, digits: str) -> str:
        return hmac.new(self._mac_key, digits.encode(), hashlib.sha256).hexdigest()
