"""Results by group: small groups hidden (and the next smallest), changes between stored rounds."""

from __future__ import annotations

import pytest

from carenet_dash import analysis, suppression


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


def test_segment_changes_between_stored_rounds(store, two_rounds):
    before, after = two_rounds
    cells = analysis.segment_changes(store, before, after, "member_type", 5)
    a = cells[cells["dimension_id"] == "a"].set_index("group")
    assert a.loc["X", "mean_before"] == pytest.approx(3.0)
    assert a.loc["X", "change"] == pytest.approx((3 * 13 / 3 + 2 * 4) / 5 - 3.0)
    assert a.loc[["Y", "Z"], "change"].isna().all()
