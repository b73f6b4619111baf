"""Charts render in Vega-Lite (an invalid spec shows as a blank space in the app, silently), say
hidden figures in words, and grow for a shared screen."""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import pandas as pd
import pytest
import vl_convert

from carenet_dash import analysis, charts, scoring
from carenet_dash.demo import seed_demo
from carenet_dash.store import queries, workshop_writes
from carenet_dash.store.engine import make_engine
from carenet_dash.store.migrate import upgrade
from carenet_dash.store.workshop_writes import MatrixEntry
from tests.conftest import import_round, session


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
    svg = render(charts.scorecard(card, network.min_group_size))
    for name in card["dimension"]:
        assert name.replace("&", "&amp;") in svg


def test_scorecard_marks_hidden_dimensions_in_words(demo, network_health):
    store, _network, rounds = demo
    card = analysis.scorecard(store, rounds[-1].id, min_size=10_000)
    svg = render(charts.scorecard(card, 10_000))
    assert "fewer than 10000 responses" in svg


def test_trend_renders_a_panel_per_dimension(demo, network_health):
    store, network, rounds = demo
    trend = analysis.trend(store, network.id, network.min_group_size)
    svg = render(charts.trend_lines(trend))
    for name in dict.fromkeys(trend["dimension"]):
        assert name.replace("&", "&amp;") in svg
    for r in rounds:
        assert r.label in svg


def records_of(chart) -> list[dict]:
    return [row for rows in chart.to_dict()["datasets"].values() for row in rows]


def test_matrix_charts_carry_the_levels_and_no_hidden_mean(store, leveled):
    round_id = import_round(store, leveled, "2026 Q1", dt.date(2026, 2, 15))
    network_id = queries.round_by_id(store, round_id).network_id
    session_id = workshop_writes.record_matrix_session(
        store, network_id, dt.date(2026, 3, 1), [MatrixEntry("a", 4, 5), MatrixEntry("b", 2, 4)],
        round_id=round_id,
    )  # fmt: skip
    summary = analysis.matrix_summary(store, session(store, network_id, session_id), 3)
    chart = charts.matrix_levels(summary, leveled.maturity.level_names, 3)
    records = records_of(chart)
    for row in records:
        if row.get("dimension") == "Dimension A" and "mean" in row:
            assert row["mean"] is None
            assert row["n"] is None
    assert any(row.get("words") == "fewer than 3 responses" for row in records)
    assert any(row.get("label") == "3.67 (n=3)" for row in records)
    points = {(r["dimension"], r["which"], r["level"]) for r in records if "which" in r}
    assert points == {
        ("Dimension A", "Now", 4), ("Dimension A", "Target", 5),
        ("Dimension B", "Now", 2), ("Dimension B", "Target", 4),
    }  # fmt: skip
    movement = charts.matrix_movement(
        analysis.matrix_movement(store, network_id), leveled.maturity.level_names
    )
    assert {(r["session"], r["which"], r["level"]) for r in records_of(movement)} >= {
        ("01 Mar 2026", "Now", 4), ("01 Mar 2026", "Target", 4)
    }  # fmt: skip


def test_change_chart_says_hidden_in_words_and_distribution_counts_answers(store, mini):
    import_round(store, mini, "2026 Q1", dt.date(2026, 2, 15))
    later = import_round(store, mini, "2026 Q2", dt.date(2026, 5, 15))
    card = analysis.scorecard(store, later, min_size=3)
    records = records_of(charts.change_intervals(card, 3))
    assert [r["label"] for r in records if r.get("dimension") == "Dimension A"] == [
        "fewer than 3 responses"
    ]
    # B is identical in both rounds: change 0.00, within noise.
    b = [r for r in records if r.get("dimension") == "Dimension B" and "change" in r]
    assert b
    assert all(r["change"] == 0 and r["verdict"] == scoring.WITHIN_NOISE for r in b)
    row = card.set_index("dimension_id").loc["b"]
    bars = records_of(charts.answer_distribution(row))
    # B's scored answers in HAND_ANSWERS: 3, 2, 4, 5 (the not-applicable one is not scored),
    # one person each: with k = 3 the cells merge from the far end towards the middle until
    # the bin holds 3 people, named in the scale's words; "1" was nobody's and stays apart.
    assert [(r["answer"], r["answers"], r["label"]) for r in bars] == [
        ("Strongly disagree", 0, "0 (0%)"),
        ("Disagree – Strongly agree", 4, "4 (100%)"),
    ]


def small_chart() -> alt.LayerChart:
    data = pd.DataFrame({"x": ["a", "b"], "y": [1, 2], "label": ["one", "two"]})
    bars = alt.Chart(data).mark_bar().encode(x="x:N", y="y:Q")
    text = alt.Chart(data).mark_text(fontSize=11).encode(x="x:N", y="y:Q", text="label:N")
    return alt.layer(bars, text).configure_axis(labelFont=charts.FONT, labelColor="#888888")


def test_for_screen_enlarges_text_and_keeps_the_charts_own_settings():
    spec = charts.for_screen(small_chart())
    axis = spec["config"]["axis"]
    assert axis["labelFontSize"] == charts.SCREEN_TEXT_SIZE
    assert axis["labelFont"] == charts.FONT
    assert axis["labelColor"] == "#888888"
    assert spec["layer"][1]["mark"]["fontSize"] == charts.SCREEN_TEXT_SIZE
    assert spec["datasets"] == small_chart().to_dict()["datasets"]


def test_for_screen_in_high_contrast_inks_every_text_black():
    spec = charts.for_screen(small_chart(), high_contrast=True)
    assert spec["config"]["axis"]["labelColor"] == charts.INK
    assert spec["config"]["axis"]["titleColor"] == charts.INK
    assert spec["config"]["legend"]["labelColor"] == charts.INK
    assert spec["config"]["axis"]["labelFontSize"] == charts.SCREEN_TEXT_SIZE
