"""Alembic environment: runs on the connection the app hands over, or on a URL for the CLI."""

from __future__ import annotations

from alembic import context

from carenet_dash.store.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        # `alembic` on the command line (e.g. `alembic revision --autogenerate`).
        from carenet_dash.store.engine import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
        with engine.connect() as connection:
            _migrate(connection)
            connection.commit()
        return
    _migrate(connection)


def _migrate(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only ALTER by copying the table
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
