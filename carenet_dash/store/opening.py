"""Open the store: one shared engine per URL, its schema migrated and stale totals re-scored."""

from __future__ import annotations

import threading

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from carenet_dash.config import database_url
from carenet_dash.errors import StoreError
from carenet_dash.store.engine import busy_message, is_lock_wait, make_engine
from carenet_dash.store.migrate import upgrade
from carenet_dash.store.writes import refresh_dimension_totals

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def get_engine(url: str | None = None) -> Engine:
    """The shared, migrated engine for a store URL (one per URL per process)."""
    url = database_url(url)
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = make_engine(url)
            try:
                upgrade(engine)
                refresh_dimension_totals(engine)
            except OperationalError as error:
                engine.dispose()
                # Driver messages run over several lines; a refusal is one.
                reason = (
                    busy_message() if is_lock_wait(error) else " ".join(str(error.orig).split())
                )
                raise StoreError(f"cannot open the store at {_safe(url)}: {reason}") from None
            _engines[url] = engine
        return engine


def dispose_engines() -> None:
    """Close every pooled connection (tests, and before replacing a SQLite file)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
