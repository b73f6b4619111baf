"""Comment privacy: the date a lead redacted a comment, and a network's comment threshold.

comments.redacted_on is NULL for a comment as it was imported; once the lead redacts it, the
text is replaced by a fixed marker and this holds the day. networks.comment_min_size is NULL
when the network's comments use its minimum group size.

Revision ID: 0004_comment_redaction
Revises: 0003
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_comment_redaction"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN (SQLite has both since 3.35): a batch copy of "networks" would drop
    # the parent table and cascade-delete every round with foreign keys switched on.
    op.add_column("comments", sa.Column("redacted_on", sa.Date(), nullable=True))
    op.add_column("networks", sa.Column("comment_min_size", sa.SmallInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("networks", "comment_min_size")
    op.drop_column("comments", "redacted_on")
