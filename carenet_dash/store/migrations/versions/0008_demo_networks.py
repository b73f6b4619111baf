"""Demo networks marked as such, and a store that has had them removed for good.

networks.is_demo is true for the fictional networks `demo` seeds; existing ones are found by
their names and their rounds (every one imported from the "demo" source). store_state.
demo_removed_at is set when a lead removes the demo networks: from then on neither the app
nor `python -m carenet_dash demo` brings them back (only `demo --reset` does, when asked).

Revision ID: 0008_demo_networks
Revises: 0007_connection_map
Create Date: 2026-11-30 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_demo_networks"
down_revision = "0007_connection_map"
branch_labels = None
depends_on = None

# The demo's network names when this migration was written (carenet_dash.demo.story).
DEMO_NAMES = ("Riverside Children's Health Network", "Head and Neck Cancer Support Network")


def upgrade() -> None:
    # Plain ADD COLUMN (see 0004): a batch copy of "networks" would cascade-delete its rounds.
    op.add_column(
        "networks",
        sa.Column("is_demo", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("store_state", sa.Column("demo_removed_at", sa.DateTime(), nullable=True))
    networks = sa.table("networks", sa.column("id"), sa.column("name"), sa.column("is_demo"))
    rounds = sa.table("rounds", sa.column("network_id"), sa.column("source_name"))
    not_demo = sa.select(rounds.c.network_id).where(
        rounds.c.network_id == networks.c.id,
        sa.or_(rounds.c.source_name.is_(None), rounds.c.source_name != "demo"),
    )
    op.execute(
        networks.update()
        .where(networks.c.name.in_(DEMO_NAMES), ~sa.exists(not_demo))
        .values(is_demo=sa.true())
    )


def downgrade() -> None:
    op.drop_column("store_state", "demo_removed_at")
    op.drop_column("networks", "is_demo")
