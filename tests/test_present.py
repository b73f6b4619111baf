"""Figures into words and tables, against values worked out by hand."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from carenet_dash import disclosure, present, scoring


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
        "Since 2026 Q2: +0.29 (likely range +0.05 to +0.53) · ↑ clear rise · n 74 → 91"
    )
    hidden = card_row(change=math.nan, verdict=None, change_status=disclosure.HIDDEN)
    assert present.change_since("2026 Q2", hidden) == "Since 2026 Q2: fewer than 5 responses"
    assert present.change_since("2026 Q2", hidden, 7) == "Since 2026 Q2: fewer than 7 responses"
    empty = card_row(change=math.nan, verdict=None, change_status=disclosure.NO_DATA)
    assert present.change_since("2026 Q2", empty) == "Since 2026 Q2: no data in one of the rounds"
    unasked = card_row(change=math.nan, verdict=None)
    assert present.change_since("2026 Q2", unasked) == "Since 2026 Q2: not asked in both rounds"
    assert present.change_since(None, card_row()).startswith("The network's first round")


def test_answer_distribution_table_names_each_published_bin():
    # Answers 1: 2, 2: 3, 3: 10, 4: 12, 5: 1 with k = 5, as disclosure publishes them.
    bins = [
        {"label": "Strongly disagree – Disagree", "count": 5, "pct": 500 / 28},
        {"label": "Neither agree nor disagree", "count": 10, "pct": 1000 / 28},
        {"label": "Agree – Strongly agree", "count": 13, "pct": 1300 / 28},
    ]
    table = present.answer_distribution_table({"bins": bins})
    assert list(table["Answer"]) == [b["label"] for b in bins]
    assert list(table["Answers"]) == ["5", "10", "13"]
    assert list(table["Share"]) == ["18%", "36%", "46%"]


def test_a_comparison_side_is_worded_by_its_own_status():
    assert present.side(12.0, disclosure.SHOWN, 5, False) == "12"
    assert present.side(3.456, disclosure.SHOWN, 5, True) == "3.46"
    assert present.side(math.nan, disclosure.HIDDEN, 5, True) == "fewer than 5 responses"
    assert present.side(math.nan, disclosure.NO_DATA, 5, False) == "no data"
    assert present.side(math.nan, None, 5, False) == "–"  # no comparison at all


def test_figure_table_words_what_is_not_shown():
    rows = pd.DataFrame(
        {
            "network": ["N", "N"],
            "group": ["A", "B"],
            "n": [12.0, math.nan],
            "mean": [3.456, math.nan],
            "status": [disclosure.SHOWN, disclosure.HIDDEN],
        }
    )
    table = present.figure_table(rows, 5, {"n": "status", "mean": "status"})
    assert table.to_dict("records") == [
        {"network": "N", "group": "A", "n": "12", "mean": "3.46"},
        {"network": "N", "group": "B", "n": "fewer than 5 responses",
         "mean": "fewer than 5 responses"},
    ]  # fmt: skip


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


def test_a_round_below_the_minimum_reads_fewer_than_n_in_the_rounds_table():
    rounds = pd.DataFrame(
        {
            "round": ["2026 Q1", "2026 Q2"],
            "fielded_on": [dt.date(2026, 2, 15), None],
            "respondents": [86.0, math.nan],
            "invited": [130.0, math.nan],
            "instrument": ["network-health v1", "network-health v1"],
            "source": ["q1.csv", None],
        }
    )
    table = present.rounds_table(rounds, 5)
    assert table.to_dict("records") == [
        {"Round": "2026 Q1", "Fielded": "2026-02-15", "Responses": "86", "Invited": "130",
         "Instrument": "network-health v1", "Source file": "q1.csv"},
        {"Round": "2026 Q2", "Fielded": "", "Responses": "fewer than 5 responses",
         "Invited": "", "Instrument": "network-health v1", "Source file": ""},
    ]  # fmt: skip


def test_a_response_count_or_the_hidden_text():
    assert present.responses(71, 5) == "71"
    assert present.responses(None, 5) == "fewer than 5 responses"
    assert present.responses(None, 7) == "fewer than 7 responses"


def test_a_statement_is_cut_for_an_axis_and_a_reverse_one_marked():
    items = pd.DataFrame({"text": ["Short one.", "x" * 80], "reverse": [True, False]})
    labels = present.labelled_items(items)["label"].tolist()
    assert labels == ["⇄ Short one.", "x" * 69 + "…"]
