"""Charts render in Vega-Lite (an invalid spec shows as a blank space in the app, silently)."""

from __future__ import annotations

import json

import pytest
import vl_convert

from carenet_dash import analysis, charts
from carenet_dash.demo import seed_demo
from carenet_dash.store import queries
from carenet_dash.store.engine import make_engine
from carenet_dash.store.migrate import upgrade


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = make_engine(f"sqlite:///{tmp_path_factory.mktemp('charts') / 'demo.db'}")
    upgrade(store)
    seed_demo(store)
    network = queries.networks(store)[0]
    return store, network, queries.rounds(store, network.id)


def render(chart) -> str:
    """The chart as SVG, through the same Vega-Lite the browser runs."""
    return vl_convert.vegalite_to_svg(json.loads(chart.to_json()))


def test_scorecard_renders_each_dimension(demo, network_health):
    store, network, rounds = demo
    card = analysis.scorecard(store, rounds[-1].id, network.min_group_size)
    svg = render(charts.scorecard(card, network_health.bands, network.min_group_size))
    for name in card["dimension"]:
        assert name.replace("&", "&amp;") in svg


def test_scorecard_marks_hidden_dimensions_in_words(demo, network_health):
    store, _network, rounds = demo
    card = analysis.scorecard(store, rounds[-1].id, min_size=10_000)
    svg = render(charts.scorecard(card, network_health.bands, 10_000))
    assert "fewer than 10000 responses" in svg


def test_trend_renders_a_panel_per_dimension(demo, network_health):
    store, network, rounds = demo
    trend = analysis.trend(store, network.id, network.min_group_size)
    svg = render(charts.trend_lines(trend, network_health.bands))
    for name in dict.fromkeys(trend["dimension"]):
        assert name.replace("&", "&amp;") in svg
    for r in rounds:
        assert r.label in svg
