"""Each figure's scale beside it, and rounds on different scales compared on favourable share
(worked by hand in tests/scale_rounds.py)."""

from __future__ import annotations

import math
import tomllib

import pandas as pd
import pytest
from scipy import stats

from carenet_dash import analysis, scoring
from carenet_dash.analysis import scales
from carenet_dash.instrument import parse_instrument
from carenet_dash.store import queries
from tests.conftest import FIXTURES
from tests.scale_rounds import instrument, two_scale_network

OWN = parse_instrument(tomllib.loads((FIXTURES / "scales" / "own_survey.toml").read_text()))


def test_each_dimension_carries_its_scale_and_bands():
    frame = pd.DataFrame({"dimension_id": ["recommend", "relevance", "gone"]})
    found = scales.with_scales(frame, OWN)
    assert found.loc[0, scales.SCALE_COLUMNS].tolist() == [0.0, 10.0, 5.0, 7.5]
    assert found.loc[1, scales.SCALE_COLUMNS].tolist() == [1.0, 4.0, 2.5, 3.25]
    assert all(math.isnan(v) for v in found.loc[2, scales.SCALE_COLUMNS])


def test_favourable_scores_count_answers_above_each_scale_midpoint():
    answers = pd.DataFrame(
        {
            "respondent_id": [1, 1, 1, 2, 2, 2],
            "item_id": ["a1", "a2", "l1", "a1", "a2", "l1"],
            "score": [7, 4, 5, 3, 5, 6],  # 4 is the middle of 1..7, 5 of 0..10
            "not_applicable": [False] * 6,
        }
    )
    found = scoring.favourable_scores(answers, instrument(2))
    by = {(r.respondent_id, r.dimension_id): r.score for r in found.itertuples()}
    assert by == {(1, "agreement"): 50.0, (1, "likely"): 0.0,
                  (2, "agreement"): 50.0, (2, "likely"): 100.0}  # fmt: skip


@pytest.fixture
def rounds(store):
    network_id = two_scale_network(store)
    return queries.rounds(store, network_id)


def test_rounds_on_different_scales_are_compared_on_favourable_share(store, rounds):
    first, second = rounds
    changes = analysis.compare_rounds(store, first.id, second.id, 3).set_index("dimension_id")
    assert set(changes["compared_on"]) == {scales.FAVOURABLE}
    agreement = changes.loc["agreement"]
    assert (agreement["mean_before"], agreement["mean_after"]) == (50.0, 70.0)
    assert agreement["change"] == pytest.approx(20.0)
    # Welch by hand: variances 2500 and 2000 over 5 each: se 30, df 900² / (500²/4 + 400²/4).
    df = 900**2 / (500**2 / 4 + 400**2 / 4)
    margin = stats.t.ppf(0.975, df) * 30
    assert (agreement["low"], agreement["high"]) == pytest.approx((20 - margin, 20 + margin))
    assert agreement["verdict"] == scoring.WITHIN_NOISE
    assert (agreement["band_before"], agreement["band_after"]) == (None, None)
    assert agreement[scales.SCALE_COLUMNS[:2]].tolist() == [0.0, 100.0]
    likely = changes.loc["likely"]
    assert (likely["mean_before"], likely["mean_after"], likely["change"]) == (60.0, 60.0, 0.0)
    card = analysis.scorecard(store, second.id, 3).set_index("dimension_id")
    assert scales.on_favourable_share(card)
    assert card.loc["agreement", "change"] == pytest.approx(20.0)
    assert card.loc["agreement", "mean"] == pytest.approx(5.2)  # its own mean, on 1..7
    assert card.loc["agreement", scales.SCALE_COLUMNS].tolist() == [1.0, 7.0, 4.0, 5.5]


def test_rounds_on_the_same_scales_are_compared_on_means(store, rounds):
    second = rounds[1]
    changes = analysis.compare_rounds(store, second.id, second.id, 3)
    assert set(changes["compared_on"]) == {scales.MEAN}
    assert not scales.on_favourable_share(changes)
    assert changes.set_index("dimension_id").loc["likely", "band_after"] == "discuss"


def test_a_trend_knows_the_rounds_asked_on_another_scale(store, rounds):
    trend = analysis.trend(store, rounds[0].network_id, 3)
    assert scales.rounds_on_other_scales(trend) == ["2026 Q1"]
    assert scales.on_latest_scale(trend).tolist() == [False, True, True, True]
    q1 = trend[(trend["round"] == "2026 Q1") & (trend["dimension_id"] == "agreement")].iloc[0]
    # 2026 Q1's agreement: (4.5 + 3 + 3 + 1.5 + 4) / 5 = 3.2 on 1..5, bands 4 and 3: discuss.
    assert (q1["mean"], q1["band"], q1["scale_high"]) == (pytest.approx(3.2), "discuss", 5.0)
