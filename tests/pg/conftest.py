"""A private PostgreSQL server for the headquarters tests: a throwaway cluster in a
temporary folder, reached through a Unix socket, stopped at the end of the session.

The bootstrap installs Debian's postgresql package; these tests fail, not skip, when
its server binaries are missing, because headquarters on PostgreSQL is a feature."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or ([shutil.which(name)] if shutil.which(name) else [])
    if not found:
        pytest.fail(f"PostgreSQL's {name} is not installed (Debian package postgresql; the bootstrap installs it)")
    return found[-1]


def _as_server_user(args: list[str]) -> list[str]:
    """initdb refuses to run as root: run the server as the postgres account then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="session")
def pg_url():
    root = Path(tempfile.mkdtemp(prefix="govlab-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    subprocess.run(_as_server_user([_bin("initdb"), "-D", str(data), "-U", "govlab", "--auth=trust",
                                    "-E", "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True)
    subprocess.run(_as_server_user([_bin("pg_ctl"), "-D", str(data), "-w", "-l", str(root / "log"),
                                    "-o", f"-k {sock} -c listen_addresses='' -p 5439", "start"]),
                   check=True, capture_output=True)
    subprocess.run([_bin("createdb"), "-h", str(sock), "-p", "5439", "-U", "govlab", "govlab_hq"], check=True)
    try:
        yield f"postgresql+psycopg://govlab@/govlab_hq?host={sock}&port=5439"
    finally:
        subprocess.run(_as_server_user([_bin("pg_ctl"), "-D", str(data), "-m", "fast", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
