"""Thai full-text search index kept in step by triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from alembic import op

from desktop.db.search_schema import backfill_statements, create_statements, drop_statements

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL searches with pg_trgm, added with headquarters support
    for statement in create_statements() + backfill_statements():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in drop_statements():
        op.execute(statement)
