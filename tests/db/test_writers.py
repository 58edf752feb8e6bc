"""One writer at a time: concurrent saves from threads and from another process are
serialised, none is lost and the change log stays gap-free."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from desktop.db.models import ChangeLog

ROOT = Path(__file__).resolve().parents[2]


def test_threads_and_a_second_process_write_without_losing_anything(services, data_dir):
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from desktop.services.app_services import open_services;"
        "s = open_services(sys.argv[2]);"
        "[s.persons.create({'first_name_th': f'กระบวนการ{i}'}) for i in range(40)]; s.close()"
    )
    other = subprocess.Popen([sys.executable, "-c", script, str(ROOT), str(data_dir)])
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(30):
                services.persons.create({"first_name_th": f"เธรด{n}-{i}"})
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert other.wait(timeout=120) == 0
    assert not errors
    assert services.persons.count() == 3 * 30 + 40
    with services.db.read() as s:
        seqs = [row.seq for row in s.query(ChangeLog).filter(ChangeLog.kind == "person").order_by(ChangeLog.seq)]
    assert len(seqs) == 130 and len(set(seqs)) == 130
