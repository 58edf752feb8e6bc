"""Benchmark databases: generated once into the user's cache folder and reused.

``database(persons, seed)`` returns a data folder holding the demo's records plus
``persons`` generated people (``govlab-desk generate``), made on first use under
``<user cache>/govlab-desk/bench/persons-<N>-seed-<S>`` (or ``$GOVLAB_BENCH_CACHE``). A
folder is used only once its ``ready`` mark exists, so an interrupted generation is
started again from scratch.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

READY = "ready"


def cache_root() -> Path:
    env = os.environ.get("GOVLAB_BENCH_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("govlab-desk")) / "bench"


def database(persons: int, seed: int = 1) -> Path:
    folder = cache_root() / f"persons-{persons}-seed-{seed}"
    if (folder / READY).exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    from desktop.services.app_services import open_services
    from desktop.services.demo.generate_fast import generate_fast

    sys.stderr.write(f"generating {persons:,} people into {folder} (once) ...\n")
    started = time.perf_counter()
    services = open_services(folder)
    try:
        services.office.init("สำนักงานทดสอบประสิทธิภาพ", "BENCH", "73", "office")
        generate_fast(services, persons, seed)
    finally:
        services.close()
    (folder / READY).write_text(f"{persons} {seed} {time.perf_counter() - started:.1f}s\n")
    return folder
