"""Connections to the store: an engine from a URL, SQLite PRAGMAs, read and write transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from carenet_dash.config import database_url
from carenet_dash.errors import StoreError

BUSY_TIMEOUT_MS = 30_000
_WRITE = "carenet_write"
# PostgreSQL advisory lock keys: one for migrations, one held by every write transaction.
MIGRATION_LOCK_KEY = 4242000
WRITE_LOCK_KEY = 4242001


def _sqlite_setup(engine: Engine) -> None:
    # pysqlite's own transaction handling cannot do transactional DDL or BEGIN IMMEDIATE;
    # SQLAlchemy's documented recipe is to switch it off and emit BEGIN ourselves.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front: a deferred transaction that reads and then
        # writes can fail at once with "database is locked" instead of waiting its turn.
        if conn.get_execution_options().get(_WRITE):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def make_engine(url: str | None = None) -> Engine:
    """A new engine for a store URL (SQLite or PostgreSQL); the SQLite file's folder is created."""
    url = database_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"store URL {url!r} is not a database URL; use sqlite:///path/to/file.db "
            "or postgresql+psycopg://user:password@host/dbname"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            raise StoreError("an in-memory SQLite store would vanish; give a file path")
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _sqlite_setup(engine)
    elif backend == "postgresql":
        engine = create_engine(url, pool_pre_ping=True)
    else:
        raise StoreError(f"unsupported store {backend!r}: use SQLite or PostgreSQL")
    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that lands whole or not at all, and bumps the store revision.

    Writers take turns. One that waits longer than BUSY_TIMEOUT_MS for another to finish is
    refused with a StoreError (store unchanged), never a raw "database is locked".
    """
    with engine.connect().execution_options(**{_WRITE: True}) as conn:
        try:
            transaction = conn.begin()  # SQLite: BEGIN IMMEDIATE waits for the write lock here
            if engine.dialect.name == "postgresql":
                conn.execute(text(f"SET LOCAL lock_timeout = {int(BUSY_TIMEOUT_MS)}"))
                # Serialise writers so a revision bump and its data are seen together.
                conn.execute(text(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})"))
        except OperationalError as error:
            if is_lock_wait(error):
                raise StoreError(busy_message()) from None
            raise
        with transaction:
            yield conn
            conn.execute(text("UPDATE store_state SET revision = revision + 1 WHERE id = 1"))


def is_lock_wait(error: OperationalError) -> bool:
    """True when the store gave up waiting for another writer (SQLite or PostgreSQL)."""
    return getattr(error.orig, "sqlstate", None) == "55P03" or "database is locked" in str(
        error.orig
    )


def busy_message() -> str:
    return (
        "the store is busy: another import or change has held it for over "
        f"{BUSY_TIMEOUT_MS / 1000:g} s; nothing was changed, try again in a minute"
    )


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one read transaction, so several reads see the same state.

    PostgreSQL's default (READ COMMITTED) gives each statement its own snapshot, so reads
    there run REPEATABLE READ: one snapshot for the whole transaction, as SQLite's WAL gives.
    """
    conn = engine.connect()
    if engine.dialect.name == "postgresql":
        conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    with conn, conn.begin():
        yield conn


def revision(engine: Engine) -> int:
    """The store's write counter: changes whenever anything in the store changes."""
    with engine.connect() as conn:
        value = conn.execute(text("SELECT revision FROM store_state WHERE id = 1")).scalar()
        conn.rollback()
    return int(value or 0)


__all__ = [
    "SQLAlchemyError",
    "make_engine",
    "read_connection",
    "revision",
    "write_transaction",
]
