"""Disclosure rules: hand-worked cases for each rule, then an attacker that subtracts."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carenet_dash import disclosure as d
from carenet_dash.errors import CareNetError

FIVE = [1, 2, 3, 4, 5]
ELEVEN = list(range(11))  # a 0..10 scale
SCALES = [FIVE, ELEVEN, [1, 2], [1, 2, 3, 4, 5, 6, 7], list(range(2, 12))]


def groups_of(sizes: dict[str, int]) -> pd.DataFrame:
    """Membership rows for disjoint groups: people numbered 0.. in the order given."""
    rows, person = [], 0
    for group, size in sizes.items():
        for _ in range(size):
            rows.append((person, group))
            person += 1
    return pd.DataFrame(rows, columns=["respondent_id", "part"])


def answers_of(cells: dict[object, int], start: int = 0) -> pd.DataFrame:
    """One answer per person: ``cells`` value -> how many people gave it."""
    rows, person = [], start
    for value, count in cells.items():
        for _ in range(count):
            rows.append((person, value))
            person += 1
    return pd.DataFrame(rows, columns=["respondent_id", "value"])


def status_of(frame: pd.DataFrame, column: str = "part") -> dict:
    return dict(zip(frame[column], frame["status"], strict=True))


def bins_of(found: d.Distribution) -> list[tuple]:
    return [
        (row.low, row.high, row.count) for row in found.bins[["low", "high", "count"]].itertuples()
    ]


# --- rule 1 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "no data"), (1, "hidden"), (4, "hidden"), (5, "shown"), (30, "shown")],
)
def test_status_from_n(n, expected):
    assert d.status(n, 5) == expected


def test_statuses_of_a_column_treat_blank_as_nobody():
    found = d.statuses(pd.Series([0, 2, 3, math.nan, 7]), 3)
    assert list(found) == ["no data", "hidden", "shown", "no data", "shown"]


def test_the_words_for_what_is_not_shown():
    assert d.hidden_text(5) == "fewer than 5 responses"
    assert d.status_text("hidden", 7) == "fewer than 7 responses"
    assert d.status_text("no data", 7) == "no data"
    assert d.never_shown(5) == "Groups of fewer than 5 responses are never shown"


def test_the_rules_have_one_home():
    # Nothing outside disclosure compares n with k, or names a status of its own.
    import re
    from pathlib import Path

    root = Path(d.__file__).resolve().parents[1]
    pattern = re.compile(
        r"[<>]=?\s*(min_size|min_group_size|k)\b|\b(min_size|k)\s*[<>]"
        r"|^(SHOWN|HIDDEN|NO_DATA)\s*="
    )
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("carenet_dash", "pages")
        for path in sorted((root / folder).rglob("*.py"))
        if path.name != "disclosure.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_publish_blanks_every_figure_of_a_row_not_shown():
    frame = pd.DataFrame(
        {
            "n": [10, 3, 0],
            "mean": [4.2, 1.0, math.nan],
            "band": ["strength", "priority", None],
            "split": [True, False, False],
            "status": ["shown", "hidden", "no data"],
        }
    )
    out = d.publish(frame, ["n", "mean", "band", "split", "absent"])
    assert out["n"].tolist()[0] == 10.0
    assert out["n"].isna().tolist() == [False, True, True]
    assert out["mean"].isna().tolist() == [False, True, True]
    assert out["band"].tolist() == ["strength", None, None]
    assert out["split"].tolist() == [True, None, None]
    assert frame["n"].tolist() == [10, 3, 0]  # the input is left alone


def test_publish_takes_statuses_row_by_row_whatever_the_index():
    frame = pd.DataFrame({"n": [12, 3]}, index=[10, 11])
    out = d.publish(frame, ["n"], pd.Series([True, False]))  # a 0..1 index, not 10..11
    assert out["n"].tolist()[0] == 12.0
    assert math.isnan(out["n"].tolist()[1])


# --- rule 2 ----------------------------------------------------------------------------------


def test_two_small_groups_together_under_k_hide_the_big_one_too():
    # Issue case 1: involvement 2 + 2 + 26, k = 5. The two 2s are hidden; together they are 4
    # people, so the smallest shown group (the 26) is hidden too; then nothing is left shown.
    found = d.complement(groups_of({"<1y": 2, "1-3y": 2, ">3y": 26}), ["<1y", "1-3y", ">3y"], 5)
    assert status_of(found) == {"<1y": "hidden", "1-3y": "hidden", ">3y": "hidden"}
    assert found["n"].isna().all()


def test_two_small_groups_hide_the_smallest_shown_group_only():
    # 2 + 2 + 26 + 6: the 4 hidden people need company; the 6 is the smallest shown group,
    # hiding it leaves 10 hidden people, so the 26 stays.
    found = d.complement(groups_of({"a": 2, "b": 2, "c": 26, "d": 6}), list("abcd"), 5)
    assert status_of(found) == {"a": "hidden", "b": "hidden", "c": "shown", "d": "hidden"}
    assert found["n"].tolist()[2] == 26.0


def test_one_small_group_hides_the_next_smallest_and_ties_go_to_the_first():
    found = d.complement(groups_of({"x": 3, "y": 8, "z": 8}), ["x", "y", "z"], 5)
    assert status_of(found) == {"x": "hidden", "y": "hidden", "z": "shown"}


def test_not_stated_is_a_part_like_any_other():
    sizes = {"Trust": 10, "Council": 9, "Not stated": 1}
    found = d.complement(groups_of(sizes), list(sizes), 5)
    assert status_of(found) == {"Trust": "shown", "Council": "hidden", "Not stated": "hidden"}


def test_an_empty_group_is_no_data_and_counts_for_nothing():
    found = d.complement(groups_of({"x": 10, "y": 0, "z": 6}), ["x", "y", "z"], 5)
    assert status_of(found) == {"x": "shown", "y": "no data", "z": "shown"}
    assert found["n"].tolist()[0] == 10.0
    assert math.isnan(found["n"].tolist()[1])


def test_a_total_under_k_hides_every_part_even_empty_ones():
    found = d.complement(groups_of({"x": 2, "y": 2, "z": 0}), ["x", "y", "z"], 5)
    assert set(found["status"]) == {"hidden"}
    nobody = d.complement(groups_of({}), ["x", "y"], 5)
    assert set(nobody["status"]) == {"no data"}


def item_rows(answered: dict[str, range | list[int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(person, item) for item, people in answered.items() for person in people],
        columns=["respondent_id", "item_id"],
    )


def test_an_item_of_three_in_a_dimension_of_ten_takes_another_item_with_it():
    # Issue case 3: i3 answered by 3 of the 10 people. Hidden alone, it would be the
    # dimension minus i1 and i2; so i1 (smallest shown, first of the two 10s) is hidden too.
    rows = item_rows({"i1": range(10), "i2": range(10), "i3": range(3)})
    found = d.complement(rows, ["i1", "i2", "i3"], 5, part="item_id")
    assert status_of(found, "item_id") == {"i1": "hidden", "i2": "shown", "i3": "hidden"}


def test_hidden_parts_are_measured_in_distinct_people_not_answers():
    # i3 by people 0-2 and i4 by people 1-3: 6 answers but 4 people, so more must go.
    overlapping = item_rows({"i1": range(10), "i2": range(10), "i3": [0, 1, 2], "i4": [1, 2, 3]})
    found = d.complement(overlapping, ["i1", "i2", "i3", "i4"], 5, part="item_id")
    assert status_of(found, "item_id")["i1"] == "hidden"
    # i3 by 0-2 and i4 by 3-4: 5 distinct people, enough on their own.
    apart = item_rows({"i1": range(10), "i2": range(10), "i3": [0, 1, 2], "i4": [3, 4]})
    found = d.complement(apart, ["i1", "i2", "i3", "i4"], 5, part="item_id")
    assert status_of(found, "item_id") == {
        "i1": "shown",
        "i2": "shown",
        "i3": "hidden",
        "i4": "hidden",
    }
    assert found["n"].tolist()[:2] == [10.0, 10.0]


def test_a_person_listed_twice_in_a_part_is_one_person():
    rows = pd.DataFrame({"respondent_id": [1, 1, 1, 2, 3, 4, 5], "part": ["a"] * 7})
    found = d.complement(rows, ["a"], 5)
    assert status_of(found) == {"a": "shown"}
    assert found["n"].tolist() == [5.0]


def test_complement_within_each_total_on_its_own():
    people = pd.concat(
        [
            groups_of({"x": 12, "y": 3}).assign(dimension_id="d1"),
            groups_of({"x": 6, "y": 6}).assign(dimension_id="d2"),
        ]
    )
    found = d.complement_within(
        people, within="dimension_id", totals=["d1", "d2", "d3"], part="part", parts=["x", "y"],
        k=5,
    )  # fmt: skip
    assert list(zip(found["dimension_id"], found["part"], found["status"], strict=True)) == [
        ("d1", "x", "hidden"),  # 3 hidden people in y: the 12 goes too
        ("d1", "y", "hidden"),
        ("d2", "x", "shown"),
        ("d2", "y", "shown"),
        ("d3", "x", "no data"),
        ("d3", "y", "no data"),
    ]


def test_a_part_missing_from_the_order_is_a_mistake_not_a_silent_drop():
    with pytest.raises(ValueError, match="not in the order"):
        d.complement(groups_of({"x": 5, "y": 5}), ["x"], 5)


# --- rule 3 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "row"),
    [
        ("shown", "shown", "shown"),
        ("hidden", "no data", "hidden"),
        ("no data", "hidden", "hidden"),
        ("hidden", "shown", "hidden"),
        ("shown", "no data", "no data"),
        ("no data", "no data", "no data"),
    ],
)
def test_a_comparison_row_is_hidden_when_either_side_is(before, after, row):
    assert d.comparison(pd.Series([before]), pd.Series([after])).tolist() == [row]


def test_no_data_beside_hidden_never_unmasks_the_hidden_side():
    # Issue case 2: a dimension answered by 3 people, then by nobody; and one answered by 12
    # then by nobody (its own side is shown, the change is not).
    changes = pd.DataFrame(
        {
            "dimension_id": ["a", "b", "c"],
            "n_before": [3, 12, 10],
            "mean_before": [2.0, 3.5, 3.0],
            "band_before": ["priority", "discuss", "discuss"],
            "n_after": [0, 0, 8],
            "mean_after": [math.nan, math.nan, 4.0],
            "band_after": [None, None, "strength"],
            "change": [math.nan, math.nan, 1.0],
            "low": [math.nan, math.nan, 0.2],
            "high": [math.nan, math.nan, 1.8],
            "verdict": ["too few", "too few", "clear rise"],
        }
    )
    before = pd.Series([d.status(n, 5) for n in changes["n_before"]])
    after = pd.Series([d.status(n, 5) for n in changes["n_after"]])
    out = d.disclose_changes(changes, before, after)
    assert out["status"].tolist() == ["hidden", "no data", "shown"]
    first = out.iloc[0]
    assert math.isnan(first["n_before"])
    assert math.isnan(first["mean_before"])
    assert first["band_before"] is None
    assert first["verdict"] is None
    second = out.iloc[1]
    assert (second["n_before"], second["mean_before"]) == (12.0, 3.5)
    assert second["verdict"] is None
    assert math.isnan(second["change"])
    third = out.iloc[2]
    assert (third["change"], third["verdict"], third["n_after"]) == (1.0, "clear rise", 8.0)


# --- rule 4: distributions ---------------------------------------------------------------------


def test_small_end_cells_merge_towards_the_middle():
    # 1:2, 2:3, 3:10, 4:12, 5:1 with k = 5. The ends are equally far out: the lower goes first,
    # 1 into 2 -> [1-2] of 5; then 5 into 4 -> [4-5] of 13.
    found = d.distribution(answers_of({1: 2, 2: 3, 3: 10, 4: 12, 5: 1}), FIVE, 5)
    assert found.status == "shown"
    assert bins_of(found) == [(1, 2, 5), (3, 3, 10), (4, 5, 13)]
    assert found.bins["label"].tolist() == ["1–2", "3", "4–5"]
    assert found.bins["pct"].tolist() == pytest.approx([500 / 28, 1000 / 28, 1300 / 28])
    # Every share is a union of published bins here.
    assert found.share([4, 5], FIVE) == pytest.approx(1300 / 28)
    assert found.share([3], FIVE) == pytest.approx(1000 / 28)
    assert found.share([1, 2], FIVE) == pytest.approx(500 / 28)
    counts = found.cell_counts(FIVE)
    assert counts[3] == 10.0
    assert all(math.isnan(counts[v]) for v in (1, 2, 4, 5))


def test_a_small_middle_cell_joins_its_smaller_neighbour_and_shares_across_it_go_blank():
    # 3 holds 2 people; 2 (7) is smaller than 4 (9), so [2-3]. Neutral {3} and unfavourable
    # {1, 2} are not unions of bins any more; favourable {4, 5} still is.
    found = d.distribution(answers_of({1: 6, 2: 7, 3: 2, 4: 9, 5: 8}), FIVE, 5)
    assert bins_of(found) == [(1, 1, 6), (2, 3, 9), (4, 4, 9), (5, 5, 8)]
    assert math.isnan(found.share([3], FIVE))
    assert math.isnan(found.share([1, 2], FIVE))
    assert found.share([4, 5], FIVE) == pytest.approx(100 * 17 / 32)


def test_a_middle_cell_with_equal_neighbours_joins_the_lower():
    found = d.distribution(answers_of({1: 6, 2: 7, 3: 1, 4: 7, 5: 6}), FIVE, 5)
    assert bins_of(found) == [(1, 1, 6), (2, 3, 8), (4, 4, 7), (5, 5, 6)]


def test_empty_cells_stay_as_zero_bins():
    found = d.distribution(answers_of({3: 5, 4: 9, 5: 6}), FIVE, 5)
    assert bins_of(found) == [(1, 1, 0), (2, 2, 0), (3, 3, 5), (4, 4, 9), (5, 5, 6)]


def test_a_lone_answer_travels_inwards_until_it_has_company():
    # 1 answer of "1", 9 of "5": [1-2] still 1 person, [1-3], [1-4], then the whole scale.
    found = d.distribution(answers_of({1: 1, 5: 9}), FIVE, 5)
    assert bins_of(found) == [(1, 5, 10)]


def test_an_eleven_point_scale_merges_from_both_ends():
    # 0..10, k = 5: 0 (1 person), 5 (20), 7 (6), 10 (2). Worked by hand, farthest first and
    # the lower on ties: [0-1], [9-10], [0-2], [8-10], [0-3], [7-10] (8 people), [0-4],
    # [0-5] (21 people); 6 stays an empty bin.
    found = d.distribution(answers_of({0: 1, 5: 20, 7: 6, 10: 2}), ELEVEN, 5)
    assert bins_of(found) == [(0, 5, 21), (6, 6, 0), (7, 10, 8)]


def test_a_two_point_scale_merges_into_one_bin():
    found = d.distribution(answers_of({1: 3, 2: 10}), [1, 2], 5)
    assert bins_of(found) == [(1, 2, 13)]


def test_bins_are_labelled_with_the_scale_words_when_given():
    labels = dict(zip(FIVE, ["SD", "D", "N", "A", "SA"], strict=True))
    found = d.distribution(answers_of({1: 2, 2: 3, 3: 10, 4: 12, 5: 1}), FIVE, 5, labels=labels)
    assert found.bins["label"].tolist() == ["SD – D", "N", "A – SA"]


def test_a_distribution_of_fewer_than_k_people_is_hidden_and_of_nobody_no_data():
    hidden = d.distribution(answers_of({4: 4}), FIVE, 5)
    assert hidden.status == "hidden"
    assert hidden.bins.empty
    assert all(math.isnan(v) for v in hidden.cell_counts(FIVE).values())
    assert math.isnan(hidden.share([4, 5], FIVE))
    assert d.distribution(answers_of({}), FIVE, 5).status == "no data"


def test_cells_are_measured_in_people_not_answers():
    # Two people each give "1" on three items: 6 answers, 2 people; 10 people give "4".
    rows = [(p, 1) for p in (0, 1) for _ in range(3)] + [(p, 4) for p in range(2, 12)]
    found = d.distribution(pd.DataFrame(rows, columns=["respondent_id", "value"]), FIVE, 5)
    # [1] of 2 people merges in: [1-2], [1-3], [1-4] (12 people, 16 answers).
    assert bins_of(found) == [(1, 4, 16), (5, 5, 0)]


def scored_rows(items: dict[str, dict[int, list[int]]]) -> pd.DataFrame:
    """item -> scored value -> people: the scored answers frame of one dimension."""
    return pd.DataFrame(
        [
            (person, item, value)
            for item, cells in items.items()
            for value, people in cells.items()
            for person in people
        ],
        columns=["respondent_id", "item_id", "value"],
    )


def test_a_hidden_item_cannot_be_recovered_from_the_dimension_distribution():
    # Issue case 3 with answers: 10 people answer i1 ("4") and i2 ("2" for 0-4, "4" for 5-9);
    # people 0-2 answer i3 with "1". i3 and i1 are hidden (rule 2). The dimension's "1" cell
    # has 3 people and its hidden-item remainder too, so it merges: [1-2] has 3 remainder
    # people, [1-3] too, [1-4] 10 (i1's ten and i3's three overlap).
    rows = scored_rows(
        {
            "i1": {4: list(range(10))},
            "i2": {2: list(range(5)), 4: list(range(5, 10))},
            "i3": {1: [0, 1, 2]},
        }
    )
    found = d.dimension_distributions(rows, ["i1", "i2", "i3"], FIVE, 5)
    assert status_of(found.items, "item_id") == {"i1": "hidden", "i2": "shown", "i3": "hidden"}
    assert found.item_bins["i1"].status == "hidden"
    assert found.item_bins["i1"].bins.empty
    assert bins_of(found.item_bins["i2"]) == [(1, 1, 0), (2, 2, 5), (3, 3, 0), (4, 4, 5), (5, 5, 0)]
    assert bins_of(found.dimension) == [(1, 4, 23), (5, 5, 0)]


def test_the_dimension_is_never_finer_than_an_item_that_had_to_merge():
    # x: people 0-1 "1", 2-9 "3" -> x publishes [1-3] only. y: 0-4 "1", 5-9 "2". On its own the
    # dimension could show "1" (5 people: x's 0-1 and y's 0-4), but "1" minus y's "1" would be
    # x's two people; so the dimension may only break where x breaks.
    rows = scored_rows(
        {"x": {1: [0, 1], 3: list(range(2, 10))}, "y": {1: list(range(5)), 2: list(range(5, 10))}}
    )
    found = d.dimension_distributions(rows, ["x", "y"], FIVE, 5)
    assert bins_of(found.item_bins["x"]) == [(1, 3, 10), (4, 4, 0), (5, 5, 0)]
    assert bins_of(found.dimension) == [(1, 3, 20), (4, 4, 0), (5, 5, 0)]


def test_a_reverse_item_publishes_answers_as_given_and_constrains_the_dimension_turned_round():
    # As above with x a reverse item: scored 1 is ticked "5", scored 3 is ticked "3".
    rows = scored_rows(
        {"x": {1: [0, 1], 3: list(range(2, 10))}, "y": {1: list(range(5)), 2: list(range(5, 10))}}
    )
    found = d.dimension_distributions(rows, ["x", "y"], FIVE, 5, reverse={"x"})
    assert bins_of(found.item_bins["x"]) == [(1, 1, 0), (2, 2, 0), (3, 5, 10)]
    assert bins_of(found.dimension) == [(1, 3, 20), (4, 4, 0), (5, 5, 0)]


def test_spread_histogram_bins_merge_to_k_respondents():
    # Half-point bins 1..5 holding 1, 0, 2, 6, 0, 3, 8, 1 respondents, k = 5; merged by hand:
    # [1-1.5] into [1.5-2] (1), the top bin into [4-4.5] (9), then the low run grows to
    # [1-3] (9); [3.5-4] (3) joins [3-3.5] (0) and then the low run: [1-4] (12), [4-5] (9).
    spread = pd.DataFrame(
        {
            "start": [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5],
            "end": [1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0],
            "label": ["1–1.5", "1.5–2", "2–2.5", "2.5–3", "3–3.5", "3.5–4", "4–4.5", "4.5–5"],
            "respondents": [1, 0, 2, 6, 0, 3, 8, 1],
        }
    )
    found = d.histogram(spread, 5)
    assert found.bins[["start", "end", "label", "respondents"]].values.tolist() == [
        [1.0, 4.0, "1–4", 12],
        [4.0, 5.0, "4–5", 9],
    ]
    assert found.bins["pct"].tolist() == pytest.approx([1200 / 21, 900 / 21])
    small = d.histogram(spread.assign(respondents=[0, 0, 1, 1, 1, 0, 0, 1]), 5)
    assert small.status == "hidden"
    assert small.bins.empty


# --- rule 4: not applicable --------------------------------------------------------------------


def test_not_applicable_counts_follow_the_complement_rule():
    # i1: 3 people said N/A, i2: 6, i3: none. i1 is hidden; alone it would be the total (9)
    # minus i2, so i2 is hidden too. The dimension's 9 are published; i3's 0 is a 0.
    na = item_rows({"i1": [0, 1, 2], "i2": range(3, 9)})
    found = d.not_applicable(
        na, ["i1", "i2", "i3"], 5,
        scored={"i1": 20, "i2": 15, "i3": 12},
        item_status={"i1": "shown", "i2": "shown", "i3": "shown"},
    )  # fmt: skip
    items = found.items.set_index("item_id")
    assert items["na_status"].tolist() == ["hidden", "hidden", "no data"]
    assert items["not_applicable"].isna().tolist() == [True, True, False]
    assert items.loc["i3", "not_applicable"] == 0.0
    assert items.loc["i3", "na_pct"] == 0.0
    assert items[["na_pct"]].iloc[:2].isna().all().all()
    assert (found.total, found.status) == (9.0, "shown")


def test_a_share_of_all_answers_needs_both_counts_published():
    # i1: 5 N/A beside 12 scored answers: 5 / 17. i2: 6 N/A but its scored answers are hidden
    # (kept back by rule 2): its count stands, the share would give the hidden n away.
    na = item_rows({"i1": range(5), "i2": range(5, 11)})
    found = d.not_applicable(
        na, ["i1", "i2"], 5,
        scored={"i1": 12, "i2": 9},
        item_status={"i1": "shown", "i2": "hidden"},
    )  # fmt: skip
    items = found.items.set_index("item_id")
    assert items.loc["i1", "na_pct"] == pytest.approx(500 / 17)
    assert items.loc["i2", "not_applicable"] == 6.0
    assert math.isnan(items.loc["i2", "na_pct"])


def test_three_not_applicable_answers_alone_are_hidden():
    # Issue case 4: "Not applicable: 3" on an item.
    found = d.not_applicable(
        item_rows({"i1": [0, 1, 2]}), ["i1"], 5, scored={"i1": 2}, item_status={"i1": "hidden"}
    )
    assert math.isnan(found.items["not_applicable"].iloc[0])
    assert math.isnan(found.total)
    assert found.status == "hidden"


# --- rule 6: bands -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mean", "band"),
    [
        (4.0, "strength"),
        (3.9999999999999996, "strength"),  # shows as 4.00
        (3.994, "discuss"),  # shows as 3.99
        (3.0, "discuss"),
        (2.9999999999999996, "discuss"),  # shows as 3.00
        (2.994, "priority"),
        (math.nan, None),
        (None, None),
    ],
)
def test_bands_follow_the_mean_as_displayed(mean, band):
    assert d.band(mean, 4.0, 3.0) == band


def test_a_mean_of_exactly_four_from_answers_is_a_strength():
    # Two respondents scoring 11/3 and 13/3 on a dimension: the mean is 4 on paper, and just
    # under 4 in floating point.
    mean = pd.Series([11 / 3, 13 / 3]).mean()
    assert f"{mean:.2f}" == "4.00"
    assert d.band(mean, 4.0, 3.0) == "strength"
    # And every mean: the band agrees with what the page prints.
    for value in np.linspace(2.9, 4.1, 2401):
        printed = float(f"{value:.2f}")
        expected = "strength" if printed >= 4 else "priority" if printed < 3 else "discuss"
        assert d.band(value, 4.0, 3.0) == expected
    assert d.bands(pd.Series([4.0, math.nan]), 4.0, 3.0).tolist() == ["strength", None]


# --- rule 7: comments --------------------------------------------------------------------------


def respondent_groups(sizes: dict[str, int]) -> pd.Series:
    rows = groups_of(sizes)
    return pd.Series(rows["part"].to_numpy(), index=rows["respondent_id"].to_numpy())


def test_comment_groups_use_the_comment_threshold():
    # k = 5 would show A (12) and B (6); a comment threshold of 10 shows only A: B, C and
    # Not stated (11 people together) share the tag "Other groups".
    groups = respondent_groups({"A": 12, "B": 6, "C": 3, "Not stated": 2})
    decided = d.comment_groups(groups, ["A", "B", "C", "Not stated"], 10)
    assert status_of(decided, "group") == {
        "A": "shown",
        "B": "hidden",
        "C": "hidden",
        "Not stated": "hidden",
    }
    writers = pd.Series([0, 12, 18, 21])  # one writer from each group
    assert d.comment_tags(writers, groups, decided).tolist() == ["A"] + [d.OTHER_GROUPS] * 3


def test_comments_of_two_small_groups_are_not_singled_out_by_a_blank_tag():
    # Issue case 1 on the Comments page: with 2 + 2 + 26, every comment carries the same tag.
    groups = respondent_groups({"<1y": 2, "1-3y": 2, ">3y": 26})
    decided = d.comment_groups(groups, ["<1y", "1-3y", ">3y"], 5)
    tags = d.comment_tags(pd.Series([0, 2, 10, 29]), groups, decided)
    assert tags.tolist() == [d.OTHER_GROUPS] * 4


def test_the_comment_threshold_is_never_below_k():
    assert d.comment_threshold(None, 5) == 5
    assert d.comment_threshold(8, 5) == 8
    assert d.comment_threshold(6, 7) == 7  # k raised after the threshold was set
    assert d.check_comment_min_size(5, 5) == 5
    with pytest.raises(
        CareNetError, match=r"cannot be below the network's minimum group size \(5\)"
    ):
        d.check_comment_min_size(4, 5)


# --- the attacker ------------------------------------------------------------------------------

ATTACK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def small(n: int, k: int) -> bool:
    return 0 < n < k


@st.composite
def group_sizes(draw) -> tuple[dict[str, int], int]:
    k = draw(st.integers(3, 7))
    names = ["A", "B", "C", "D", "E"][: draw(st.integers(1, 5))]
    sizes = {name: draw(st.integers(0, 12)) for name in names}
    if draw(st.booleans()):
        sizes["Not stated"] = draw(st.integers(0, 4))
    return sizes, k


@ATTACK
@given(group_sizes())
def test_attacker_subtracting_published_groups_from_the_total_learns_nothing_small(case):
    sizes, k = case
    order = list(sizes)
    found = d.complement(groups_of(sizes), order, k)
    decided = status_of(found)
    total = sum(sizes.values())
    published_n = dict(zip(found["part"], found["n"], strict=True))
    for group, size in sizes.items():
        if decided[group] == "shown":
            assert size >= k
            assert published_n[group] == size
        else:
            assert math.isnan(published_n[group])
        if total >= k and size == 0:
            assert decided[group] == "no data"
        if total >= k and small(size, k):
            assert decided[group] == "hidden"
    if total < k:
        assert all(s != "shown" for s in decided.values())
        return
    shown = [g for g in order if decided[g] == "shown"]
    # Total minus any union of published groups: the people of the groups left over.
    for count in range(len(shown) + 1):
        for taken in itertools.combinations(shown, count):
            left = total - sum(sizes[g] for g in taken)
            assert not small(left, k), (taken, left)


@st.composite
def dimension_answers(draw) -> tuple[pd.DataFrame, list[str], list, int, set[str]]:
    """A dimension of 1..5 items answered by some of up to 18 people (the rest skip it),
    on a few values of the scale, as real answers bunch, so that small cells are common."""
    k = draw(st.integers(3, 7))
    scale = draw(st.sampled_from(SCALES))
    items = [f"i{i}" for i in range(draw(st.integers(1, 5)))]
    people = draw(st.integers(0, 18))
    palette = draw(st.lists(st.sampled_from(scale), min_size=1, max_size=3, unique=True))
    rows = []
    for item in items:
        answering = (
            draw(st.lists(st.integers(0, max(people - 1, 0)), unique=True)) if people else []
        )
        rows += [(person, item, draw(st.sampled_from(palette))) for person in answering]
    frame = pd.DataFrame(rows, columns=["respondent_id", "item_id", "value"])
    reverse = set(draw(st.lists(st.sampled_from(items), max_size=2)))
    return frame, items, scale, k, reverse


def people_in(rows: pd.DataFrame) -> int:
    return int(rows["respondent_id"].nunique())


@ATTACK
@given(dimension_answers())
def test_attacker_subtracting_published_items_from_the_dimension_learns_nothing_small(case):
    rows, items, _scale, k, _reverse = case
    found = d.complement(rows, items, k, part="item_id")
    decided = status_of(found, "item_id")
    if people_in(rows) < k:
        assert "shown" not in decided.values()
        return
    shown = [i for i in items if decided[i] == "shown"]
    for item in items:
        if small(people_in(rows[rows["item_id"] == item]), k):
            assert decided[item] == "hidden"
    # The dimension's answers minus any published items' answers are the other items' answers.
    for count in range(len(shown) + 1):
        for taken in itertools.combinations(shown, count):
            left = rows[~rows["item_id"].isin(taken)]
            assert not small(people_in(left), k), (taken, people_in(left))


def check_partition(found: d.Distribution, scale: list) -> list[tuple[int, int]]:
    """The bins cover the scale in order, each value once; returns them as positions."""
    cells = [
        (scale.index(lo), scale.index(hi))
        for lo, hi in zip(found.bins["low"], found.bins["high"], strict=True)
    ]
    assert cells[0][0] == 0
    assert cells[-1][1] == len(scale) - 1
    for (_, last), (first, _) in itertools.pairwise(cells):
        assert first == last + 1
    return cells


def in_cells(rows: pd.DataFrame, scale: list, cells: list[tuple[int, int]]) -> pd.DataFrame:
    wanted = {scale[p] for first, last in cells for p in range(first, last + 1)}
    return rows[rows["value"].isin(wanted)]


@ATTACK
@given(dimension_answers())
def test_attacker_working_on_distributions_learns_nothing_small(case):
    rows, items, scale, k, reverse = case
    found = d.dimension_distributions(rows, items, scale, k, reverse=reverse)
    decided = status_of(found.items, "item_id")
    size = len(scale)
    # Each item's bins, as positions on the scored scale (a reverse item's turned round).
    scored_cells: dict[str, list[tuple[int, int]]] = {}
    for item in items:
        given_ = found.item_bins[item]
        mine = rows[rows["item_id"] == item]
        if decided[item] != "shown":
            assert given_.status == decided[item]
            assert given_.bins.empty
            continue
        cells = check_partition(given_, scale)
        as_given = (
            mine.assign(value=[scale[size - 1 - scale.index(v)] for v in mine["value"]])
            if item in reverse
            else mine
        )
        for (first, last), count in zip(cells, given_.bins["count"], strict=True):
            inside = in_cells(as_given, scale, [(first, last)])
            assert count == len(inside)
            assert not small(people_in(inside), k)
        scored_cells[item] = (
            sorted((size - 1 - last, size - 1 - first) for first, last in cells)
            if item in reverse
            else cells
        )
    dimension = found.dimension
    if people_in(rows) < k:
        assert dimension.status != "shown"
        return
    assert dimension.status == "shown"
    dimension_cells = check_partition(dimension, scale)
    assert sum(dimension.bins["count"]) == len(rows)
    for cell, count in zip(dimension_cells, dimension.bins["count"], strict=True):
        inside = in_cells(rows, scale, [cell])
        assert count == len(inside)
        assert not small(people_in(inside), k)
    # The attacker takes any union U of dimension bins, and subtracts every published item
    # whose own bins U is a union of (any choice of them): what is left is the answers in U of
    # the other items, and must come from 0 or >= k people.
    choices = (
        [
            c
            for n in range(1, len(dimension_cells) + 1)
            for c in itertools.combinations(dimension_cells, n)
        ]
        if len(dimension_cells) <= 6
        else [
            dimension_cells[a : b + 1]
            for a in range(len(dimension_cells))
            for b in range(a, len(dimension_cells))
        ]
    )
    for union in choices:
        covered = {p for first, last in union for p in range(first, last + 1)}
        usable = [
            item
            for item, cells in scored_cells.items()
            if all(
                set(range(f, t + 1)) <= covered or not set(range(f, t + 1)) & covered
                for f, t in cells
            )
        ]
        in_union = in_cells(rows, scale, list(union))
        for count in range(len(usable) + 1):
            for taken in itertools.combinations(usable, count):
                left = in_union[~in_union["item_id"].isin(taken)]
                assert not small(people_in(left), k), (union, taken)
    # Shares are published only as unions of bins, and then they are right.
    for values in (scale[:2], scale[-2:], scale[2:-2]):
        share = dimension.share(values, scale)
        if not math.isnan(share):
            assert share == pytest.approx(100 * rows["value"].isin(values).sum() / len(rows))


@ATTACK
@given(st.lists(st.integers(0, 9), min_size=1, max_size=11), st.integers(3, 7))
def test_histogram_bins_always_partition_the_respondents(counts, k):
    spread = pd.DataFrame(
        {
            "start": [float(i) for i in range(len(counts))],
            "end": [float(i + 1) for i in range(len(counts))],
            "label": [str(i) for i in range(len(counts))],
            "respondents": counts,
        }
    )
    found = d.histogram(spread, k)
    total = sum(counts)
    if total < k:
        assert found.status == ("no data" if total == 0 else "hidden")
        assert found.bins.empty
        return
    bins = found.bins
    assert bins["start"].iloc[0] == 0.0
    assert bins["end"].iloc[-1] == float(len(counts))
    assert (bins["start"].iloc[1:].to_numpy() == bins["end"].iloc[:-1].to_numpy()).all()
    for start, end, respondents in zip(
        bins["start"], bins["end"], bins["respondents"], strict=True
    ):
        assert respondents == sum(counts[int(start) : int(end)])
        assert not small(respondents, k)


@ATTACK
@given(group_sizes(), st.integers(0, 5))
def test_attacker_reading_comment_tags_finds_no_small_group(case, extra):
    sizes, k = case
    comment_k = k + extra
    groups = respondent_groups(sizes)
    decided = d.comment_groups(groups, list(sizes), comment_k)
    tags = d.comment_tags(pd.Series(groups.index), groups, decided)
    shown = set(decided.loc[decided["status"] == "shown", "group"])
    assert set(tags) <= shown | {d.OTHER_GROUPS}
    # Each tag covers its writers' whole group: a named group, or all the others together
    # (the whole round when no group can be named, which is no group at all).
    for group in shown:
        assert sizes[group] >= comment_k
    others = sum(size for group, size in sizes.items() if group not in shown)
    assert others == 0 or others >= comment_k or not shown


def _worked_out(published: np.ndarray, cells: np.ndarray) -> bool:
    """Whether a set's count follows from the published counts: the set's vector solves
    published.T @ y = x exactly (least squares leaves no residual)."""
    solution = np.linalg.lstsq(published.T, cells, rcond=None)[0]
    return bool(np.abs(published.T @ solution - cells).max() < 1e-7)


@st.composite
def published_cells(draw):
    width = draw(st.integers(2, 9))
    sizes = np.array(draw(st.lists(st.integers(1, 7), min_size=width, max_size=width)))
    rows = draw(
        st.lists(
            st.lists(st.integers(0, 1), min_size=width, max_size=width), min_size=0, max_size=5
        )
    )
    published = np.array([[1] * width, *rows], dtype="float64")  # the total is always out
    return published, sizes, draw(st.integers(2, 6))


@settings(max_examples=300, deadline=None)
@given(published_cells())
def test_a_small_set_is_found_exactly_when_one_can_be_worked_out(case):
    published, sizes, k = case
    # Every set of cells, tried one by one: the independent answer.
    exists = any(
        1 <= sizes[list(chosen)].sum() < k
        and _worked_out(published, np.isin(np.arange(len(sizes)), chosen).astype("float64"))
        for count in range(1, len(sizes) + 1)
        for chosen in itertools.combinations(range(len(sizes)), count)
    )
    found = d.small_derivable(published, sizes, k)
    assert (found is not None) == exists
    if found is not None:
        assert set(found.tolist()) <= {0.0, 1.0}
        assert 1 <= found @ sizes < k
        assert _worked_out(published, found)
