"""The page helpers' caches: a chart's data goes out as Streamlit would send it, and a cached
result is reused only for the very same inputs."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow as pa
import pytest
import streamlit as st

from carenet_dash import analysis, charts, present
from carenet_dash.demo import seed_demo
from carenet_dash.store import queries
from carenet_dash.ui import views


@pytest.fixture
def trend(store):
    seed_demo(store)
    network = queries.networks(store)[0]
    st.cache_data.clear()
    return analysis.trend(store, network.id, 5), queries.rounds(store, network.id)


def test_a_cached_chart_carries_the_same_rows_as_the_chart_itself(trend, store):
    frame, _rounds = trend
    expected = charts.trend_lines(frame).to_dict()
    spec = views.chart(charts.trend_lines, frame)
    assert set(spec) == set(expected)
    assert set(spec["datasets"]) == set(expected["datasets"])
    for name, rows in expected["datasets"].items():
        sent = pa.ipc.open_stream(io.BytesIO(spec["datasets"][name])).read_all().to_pylist()
        assert [{k: row[k] for k in rows[0]} for row in sent] == rows
    assert views.chart(charts.trend_lines, frame) == spec  # the second time, from the cache


CALLS: list[int] = []


def counted_trend_table(table: pd.DataFrame, min_size: int) -> pd.DataFrame:
    CALLS.append(min_size)
    return present.trend_table(table, min_size)


def test_memo_reuses_a_result_only_for_equal_inputs(trend):
    frame, _rounds = trend
    CALLS.clear()
    first = views.memo(counted_trend_table, frame, 5)
    pd.testing.assert_frame_equal(first, present.trend_table(frame, 5))
    pd.testing.assert_frame_equal(views.memo(counted_trend_table, frame.copy(), 5), first)
    assert CALLS == [5]
    changed = frame.copy()
    changed.loc[0, "mean"] = 1.0
    assert not views.memo(counted_trend_table, changed, 5).equals(first)
    views.memo(counted_trend_table, frame, 6)
    assert CALLS == [5, 5, 6]
