"""Charts on each dimension's own scale: axes and band stripes of 1..7, 1..4, 1..3 and 0..10
dimensions (the scales fixtures), the bands stated per dimension, and rounds asked on different
scales compared on favourable share, saying so."""

from __future__ import annotations

import json
import tomllib

import pandas as pd
import pyarrow as pa
import pytest

from carenet_dash import catalogue, importers
from carenet_dash.instrument import parse_instrument
from carenet_dash.store import writes
from carenet_dash.store.opening import get_engine
from tests.chart_specs import domain, stripes
from tests.conftest import FIXTURES
from tests.pages.conftest import open_page, switch_network, text_of
from tests.scale_rounds import NETWORK as TWO_SCALES
from tests.scale_rounds import two_scale_network

SCALES = FIXTURES / "scales"
OWN = parse_instrument(tomllib.loads((SCALES / "own_survey.toml").read_text()))
OWN_NETWORK = "Own survey network"


def shown(at) -> str:
    return text_of(at).replace("\\", "")


def specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def panels(spec: dict) -> list[dict]:
    """A chart's panels: one per scale, stacked (or the chart itself)."""
    return spec.get("vconcat", [spec])


def titles(panel: dict, channel: str = "x") -> set[str]:
    return {
        layer["encoding"][channel]["title"]
        for layer in panel["layer"]
        if "title" in layer.get("encoding", {}).get(channel, {})
    }


@pytest.fixture
def own_survey(app, demo_url):
    """The scales fixtures' wide file imported with the own survey (minimum group size 3)."""
    engine = get_engine(demo_url)
    catalogue.add_instrument(engine, OWN, "own_survey.toml")
    writes.create_network(engine, OWN_NETWORK, min_group_size=3)
    export = importers.read_export((SCALES / "wide.csv").read_bytes(), "wide.csv")
    preview = importers.preview(export, instruments={OWN.id: OWN}, instrument_id=OWN.id)
    importers.commit(engine, preview, network=OWN_NETWORK, label="2026 Q3")
    switch_network(app, OWN_NETWORK)
    return app


# Each dimension's scale, and its bands at 75% and 50% of the way up it.
OWN_AXES = [
    ([1, 7], [(1, 4), (4, 5.5), (5.5, 7)], "Mean (1–7)"),
    ([1, 4], [(1, 2.5), (2.5, 3.25), (3.25, 4)], "Mean (1–4)"),
    ([1, 3], [(1, 2), (2, 2.5), (2.5, 3)], "Mean (1–3)"),
    ([0, 10], [(0, 5), (5, 7.5), (7.5, 10)], "Mean (0–10)"),
]


def test_the_scorecard_draws_each_dimension_on_its_own_scale(own_survey):
    at = open_page(own_survey, "overview")
    scorecard = panels(specs(at)[0])
    assert len(scorecard) == 4
    for panel, (ends, bands, title) in zip(scorecard, OWN_AXES, strict=True):
        assert domain(panel) == ends
        assert stripes(panel) == bands
        assert title in titles(panel)
    assert (
        "Bands by dimension, each on its own scale: Partnership: ▲ strength (mean ≥ 5.5 on 1–7), "
        "● discuss, ▼ priority (mean < 4); Relevance: ▲ strength (mean ≥ 3.25 on 1–4), ● "
        "discuss, ▼ priority (mean < 2.5); Voice: ▲ strength (mean ≥ 2.5 on 1–3), ● discuss, ▼ "
        "priority (mean < 2); Recommendation: ▲ strength (mean ≥ 7.5 on 0–10), ● discuss, ▼ "
        "priority (mean < 5)." in shown(at)
    )
    # The means themselves, worked by hand in tests/test_scales_import.py.
    assert "1.88 (n=4)" in text_of(at)  # voice, 1.875 -> priority
    assert "7.50 (n=4)" in text_of(at)  # recommendation, exactly the strength line


def test_the_dimension_page_draws_a_four_point_dimension_on_one_to_four(own_survey):
    at = open_page(own_survey, "dimension")
    at.selectbox(key="dimension").set_value("relevance").run()
    assert not at.exception
    trend = specs(at)[0]
    assert domain(trend, "y") == [1, 4]
    assert stripes(trend, "y") == [(1, 2.5), (2.5, 3.25), (3.25, 4)]
    assert titles(trend, "y") == {"Mean (1–4)"}
    groups = specs(at)[-1]
    assert domain(groups) == [1, 4]
    assert stripes(groups) == [(1, 2.5), (2.5, 3.25), (3.25, 4)]


def test_the_default_scale_keeps_its_one_panel_and_bands(app):
    at = open_page(app, "overview")
    (scorecard,) = panels(specs(at)[0])
    assert domain(scorecard) == [1, 5]
    assert stripes(scorecard) == [(1, 3), (3, 4), (4, 5)]
    assert "Bands: ▲ strength (mean ≥ 4), ● discuss, ▼ priority (mean < 3)." in shown(at)


@pytest.fixture
def two_scales(app, demo_url):
    two_scale_network(get_engine(demo_url))
    switch_network(app, TWO_SCALES)
    return app


def test_rounds_on_different_scales_are_compared_on_favourable_share_and_the_page_says_so(
    two_scales,
):
    at = open_page(two_scales, "compare")
    text = shown(at)
    assert (
        "2026 Q1 and 2026 Q2 asked the same statements on different answer scales, so they are "
        "compared on favourable share only" in text
    )
    assert "Statements asked on different scales are not compared one by one" in text
    dumbbell = specs(at)[0]
    (panel,) = panels(dumbbell)
    assert domain(panel) == [0, 100]
    assert titles(panel) == {"Favourable share (%)"}
    assert stripes(panel) == []  # bands are for means, not shares
    assert "+20.0 points within noise (n 5→5)" in text_of(at)
    table = at.dataframe[0].value.set_index("Dimension")
    assert table.loc["Agreement", "2026 Q1 favourable %"] == "50.00"
    assert table.loc["Agreement", "2026 Q2 favourable %"] == "70.00"
    assert "2026 Q1 † asked some dimensions on another answer scale" in text


def test_the_overview_says_its_change_is_in_favourable_share(two_scales):
    at = open_page(two_scales, "overview")
    assert "2026 Q1 asked these statements on other answer scales, so the change is in " in shown(
        at
    )
    scorecard = panels(specs(at)[0])
    assert [domain(p) for p in scorecard] == [[1, 7], [0, 10]]
    chart = at.get("vega_lite_chart")[1]
    assert json.loads(chart.proto.spec)["resolve"]["scale"]["y"] == "independent"
    rows = pd.concat(
        pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
        for dataset in chart.proto.datasets
    )
    lines = rows[(rows["kind"] == "line") & (rows["dimension"] == "Agreement")]
    assert list(lines["round"]) == ["2026 Q2"]  # 2026 Q1's mean on 1..5 is left off its line
    assert "2026 Q1 asked some dimensions on another answer scale" in shown(at)
