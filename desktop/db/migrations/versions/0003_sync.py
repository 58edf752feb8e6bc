"""Sync state: peers, received ranges, packages, conflicts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_peer",
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("office_name", sa.String(length=300), nullable=False),
        sa.Column("office_code", sa.String(length=40), nullable=False),
        sa.Column("area_code", sa.String(length=6), nullable=True),
        sa.Column("signing_key", sa.String(length=100), nullable=False),
        sa.Column("age_recipient", sa.String(length=100), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("acked_by_peer", sa.Integer(), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_received_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("site_id", name=op.f("pk_sync_peer")),
    )
    op.create_index(op.f("ix_sync_peer_office_code"), "sync_peer", ["office_code"])
    op.create_table(
        "sync_received",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("site_id", sa.Uuid(), nullable=False),
        sa.Column("seq_from", sa.Integer(), nullable=False),
        sa.Column("seq_to", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_received")),
    )
    op.create_index(op.f("ix_sync_received_site_id"), "sync_received", ["site_id"])
    op.create_table(
        "sync_package",
        sa.Column("package_id", sa.Uuid(), nullable=False),
        sa.Column("direction", sa.String(length=4), nullable=False),
        sa.Column("peer_site", sa.Uuid(), nullable=False),
        sa.Column("seq_from", sa.Integer(), nullable=False),
        sa.Column("seq_to", sa.Integer(), nullable=False),
        sa.Column("created_stamp", sa.String(length=24), nullable=False),
        sa.Column("processed_at", sa.DateTime(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("package_id", name=op.f("pk_sync_package")),
    )
    op.create_index(op.f("ix_sync_package_peer_site"), "sync_package", ["peer_site"])
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("mine", sa.JSON(), nullable=True),
        sa.Column("theirs", sa.JSON(), nullable=True),
        sa.Column("their_site", sa.Uuid(), nullable=False),
        sa.Column("their_user", sa.String(length=64), nullable=False),
        sa.Column("their_stamp", sa.String(length=24), nullable=False),
        sa.Column("package_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    op.create_index(op.f("ix_sync_conflict_record_id"), "sync_conflict", ["record_id"])
    op.create_index(op.f("ix_sync_conflict_status"), "sync_conflict", ["status"])


def downgrade() -> None:
    for table in ("sync_conflict", "sync_package", "sync_received", "sync_peer"):
        op.drop_table(table)
