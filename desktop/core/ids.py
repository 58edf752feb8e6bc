"""Record identifiers: time-ordered random UUIDs for records made here, and name-based
UUIDs for reference data so every installation gives a shipped record the same id."""

from __future__ import annotations

import os
import time
import uuid

REFERENCE_NAMESPACE = uuid.UUID("5f0f2c1e-8b1d-4c59-9d55-6f1e3b0a7c21")


def new_id() -> uuid.UUID:
    """A UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits.

    Never reused; sorts roughly by creation time, which keeps inserts into indexes local.
    """
    ms = time.time_ns() // 1_000_000
    raw = bytearray(ms.to_bytes(6, "big") + os.urandom(10))
    raw[6] = (raw[6] & 0x0F) | 0x70
    raw[8] = (raw[8] & 0x3F) | 0x80
    return uuid.UUID(bytes=bytes(raw))


def reference_id(kind: str, key: str) -> uuid.UUID:
    """The fixed id of a shipped reference record (agency, prefix, programme)."""
    return uuid.uuid5(REFERENCE_NAMESPACE, f"{kind}:{key}")


def parse_id(value: str | uuid.UUID) -> uuid.UUID:
    from desktop.core.errors import NotFound
    from desktop.core.text import N_

    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        raise NotFound(N_("'{value}' is not a record id (a UUID such as 0190c5e2-...)."), value=value) from None
