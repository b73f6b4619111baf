"""The workshop's steps, and its few comments at a time."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from carenet_dash import workshop


def test_steps_run_title_dimensions_matrix_then_actions(mini, network_health):
    found = workshop.steps(mini)
    assert [(s.number, s.kind, s.title, s.dimension_id) for s in found] == [
        (1, workshop.TITLE, "The round at a glance", None),
        (2, workshop.DIMENSION, "Dimension A", "a"),
        (3, workshop.DIMENSION, "Dimension B", "b"),
        (4, workshop.MATRIX, "Maturity matrix", None),
        (5, workshop.ACTIONS, "What we agreed", None),
    ]
    thirteen = workshop.steps(network_health)
    assert len(thirteen) == 13
    assert [s.dimension_id for s in thirteen[1:10]] == [d.id for d in network_health.dimensions]
    # It asks who works with whom: the map comes before the maturity matrix.
    assert [s.kind for s in thirteen[10:]] == [
        workshop.CONNECTIONS,
        workshop.MATRIX,
        workshop.ACTIONS,
    ]
    assert workshop.indicator(thirteen[2], len(thirteen)) == "Step 3 of 13"


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
