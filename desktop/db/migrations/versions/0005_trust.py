"""Trust: the chained change log, audit events, sign-in throttling, retention rules,
backup and screen-lock settings

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_SELECT = ("SELECT seq, kind, record_id, op, base_revision, revision, stamp, site_id, changed_by, "
           "changed_at, changes, note FROM change_log WHERE seq > :after ORDER BY seq LIMIT 20000")


def _chain_existing() -> None:
    """Chain the entries written before this version, oldest first."""
    from desktop.db.chain import GENESIS, link

    conn = op.get_bind()
    prev, after = GENESIS, 0
    while True:
        rows = conn.execute(sa.text(_SELECT), {"after": after}).fetchall()
        if not rows:
            return
        updates = []
        for row in rows:
            prev = link(prev, *row)
            updates.append({"h": prev, "s": row[0]})
        conn.execute(sa.text("UPDATE change_log SET entry_hash = :h WHERE seq = :s"), updates)
        after = rows[-1][0]


def upgrade() -> None:
    with op.batch_alter_table("change_log") as batch:
        batch.add_column(sa.Column("entry_hash", sa.String(length=64), nullable=True))
    _chain_existing()
    with op.batch_alter_table("office_profile") as batch:
        batch.add_column(sa.Column("backup_dir", sa.Text(), nullable=True))
        batch.add_column(sa.Column("backup_keep", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("backup_passphrase_sealed", sa.Text(), nullable=True))
        batch.add_column(sa.Column("lock_minutes", sa.Integer(), nullable=True))
    op.create_table(
        "audit_event",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_event")),
    )
    op.create_table(
        "login_attempt",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_login_attempt")),
    )
    op.create_table(
        "retention_rule",
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_retention_rule")),
    )


def downgrade() -> None:
    op.drop_table("retention_rule")
    op.drop_table("login_attempt")
    op.drop_table("audit_event")
    with op.batch_alter_table("office_profile") as batch:
        for column in ("lock_minutes", "backup_passphrase_sealed", "backup_keep", "backup_dir"):
            batch.drop_column(column)
    with op.batch_alter_table("change_log") as batch:
        batch.drop_column("entry_hash")
