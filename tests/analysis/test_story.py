"""The story of a round, worked by hand: every member answers alike within a round, so each
change has no spread, its likely range is the change itself, and every non-zero change is
clear; the figures below follow from the answers alone."""

from __future__ import annotations

import math

from carenet_dash.analysis import story
from carenet_dash.present import story as words
from carenet_dash.store import queries
from tests.analysis.conftest import GROUPS, _round
from tests.scale_rounds import NETWORK, two_scale_network


def answers(a: int, b: int, people=GROUPS) -> list[tuple[int, str, int, bool]]:
    """Every person scores ``a`` on dimension A (a2 is reverse-worded: ticked 6 - a) and
    ``b`` on dimension B."""
    rows = []
    for person in people:
        rows += [(person, "a1", a, False), (person, "a2", 6 - a, False), (person, "a3", a, False)]
        rows += [(person, "b1", b, False), (person, "b2", b, False)]
    return rows


def three_rounds(store, mini):
    # A: 3, 3, 4 (a new strength in Q3). B: 5, 2, 3 (down 2 since Q1, up 1 since Q2).
    _round(store, mini, "2026 Q1", answers(3, 5))
    _round(store, mini, "2026 Q2", answers(3, 2))
    return _round(store, mini, "2026 Q3", answers(4, 3))


def test_each_dimension_gets_its_largest_clear_change_since_any_earlier_round(store, mini):
    latest = three_rounds(store, mini)
    found = story.dimension_story(store, latest, 5).set_index("dimension_id")
    # B: +1.00 since Q2 (the previous round), and its largest clear change is -2.00 since Q1.
    assert found.loc["b", "change"] == 1.0
    assert found.loc["b", "verdict"] == "clear rise"
    assert found.loc["b", "since_round"] == "2026 Q1"
    assert found.loc["b", "since_change"] == -2.0
    assert found.loc["b", "since_verdict"] == "clear fall"
    assert (found.loc["b", "since_mean_before"], found.loc["b", "since_n_before"]) == (5.0, 8.0)
    # A rose by 1.00 since both earlier rounds: the tie goes to the nearer round.
    assert (found.loc["a", "since_round"], found.loc["a", "since_change"]) == ("2026 Q2", 1.0)


def test_the_lines_name_falls_rises_and_new_bands_with_their_figures(store, mini):
    latest = three_rounds(store, mini)
    lines = story.story_lines(store, latest, 5)
    assert [(ln.kind, ln.dimension_id) for ln in lines] == [
        (story.FALL, "b"),
        (story.RISE, "a"),
        (story.NEW_STRENGTH, "a"),
    ]
    assert [words.line_text(ln) for ln in lines] == [
        "Dimension B \u22122.00 since 2026 Q1 (5.00 → 3.00, n 8 → 8): clear fall; "
        "since 2026 Q2 +1.00, clear rise",
        "Dimension A +1.00 since 2026 Q2 (3.00 → 4.00, n 8 → 8): clear rise",
        "Dimension A is a new strength: 4.00, 3.00 in 2026 Q2 (n 8 → 8)",
    ]
    # Each line opens its view: Compare from the round named, or the Dimension page.
    assert lines[0].view == story.COMPARE
    assert lines[0].params == {"before": "2026 Q1"}
    assert lines[2].view == story.DIMENSION
    assert lines[2].params == {"dimension": "Dimension A"}


def test_a_first_round_has_no_change_to_tell(store, mini):
    first = _round(store, mini, "2026 Q1", answers(3, 4))
    found = story.dimension_story(store, first, 5)
    assert found["since_round"].isna().all()
    assert math.isnan(found["change"].iloc[0])
    assert story.story_lines(store, first, 5) == []


def test_a_side_below_the_minimum_gives_no_change_and_no_line(store, mini):
    _round(store, mini, "2026 Q1", answers(3, 5, people={1: "X", 2: "X", 3: "X"}))
    latest = _round(store, mini, "2026 Q2", answers(3, 2))
    found = story.dimension_story(store, latest, 5)
    assert found["since_round"].isna().all()
    assert story.story_lines(store, latest, 5) == []


def test_only_shown_groups_are_compared_with_the_rest_of_the_network(store, mini):
    # X (five people) all 5 on B, Y (two) all 1, Z (one) 3: with a minimum of 3, Y and Z are
    # hidden (three people together, so X can be shown) and the rest of X is Y and Z: 3 people
    # whose B is (1 + 1 + 3) / 3.
    rows = []
    for person, group in GROUPS.items():
        b = {"X": 5, "Y": 1, "Z": 3}[group]
        rows += answers(3, b, people={person: group})
    latest = _round(store, mini, "2026 Q1", rows)
    differences = story.group_differences(store, latest, 3)
    assert set(differences["group"]) == {"X"}  # never a line about Y or Z
    b = differences.set_index("dimension_id").loc["b"]
    assert (b["mean_group"], b["n_group"], b["n_rest"]) == (5.0, 5, 3)
    assert math.isclose(b["mean_rest"], 5 / 3)
    lines = [ln for ln in story.story_lines(store, latest, 3) if ln.kind == story.GROUP]
    assert [words.line_text(ln) for ln in lines] == [
        "Member type “X” rate Dimension B 3.33 higher than the rest of the network "
        "(5.00, n 5, against 1.67, n 3): a clear difference"
    ]
    assert lines[0].view == story.SEGMENTS
    assert lines[0].params == {"segment": "Member type"}


def test_a_round_on_other_scales_is_said_in_points_and_never_ranked_beside_means(store):
    # tests/scale_rounds.py: agreement asked on 1..5 in 2026 Q1 and 1..7 in 2026 Q2, so the
    # rounds compare on favourable share: agreement 50 -> 70, +20 points, within noise (n 5).
    two_scale_network(store)
    network = queries.network_by_name(store, NETWORK)
    latest = queries.rounds(store, network.id)[-1]
    found = story.dimension_story(store, latest.id, 3)
    assert found["since_round"].isna().all()  # no change in the mean to rank
    lines = story.story_lines(store, latest.id, 3, found)
    assert [ln.kind for ln in lines if ln.kind in (story.FALL, story.RISE)] == []
    table = words.story_table(found, 3).set_index("Dimension")
    assert table.loc["Agreement", "Change since the previous round"] == (
        "+20.00 points of favourable share · ≈ within noise (n 5 → 5)"
    )
