"""Charts on each dimension's own scale: axes and band stripes of 1..7, 1..4, 1..3 and 0..10
dimensions (the scales fixtures' own survey), a panel per scale, and rounds on different scales
drawn as favourable shares; every spec renders in Vega-Lite."""

from __future__ import annotations

import json
import tomllib

import pytest
import vl_convert

from carenet_dash import analysis, charts, importers
from carenet_dash.instrument import parse_instrument
from carenet_dash.store import queries, writes
from tests.chart_specs import domain, stripes
from tests.conftest import FIXTURES, make_responses
from tests.scale_rounds import two_scale_network

SCALES = FIXTURES / "scales"
OWN = parse_instrument(tomllib.loads((SCALES / "own_survey.toml").read_text()))
# Each dimension of the own survey: its scale's ends and its bands (75% and 50% of the way up).
ENDS = {"partnership": [1, 7], "relevance": [1, 4], "voice": [1, 3], "recommend": [0, 10]}
STRIPES = {
    "partnership": [(1, 4), (4, 5.5), (5.5, 7)],
    "relevance": [(1, 2.5), (2.5, 3.25), (3.25, 4)],
    "voice": [(1, 2), (2, 2.5), (2.5, 3)],
    "recommend": [(0, 5), (5, 7.5), (7.5, 10)],
}


def render(chart) -> str:
    return vl_convert.vegalite_to_svg(json.loads(chart.to_json()))


@pytest.fixture
def own_rounds(store):
    """Two rounds of the own survey: the scales fixtures' wide file, then hand-made answers
    (five people; relevance 4 and 3 from everyone, so its mean is 3.5)."""
    writes.create_network(store, "Own", min_group_size=3)
    export = importers.read_export((SCALES / "wide.csv").read_bytes(), "wide.csv")
    preview = importers.preview(export, instruments={OWN.id: OWN}, instrument_id=OWN.id)
    first = importers.commit(store, preview, network="Own", label="Q1")
    answers = {"p1": 6, "p2": 2, "p3": 6, "r1": 4, "r2": 3, "v1": 3, "v2": 1, "n1": 9}
    rows = [(p, item, value, False) for p in range(5) for item, value in answers.items()]
    second = writes.import_round(
        store, writes.RoundMeta(network="Own", label="Q2"), OWN, make_responses(rows)
    )
    return first, second


def test_scorecard_and_change_have_a_panel_per_scale(store, own_rounds):
    card = analysis.scorecard(store, own_rounds[1], 3)
    spec = charts.scorecard(card, 3).to_dict()
    assert [domain(p) for p in spec["vconcat"]] == list(ENDS.values())
    assert [stripes(p) for p in spec["vconcat"]] == list(STRIPES.values())
    render(charts.scorecard(card, 3))
    changes = charts.change_intervals(card, 3).to_dict()
    titles = [
        layer["encoding"]["x"]["title"]
        for panel in changes["vconcat"]
        for layer in panel["layer"]
        if "title" in layer.get("encoding", {}).get("x", {})
    ]
    assert titles == [f"Change in mean ({a}–{b}), with its likely range" for a, b in ENDS.values()]
    render(charts.change_intervals(card, 3))


def test_one_dimension_is_drawn_on_its_own_scale(store, own_rounds):
    network = queries.round_by_id(store, own_rounds[1]).network_id
    history = analysis.for_dimension(analysis.trend(store, network, 3), "relevance")
    trend = charts.dimension_trend(history, 3).to_dict()
    assert domain(trend, "y") == [1, 4]
    assert stripes(trend, "y") == STRIPES["relevance"]
    render(charts.dimension_trend(history, 3))
    cells = analysis.for_dimension(
        analysis.segment_scores(store, own_rounds[0], "role", 3), "recommend"
    )
    dots = charts.group_dots(cells, 3).to_dict()
    assert domain(dots) == [0, 10]
    assert stripes(dots) == STRIPES["recommend"]
    render(charts.group_dots(cells, 3))


def test_the_trend_has_each_panel_on_its_own_scale(store, own_rounds):
    network = queries.round_by_id(store, own_rounds[1]).network_id
    chart = charts.trend_lines(analysis.trend(store, network, 3))
    spec = chart.to_dict()
    assert spec["resolve"]["scale"]["y"] == "independent"
    rows = [r for rows in spec["datasets"].values() for r in rows]
    panels = {r["panel"] for r in rows}
    assert panels == {"Partnership (1–7)", "Relevance (1–4)", "Voice (1–3)",
                      "Recommendation (0–10)"}  # fmt: skip
    relevance = sorted((r["start"], r["end"]) for r in rows if r["panel"] == "Relevance (1–4)"
                       and r["kind"] == "stripe")  # fmt: skip
    assert relevance == STRIPES["relevance"]
    render(chart)


def test_rounds_on_different_scales_are_drawn_as_favourable_shares(store):
    network_id = two_scale_network(store)
    first, second = queries.rounds(store, network_id)
    changes = analysis.compare_rounds(store, first.id, second.id, 3)
    spec = charts.dumbbell(changes, "2026 Q1", "2026 Q2", 3).to_dict()
    assert domain(spec) == [0, 100]
    assert stripes(spec) == []
    rows = [r for rows in spec["datasets"].values() for r in rows]
    assert {r["label"] for r in rows if "label" in r} == {
        "+20.0 points within noise (n 5→5)",
        "+0.0 points within noise (n 5→5)",
    }
    render(charts.dumbbell(changes, "2026 Q1", "2026 Q2", 3))
    card = analysis.scorecard(store, second.id, 3)
    intervals = charts.change_intervals(card, 3).to_dict()
    assert intervals["layer"][1]["encoding"]["x"]["title"] == (
        "Change in favourable share (points), with its likely range"
    )


def test_the_matrix_pairs_levels_with_means_per_scale():
    import pandas as pd

    summary = pd.DataFrame(
        {
            "dimension_id": ["partnership", "recommend"],
            "dimension": ["Partnership", "Recommendation"],
            "current": [2, 3], "target": [4, 3], "gap": [2, 0],
            "current_name": ["B", "C"], "target_name": ["D", "C"],
            "n": [5.0, 5.0], "mean": [5.0, 8.0], "band": ["discuss", "strength"],
            "status": ["shown", "shown"],
        }
    )  # fmt: skip
    summary = analysis.scales.with_scales(summary, OWN)
    chart = charts.matrix_levels(summary, list("ABCDE"), 3)
    spec = chart.to_dict()
    means = [pair["hconcat"][1] for pair in spec["vconcat"]]
    assert [domain(m) for m in means] == [[1, 7], [0, 10]]
    assert [stripes(m) for m in means] == [STRIPES["partnership"], STRIPES["recommend"]]
    render(chart)
