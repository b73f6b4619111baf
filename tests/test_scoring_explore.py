"""Scoring for the explore pages, against cases worked out by hand: item change, spread of
respondent scores, and a group's change between rounds with each round's own suppression."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from carenet_dash import scoring, suppression
from tests.conftest import HAND_ANSWERS, answers_frame


def test_item_changes_use_scored_values(mini):
    before = scoring.scored_answers(answers_frame(HAND_ANSWERS), mini)
    later = [
        (11, "a1", 4, False), (11, "a2", 1, False),
        (12, "a1", 4, False), (12, "a2", 2, False),
        (13, "a1", 5, False), (13, "a2", None, True),
    ]  # fmt: skip
    after = scoring.scored_answers(answers_frame(later), mini)
    rows = scoring.item_changes(before, after, mini).set_index("item_id")
    assert list(rows.index) == ["a1", "a2", "a3", "b1", "b2"]
    # a1 before: 5, 4, 1, 3 -> 13/4; after: 4, 4, 5 -> 13/3.
    assert rows.loc["a1", "mean_before"] == pytest.approx(3.25)
    assert rows.loc["a1", "mean_after"] == pytest.approx(13 / 3)
    assert rows.loc["a1", "change"] == pytest.approx(13 / 3 - 3.25)
    assert (rows.loc["a1", "n_before"], rows.loc["a1", "n_after"]) == (4, 3)
    # a2 is reverse-worded: before 6-2=4 and 6-5=1 -> 2.5; after 6-1=5 and 6-2=4 -> 4.5.
    assert rows.loc["a2", "mean_before"] == pytest.approx(2.5)
    assert rows.loc["a2", "mean_after"] == pytest.approx(4.5)
    assert rows.loc["a2", "verdict"] == scoring.WITHIN_NOISE
    # b1 has no answers after: nothing to compare.
    assert rows.loc["b1", "n_after"] == 0
    assert rows.loc["b1", "verdict"] == scoring.TOO_FEW


def test_score_spread_bins_half_points_and_closes_the_last_bin():
    spread = scoring.score_spread(pd.Series([1.0, 1.4, 1.5, 2.99, 4.5, 5.0, math.nan]))
    assert list(spread["label"]) == [
        "1–1.5", "1.5–2", "2–2.5", "2.5–3", "3–3.5", "3.5–4", "4–4.5", "4.5–5",
    ]  # fmt: skip
    assert list(spread["respondents"]) == [2, 1, 0, 1, 0, 0, 0, 2]


def _people(scores: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "respondent_id": list(scores),
            "dimension_id": "a",
            "score": list(scores.values()),
            "answered": 3,
        }
    )


def test_segment_changes_hide_a_cell_hidden_in_either_round(mini):
    # Before: X has 5, Y has 6, Z has 2 -> Z hidden, and X (next smallest) hidden with it.
    before_scores = dict.fromkeys(range(1, 12), 3.0) | {12: 1.0, 13: 1.0}
    before_groups = pd.Series(dict.fromkeys(range(1, 6), "X") | dict.fromkeys(range(6, 12), "Y"))
    before_groups = pd.concat([before_groups, pd.Series({12: "Z", 13: "Z"})])
    # After: everyone is in a group of 5 or more; Y's six score 4, 4, 4, 5, 5, 5.
    after_scores = dict.fromkeys(range(101, 106), 2.0) | {
        106: 4.0, 107: 4.0, 108: 4.0, 109: 5.0, 110: 5.0, 111: 5.0,
    } | dict.fromkeys(range(112, 117), 3.0)  # fmt: skip
    after_groups = pd.Series(
        dict.fromkeys(range(101, 106), "X")
        | dict.fromkeys(range(106, 112), "Y")
        | dict.fromkeys(range(112, 117), "Z")
    )
    cells = scoring.segment_changes(
        _people(before_scores),
        _people(after_scores),
        before_groups,
        after_groups,
        mini,
        min_size=5,
        order=["X", "Y", "Z"],
    )
    a = cells[cells["dimension_id"] == "a"].set_index("group")
    assert list(a["status"]) == [suppression.HIDDEN, suppression.SHOWN, suppression.HIDDEN]
    assert (
        a[["mean_before", "mean_after", "change", "n_before", "n_after"]]
        .loc[["X", "Z"]]
        .isna()
        .all(axis=None)
    )
    assert a.loc["Y", "mean_before"] == pytest.approx(3.0)
    assert a.loc["Y", "mean_after"] == pytest.approx(4.5)
    assert a.loc["Y", "change"] == pytest.approx(1.5)
    assert (a.loc["Y", "n_before"], a.loc["Y", "n_after"]) == (6, 6)
    # Dimension b has no respondents at all: no data, not hidden.
    assert set(cells.loc[cells["dimension_id"] == "b", "status"]) == {suppression.NO_DATA}
