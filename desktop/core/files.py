"""Making a written file durable before it is renamed into place."""

from __future__ import annotations

import os
from pathlib import Path


def flush_to_disk(path: Path) -> None:
    """Ask the system to write ``path``'s data to the disk now.

    Windows flushes only through a handle open for writing (FlushFileBuffers), so the
    file is opened read-write, never read-only; on a read-only handle Windows answers
    'permission denied'."""
    with open(path, "r+b") as f:
        os.fsync(f.fileno())
