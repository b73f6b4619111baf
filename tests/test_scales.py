"""Scales of 2 to 11 points: the instrument model, the band rule, scoring and answer cells,
against cases worked out by hand."""

from __future__ import annotations

import copy
import math
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carenet_dash import scoring
from carenet_dash.errors import InstrumentError
from carenet_dash.importers import values
from carenet_dash.instrument import Bands, Scale, parse_instrument
from carenet_dash.instrument_files import get_instrument, load_instrument
from carenet_dash.instrument_toml import instrument_toml
from tests.conftest import FIXTURES, MINI, answers_frame

SEVERITY = {
    "labels": ["(0) Not a problem for me.", "(1) Minor.", "(2) Moderate.", "(3) Serious.",
               "(4) Critical."],
    "values": [0, 1, 2, 3, 4],
}  # fmt: skip
ZERO_TEN = {
    "labels": ["Not at all likely", *[str(n) for n in range(1, 10)], "Extremely likely"],
    "values": list(range(11)),
}


def with_scale(scale: dict, bands: dict | None = None) -> dict:
    data = copy.deepcopy(MINI)
    data["scale"] = scale
    if bands is None:
        del data["bands"]
    else:
        data["bands"] = bands
    return data


# --- the model -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "low", "high", "strength", "priority"),
    [
        ({"labels": ["No", "Yes"]}, 1, 2, 1.75, 1.5),
        ({"labels": ["No.", "Neutral.", "Yes."]}, 1, 3, 2.5, 2.0),
        ({"labels": ["a", "b", "c", "d"]}, 1, 4, 3.25, 2.5),
        ({"labels": ["a", "b", "c", "d", "e"]}, 1, 5, 4.0, 3.0),
        ({"labels": list("abcdefg")}, 1, 7, 5.5, 4.0),
        (ZERO_TEN, 0, 10, 7.5, 5.0),
        (SEVERITY, 0, 4, 3.0, 2.0),
    ],
)
def test_default_bands_scale_with_the_range(scale, low, high, strength, priority):
    instrument = parse_instrument(with_scale(scale))
    assert (instrument.scale.low, instrument.scale.high) == (low, high)
    assert (instrument.bands.strength, instrument.bands.priority) == (strength, priority)


def test_bands_given_in_the_file_win_and_one_may_be_left_to_its_default():
    instrument = parse_instrument(with_scale(ZERO_TEN, {"strength": 8.0}))
    assert (instrument.bands.strength, instrument.bands.priority) == (8.0, 5.0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"values": [0, 1, 2]}, "values has 3 numbers for 5 labels"),
        ({"values": [1, 2, 4, 5, 6]}, "rise in equal steps"),
        ({"values": [5, 4, 3, 2, 1]}, "rise in equal steps"),
        ({"values": [0, 100, 200, 300, 400]}, "between -100 and 100"),
        ({"labels": ["1", "2", "3", "4", "5"], "values": [0, 1, 2, 3, 4]}, "label '1' is a number"),
    ],
)
def test_scale_mistakes_are_named(change, message):
    data = with_scale({**MINI["scale"], **change})
    with pytest.raises(InstrumentError, match=message):
        parse_instrument(data, source="x.toml")


def test_bands_outside_the_scale_and_item_words_of_the_wrong_length_are_named():
    with pytest.raises(InstrumentError, match=r"bands\.strength 6 is outside the scale \(1 to 5\)"):
        parse_instrument(with_scale(MINI["scale"], {"strength": 6, "priority": 3}))
    data = copy.deepcopy(MINI)
    data["dimensions"][0]["items"][0]["labels"] = ["No", "Yes"]
    with pytest.raises(InstrumentError, match=r"dimensions\.0\.items\.0\.labels: 2 labels"):
        parse_instrument(data)


def test_dimension_scales_and_item_words():
    data = copy.deepcopy(MINI)
    data["dimensions"][1]["scale"] = ZERO_TEN
    data["dimensions"][0]["items"][2]["labels"] = [
        "Never",
        "Rarely",
        "Sometimes",
        "Often",
        "Always",
    ]
    instrument = parse_instrument(data)
    assert instrument.scale_of("b").describe() == "11-point, 0–10"
    assert instrument.bands_of("b") == Bands(strength=7.5, priority=5.0)
    assert instrument.bands_of("a") == instrument.bands == Bands(strength=4.0, priority=3.0)
    assert instrument.item_scales["a3"].labels[0] == "Never"
    assert instrument.item_scales["a3"].scores == (1, 2, 3, 4, 5)
    assert not instrument.single_scale
    assert parse_instrument(MINI).single_scale


def test_the_shipped_instruments_keep_their_hash():
    # Computed before scales other than 1..5 existed: the new keys are left out while unused,
    # so rounds stored then and rounds imported now share one snapshot.
    # network-health v1 as it shipped (v2 adds the connection map's questions).
    health = load_instrument(FIXTURES / "instruments" / "network_health_v1.toml")
    assert health.sha256 == "fb80a3c86e83ecf22b08abc61fc608124e0cf7918f7df54f56bb2695dae2dd20"
    core = get_instrument("core-questionnaire")
    assert core.sha256 == "f3e969ae7796bcef882ca348cd20772e9bfce49f4fedeba810e56d9eb801d808"


# --- one band rule: the mean rounded to 2 decimals -------------------------------------------


@pytest.mark.parametrize(
    ("mean", "band"),
    [
        (4.0, "strength"),
        (3.999999, "strength"),  # shown as 4.00
        (3.994, "discuss"),  # shown as 3.99
        (3.0, "discuss"),
        (2.9999999999999996, "discuss"),  # shown as 3.00
        (2.994, "priority"),
        (math.nan, None),
        (None, None),
    ],
)
def test_the_band_is_decided_on_the_mean_as_shown(mean, band):
    assert Bands(strength=4.0, priority=3.0).of(mean) == band


def test_bands_from_means_computed_from_answers(mini):
    # Dimension b (b1, b2; one answer counts): respondents answer 4,4 / 3,5 / 4 -> each
    # respondent's mean is 4, so the dimension mean is exactly 4: a strength.
    b = answers_frame([(1, "b1", 4, False), (1, "b2", 4, False), (2, "b1", 3, False),
                       (2, "b2", 5, False), (3, "b1", 4, False)])  # fmt: skip
    row = scoring.dimension_summary(b, mini).set_index("dimension_id").loc["b"]
    assert (row["mean"], row["band"]) == (4.0, "strength")
    # Dimension a (a2 reverse-worded, 6 - x): respondent 1 answers 1, 5, 1 -> 1, 1, 1 = 1;
    # respondents 2-4 answer 4, 2, 3 -> 4, 4, 3 = 11/3. Mean (1 + 11) / 4 = 3 exactly, which
    # floating point makes 2.9999999999999996: still "discuss", as it is shown as 3.00.
    a = [(1, "a1", 1, False), (1, "a2", 5, False), (1, "a3", 1, False)]
    for person in (2, 3, 4):
        a += [(person, "a1", 4, False), (person, "a2", 2, False), (person, "a3", 3, False)]
    row = scoring.dimension_summary(answers_frame(a), mini).set_index("dimension_id").loc["a"]
    assert row["mean"] < 3.0
    assert row["band"] == "discuss"


# --- scoring on other scales -----------------------------------------------------------------


def test_a_zero_to_ten_dimension_scored_by_hand():
    data = copy.deepcopy(MINI)
    data["dimensions"][0]["scale"] = ZERO_TEN  # a1, a2 (reverse: 10 - x), a3; 2 of 3 needed
    instrument = parse_instrument(data)
    # r1: 10, 2 (-> 8), 9 = 27/3 = 9; r2: 5, 5 (-> 5) = 5; r3: 0 only -> left out.
    answers = answers_frame(
        [(1, "a1", 10, False), (1, "a2", 2, False), (1, "a3", 9, False),
         (2, "a1", 5, False), (2, "a2", 5, False), (3, "a1", 0, False)]
    )  # fmt: skip
    row = scoring.dimension_summary(answers, instrument).set_index("dimension_id").loc["a"]
    assert (row["n"], row["mean"], row["band"]) == (2, 7.0, "discuss")  # 7.5 > 7 >= 5
    # Scored answers 10, 8, 9, 5, 5, 0: above 5 favourable (3), 5 neutral (2), below (1).
    assert row["favourable_pct"] == pytest.approx(50.0)
    assert row["neutral_pct"] == pytest.approx(100 / 3)
    assert row["unfavourable_pct"] == pytest.approx(100 / 6)
    assert [row[f"dist_{v}"] for v in range(11)] == [1, 0, 0, 0, 0, 2, 0, 0, 1, 1, 1]
    items = scoring.item_summary(answers, instrument).set_index("item_id")
    assert items.loc["a2", "raw_2"] == 1  # as given, before reversal
    assert items.loc["a1", ["raw_0", "raw_5", "raw_10"]].tolist() == [1, 1, 1]


def test_five_point_outputs_keep_their_columns(mini):
    summary = scoring.dimension_summary(answers_frame([(1, "a1", 4, False)]), mini)
    assert [c for c in summary.columns if c.startswith("dist_")] == [
        f"dist_{s}" for s in range(1, 6)
    ]
    items = scoring.item_summary(answers_frame([(1, "a1", 4, False)]), mini)
    assert [c for c in items.columns if c.startswith("raw_")] == [f"raw_{s}" for s in range(1, 6)]


def test_an_even_scale_has_no_neutral_and_splits_scale_with_the_range():
    four = Scale(labels=["a", "b", "c", "d"])
    import pandas as pd

    values_ = pd.Series([1.0, 2.0, 3.0, 4.0])
    assert scoring._shares(values_, four) == {
        "favourable_pct": 50.0, "neutral_pct": 0.0, "unfavourable_pct": 50.0,
    }  # fmt: skip
    # On 1..4 a lean is at or below 2.125, or at or above 2.875 (37.5% / 62.5% of the way).
    assert scoring.is_split(pd.Series([2.0, 2.0, 3.0, 3.0]), four)
    assert not scoring.is_split(pd.Series([2.5, 2.5, 2.5, 3.0]), four)
    assert scoring.is_split(pd.Series([2.5, 2.5, 3.5, 3.5]))  # 1..5 as before


def test_score_spread_bins_follow_the_scale():
    assert scoring.spread_edges(scoring.FIVE_POINT) == scoring.SPREAD_EDGES
    zero_ten = Scale(**ZERO_TEN)
    assert scoring.spread_edges(zero_ten) == tuple(float(n) for n in range(11))
    import pandas as pd

    spread = scoring.score_spread(pd.Series([0.0, 9.5, 10.0]), zero_ten)
    assert spread["respondents"].tolist() == [1, 0, 0, 0, 0, 0, 0, 0, 0, 2]


# --- answer cells ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "cell", "code", "cleaned"),
    [
        (SEVERITY, "(0) Not a problem for me.", 1, False),
        (SEVERITY, "(4) critical", 5, True),  # case and the full stop set aside
        (SEVERITY, "3", 4, False),  # the number 3 is the fourth point of 0..4
        (SEVERITY, "5", values.OUT_OF_RANGE, False),
        (ZERO_TEN, "0", 1, False),
        (ZERO_TEN, "10", 11, False),
        (ZERO_TEN, "10 - Extremely likely", 11, False),
        (ZERO_TEN, "11", values.OUT_OF_RANGE, False),
        (ZERO_TEN, "7.5", values.OUT_OF_RANGE, False),
        (
            {"labels": ["1 - not at all", "2", "3", "4", "5 - a great deal"]},
            "5 - a great deal",
            5,
            False,
        ),
        ({"labels": ["Not at all", "2", "3", "4", "A great deal"]}, "1 - not at all", 1, False),
        ({"labels": ["Not at all", "2", "3", "4", "A great deal"]}, "5 - so much", 5, False),
        ({"labels": ["No.", "Neutral.", "Yes."]}, "Yes", 3, True),
        ({"labels": ["No.", "Neutral.", "Yes."]}, "Yes.", 3, False),
        (MINI["scale"], "strongly  AGREE", 5, True),
        (MINI["scale"], "Strongly agree", 5, False),
        (MINI["scale"], "Don\u2019t know", values.NOT_APPLICABLE, True),
        (MINI["scale"], "N/A", values.NOT_APPLICABLE, False),
        (MINI["scale"], "Somewhat agree", values.UNKNOWN, False),
    ],
)
def test_cells_on_any_scale(scale, cell, code, cleaned):
    assert values.AnswerScale(Scale(**scale)).read(cell) == (code, cleaned)


def test_a_number_off_a_stepped_scale_names_the_values():
    scale = Scale(labels=["none", "some", "half", "most", "all"], values=[0, 25, 50, 75, 100])
    import pandas as pd

    block = pd.DataFrame({0: ["25", "30", ""]})
    found = values.read_block(block, ["Q"], values.AnswerScale(scale))
    assert found.codes[:, 0].tolist() == [2, values.OUT_OF_RANGE, values.BLANK]
    assert "not one of the scale's values (0, 25, 50, 75, 100)" in found.problems[0].message()


# --- instrument files written back -----------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=40, deadline=None)
@given(
    name=_TEXT,
    statement=_TEXT,
    labels=st.lists(_TEXT, min_size=2, max_size=11, unique_by=lambda t: t.strip().casefold()),
    start=st.integers(-5, 5),
    reverse=st.booleans(),
)
def test_an_instrument_written_as_toml_reads_back_the_same(name, statement, labels, start, reverse):
    labels = [
        label for label in labels if label.strip() and not label.strip().lstrip("+-").isdigit()
    ]
    if len(labels) < 2:
        return
    data = {
        "id": "gen", "version": 3, "name": name, "description": statement,
        "scale": {"labels": labels, "values": list(range(start, start + len(labels)))},
        "dimensions": [{"id": "d", "name": name, "prompts": [statement],
                        "items": [{"id": "i", "text": statement, "reverse": reverse}]}],
    }  # fmt: skip
    instrument = parse_instrument(data)
    text = instrument_toml(instrument, notes=("a note\nover two lines",))
    assert parse_instrument(tomllib.loads(text)) == instrument
