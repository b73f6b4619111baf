"""Store reads cached by Streamlit, declared once: keyed by the store's URL and revision."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from carenet_dash.errors import CareNetError
from carenet_dash.store.opening import get_engine
from carenet_dash.ui import connection, feedback
from carenet_dash.ui.text import plain

R = TypeVar("R")


def cached_read(
    max_entries: int = 128,
    *,
    by_revision: bool = True,
    stop_on_refusal: bool = True,
    spinner: str | bool = False,
    shared: bool = False,
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Declare a store read once: ``read(engine, *args)`` becomes ``read(*args)``, cached under
    the store's URL and its revision, so an entry never outlives the data it describes (a write
    anywhere, from this app, the CLI or another server, makes it stale). ``by_revision=False``
    is for records that never change once stored (instrument snapshots).

    A refusal (CareNetError) is shown as a sentence and stops the page, unless
    ``stop_on_refusal`` is False (the caller then says it in its own words).

    ``shared=True`` hands every run the same object (st.cache_resource) instead of a copy: for
    a read every run of every page makes, whose result nobody changes (a tuple of frozen
    records).
    """

    def declare(read: Callable[..., R]) -> Callable[..., R]:
        def fetch(store_url: str, rev: int, *args: Any, **kwargs: Any) -> R:
            return read(get_engine(store_url), *args, **kwargs)

        # Streamlit tells caches apart by the function's module, name and source: without
        # these, every read declared here would share one cache.
        fetch.__module__ = read.__module__
        fetch.__qualname__ = f"{read.__qualname__}.cached"
        kind = st.cache_resource if shared else st.cache_data
        cached = kind(show_spinner=spinner, max_entries=max_entries)(fetch)

        @functools.wraps(read)
        def reader(*args: Any, **kwargs: Any) -> R:
            rev = connection.revision() if by_revision else 0
            try:
                return cached(connection.url(), rev, *args, **kwargs)
            except CareNetError as error:
                if not stop_on_refusal:
                    raise
                st.error(plain(feedback.sentence(error)))
                st.stop()

        reader.clear = cached.clear  # type: ignore[attr-defined]
        return reader

    return declare
