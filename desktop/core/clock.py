"""A hybrid logical clock: change stamps that order events even when wall clocks lie.

A stamp is wall-clock milliseconds plus a counter, written as a fixed-width string so it
sorts as text. A stamp never goes backwards on this machine, and after seeing another
site's stamp the next local one is later than it, however wrong either clock is.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

_WIDTH_MS = 15
_WIDTH_COUNTER = 6


def format_stamp(ms: int, counter: int) -> str:
    return f"{ms:0{_WIDTH_MS}d}.{counter:0{_WIDTH_COUNTER}d}"


def parse_stamp(stamp: str) -> tuple[int, int]:
    ms, _, counter = stamp.partition(".")
    return int(ms), int(counter or 0)


class HybridClock:
    def __init__(self, last: str | None = None, now_ms: Callable[[], int] | None = None) -> None:
        self._now_ms = now_ms or (lambda: time.time_ns() // 1_000_000)
        self._ms, self._counter = parse_stamp(last) if last else (0, 0)
        self._lock = threading.Lock()

    def tick(self) -> str:
        with self._lock:
            now = self._now_ms()
            if now > self._ms:
                self._ms, self._counter = now, 0
            else:
                self._counter += 1
            return format_stamp(self._ms, self._counter)

    def observe(self, remote: str) -> None:
        """Move past a stamp seen from elsewhere, so later local stamps sort after it."""
        r_ms, r_counter = parse_stamp(remote)
        with self._lock:
            if (r_ms, r_counter) > (self._ms, self._counter):
                self._ms, self._counter = r_ms, r_counter

    def is_far_future(self, stamp: str, tolerance_ms: int = 24 * 3600 * 1000) -> bool:
        return parse_stamp(stamp)[0] > self._now_ms() + tolerance_ms
