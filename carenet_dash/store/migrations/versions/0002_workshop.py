"""Workshop: agreed actions, workshop notes, maturity-matrix sessions and their levels.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("dimension_id", sa.String(length=100), nullable=True),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'done', 'dropped')",
            name=op.f("ck_actions_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["networks.id"],
            name=op.f("fk_actions_network_id_networks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_actions_round_id_rounds"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actions_network_id"), ["network_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_round_id"), ["round_id"], unique=False)

    op.create_table(
        "workshop_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("dimension_id", sa.String(length=100), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["networks.id"],
            name=op.f("fk_workshop_notes_network_id_networks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_workshop_notes_round_id_rounds"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_notes")),
    )
    with op.batch_alter_table("workshop_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_workshop_notes_network_id"), ["network_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_workshop_notes_round_id"), ["round_id"], unique=False)

    op.create_table(
        "matrix_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("instrument_pk", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["instrument_pk"],
            ["instruments.id"],
            name=op.f("fk_matrix_sessions_instrument_pk_instruments"),
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["networks.id"],
            name=op.f("fk_matrix_sessions_network_id_networks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_matrix_sessions_round_id_rounds"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matrix_sessions")),
    )
    with op.batch_alter_table("matrix_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_matrix_sessions_network_id"), ["network_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_matrix_sessions_round_id"), ["round_id"], unique=False)

    op.create_table(
        "matrix_levels",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sa.String(length=100), nullable=False),
        sa.Column("current_level", sa.SmallInteger(), nullable=False),
        sa.Column("target_level", sa.SmallInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "current_level BETWEEN 1 AND 5", name=op.f("ck_matrix_levels_current_level_range")
        ),
        sa.CheckConstraint(
            "target_level BETWEEN 1 AND 5", name=op.f("ck_matrix_levels_target_level_range")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["matrix_sessions.id"],
            name=op.f("fk_matrix_levels_session_id_matrix_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "dimension_id", name=op.f("pk_matrix_levels")),
    )


def downgrade() -> None:
    op.drop_table("matrix_levels")
    with op.batch_alter_table("matrix_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_matrix_sessions_round_id"))
        batch_op.drop_index(batch_op.f("ix_matrix_sessions_network_id"))

    op.drop_table("matrix_sessions")
    with op.batch_alter_table("workshop_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_notes_round_id"))
        batch_op.drop_index(batch_op.f("ix_workshop_notes_network_id"))

    op.drop_table("workshop_notes")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actions_round_id"))
        batch_op.drop_index(batch_op.f("ix_actions_network_id"))

    op.drop_table("actions")
