"""Results by group: small groups hidden, and more where the hidden ones together are too few
to keep back; changes between stored rounds, each side as its own round publishes it."""

from __future__ import annotations

import math

import pytest

from carenet_dash import analysis, disclosure


def test_segment_scores_hide_small_groups_and_centre_on_the_network(store, two_rounds):
    # X 5, Y 2, Z 1. With k = 3, Y and Z are hidden; together they are 3 people, enough.
    _, after = two_rounds
    cells = analysis.segment_scores(store, after, "member_type", 3)
    a = cells[cells["dimension_id"] == "a"].set_index("group")
    assert a.loc["X", "status"] == disclosure.SHOWN
    assert a.loc["X", "n"] == 5
    # Respondents 1-3 answered a1, a2, a3: (4 + 4 + 5)/3; 4-5 answered a1, a2: 4.
    assert a.loc["X", "mean"] == pytest.approx((3 * 13 / 3 + 2 * 4) / 5)
    assert a.loc["X", "network_mean"] == pytest.approx((3 * 13 / 3 + 5 * 4) / 8)
    assert a.loc["X", "difference"] == pytest.approx(
        a.loc["X", "mean"] - a.loc["X", "network_mean"]
    )
    assert list(a.loc[["Y", "Z"], "status"]) == [disclosure.HIDDEN, disclosure.HIDDEN]
    assert a.loc[["Y", "Z"], ["n", "mean", "difference"]].isna().all(axis=None)


def test_two_hidden_groups_under_the_minimum_take_the_last_one_with_them(store, two_rounds):
    # With k = 5, Y and Z (3 people together) would be the network minus X: X goes too.
    _, after = two_rounds
    cells = analysis.segment_scores(store, after, "member_type", 5)
    assert set(cells["status"]) == {disclosure.HIDDEN}
    assert cells[["n", "mean", "difference"]].isna().all(axis=None)
    # The network's own mean (8 people) is published: it is not a group's.
    a = cells[cells["dimension_id"] == "a"]
    assert a["network_mean"].iloc[0] == pytest.approx((3 * 13 / 3 + 5 * 4) / 8)


def test_segment_changes_between_stored_rounds(store, two_rounds):
    before, after = two_rounds
    cells = analysis.segment_changes(store, before, after, "member_type", 3)
    a = cells[cells["dimension_id"] == "a"].set_index("group")
    assert a.loc["X", "mean_before"] == pytest.approx(3.0)
    assert a.loc["X", "change"] == pytest.approx((3 * 13 / 3 + 2 * 4) / 5 - 3.0)
    assert a.loc["X", ["status_before", "status_after", "status"]].tolist() == ["shown"] * 3
    assert a.loc[["Y", "Z"], "change"].isna().all()
    assert (
        a.loc[["Y", "Z"], ["n_before", "n_after", "mean_before", "mean_after"]]
        .isna()
        .all(axis=None)
    )
    hidden = analysis.segment_changes(store, before, after, "member_type", 5)
    assert set(hidden["status"]) == {disclosure.HIDDEN}
    assert all(math.isnan(v) for v in hidden["mean_after"])
