"""Workshop records carry a version; a network says whether viewers may download tables.

actions.version, workshop_notes.version, matrix_sessions.version: 1 when stored, one up with
every change, so a write based on an out-of-date screen is refused instead of overwriting
someone else's change. networks.viewer_downloads: whether people signed in as viewers get the
tables' "Download as CSV" (off unless the lead allows it).

Revision ID: 0006_versions_viewer_downloads
Revises: 0005_instruments_fingerprints
Create Date: 2026-11-30 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_versions_viewer_downloads"
down_revision = "0005_instruments_fingerprints"
branch_labels = None
depends_on = None

VERSIONED = ("actions", "workshop_notes", "matrix_sessions")


def upgrade() -> None:
    # Added in place with a server default, so rows already stored start at version 1 and
    # SQLite need not recreate tables that others reference.
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )
    with op.batch_alter_table("networks", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("viewer_downloads", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("networks", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("viewer_downloads")
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.drop_column("version")
