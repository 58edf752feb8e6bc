"""The people list's index covers its order: (deleted_at, sort_name, id)

Paging the people list in Thai name order (``ORDER BY sort_name, id``) and jumping into the
middle of a million names are then a walk over this index alone, never over table rows.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_person_live_sort", table_name="person")
    op.create_index("ix_person_live_sort", "person", ["deleted_at", "sort_name", "id"])


def downgrade() -> None:
    op.drop_index("ix_person_live_sort", table_name="person")
    op.create_index("ix_person_live_sort", "person", ["deleted_at", "sort_name"])
