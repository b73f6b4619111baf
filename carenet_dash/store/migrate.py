"""Bring a store's schema up to date with Alembic; safe when several processes start at once."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from carenet_dash.store.engine import MIGRATION_LOCK_KEY

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """Alembic's configuration, pointing at the migrations shipped inside the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
    return current


def upgrade(engine: Engine, target: str = "head") -> None:
    """Migrate to the target revision in one transaction, holding the store's write lock."""
    if target == "head" and current_revision(engine) == head_revision():
        return  # the common case: nothing to do, and no write lock taken
    config = alembic_config()
    with engine.connect().execution_options(carenet_write=True) as conn, conn.begin():
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})"))
        # Another process may have migrated while we waited for the lock; Alembic re-reads
        # the version inside this transaction, so the upgrade is then a no-op.
        config.attributes["connection"] = conn
        command.upgrade(config, target)


def downgrade(engine: Engine, target: str) -> None:
    config = alembic_config()
    with engine.connect().execution_options(carenet_write=True) as conn, conn.begin():
        config.attributes["connection"] = conn
        command.downgrade(config, target)
