"""The explore pages' figures from a real store, with suppression checked against rounds
built by hand on the mini instrument."""

from __future__ import annotations

import math

import pytest

from carenet_dash import analysis, scoring, suppression
from carenet_dash.store import queries, writes
from tests.conftest import make_responses

MARKUP = "**bold** <script>alert(1)</script>"
# Eight respondents: five X, two Y, one Z (so Y and Z are both below a minimum of 5).
GROUPS = {1: "X", 2: "X", 3: "X", 4: "X", 5: "X", 6: "Y", 7: "Y", 8: "Z"}


def _round(store, mini, label, rows, comments=None, *, network="Test network"):
    return writes.import_round(
        store,
        writes.RoundMeta(network=network, label=label),
        mini,
        make_responses(rows, segments=GROUPS, comments=comments),
    )


@pytest.fixture
def two_rounds(store, mini):
    # Round 1: every answer 3 on A (a2 reverse: 6-3 = 3), 4 on B.
    first = [
        (p, item, score, False)
        for p in GROUPS
        for item, score in (("a1", 3), ("a2", 3), ("a3", 3), ("b1", 4), ("b2", 4))
    ]
    # Round 2: a1 4 (all eight), a2 2 -> scored 4, a3 answered by three people only.
    second = [(p, "a1", 4, False) for p in GROUPS] + [(p, "a2", 2, False) for p in GROUPS]
    second += [(p, "a3", 5, False) for p in (1, 2, 3)]
    second += [(p, "b1", 4, False) for p in GROUPS] + [(p, "b2", None, True) for p in GROUPS]
    comments = [
        (1, "comments", "More joint training please."),
        (2, "b_comments", MARKUP),
        (6, "comments", "Training days clash with clinics."),
        (8, "b_comments", "Nobody asked us."),
    ]
    before = _round(store, mini, "2026 Q1", first)
    after = _round(store, mini, "2026 Q2", second, comments)
    return before, after


def test_item_changes_hide_an_item_below_the_minimum(store, two_rounds):
    before, after = two_rounds
    items = analysis.item_changes(store, before, after, 5).set_index("item_id")
    assert items.loc["a1", "mean_before"] == pytest.approx(3.0)
    assert items.loc["a1", "mean_after"] == pytest.approx(4.0)
    assert items.loc["a1", "change"] == pytest.approx(1.0)
    assert items.loc["a1", "verdict"] == scoring.CLEAR_RISE  # no spread on either side
    assert items.loc["a2", "mean_after"] == pytest.approx(4.0)  # 6 - 2
    assert items.loc["a2", "after_raw_2"] == 8  # answers as given, before reversal
    a3 = items.loc["a3"]
    assert a3["status"] == suppression.HIDDEN
    assert a3["verdict"] == "fewer than 5 responses"
    figures = [c for c in items.columns if c.startswith(("mean", "n_", "before_", "after_"))]
    assert all(math.isnan(a3[c]) for c in [*figures, "change", "low", "high"])
    assert items.loc["b2", "status"] == suppression.NO_DATA  # everyone said not applicable
    rises, falls = analysis.items_moved_most(items.reset_index())
    assert set(rises["item_id"]) == {"a1", "a2"}
    assert falls.empty


def test_dimension_items_give_shares_of_answers_and_not_applicable_apart(store, two_rounds):
    _, after = two_rounds
    a = analysis.dimension_items(store, after, "a", 5).set_index("item_id")
    assert a.loc["a1", "raw_4"] == 8
    assert a.loc["a1", "pct_4"] == pytest.approx(100.0)
    assert a.loc["a3", "status"] == suppression.HIDDEN
    assert math.isnan(a.loc["a3", "raw_5"])
    b = analysis.dimension_items(store, after, "b", 5).set_index("item_id")
    assert b.loc["b2", "status"] == suppression.NO_DATA
    assert b.loc["b2", "not_applicable"] == 8
    assert b.loc["b2", "na_pct"] == pytest.approx(100.0)


def test_dimension_spread_is_hidden_with_its_dimension(store, two_rounds):
    _, after = two_rounds
    spread = analysis.dimension_spread(store, after, "b", 5)
    assert spread["respondents"].sum() == 8  # every b score is 4, in the 4-4.5 bin
    assert spread.set_index("label").loc["4–4.5", "respondents"] == 8
    hidden = analysis.dimension_spread(store, after, "b", 9)
    assert set(hidden["status"]) == {suppression.HIDDEN}
    assert hidden["respondents"].isna().all()


def test_segment_scores_hide_small_groups_and_centre_on_the_network(store, two_rounds):
    _, after = two_rounds
    cells = analysis.segment_scores(store, after, "member_type", 5)
    a = cells[cells["dimension_id"] == "a"].set_index("group")
    assert a.loc["X", "status"] == suppression.SHOWN
    assert a.loc["X", "n"] == 5
    # Respondents 1-3 answered a1, a2, a3: (4 + 4 + 5)/3; 4-5 answered a1, a2: 4.
    assert a.loc["X", "mean"] == pytest.approx((3 * 13 / 3 + 2 * 4) / 5)
    assert a.loc["X", "network_mean"] == pytest.approx((3 * 13 / 3 + 5 * 4) / 8)
    assert a.loc["X", "difference"] == pytest.approx(
        a.loc["X", "mean"] - a.loc["X", "network_mean"]
    )
    assert list(a.loc[["Y", "Z"], "status"]) == [suppression.HIDDEN, suppression.HIDDEN]
    assert a.loc[["Y", "Z"], ["n", "mean", "difference"]].isna().all(axis=None)


def test_comments_are_tagged_only_with_groups_that_pass(store, two_rounds):
    _, after = two_rounds
    found = analysis.round_comments(store, after, 5, "member_type")
    assert found.segment == "Member type"
    by_text = found.comments.set_index("text")
    assert by_text.loc["More joint training please.", "group"] == "X"
    assert by_text.loc["Training days clash with clinics.", "group"] == ""  # Y is hidden
    assert by_text.loc[MARKUP, "dimension"] == "Dimension B"
    assert by_text.loc["More joint training please.", "dimension"] == analysis.GENERAL

    everything = analysis.select_comments(found, 5)
    assert everything.total == 4
    assert dict(zip(everything.counts["question"], everything.counts["comments"], strict=True)) == {
        "Anything else?": 2,
        "About B?": 2,
    }
    assert list(analysis.select_comments(found, 5, search="TRAINING").comments["text"]) == [
        "More joint training please.",
        "Training days clash with clinics.",
    ]
    assert len(analysis.select_comments(found, 5, dimension_id="b").comments) == 2
    assert len(analysis.select_comments(found, 5, question_id="comments").comments) == 2
    assert list(analysis.select_comments(found, 5, group="X").comments["text"]) == [
        "More joint training please.",
        MARKUP,
    ]


def test_a_hidden_group_filter_shows_nothing_and_says_why(store, two_rounds):
    _, after = two_rounds
    found = analysis.round_comments(store, after, 5, "member_type")
    refused = analysis.select_comments(found, 5, group="Y")
    assert refused.comments.empty
    assert refused.counts.empty
    assert "fewer than 5 responses" in refused.reason
    nobody = analysis.select_comments(found, 5, group=scoring.NOT_STATED)
    assert nobody.comments.empty
    assert "Nobody" in nobody.reason


def test_a_round_below_the_minimum_shows_no_comments(store, mini):
    rows = [(p, "a1", 4, False) for p in (1, 2, 3)]
    round_id = _round(store, mini, "2026 Q1", rows, [(1, "comments", "Hello")], network="Tiny")
    found = analysis.round_comments(store, round_id, 5, "member_type")
    assert found.comments.empty
    chosen = analysis.select_comments(found, 5)
    assert chosen.comments.empty
    assert "fewer than 5 responses" in chosen.reason
    assert queries.comments(store, [round_id]).shape[0] == 1  # stored, just never shown


def test_segment_changes_between_stored_rounds(store, two_rounds):
    before, after = two_rounds
    cells = analysis.segment_changes(store, before, after, "member_type", 5)
    a = cells[cells["dimension_id"] == "a"].set_index("group")
    assert a.loc["X", "mean_before"] == pytest.approx(3.0)
    assert a.loc["X", "change"] == pytest.approx((3 * 13 / 3 + 2 * 4) / 5 - 3.0)
    assert a.loc[["Y", "Z"], "change"].isna().all()
