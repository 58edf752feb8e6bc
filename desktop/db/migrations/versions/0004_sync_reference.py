"""Sync: the reference data versions each peer has acknowledged

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_peer") as batch:
        batch.add_column(sa.Column("reference_versions", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_peer") as batch:
        batch.drop_column("reference_versions")
