"""A warm rerun reads its figures from the cache; a write anywhere makes them stale."""

from __future__ import annotations

import sys

import streamlit as st

from carenet_dash import analysis
from carenet_dash.store import writes
from carenet_dash.store.opening import get_engine
from tests.pages.conftest import (
    open_page,
)


def test_a_warm_rerun_does_not_aggregate_again(app, demo_url, monkeypatch):
    calls = {"load_round": 0}
    real = analysis.load_round

    def counting(*args, **kwargs):
        calls["load_round"] += 1
        return real(*args, **kwargs)

    # Every analysis module that reads a round takes load_round from analysis.data.
    for name, module in list(sys.modules.items()):
        if name.startswith("carenet_dash.analysis.") and hasattr(module, "load_round"):
            monkeypatch.setattr(module, "load_round", counting)
    st.cache_data.clear()
    for name in ("compare", "dimension", "segments", "comments"):
        open_page(app, name)
    cold = calls["load_round"]
    assert cold > 0
    for name in ("compare", "dimension", "segments", "comments"):
        open_page(app, name)
        app.run()
    assert calls["load_round"] == cold, "a warm rerun recomputed figures"
    # A write anywhere bumps the store revision: the next run recomputes.
    writes.create_network(get_engine(demo_url), "A new network")
    app.run()
    assert calls["load_round"] > cold
