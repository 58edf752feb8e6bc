"""This installation's sync keys and the public identity file peers enroll.

Two key pairs live in the data folder's keys/ folder and never leave it: an Ed25519 key
that signs every package we write, and an age X25519 identity that opens the packages
written to us. The public identity file (``.govlab-id``) carries the public halves, the
office's names and a self-signature; peers take keys only from an enrolled identity
file, never from a package."""

from __future__ import annotations

import base64
import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from desktop.core.text import N_
from desktop.sync.errors import SyncError

IDENTITY_FORMAT = "govlab-id/1"
SIGNING_FILE = "sync-signing.pem"
AGE_FILE = "sync-age.key"
MAX_IDENTITY_BYTES = 64 * 1024


def write_atomic(path: Path, data: bytes, private: bool = False) -> None:
    """Write ``data`` to ``path`` whole or not at all (temp file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o600 if private else 0o644)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def public_key_from(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))


def verify(public_key_b64: str, signature: bytes, data: bytes) -> bool:
    try:
        public_key_from(public_key_b64).verify(signature, data)
        return True
    except (InvalidSignature, ValueError):
        return False


@dataclass
class LocalKeys:
    signing: Ed25519PrivateKey
    age: pyrage.x25519.Identity

    @property
    def signing_public(self) -> str:
        raw = self.signing.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return b64(raw)

    @property
    def age_recipient(self) -> str:
        return str(self.age.to_public())

    def sign(self, data: bytes) -> bytes:
        return self.signing.sign(data)


def keys_exist(keys_dir: Path) -> bool:
    return (keys_dir / SIGNING_FILE).exists() and (keys_dir / AGE_FILE).exists()


def load_or_create(keys_dir: Path) -> LocalKeys:
    """This installation's sync keys, created on first use."""
    signing_path, age_path = keys_dir / SIGNING_FILE, keys_dir / AGE_FILE
    if not signing_path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        write_atomic(signing_path, pem, private=True)
    if not age_path.exists():
        write_atomic(age_path, (str(pyrage.x25519.Identity.generate()) + "\n").encode("ascii"), private=True)
    signing = serialization.load_pem_private_key(signing_path.read_bytes(), password=None)
    if not isinstance(signing, Ed25519PrivateKey):
        raise SyncError(N_("The sync signing key in {folder} is damaged."), folder=str(keys_dir))
    age = pyrage.x25519.Identity.from_str(age_path.read_text("ascii").strip())
    return LocalKeys(signing=signing, age=age)


def public_identity(keys: LocalKeys, profile: dict[str, Any]) -> dict[str, Any]:
    body = {
        "format": IDENTITY_FORMAT,
        "site_id": str(profile["site_id"]),
        "role": profile["role"],
        "office_name": profile["office_name"],
        "office_code": profile["office_code"],
        "area_code": profile.get("area_code"),
        "signing_key": keys.signing_public,
        "age_recipient": keys.age_recipient,
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }
    return {**body, "signature": b64(keys.sign(canonical(body)))}


def read_identity_file(path: Path) -> dict[str, Any]:
    """A peer's public identity, checked: well formed and signed by its own key."""
    try:
        if path.stat().st_size > MAX_IDENTITY_BYTES:
            raise ValueError("too large")
        data = json.loads(path.read_bytes().decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != IDENTITY_FORMAT:
            raise ValueError("format")
        body = {k: v for k, v in data.items() if k != "signature"}
        uuid.UUID(str(body["site_id"]))
        if body["role"] not in ("office", "hq"):
            raise ValueError("role")
        for key in ("office_name", "office_code", "signing_key", "age_recipient"):
            if not isinstance(body[key], str) or not body[key]:
                raise ValueError(key)
        pyrage.x25519.Recipient.from_str(body["age_recipient"])
        signature = base64.b64decode(data["signature"], validate=True)
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, pyrage.RecipientError) as error:
        raise SyncError(N_("{file} is not a GovLab Desk identity file ({reason})."),
                        file=str(path), reason=str(error)) from None
    if not verify(body["signing_key"], signature, canonical(body)):
        raise SyncError(N_("The signature of identity file {file} does not match its contents."), file=str(path))
    return body
