"""Statement by statement: item changes, answers and spread, hidden below the minimum."""

from __future__ import annotations

import math

import pytest

from carenet_dash import analysis, scoring, suppression


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
