"""SQLite keeps answers and respondent segments in their primary key's order (WITHOUT ROWID).

An ordinary SQLite table stores each row twice over: in the table by rowid and again in the
primary key's index. Clustered on (respondent, item), an import writes half the pages, the
store is smaller, and a round's answers are read from neighbouring pages. PostgreSQL has no
such option and is left as it is.

Revision ID: 0011_clustered_answers
Revises: 0010_totals_checked
Create Date: 2026-11-30 05:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0011_clustered_answers"
down_revision = "0010_totals_checked"
branch_labels = None
depends_on = None

TABLES = ("answers", "respondent_segments")


def _rebuild(with_rowid: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_with_rowid": with_rowid}
        ):
            pass


def upgrade() -> None:
    _rebuild(with_rowid=False)


def downgrade() -> None:
    _rebuild(with_rowid=True)
