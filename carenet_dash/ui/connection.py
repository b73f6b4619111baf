"""The store as the app sees it: its URL, engine and revision, and opening it (seeding the
demo networks into an empty one, unless the lead removed them)."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from carenet_dash import config
from carenet_dash.errors import CareNetError
from carenet_dash.store import networks, queries
from carenet_dash.store.engine import revision as store_revision
from carenet_dash.store.opening import get_engine
from carenet_dash.ui.text import plain


def url() -> str:
    return config.database_url()


def engine() -> Engine:
    return get_engine(url())


def revision() -> int:
    """The store's write counter: part of every cache key, so a write anywhere (this app, the
    CLI, another server) makes cached figures stale."""
    return store_revision(engine())


def clear_caches() -> None:
    """Drop every cached figure; call after any write from the UI."""
    st.cache_data.clear()


def open_store() -> bool:
    """Open (and migrate) the store, seeding the demo networks into an empty one.

    Shows a message and returns False when the store cannot be opened.
    """
    try:
        store = engine()
        if queries.is_empty(store) and networks.demo_declined(store) is None:
            from carenet_dash.demo import seed_demo

            with st.spinner("Setting up the demo networks…"):
                seed_demo(store)
            clear_caches()
    except CareNetError as error:
        st.error(f"The store could not be opened: {plain(error)}")
        return False
    return True
