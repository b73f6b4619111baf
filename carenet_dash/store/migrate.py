"""Bring a store's schema up to date with Alembic; safe when several processes start at once.

Alembic costs a command a fifth of a second to import, so it is loaded only when the store's
revision (one query) differs from the newest migration's (read from the migration files).
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from carenet_dash.store.engine import MIGRATION_LOCK_KEY

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """Alembic's configuration, pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration's revision id: the one no other migration revises."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = _revision_names(path)
        if "revision" not in found:
            continue
        revisions.add(found["revision"])
        down = found.get("down_revision")
        revised.update(down if isinstance(down, tuple) else (down,) if down else ())
    heads = revisions - revised
    if len(heads) == 1:
        return heads.pop()
    # Several heads (or none): Alembic's own reading says what is wrong.
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def _revision_names(path: Path) -> dict[str, object]:
    """A migration file's module-level ``revision`` and ``down_revision`` literals."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
            found[target.id] = ast.literal_eval(value)
    return found


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision, None for a store never migrated."""
    with engine.connect() as conn:
        try:
            found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        except (OperationalError, ProgrammingError):
            found = []  # no alembic_version table: a new store
        conn.rollback()
    # Several rows would be branches Alembic must sort out; compare them as one odd value.
    return "+".join(sorted(found)) if found else None


def upgrade(engine: Engine, target: str = "head") -> None:
    """Migrate to the target revision in one transaction, holding the store's write lock."""
    if target == "head" and current_revision(engine) == head_revision():
        return  # the common case: nothing to do, no write lock taken and no Alembic loaded
    from alembic import command

    config = alembic_config()
    with engine.connect().execution_options(carenet_write=True) as conn, conn.begin():
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})"))
        # Another process may have migrated while we waited for the lock; Alembic re-reads
        # the version inside this transaction, so the upgrade is then a no-op.
        config.attributes["connection"] = conn
        command.upgrade(config, target)


def downgrade(engine: Engine, target: str) -> None:
    from alembic import command

    config = alembic_config()
    with engine.connect().execution_options(carenet_write=True) as conn, conn.begin():
        config.attributes["connection"] = conn
        command.downgrade(config, target)
