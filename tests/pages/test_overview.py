"""The Overview page shows the scoring engine's numbers for the chosen network and round."""

from __future__ import annotations

import pytest

from carenet_dash import analysis, present
from carenet_dash.store import queries
from carenet_dash.store.opening import get_engine
from tests.pages.conftest import text_of


def demo_round(url: str, network_name: str, label: str):
    engine = get_engine(url)
    network = queries.network_by_name(engine, network_name)
    return engine, network, queries.round_by_label(engine, network.id, label)


def test_overview_opens_on_the_latest_round_with_engine_numbers(app, demo_url):
    network_name = app.selectbox(key="network").value
    label = app.selectbox(key="round").value
    assert label == "2026 Q3"
    engine, network, current = demo_round(demo_url, network_name, label)
    card = analysis.scorecard(engine, current.id, network.min_group_size)
    table = app.dataframe[0].value
    assert list(table["Dimension"]) == list(card["dimension"])
    assert list(table["Mean"]) == [
        present.mean(m, s, network.min_group_size)
        for m, s in zip(card["mean"], card["status"], strict=True)
    ]
    assert list(table["Verdict"]) == [present.verdict(v) for v in card["verdict"]]
    responses = next(m for m in app.get("metric") if m.label == "Responses")
    assert responses.value == str(current.respondents)


def test_switching_round_changes_the_numbers(app, demo_url):
    app.selectbox(key="round").set_value("2025 Q4").run()
    assert not app.exception
    engine, network, first = demo_round(demo_url, app.selectbox(key="network").value, "2025 Q4")
    card = analysis.scorecard(engine, first.id, network.min_group_size)
    assert card["verdict"].isna().all()  # nothing to compare the first round with
    text = text_of(app)
    assert "comparisons start with the second" in text
    assert present.mean(card["mean"].iloc[0]) in text


@pytest.mark.parametrize("network_index", [0, 1])
def test_both_demo_networks_render(app, network_index):
    names = app.selectbox(key="network").options
    app.selectbox(key="network").set_value(names[network_index]).run()
    assert not app.exception
    assert names[network_index] in text_of(app)


def test_no_hidden_dimension_leaks_a_number(app, demo_url):
    # Raise the minimum so that at least one dimension is hidden, then look for its numbers.
    engine, network, current = demo_round(
        demo_url, app.selectbox(key="network").value, app.selectbox(key="round").value
    )
    from carenet_dash.store import writes

    data = analysis.load_round(engine, current.id)
    raw = analysis.dimension_scores(data, min_size=3)
    threshold = int(raw["n"].min()) + 1
    writes.set_min_group_size(engine, network.id, threshold)
    import streamlit as st

    st.cache_data.clear()
    app.run()
    assert not app.exception
    card = analysis.scorecard(engine, current.id, threshold)
    hidden = raw[card["status"] == "hidden"]
    assert len(hidden), "the test needs at least one hidden dimension"
    text = text_of(app)
    assert f"fewer than {threshold} responses" in text
    for row in hidden.itertuples():
        assert f"{row.mean:.2f} (n={row.n})" not in text
