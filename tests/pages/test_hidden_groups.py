"""No page reveals a group kept back for being small (a store built by hand, where we know
which groups are hidden)."""

from __future__ import annotations

import pytest

from carenet_dash import analysis, disclosure
from carenet_dash.analysis import comment_topics
from carenet_dash.instrument_files import get_instrument
from carenet_dash.store import queries
from carenet_dash.store.opening import get_engine
from tests.pages.conftest import (
    SIZES,
    SMALL,
    open_page,
    small_round,
    text_of,
)

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
    small_round(engine, "2026 Q1")
    network = queries.network_by_name(engine, SMALL)
    round_id = queries.rounds(engine, network.id)[0].id
    # By hand: everyone answers every item with their group's score, so each group's mean is
    # that score (1 for Local authority, 2 for Primary care) on every dimension. Local
    # authority (2 people) is hidden; alone it would be the network minus the shown groups,
    # so the smallest shown group, Primary care (5), is hidden too.
    shown = analysis.segment_scores(engine, round_id, "member_type", 5)
    status = shown[shown["dimension_id"] == "purpose"].set_index("group")["status"]
    assert status["Local authority"] == status["Primary care"] == disclosure.HIDDEN
    assert status["NHS trust"] == status["Patient or carer"] == disclosure.SHOWN
    assert SIZES["Local authority"] + SIZES["Primary care"] >= 5


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
        # A hidden group is never offered as a filter; its comments read "Other groups".
        options = small_app.selectbox(key="group").options
        assert "Local authority" not in options
        assert "Primary care" not in options
        small_app.selectbox(key="group").set_value("Other groups").run()
        _assert_nothing_hidden(small_app, "comments from other groups")
        shown = {t.value for t in small_app.text}
        assert set(HIDDEN_REMARKS) <= shown  # together they are 7 people: enough


def test_comments_by_dimension_never_count_a_hidden_group(demo_url):
    # Local authority (2) and Primary care (5, kept back to protect the 2): asked for on their
    # own, they give no comments, so the by-dimension counts have nothing to count.
    engine = get_engine(demo_url)
    small_round(engine, "2026 Q1")
    network = queries.network_by_name(engine, SMALL)
    round_id = queries.rounds(engine, network.id)[0].id
    found = analysis.round_comments(engine, round_id, 5, "member_type")
    for group in ("Local authority", "Primary care"):
        chosen = analysis.select_comments(found, 5, group=group)
        assert chosen.reason
        assert chosen.comments.empty
        summary = comment_topics.dimension_summary(chosen.comments, get_instrument())
        assert summary["comments"].sum() == 0
    # "Other groups" holds both: 7 people, each with one remark (HIDDEN_REMARKS).
    others = analysis.select_comments(found, 5, group=disclosure.OTHER_GROUPS)
    assert set(HIDDEN_REMARKS) <= set(others.comments["text"])
