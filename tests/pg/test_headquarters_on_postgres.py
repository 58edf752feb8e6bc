"""Headquarters runs the same models, migrations, services and sync on PostgreSQL."""

from __future__ import annotations

from desktop.db.migrate import schema_state
from desktop.services.app_services import open_services
from desktop.services.demo import load_demo


def test_migrations_services_and_a_sync_round_trip_on_postgres(pg_url, tmp_path):
    hq = open_services(tmp_path / "hq", pg_url)
    office = open_services(tmp_path / "office")
    try:
        assert schema_state(hq.db.engine).is_current
        hq.office.init("ส่วนกลาง", "HQ", "10", "hq")
        office.office.init("สำนักงานจังหวัดนครปฐม", "NPT01", "73", "office")
        load_demo(office, persons=40, seed=3)

        # records and validation behave as on SQLite
        p = hq.persons.create({"first_name_th": "ทดสอบ", "last_name_th": "ส่วนกลาง", "phone": "0812345678"})
        hq.persons.update(p["id"], {"position": "นักวิเคราะห์"})
        hq.persons.delete(p["id"])
        assert hq.persons.restore(p["id"])["revision"] == 4

        # enrol both ways, export from the office, import at headquarters
        office.sync.identity(tmp_path / "office.govlab-id")
        hq.sync.identity(tmp_path / "hq.govlab-id")
        hq.sync.enroll(tmp_path / "office.govlab-id")
        office.sync.enroll(tmp_path / "hq.govlab-id")
        package = tmp_path / "p1.govlab"
        office.sync.export(package)
        report = hq.sync.import_file(package)
        assert report.created > 40 and not report.rejected and not report.conflicts
        again = hq.sync.import_file(package)
        assert again.already_applied and again.created == 0
        assert hq.persons.list(search="ชุติมา").total == 1
        assert hq.persons.count() == office.persons.count() + 1
    finally:
        hq.close()
        office.close()
