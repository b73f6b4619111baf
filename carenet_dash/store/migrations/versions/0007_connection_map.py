"""The connection map: each network's member organisations (with their type and place on the
map), other spellings of their names, and the ties respondents named for them.

Revision ID: 0007_connection_map
Revises: 0006_versions_viewer_downloads
Create Date: 2026-11-30 05:20:52.271704
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_connection_map"
down_revision = "0006_versions_viewer_downloads"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=200), nullable=True),
        sa.Column("x", sa.Float(), nullable=True),
        sa.Column("y", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["networks.id"],
            name=op.f("fk_organisations_network_id_networks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("network_id", "name", name="uq_organisations_name"),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisations_network_id"), ["network_id"], unique=False
        )

    op.create_table(
        "organisation_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["networks.id"],
            name=op.f("fk_organisation_aliases_network_id_networks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_aliases_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_aliases")),
        sa.UniqueConstraint("network_id", "alias", name="uq_organisation_aliases_key"),
    )
    with op.batch_alter_table("organisation_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_aliases_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "ties",
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_ties_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondents.id"],
            name=op.f("fk_ties_respondent_id_respondents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_ties_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("respondent_id", "organisation_id", name=op.f("pk_ties")),
    )
    with op.batch_alter_table("ties", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ties_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ties_round_id"), ["round_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ties_round_id"))
        batch_op.drop_index(batch_op.f("ix_ties_organisation_id"))

    op.drop_table("ties")
    with op.batch_alter_table("organisation_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_aliases_organisation_id"))

    op.drop_table("organisation_aliases")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisations_network_id"))

    op.drop_table("organisations")
