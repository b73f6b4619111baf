"""Scoring against cases worked out by hand: reversal, half rule, not applicable, change, bands,
segments, item change, the spread of respondent scores, and a group's change between rounds."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from carenet_dash import scoring
from tests.conftest import HAND_ANSWERS, answers_frame

# Worked by hand for the mini instrument (a2 reverse-worded; A needs 2 of 3 items, B 1 of 2):
# A: r1 = (5 + (6-2) + 4)/3 = 13/3; r2 answered 1 scored item (a2 was N/A) -> left out;
#    r3 = (1 + (6-5) + 2)/3 = 4/3; r4 answered 1 -> left out.  n=2, mean = 17/6.
#    every scored answer after reversal: 5,4,4 | 4 | 1,1,2 | 3 -> 4 of 8 favourable,
#    1 neutral, 3 unfavourable; one N/A.
# B: r1 = 3; r2 = (2+4)/2 = 3; r4 = 5; r3 nothing.  n=3, mean = 11/3.
#    answers 3 | 2,4 | 5 -> 2 of 4 favourable, 1 neutral, 1 unfavourable; one N/A.


@pytest.fixture
def hand() -> pd.DataFrame:
    return answers_frame(HAND_ANSWERS)


def test_reverse_items_are_turned_round(mini, hand):
    scored = scoring.scored_answers(hand, mini).set_index(["respondent_id", "item_id"])["value"]
    assert scored[(1, "a2")] == 4
    assert scored[(3, "a2")] == 1
    assert scored[(1, "a1")] == 5
    assert (2, "a2") not in scored.index  # not applicable is never scored


def test_respondent_scores_follow_the_half_rule(mini, hand):
    people = scoring.respondent_scores(hand, mini).set_index(["respondent_id", "dimension_id"])
    assert people.loc[(1, "a"), "score"] == pytest.approx(13 / 3)
    assert people.loc[(3, "a"), "score"] == pytest.approx(4 / 3)
    assert (2, "a") not in people.index
    assert (4, "a") not in people.index
    assert people.loc[(2, "b"), "score"] == pytest.approx(3.0)
    assert people.loc[(4, "b"), "score"] == pytest.approx(5.0)
    assert (3, "b") not in people.index


def test_dimension_summary_matches_hand_computation(mini, hand):
    summary = scoring.dimension_summary(hand, mini).set_index("dimension_id")
    a, b = summary.loc["a"], summary.loc["b"]
    assert a["n"] == 2
    assert a["mean"] == pytest.approx(17 / 6)
    assert a["sd"] == pytest.approx(3 / math.sqrt(2))
    assert a["favourable_pct"] == pytest.approx(50.0)
    assert a["neutral_pct"] == pytest.approx(12.5)
    assert a["unfavourable_pct"] == pytest.approx(37.5)
    assert [a[f"dist_{s}"] for s in range(1, 6)] == [2, 1, 1, 3, 1]
    assert a["not_applicable"] == 1
    assert a["band"] == "priority"
    assert b["n"] == 3
    assert b["mean"] == pytest.approx(11 / 3)
    assert b["favourable_pct"] == pytest.approx(50.0)
    assert b["neutral_pct"] == pytest.approx(25.0)
    assert b["unfavourable_pct"] == pytest.approx(25.0)
    assert b["not_applicable"] == 1
    assert b["band"] == "discuss"


def test_item_summary_keeps_raw_answers_apart_from_scores(mini, hand):
    items = scoring.item_summary(hand, mini).set_index("item_id")
    # a2 as members answered it: a 2 and a 5; scored after reversal: 4 and 1.
    assert items.loc["a2", "raw_2"] == 1
    assert items.loc["a2", "raw_5"] == 1
    assert items.loc["a2", "mean"] == pytest.approx(2.5)
    assert items.loc["a2", "not_applicable"] == 1
    assert items.loc["a2", "favourable_pct"] == pytest.approx(50.0)
    assert items.loc["a3", "n"] == 2


@pytest.mark.parametrize(
    ("mean", "band"),
    [(4.0, "strength"), (4.6, "strength"), (3.99, "discuss"), (3.0, "discuss"),
     (2.99, "priority"), (float("nan"), None), (None, None)],
)  # fmt: skip
def test_bands_use_the_instrument_thresholds(mini, mean, band):
    assert mini.band(mean) == band


def test_change_is_welch_with_its_interval():
    # Means 3 and 4, variances 2.5 each, n 5 each: se = 1, df = 8, t(0.975, 8) = 2.306004.
    result = scoring.change(pd.Series([1, 2, 3, 4, 5]), pd.Series([2, 3, 4, 5, 6]))
    assert result.difference == pytest.approx(1.0)
    assert result.low == pytest.approx(1 - 2.306004, abs=1e-5)
    assert result.high == pytest.approx(1 + 2.306004, abs=1e-5)
    assert (result.n_before, result.n_after) == (5, 5)
    assert result.verdict == scoring.WITHIN_NOISE


def test_change_verdicts_need_evidence_and_n():
    rise = scoring.change(pd.Series([1.0, 2.0] * 20), pd.Series([4.0, 5.0] * 20))
    assert rise.verdict == scoring.CLEAR_RISE
    assert rise.low > 0
    fall = scoring.change(pd.Series([4.0, 5.0] * 20), pd.Series([1.0, 2.0] * 20))
    assert fall.verdict == scoring.CLEAR_FALL
    assert fall.high < 0
    few = scoring.change(pd.Series([3.0]), pd.Series([4.0, 5.0]))
    assert few.verdict == scoring.TOO_FEW
    assert few.n_before == 1
    assert math.isnan(few.low)


def test_split_flags_members_who_disagree():
    assert scoring.is_split(pd.Series([1.5, 2.0, 2.0, 4.5, 4.0, 5.0, 3.0, 3.0]))
    assert not scoring.is_split(pd.Series([3.5, 4.0, 4.0, 4.5, 3.0, 3.0]))


def test_totals_rebuild_the_same_means_spreads_and_changes(mini):
    before = answers_frame(HAND_ANSWERS)
    # A second round: everyone one point more agreeable (reverse item a2 one point less).
    after = before.assign(
        score=[
            None if pd.isna(s) else (s - 1 if i == "a2" else s + 1) if 1 < s < 5 else s
            for s, i in zip(before["score"], before["item_id"], strict=True)
        ]
    ).astype({"score": "Float64"})
    people_before = scoring.respondent_scores(before, mini)
    people_after = scoring.respondent_scores(after, mini)
    totals = scoring.dimension_totals(people_before, mini).set_index("dimension_id")
    # A: respondent scores 13/3 and 4/3 -> total 17/3, squares 169/9 + 16/9 = 185/9.
    assert totals.loc["a", "n"] == 2
    assert totals.loc["a", "total"] == pytest.approx(17 / 3)
    assert totals.loc["a", "squares"] == pytest.approx(185 / 9)
    moments = scoring.Moments.from_totals(2, 17 / 3, 185 / 9)
    assert moments.mean == pytest.approx(17 / 6)
    assert moments.sd == pytest.approx(3 / math.sqrt(2))
    from_scores = scoring.dimension_changes(people_before, people_after, mini)
    from_totals = scoring.changes_from_totals(
        scoring.dimension_totals(people_before, mini),
        scoring.dimension_totals(people_after, mini),
        mini,
    )
    pd.testing.assert_frame_equal(from_scores, from_totals, check_exact=False, rtol=1e-9)


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


def test_segment_changes_compute_every_cell_and_leave_disclosure_to_analysis(mini):
    # Before: X has 5 scoring 3, Z has 2 scoring 1. After: X's five score 2, Z is empty.
    # scoring computes every cell, small or not: what may be shown is decided in analysis.
    before_scores = dict.fromkeys(range(1, 6), 3.0) | {12: 1.0, 13: 1.0}
    before_groups = pd.Series(dict.fromkeys(range(1, 6), "X") | {12: "Z", 13: "Z"})
    after_scores = dict.fromkeys(range(101, 106), 2.0)
    after_groups = pd.Series(dict.fromkeys(range(101, 106), "X"))
    cells = scoring.segment_changes(
        _people(before_scores),
        _people(after_scores),
        before_groups,
        after_groups,
        mini,
        order=["X", "Y", "Z"],
    )
    a = cells[cells["dimension_id"] == "a"].set_index("group")
    assert (a.loc["X", "mean_before"], a.loc["X", "mean_after"]) == (3.0, 2.0)
    assert a.loc["X", "change"] == pytest.approx(-1.0)
    assert a.loc["X", "verdict"] == scoring.CLEAR_FALL  # no spread on either side
    assert (a.loc["Z", "n_before"], a.loc["Z", "n_after"], a.loc["Z", "mean_before"]) == (2, 0, 1.0)
    assert a.loc["Z", "verdict"] == scoring.TOO_FEW
    assert (a.loc["Y", "n_before"], a.loc["Y", "n_after"]) == (0, 0)
    assert "status" not in cells.columns
