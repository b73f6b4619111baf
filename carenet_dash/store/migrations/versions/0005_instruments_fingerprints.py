"""Instruments added by the lead, and each round's responses fingerprinted.

instruments.added_at / source_name: set when a lead adds an instrument to the store (rather
than it being stored only as a round's snapshot). rounds.fingerprint: a hash of the round's
responses that survives re-saving the file; respondents.content_hash: each response's own hash,
to spot a new file that largely repeats an earlier round. Rounds stored before this have none.

Revision ID: 0005_instruments_fingerprints
Revises: 0004_comment_redaction
Create Date: 2026-11-30 04:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_instruments_fingerprints"
down_revision = "0004_comment_redaction"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place: SQLite can add a nullable column without recreating the table.
    with op.batch_alter_table("instruments", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("added_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("source_name", sa.String(length=255), nullable=True))
    with op.batch_alter_table("rounds", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("fingerprint", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_rounds_fingerprint"), ["fingerprint"], unique=False)
    with op.batch_alter_table("respondents", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("content_hash", sa.String(length=16), nullable=True))


def downgrade() -> None:
    # Dropped in place (SQLite 3.35+ and PostgreSQL both can): recreating a table that other
    # tables reference would trip their foreign keys.
    with op.batch_alter_table("respondents", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("content_hash")
    with op.batch_alter_table("rounds", schema=None, recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_rounds_fingerprint"))
        batch_op.drop_column("fingerprint")
    with op.batch_alter_table("instruments", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("source_name")
        batch_op.drop_column("added_at")
