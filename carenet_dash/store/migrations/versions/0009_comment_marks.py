"""Comments tagged, untagged and pinned to dimensions by the lead, with an audit trail.

comment_marks holds the lead's word on a comment and a dimension (tagged, untagged, pinned to
its workshop step); comment_mark_events keeps each change with its time. Both go with their
comment (and so with its round).

Revision ID: 0009_comment_marks
Revises: 0008_demo_networks
Create Date: 2026-11-30 06:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_comment_marks"
down_revision = "0008_demo_networks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comment_marks",
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sa.String(length=100), nullable=False),
        sa.Column("tagged", sa.Boolean(), nullable=True),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_comment_marks_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("comment_id", "dimension_id", name=op.f("pk_comment_marks")),
    )
    op.create_table(
        "comment_mark_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sa.String(length=100), nullable=False),
        sa.Column("change", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_comment_mark_events_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_mark_events")),
    )
    op.create_index(
        op.f("ix_comment_mark_events_comment_id"), "comment_mark_events", ["comment_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_comment_mark_events_comment_id"), table_name="comment_mark_events")
    op.drop_table("comment_mark_events")
    op.drop_table("comment_marks")
