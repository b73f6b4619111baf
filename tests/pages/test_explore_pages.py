"""Compare, Dimension, Segments and Comments show the scoring engine's numbers, say so when
there is nothing to show, and never reveal a group kept back for being small."""

from __future__ import annotations

import sys

import pytest
import streamlit as st

from carenet_dash import analysis, present, scoring, suppression
from carenet_dash.instrument import get_instrument
from carenet_dash.store import queries, writes
from carenet_dash.store.opening import get_engine
from tests.conftest import make_responses
from tests.pages.conftest import page, text_of

CHILDREN = "Riverside Children's Health Network"


def chosen(at, url):
    engine = get_engine(url)
    network = queries.network_by_name(engine, at.selectbox(key="network").value)
    rounds = queries.rounds(engine, network.id)
    current = next(r for r in rounds if r.label == at.selectbox(key="round").value)
    return engine, network, rounds, current


def switch_network(at, name: str) -> None:
    at.run()  # pick up networks written since the last run (the revision changed)
    at.selectbox(key="network").set_value(name).run()
    assert not at.exception, at.exception


def open_page(at, name: str):
    at.switch_page(page(f"{name}.py")).run()
    assert not at.exception, at.exception
    return at


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


def test_dimension_page_matches_the_engine(app, demo_url):
    open_page(app, "dimension")
    app.selectbox(key="dimension").set_value("governance").run()
    assert not app.exception
    engine, _, _, current = chosen(app, demo_url)
    card = analysis.scorecard(engine, current.id, 5).set_index("dimension_id").loc["governance"]
    assert app.title[0].value == "Governance & decision-making"
    metrics = {m.label: m.value for m in app.get("metric")}
    assert metrics["Mean"] == present.mean(card["mean"])
    assert metrics["Respondents counted"] == present.count(card["n"])
    items = analysis.dimension_items(engine, current.id, "governance", 5)
    labels = get_instrument().scale.labels
    expected = present.distribution_table(items, labels, 5)
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
    others = found.comments[found.comments["dimension_id"] != "resources"]
    shown = [t.value for t in app.text]
    assert len(own)
    assert all(text in shown for text in own["text"])
    assert not set(others["text"]) & set(shown)


def test_segments_heatmap_and_change_match_the_engine(app, demo_url):
    open_page(app, "segments")
    engine, _, rounds, current = chosen(app, demo_url)
    cells = analysis.segment_scores(engine, current.id, "member_type", 5)
    assert app.dataframe[0].value.equals(present.segment_table(cells, 5))
    assert "fewer than 5 responses" in text_of(app)  # the demo's "Other" group is small
    app.toggle(key="change").set_value(True).run()
    assert not app.exception
    changes = analysis.segment_changes(engine, rounds[-2].id, current.id, "member_type", 5)
    assert app.dataframe[0].value.equals(present.segment_table(changes, 5, change=True))


def test_comments_filter_search_and_count(app, demo_url):
    open_page(app, "comments")
    engine, _, _, current = chosen(app, demo_url)
    found = analysis.round_comments(engine, current.id, 5, "member_type")
    total = len(found.comments)
    assert app.get("metric")[0].value == f"{total} of {total}"
    app.selectbox(key="question").set_value("resources_comments").run()
    expected = analysis.select_comments(found, 5, question_id="resources_comments")
    assert app.get("metric")[0].value == f"{len(expected.comments)} of {total}"
    word = expected.comments["text"].iloc[0].split()[0]
    app.text_input(key="q").input(word).run()
    searched = analysis.select_comments(found, 5, question_id="resources_comments", search=word)
    assert app.get("metric")[0].value == f"{len(searched.comments)} of {total}"


# --- A store built by hand, where we know which groups are hidden ---------------------------

SMALL = "Small network"
# member_type: 6 NHS trust, 5 Primary care, 2 Local authority, 7 Patient or carer.
# Local authority (2) is below 5; Primary care (5) is the next smallest and is hidden with it.
SIZES = {"NHS trust": 6, "Primary care": 5, "Local authority": 2, "Patient or carer": 7}
# Everyone in a group answers the same, so each group's mean is known: LA 1, PC 2, others 4/5.
ANSWER = {"NHS trust": 4, "Primary care": 2, "Local authority": 1, "Patient or carer": 5}
MARKUP = "**bold** <script>alert(1)</script>"


def _small_round(engine, label: str, shift: int = 0) -> int:
    instrument = get_instrument()
    rows, groups, comments, person = [], {}, [], 0
    for group, size in SIZES.items():
        for _ in range(size):
            person += 1
            groups[person] = group
            score = ANSWER[group]
            if group in ("NHS trust", "Patient or carer"):
                score = min(5, score + shift * (person % 2))
            # Reverse-worded items get 6 - score, so every scored value is the group's score.
            rows += [
                (person, item.id, 6 - score if item.reverse else score, False)
                for item in instrument.items.values()
            ]
            comments.append((person, "resources_comments", f"Remark number {person}."))
    comments.append((1, "comments", MARKUP))
    return writes.import_round(
        engine,
        writes.RoundMeta(network=SMALL, label=label),
        instrument,
        make_responses(rows, segments=groups, comments=comments),
    )


@pytest.fixture
def small_app(app, demo_url):
    engine = get_engine(demo_url)
    _small_round(engine, "2026 Q1")
    _small_round(engine, "2026 Q2", shift=1)
    switch_network(app, SMALL)
    return app


HIDDEN_STRINGS = [
    "1.00", "2.00", "(n=2)", "(n=5)", "n 2→", "n 5→", "→2)", "→5)",
]  # fmt: skip
# Respondents 7-11 are Primary care and 12-13 Local authority (the order of SIZES).
HIDDEN_REMARKS = [f"Remark number {p}." for p in range(7, 14)]


def _assert_nothing_hidden(at, where: str) -> None:
    text = text_of(at)
    for leak in HIDDEN_STRINGS:
        assert leak not in text, f"{where} shows {leak!r}"
    # A writer's group is never given for a hidden group.
    for text in at.text:
        assert not text.value.endswith(("· Local authority", "· Primary care"))


def test_the_hand_built_store_hides_what_we_expect(demo_url):
    engine = get_engine(demo_url)
    _small_round(engine, "2026 Q1")
    network = queries.network_by_name(engine, SMALL)
    data = analysis.load_round(engine, queries.rounds(engine, network.id)[0].id)
    people = scoring.respondent_scores(data.answers, data.instrument)
    groups = scoring.segment_groups(
        data.segments, "member_type", get_instrument().segments[0].options
    )
    raw = scoring.segment_summary(people, groups, data.instrument, 1, list(SIZES))
    purpose = raw[raw["dimension_id"] == "purpose"].set_index("group")
    assert purpose.loc["Local authority", "mean"] == 1.0
    assert purpose.loc["Local authority", "n"] == 2
    assert purpose.loc["Primary care", "mean"] == 2.0
    assert purpose.loc["Primary care", "n"] == 5
    shown = analysis.segment_scores(engine, data.info.id, "member_type", 5)
    status = shown[shown["dimension_id"] == "purpose"].set_index("group")["status"]
    assert status["Local authority"] == status["Primary care"] == suppression.HIDDEN
    assert status["NHS trust"] == status["Patient or carer"] == suppression.SHOWN


@pytest.mark.parametrize("page", ["overview", "compare", "dimension", "segments", "comments"])
def test_no_page_reveals_a_hidden_group(small_app, page):
    open_page(small_app, page)
    _assert_nothing_hidden(small_app, page)
    if page == "dimension":
        for dimension in get_instrument().dimensions:
            small_app.selectbox(key="dimension").set_value(dimension.id).run()
            _assert_nothing_hidden(small_app, f"dimension {dimension.id}")
    if page == "segments":
        assert text_of(small_app).count("fewer than 5 responses") >= 2 * 9
        small_app.toggle(key="change").set_value(True).run()
        _assert_nothing_hidden(small_app, "segments change")
    if page == "comments":
        for group in ("Local authority", "Primary care"):
            small_app.selectbox(key="group").set_value(group).run()
            _assert_nothing_hidden(small_app, f"comments from {group}")
            assert "are not shown" in text_of(small_app)
            assert small_app.get("metric")[0].value.startswith("0 of")
            assert not set(HIDDEN_REMARKS) & {t.value for t in small_app.text}


def test_comments_are_plain_text(small_app):
    open_page(small_app, "comments")
    assert MARKUP in [t.value for t in small_app.text]
    markdown = [m.value for m in small_app.markdown]
    assert not any("<script>" in m or "**bold**" in m for m in markdown)
    # Tagged only with groups that pass: NHS trust and Patient or carer, never the hidden two.
    table = small_app.dataframe[-1].value
    assert set(table["Member type"]) == {"NHS trust", "Patient or carer", ""}


def test_one_round_network_explains_comparisons_start_with_the_second(app, demo_url):
    _small_round(get_engine(demo_url), "2026 Q1")
    switch_network(app, SMALL)
    open_page(app, "compare")
    assert "comparisons start with the second" in text_of(app)
    open_page(app, "segments")
    app.toggle(key="change").set_value(True).run()
    assert "comparisons start with the second" in text_of(app)


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
