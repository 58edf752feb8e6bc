"""The schema revisions this build knows, newest first (as Alembic walks them), as plain
constants: the start compares a database's stamp with ``HEAD`` before SQLAlchemy or
Alembic is imported. A new migration puts its revision at the front
(tests/db/test_start_up.py keeps this in step with the migration scripts)."""

REVISIONS: tuple[str, ...] = ("0007", "0006", "0005", "0004", "0003", "0002", "0001")
HEAD = REVISIONS[0]
