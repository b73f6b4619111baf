"""Dimension totals: each round's respondent dimension scores summed, for fast trends.

The table starts empty; the app fills it for every stored round on its next start
(store.writes.refresh_dimension_totals), with the scoring code of that release.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 20:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dimension_totals",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sa.String(length=100), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("squares", sa.Float(), nullable=False),
        sa.Column("scoring_version", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_dimension_totals_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "dimension_id", name=op.f("pk_dimension_totals")),
    )


def downgrade() -> None:
    op.drop_table("dimension_totals")
