"""Dimension: one dimension's figures match the engine, a split is said in words, comments are
its own, and a dimension nobody answered says so."""

from __future__ import annotations

from carenet_dash import analysis, present
from carenet_dash.instrument_files import get_instrument
from carenet_dash.store import writes
from carenet_dash.store.opening import get_engine
from tests.conftest import make_responses
from tests.markdown_inert import as_read
from tests.pages.conftest import (
    chosen,
    open_page,
    switch_network,
    text_of,
)


def test_dimension_page_matches_the_engine(app, demo_url):
    open_page(app, "dimension")
    app.selectbox(key="dimension").set_value("governance").run()
    assert not app.exception
    engine, _, _, current = chosen(app, demo_url)
    card = analysis.scorecard(engine, current.id, 5).set_index("dimension_id").loc["governance"]
    assert as_read(app.title[0].value) == "Governance & decision-making"
    metrics = {m.label: m.value for m in app.get("metric")}
    assert metrics["Mean"] == present.mean(card["mean"])
    assert metrics["Respondents counted"] == present.count(card["n"])
    items = analysis.dimension_items(engine, current.id, "governance", 5)
    expected = present.distribution_table(present.labelled_items(items), 5)
    assert any(frame.value.equals(expected) for frame in app.dataframe)
    prompts = get_instrument().dimension("governance").prompts
    assert all(p in text_of(app) for p in prompts)


def test_dimension_page_flags_a_split_in_words(app, demo_url):
    engine, _, _, current = chosen(app, demo_url)
    card = analysis.scorecard(engine, current.id, 5)
    split = card.loc[card["split"].astype(bool), "dimension_id"]
    steady = card.loc[~card["split"].astype(bool), "dimension_id"]
    assert len(split), "each demo network has a dimension its members are split on"
    open_page(app, "dimension")
    app.selectbox(key="dimension").set_value(split.iloc[0]).run()
    assert any("split" in w.value for w in app.warning)
    app.selectbox(key="dimension").set_value(steady.iloc[0]).run()
    assert not any("split" in w.value for w in app.warning)


def test_dimension_comments_are_its_own(app, demo_url):
    open_page(app, "dimension")
    app.selectbox(key="dimension").set_value("resources").run()
    engine, _, _, current = chosen(app, demo_url)
    found = analysis.round_comments(engine, current.id, 5, "member_type")
    own = analysis.select_comments(found, 5, dimension_id="resources").comments
    # About resources: its own question's comments, and general ones using its keywords.
    about = found.comments["dimensions"].map(lambda ids: "resources" in ids).astype(bool)
    others = found.comments[~about]
    shown = [t.value for t in app.text]
    assert len(own)
    assert all(text in shown for text in own["text"])
    assert not set(others["text"]) & set(shown)


def test_a_dimension_with_no_answers_says_so(app, demo_url):
    instrument = get_instrument()
    rows = [
        (p, item, 4, False)
        for p in range(1, 7)
        for item in instrument.items
        if instrument.dimension_of_item[item] != "impact"
    ]
    writes.import_round(
        get_engine(demo_url),
        writes.RoundMeta(network="Quiet network", label="2026 Q1"),
        instrument,
        make_responses(rows),
    )
    switch_network(app, "Quiet network")
    open_page(app, "dimension")
    app.selectbox(key="dimension").set_value("impact").run()
    assert not app.exception
    assert "Nobody answered this dimension's statements" in text_of(app)
