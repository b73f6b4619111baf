"""Cached reads: one cache per read, keyed by the store's revision, refusals as messages."""

from __future__ import annotations

import pytest
import streamlit as st

from carenet_dash.errors import CareNetError
from carenet_dash.store import writes
from carenet_dash.store.opening import get_engine
from carenet_dash.ui import cache
from carenet_dash.ui.cache import cached_read


@pytest.fixture
def calls(store_url):
    st.cache_data.clear()
    yield []
    st.cache_data.clear()


def test_two_reads_with_the_same_arguments_keep_their_own_entries(calls):
    @cached_read()
    def doubled(engine, n):
        calls.append("doubled")
        return 2 * n

    @cached_read()
    def squared(engine, n):
        calls.append("squared")
        return n * n

    assert (doubled(3), squared(3), doubled(3), squared(3)) == (6, 9, 6, 9)
    assert calls == ["doubled", "squared"]


def test_a_write_anywhere_makes_an_entry_stale_unless_the_record_never_changes(calls, store_url):
    @cached_read()
    def counted(engine, n):
        calls.append("counted")
        return n

    @cached_read(by_revision=False)
    def fixed(engine, n):
        calls.append("fixed")
        return n

    counted(1), fixed(1), counted(1), fixed(1)
    assert calls == ["counted", "fixed"]
    writes.create_network(get_engine(store_url), "A network")  # bumps the store revision
    counted(1), fixed(1)
    assert calls == ["counted", "fixed", "counted"]


def test_a_refusal_stops_the_page_or_reaches_a_caller_who_asked_for_it(calls, monkeypatch):
    shown = []

    class Stopped(Exception):
        pass

    def stop():
        raise Stopped

    monkeypatch.setattr(cache.st, "error", shown.append)
    monkeypatch.setattr(cache.st, "stop", stop)

    @cached_read()
    def refused(engine):
        raise CareNetError("no such round")

    @cached_read(stop_on_refusal=False)
    def raised(engine):
        raise CareNetError("no such round")

    with pytest.raises(Stopped):
        refused()
    assert shown == [r"No such round\."]
    with pytest.raises(CareNetError, match="no such round"):
        raised()
