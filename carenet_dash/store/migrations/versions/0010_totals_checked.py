"""The scoring version every round's dimension totals were last checked under.

With it, opening an up-to-date store costs one query, where it used to look for stale totals
round by round across the whole store. NULL (as after this upgrade, or a restore) means
"check every round on the next start".

Revision ID: 0010_totals_checked
Revises: 0009_comment_marks
Create Date: 2026-11-30 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_totals_checked"
down_revision = "0009_comment_marks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("store_state") as batch_op:
        batch_op.add_column(sa.Column("totals_version", sa.SmallInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("store_state") as batch_op:
        batch_op.drop_column("totals_version")
