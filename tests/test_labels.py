"""Labels: one rule for when two network names or round labels are the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carenet_dash.errors import CareNetError
from carenet_dash.labels import clean_label, find_label, same_label, tidy


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("2026 Q3", "2026 Q3", True),
        ("2026 Q3", "2026 q3", True),
        ("2026 Q3", "  2026\t Q3 \n", True),
        ("Riverside Network", "RIVERSIDE   network", True),
        ("Straße", "STRASSE", True),  # casefold, not lower: the German sharp s
        ("2026 Q3", "2026Q3", False),
        ("2026 Q3", "2026 Q4", False),
    ],
)
def test_labels_are_the_same_apart_from_spacing_and_case(first, second, same):
    assert same_label(first, second) is same
    assert same_label(second, first) is same


words = st.lists(st.text(alphabet="abcXYZ029", min_size=1, max_size=5), min_size=1, max_size=4)
gaps = st.sampled_from([" ", "  ", "\t", " \n "])


@given(words, gaps, gaps)
def test_respacing_and_recasing_a_label_keeps_it_the_same(parts, gap, edge):
    label = " ".join(parts)
    respaced = edge + gap.join(p.swapcase() for p in parts) + edge
    assert same_label(label, respaced)
    assert tidy(respaced).casefold() == label.casefold()


def test_an_exact_spelling_wins_over_a_merely_same_label():
    rounds = ["2026 q3", "2026 Q3"]
    assert find_label(rounds, "2026 Q3", str) == "2026 Q3"
    assert find_label(rounds, "2026  Q3 ", str) == "2026 q3"  # the first of the same
    assert find_label(rounds, "2026 Q4", str) is None


def test_a_clean_label_is_tidy_and_not_empty_nor_too_long():
    assert clean_label("  2026   Q3 ") == "2026 Q3"
    with pytest.raises(CareNetError, match="round label is empty"):
        clean_label(" \t ")
    with pytest.raises(CareNetError, match="network name is 101 characters long"):
        clean_label("x" * 101, "network name")
