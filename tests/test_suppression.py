"""Suppression against cases worked out by hand: the minimum group size, complementary
suppression, the status of a figure and of a change, and the words that stand in for them."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from carenet_dash import suppression


def counts(**groups: int) -> pd.Series:
    return pd.Series(groups)


def test_groups_below_the_minimum_are_hidden_with_the_next_smallest():
    hidden = suppression.suppressed(counts(a=10, b=3, c=6, d=0), min_size=5)
    assert hidden.to_dict() == {"a": False, "b": True, "c": True, "d": False}


def test_no_complementary_suppression_when_two_are_already_hidden():
    hidden = suppression.suppressed(counts(a=10, b=3, c=2, d=7), min_size=5)
    assert hidden.to_dict() == {"a": False, "b": True, "c": True, "d": False}


def test_groups_at_the_minimum_are_shown():
    assert not suppression.suppressed(counts(a=5, b=5), min_size=5).any()


def test_ties_for_next_smallest_hide_the_first_in_order():
    hidden = suppression.suppressed(counts(a=10, b=6, c=6, d=1), min_size=5)
    assert hidden.to_dict() == {"a": False, "b": True, "c": False, "d": True}


def test_status_tells_hidden_from_no_data():
    status = suppression.group_status(counts(a=10, b=3, c=6, d=0), min_size=5)
    assert status.to_dict() == {"a": "shown", "b": "hidden", "c": "hidden", "d": "no data"}
    assert suppression.hidden_text(5) == "fewer than 5 responses"


@pytest.mark.parametrize(
    ("n", "status"),
    [(0, "no data"), (1, "hidden"), (4, "hidden"), (5, "shown"), (80, "shown")],
)
def test_status_of_one_count(n, status):
    assert suppression.status_of(n, 5) == status


@given(st.lists(st.integers(min_value=0, max_value=12), max_size=20), st.integers(3, 8))
def test_status_of_a_series_is_the_status_of_each_count(ns, min_size):
    statuses = suppression.status_of(pd.Series(ns, dtype="int64"), min_size)
    assert list(statuses) == [suppression.status_of(n, min_size) for n in ns]


def test_a_change_is_no_data_when_either_side_is_empty_else_hidden_when_either_is_small():
    before = pd.Series([10, 0, 3, 10, 3, 0])
    after = pd.Series([10, 3, 10, 2, 0, 0])
    status = suppression.status_of_change(before, after, 5)
    assert list(status) == ["shown", "no data", "hidden", "hidden", "no data", "no data"]


def test_hide_blanks_figures_band_and_split_on_hidden_rows_only():
    frame = pd.DataFrame(
        {"n": [3, 9], "mean": [2.5, 3.5], "band": ["priority", "discuss"], "split": [True, False]}
    )
    hidden = suppression.hide(frame, pd.Series([True, False]), ["n", "mean"])
    assert math.isnan(hidden.loc[0, "n"])
    assert math.isnan(hidden.loc[0, "mean"])
    assert hidden.loc[0, "band"] is None
    assert hidden.loc[0, "split"] is None
    assert hidden.loc[1].tolist() == [9.0, 3.5, "discuss", False]
    assert frame.loc[0, "n"] == 3  # the caller's frame is left as it was


def test_the_words_for_what_is_not_shown():
    assert suppression.hidden_text(5) == "fewer than 5 responses"
    assert suppression.status_text("hidden", 7) == "fewer than 7 responses"
    assert suppression.status_text("no data", 7) == "no data"
    assert suppression.never_shown(5) == "Groups of fewer than 5 responses are never shown"
