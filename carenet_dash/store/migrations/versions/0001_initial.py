"""Initial schema: networks, instruments, rounds, respondents, answers, comments, mappings.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 18:25:28.792105
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "instruments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instruments")),
        sa.UniqueConstraint("sha256", name=op.f("uq_instruments_sha256")),
    )
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_instruments_instrument_id"), ["instrument_id"], unique=False
        )

    op.create_table(
        "networks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("min_group_size", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_networks")),
        sa.UniqueConstraint("name", name=op.f("uq_networks_name")),
    )
    store_state = op.create_table(
        "store_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_state")),
    )
    op.bulk_insert(store_state, [{"id": 1, "revision": 0}])
    op.create_table(
        "column_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.String(length=100), nullable=False),
        sa.Column("column", sa.String(length=500), nullable=False),
        sa.Column("target_kind", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["networks.id"],
            name=op.f("fk_column_mappings_network_id_networks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_column_mappings")),
        sa.UniqueConstraint("network_id", "instrument_id", "column", name="uq_column_mappings_key"),
    )
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("instrument_pk", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("fielded_on", sa.Date(), nullable=True),
        sa.Column("invited", sa.Integer(), nullable=True),
        sa.Column("source_name", sa.String(length=255), nullable=True),
        sa.Column("source_sha256", sa.String(length=64), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["instrument_pk"],
            ["instruments.id"],
            name=op.f("fk_rounds_instrument_pk_instruments"),
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["networks.id"],
            name=op.f("fk_rounds_network_id_networks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
        sa.UniqueConstraint("network_id", "label", name="uq_rounds_network_label"),
        sa.UniqueConstraint("source_sha256", name=op.f("uq_rounds_source_sha256")),
    )
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rounds_network_id"), ["network_id"], unique=False)

    op.create_table(
        "respondents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_respondents_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_respondents")),
    )
    with op.batch_alter_table("respondents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_respondents_round_id"), ["round_id"], unique=False)

    op.create_table(
        "answers",
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=100), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=True),
        sa.Column("not_applicable", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondents.id"],
            name=op.f("fk_answers_respondent_id_respondents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("respondent_id", "item_id", name=op.f("pk_answers")),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=True),
        sa.Column("question_id", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondents.id"],
            name=op.f("fk_comments_respondent_id_respondents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_comments_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index("ix_comments_respondent_id", ["respondent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_comments_round_id"), ["round_id"], unique=False)

    op.create_table(
        "respondent_segments",
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.String(length=100), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondents.id"],
            name=op.f("fk_respondent_segments_respondent_id_respondents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("respondent_id", "segment_id", name=op.f("pk_respondent_segments")),
    )


def downgrade() -> None:
    op.drop_table("respondent_segments")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comments_round_id"))
        batch_op.drop_index("ix_comments_respondent_id")

    op.drop_table("comments")
    op.drop_table("answers")
    with op.batch_alter_table("respondents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_respondents_round_id"))

    op.drop_table("respondents")
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rounds_network_id"))

    op.drop_table("rounds")
    op.drop_table("column_mappings")
    op.drop_table("store_state")
    op.drop_table("networks")
    with op.batch_alter_table("instruments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instruments_instrument_id"))

    op.drop_table("instruments")
