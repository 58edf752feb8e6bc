"""Attendance marks and certificate numbers, the same for the fixed participants and for
generated people."""

from __future__ import annotations

import random

ATTENDANCE_NOTES = {"late": "มาถึงหลังเวลาเริ่ม", "excused": "ติดราชการ มีหนังสือแจ้งลา"}


def workshop_marks(rng: random.Random) -> tuple[str, str]:
    """Morning and afternoon marks of one participant of the hybrid workshop."""
    r = rng.random()
    if r < 0.58:
        first = "present"
    elif r < 0.78:
        first = "online"
    elif r < 0.87:
        first = "late"
    elif r < 0.94:
        first = "excused"
    else:
        first = "absent"
    if first in ("excused", "absent"):
        return first, first
    if first == "late":
        return first, "present"
    return first, first if rng.random() < 0.95 else "absent"


def certificate_number(level: int, number: int) -> str:
    return f"ป.ย.ป.{level} {number:03d}/2566"
