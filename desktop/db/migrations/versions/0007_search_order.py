"""Search index rows numbered in list order, so a search reads its first page in order

Every record's index row is numbered anew in its kind's list order (sort_name, id), each
kind in one range kept in ``search_block``; rows added or renamed later are numbered
past every range (see ``desktop.db.search_schema``). A million people take one to two
minutes on a 2-core machine.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from alembic import op

from desktop.db.search_schema import (
    BLOCK_TABLE,
    SEARCHABLE,
    drop_trigger_statements,
    reorder_statements,
    trigger_statements,
)

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # no FTS index there (see 0002)
    for statement in [*drop_trigger_statements(), BLOCK_TABLE, *trigger_statements(), *reorder_statements()]:
        op.execute(statement)


def _triggers_0002() -> list[str]:
    """The triggers as revision 0002 made them."""
    statements = []
    for kind, (table, body) in SEARCHABLE.items():
        statements += [
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO search_doc(kind, record_id) VALUES ('{kind}', NEW.id); "
            f"INSERT INTO search_text(rowid, body) VALUES (last_insert_rowid(), {body}); END",
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE ON {table} BEGIN "
            f"UPDATE search_text SET body = {body} WHERE rowid = "
            f"(SELECT rowid FROM search_doc WHERE record_id = NEW.id); END",
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN "
            f"DELETE FROM search_text WHERE rowid = (SELECT rowid FROM search_doc WHERE record_id = OLD.id); "
            f"DELETE FROM search_doc WHERE record_id = OLD.id; END",
        ]
    return statements


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in [*drop_trigger_statements(), "DROP TABLE IF EXISTS search_block", *_triggers_0002()]:
        op.execute(statement)
