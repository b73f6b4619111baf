"""The workshop's steps, its few comments at a time, and the words, tables and screen-sized
charts the Workshop page shows."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import pytest

from carenet_dash import charts, present, scoring, suppression, workshop


def test_steps_run_title_dimensions_matrix_then_actions(mini, network_health):
    found = workshop.steps(mini)
    assert [(s.number, s.kind, s.title, s.dimension_id) for s in found] == [
        (1, workshop.TITLE, "The round at a glance", None),
        (2, workshop.DIMENSION, "Dimension A", "a"),
        (3, workshop.DIMENSION, "Dimension B", "b"),
        (4, workshop.MATRIX, "Maturity matrix", None),
        (5, workshop.ACTIONS, "What we agreed", None),
    ]
    twelve = workshop.steps(network_health)
    assert len(twelve) == 12
    assert [s.dimension_id for s in twelve[1:10]] == [d.id for d in network_health.dimensions]
    assert workshop.indicator(twelve[2], len(twelve)) == "Step 3 of 12"


@pytest.mark.parametrize(
    ("number", "expected"),
    [(None, 1), (math.nan, 1), (0, 1), (-3, 1), (1, 1), (7, 7), (12, 12), (13, 12), (7.0, 7)],
)
def test_clamp_keeps_a_step_number_on_the_steps(number, expected):
    assert workshop.clamp(number, 12) == expected


def comments(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"comment_id": range(len(texts)), "text": texts})


def test_comment_turns_spread_across_the_list_and_show_each_comment_once():
    ten = comments([f"c{i}" for i in range(10)])
    # Four turns of (at most) three: one from each part of the list, then the next ones.
    shown = [list(workshop.comment_turn(ten, turn)[0]["text"]) for turn in range(4)]
    assert shown == [["c0", "c4", "c8"], ["c1", "c5", "c9"], ["c2", "c6", "c3"], ["c7"]]
    assert workshop.comment_turn(ten, 0)[1] == 4
    assert sorted(text for turn in shown for text in turn) == sorted(ten["text"])
    # After the last turn the first comes round again.
    assert list(workshop.comment_turn(ten, 4)[0]["text"]) == shown[0]


def test_comment_turns_of_short_lists_and_repeated_words():
    two, turns = workshop.comment_turn(comments(["first", "second"]), 5)
    assert (list(two["text"]), turns) == (["first", "second"], 1)
    empty, turns = workshop.comment_turn(comments([]), 0)
    assert (len(empty), turns) == (0, 0)
    repeated, _ = workshop.comment_turn(comments(["Same words.", "Same words.", "Other."]))
    assert list(repeated["text"]) == ["Same words.", "Other."]


def card_row(**values) -> dict:
    row = {
        "n": 91,
        "previous_n": 74,
        "change": 0.29,
        "low": 0.05,
        "high": 0.53,
        "verdict": scoring.CLEAR_RISE,
    }
    return {**row, **values}


def test_change_since_gives_the_change_its_interval_verdict_and_both_ns():
    assert present.change_since("2026 Q2", card_row()) == (
        "Since 2026 Q2: +0.29 (95% interval +0.05 to +0.53) · ↑ clear rise · n 74 → 91"
    )
    hidden = card_row(change=math.nan, verdict=suppression.hidden_text(5))
    assert present.change_since("2026 Q2", hidden) == "Since 2026 Q2: fewer than 5 responses"
    unasked = card_row(change=math.nan, verdict=None)
    assert present.change_since("2026 Q2", unasked) == "Since 2026 Q2: not asked in both rounds"
    assert present.change_since(None, card_row()).startswith("The network's first round")


def test_answer_distribution_table_counts_and_shares():
    row = {"dist_1": 1, "dist_2": 3, "dist_3": 4, "dist_4": 8, "dist_5": 4}
    table = present.answer_distribution_table(row)
    assert list(table["Answer"]) == list(present.ANSWER_NAMES)
    assert list(table["Answers"]) == ["1", "3", "4", "8", "4"]
    assert list(table["Share"]) == ["5%", "15%", "20%", "40%", "20%"]


def test_level_choices_carry_their_descriptor():
    names = ["Starting out", "Developing", "Established", "Embedded", "Leading the way"]
    descriptors = [f"Descriptor {i}." for i in range(1, 6)]
    assert present.level_option(2, names, descriptors) == "2 · Developing: Descriptor 2."
    assert present.level_option(5, names, None) == "5 · Leading the way"


def test_movement_table_has_a_column_per_session():
    movement = pd.DataFrame(
        {
            "session_id": [1, 2, 1],
            "held_on": [None, None, None],
            "session": ["11 Jun 2026", "17 Sep 2026", "11 Jun 2026"],
            "session_order": [0, 1, 0],
            "dimension_id": ["comm", "comm", "res"],
            "dimension": ["Communication", "Communication", "Resources"],
            "current": [2, 3, 3],
            "target": [4, 4, 4],
        }
    )
    table = present.movement_table(movement)
    assert table.to_dict("records") == [
        {"Dimension": "Communication", "11 Jun 2026": "2 → 4", "17 Sep 2026": "3 → 4"},
        {"Dimension": "Resources", "11 Jun 2026": "3 → 4", "17 Sep 2026": "–"},
    ]
    assert list(present.movement_table(movement.iloc[0:0]).columns) == ["Dimension"]


def small_chart() -> alt.LayerChart:
    data = pd.DataFrame({"x": ["a", "b"], "y": [1, 2], "label": ["one", "two"]})
    bars = alt.Chart(data).mark_bar().encode(x="x:N", y="y:Q")
    text = alt.Chart(data).mark_text(fontSize=11).encode(x="x:N", y="y:Q", text="label:N")
    return alt.layer(bars, text).configure_axis(labelFont=charts.FONT, labelColor="#888888")


def test_for_screen_enlarges_text_and_keeps_the_charts_own_settings():
    spec = charts.for_screen(small_chart())
    axis = spec["config"]["axis"]
    assert axis["labelFontSize"] == charts.SCREEN_TEXT_SIZE
    assert axis["labelFont"] == charts.FONT
    assert axis["labelColor"] == "#888888"
    assert spec["layer"][1]["mark"]["fontSize"] == charts.SCREEN_TEXT_SIZE
    assert spec["datasets"] == small_chart().to_dict()["datasets"]


def test_for_screen_in_high_contrast_inks_every_text_black():
    spec = charts.for_screen(small_chart(), high_contrast=True)
    assert spec["config"]["axis"]["labelColor"] == charts.INK
    assert spec["config"]["axis"]["titleColor"] == charts.INK
    assert spec["config"]["legend"]["labelColor"] == charts.INK
    assert spec["config"]["axis"]["labelFontSize"] == charts.SCREEN_TEXT_SIZE
