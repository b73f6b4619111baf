"""Compare: two rounds dimension by dimension, in time order, and what a one-round network says."""

from __future__ import annotations

from carenet_dash import analysis, present, scoring
from carenet_dash.store.opening import get_engine
from tests.pages.conftest import (
    SMALL,
    chosen,
    open_page,
    small_round,
    switch_network,
    text_of,
)


def test_compare_defaults_to_latest_against_the_one_before(app, demo_url):
    open_page(app, "compare")
    engine, network, rounds, current = chosen(app, demo_url)
    assert app.selectbox(key="before").value == rounds[-2].label
    changes = analysis.compare_rounds(engine, rounds[-2].id, current.id, network.min_group_size)
    expected = present.changes_table(changes, rounds[-2].label, current.label, 5)
    shown = app.dataframe[0].value
    assert shown.reset_index(drop=True).equals(expected)
    verdicts = (scoring.CLEAR_RISE, scoring.CLEAR_FALL, scoring.WITHIN_NOISE, scoring.TOO_FEW)
    assert set(shown["Verdict"]) <= {present.verdict(v) for v in verdicts}
    text = text_of(app)
    items = analysis.item_changes(engine, rounds[-2].id, current.id, 5)
    rises, falls = analysis.items_moved_most(items)
    assert present.item_label(rises["text"][0], rises["reverse"][0], 200) in text
    assert f"{falls['change'][0]:+.2f}" in text


def test_compare_any_two_rounds_runs_forward_in_time(app, demo_url):
    open_page(app, "compare")
    app.selectbox(key="round").set_value("2026 Q1").run()
    app.selectbox(key="before").set_value("2026 Q3").run()
    assert not app.exception
    engine, _, rounds, _ = chosen(app, demo_url)
    labels = {r.label: r for r in rounds}
    changes = analysis.compare_rounds(engine, labels["2026 Q1"].id, labels["2026 Q3"].id, 5)
    assert app.dataframe[0].value.equals(present.changes_table(changes, "2026 Q1", "2026 Q3", 5))
    assert "2026 Q1 → 2026 Q3" in text_of(app)


def test_one_round_network_explains_comparisons_start_with_the_second(app, demo_url):
    small_round(get_engine(demo_url), "2026 Q1")
    switch_network(app, SMALL)
    open_page(app, "compare")
    assert "comparisons start with the second" in text_of(app)
    open_page(app, "segments")
    app.toggle(key="change").set_value(True).run()
    assert "comparisons start with the second" in text_of(app)
