"""Statement by statement: item changes, answers and spread, published by the disclosure rules
(an item of too few people hidden, and another with it where subtracting would give it back)."""

from __future__ import annotations

import math

import pytest

from carenet_dash import analysis, disclosure, scoring


def test_item_changes_hide_an_item_below_the_minimum_and_one_that_would_give_it_back(
    store, two_rounds
):
    # Round 2: a1 and a2 answered by all eight, a3 by three (people 1-3). a3 is hidden; the
    # dimension minus a1 and a2 would give it back, so a1 (the first of the two eights) is
    # hidden in round 2 too, and with it a1's change.
    before, after = two_rounds
    items = analysis.item_changes(store, before, after, 5).set_index("item_id")
    a1 = items.loc["a1"]
    assert (a1["status_before"], a1["status_after"], a1["status"]) == ("shown", "hidden", "hidden")
    assert a1["mean_before"] == pytest.approx(3.0)  # its own round shows it
    assert a1["n_before"] == 8
    assert math.isnan(a1["mean_after"])
    assert math.isnan(a1["change"])
    assert a1["verdict"] is None
    assert a1["after_bins"] == []
    a2 = items.loc["a2"]
    assert a2["status"] == disclosure.SHOWN
    assert a2["mean_after"] == pytest.approx(4.0)  # 6 - 2
    assert a2["change"] == pytest.approx(1.0)
    assert a2["verdict"] == scoring.CLEAR_RISE  # no spread on either side
    assert a2["after_raw_2"] == 8  # answers as given, before reversal
    assert [(b["label"], b["count"]) for b in a2["after_bins"]] == [
        ("Strongly disagree", 0),
        ("Disagree", 8),
        ("Neither agree nor disagree", 0),
        ("Agree", 0),
        ("Strongly agree", 0),
    ]
    a3 = items.loc["a3"]
    assert a3["status"] == disclosure.HIDDEN
    assert a3["verdict"] is None
    after_figures = [c for c in items.columns if c.startswith("after_") and c != "after_bins"]
    assert all(math.isnan(a3[c]) for c in [*after_figures, "n_after", "change", "low", "high"])
    assert items.loc["b2", "status"] == disclosure.NO_DATA  # everyone said not applicable
    rises, falls = analysis.items_moved_most(items.reset_index())
    assert set(rises["item_id"]) == {"a2"}
    assert falls.empty


def test_dimension_items_give_shares_of_answers_and_not_applicable_apart(store, two_rounds):
    _, after = two_rounds
    a = analysis.dimension_items(store, after, "a", 5).set_index("item_id")
    assert list(a["status"]) == [disclosure.HIDDEN, disclosure.SHOWN, disclosure.HIDDEN]
    assert a.loc["a2", "raw_2"] == 8
    assert a.loc["a2", "pct_2"] == pytest.approx(100.0)
    assert a.loc["a2", "n"] == 8
    # a2 is reverse-worded: its "Disagree" answers are favourable.
    assert a.loc["a2", "favourable_pct"] == pytest.approx(100.0)
    assert math.isnan(a.loc["a3", "raw_5"])
    assert a.loc["a3", "bins"] == []
    assert a.loc[["a1", "a3"], ["n", "mean"]].isna().all(axis=None)
    b = analysis.dimension_items(store, after, "b", 5).set_index("item_id")
    assert b.loc["b2", "status"] == disclosure.NO_DATA
    assert b.loc["b2", "not_applicable"] == 8
    assert b.loc["b2", "na_pct"] == pytest.approx(100.0)
    assert b.loc["b1", "not_applicable"] == 0


def test_dimension_spread_is_hidden_with_its_dimension(store, two_rounds):
    _, after = two_rounds
    spread = analysis.dimension_spread(store, after, "b", 5)
    assert spread["respondents"].sum() == 8  # every b score is 4, in the 4-4.5 bin
    assert spread.set_index("label").loc["4–4.5", "respondents"] == 8
    hidden = analysis.dimension_spread(store, after, "b", 9)
    assert set(hidden["status"]) == {disclosure.HIDDEN}
    assert hidden["respondents"].isna().all()
