"""The maturity matrix beside the survey (suppressed), and its movement session by session."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from carenet_dash import analysis, disclosure, present
from carenet_dash.store import queries, workshop_writes
from carenet_dash.store.workshop_writes import MatrixEntry
from tests.conftest import HAND_ANSWERS, LEVELS_A, import_round, session


def test_matrix_summary_puts_biggest_gaps_first_beside_suppressed_survey_means(store, leveled):
    round_id = import_round(store, leveled, "2026 Q1", dt.date(2026, 2, 15))
    network_id = queries.round_by_id(store, round_id).network_id
    session_id = workshop_writes.record_matrix_session(
        store, network_id, dt.date(2026, 3, 1),
        [MatrixEntry("a", 4, 5, "Chairs rotate now"), MatrixEntry("b", 2, 4)],
        round_id=round_id,
    )  # fmt: skip
    held = session(store, network_id, session_id)

    # Minimum 2: both means shown. A's mean is 17/6 = 2.83 (n=2), B's 11/3 = 3.67 (n=3).
    summary = analysis.matrix_summary(store, held, min_size=2)
    assert list(summary["dimension_id"]) == ["b", "a"]  # gap 2 before gap 1
    b, a = summary.iloc[0], summary.iloc[1]
    assert (b["current"], b["target"], b["gap"], b["current_name"], b["target_name"]) == (
        2, 4, 2, "Two", "Four",
    )  # fmt: skip
    assert (a["current_descriptor"], a["target_descriptor"]) == (LEVELS_A[3], LEVELS_A[4])
    assert b["current_descriptor"] == ""  # B has no descriptors: older instruments stay valid
    assert a["note"] == "Chairs rotate now"
    assert pd.isna(b["note"])
    assert a["mean"] == pytest.approx(17 / 6)
    assert b["mean"] == pytest.approx(11 / 3)
    assert (a["n"], b["n"]) == (2, 3)
    # 3.67 is 1.67 above B's agreed level 2; 2.83 is 1.17 below A's level 4.
    assert b["views"] == analysis.MEMBERS_HIGHER
    assert a["views"] == analysis.MEMBERS_LOWER
    assert set(summary["survey_round"]) == {"2026 Q1"}

    # Minimum 3: A's two respondents are hidden, and so is any comparison with them.
    hidden = analysis.matrix_summary(store, held, min_size=3).set_index("dimension_id")
    assert hidden.loc["a", "status"] == disclosure.HIDDEN
    assert math.isnan(hidden.loc["a", "mean"])
    assert math.isnan(hidden.loc["a", "n"])
    assert pd.isna(hidden.loc["a", "views"])
    assert hidden.loc["b", "mean"] == pytest.approx(11 / 3)

    table = present.matrix_table(hidden.reset_index(), leveled.maturity.level_names, 3)
    assert table.loc[1, "Survey mean"] == "fewer than 3 responses"
    assert table.loc[1, "n"] == "fewer than 3 responses"
    assert table.loc[0, "Now"] == "2 · Two"
    assert table.loc[0, "Gap"] == "+2"
    assert table.loc[0, "Members vs group"] == "↑ members' answers higher"


def test_a_session_without_a_round_sits_beside_the_latest_round_fielded_before_it(store, leveled):
    first = import_round(store, leveled, "2026 Q1", dt.date(2026, 2, 15))
    import_round(store, leveled, "2026 Q2", dt.date(2026, 5, 15), HAND_ANSWERS[:5])
    network_id = queries.round_by_id(store, first).network_id
    levels = [MatrixEntry("b", 3, 3)]
    april = workshop_writes.record_matrix_session(
        store, network_id, dt.date(2026, 4, 1), levels, instrument=leveled
    )
    january = workshop_writes.record_matrix_session(
        store, network_id, dt.date(2026, 1, 1), levels, instrument=leveled
    )
    in_april = analysis.matrix_summary(store, session(store, network_id, april), 2)
    assert (in_april.loc[0, "survey_round"], in_april.loc[0, "n"]) == ("2026 Q1", 3)
    assert in_april.loc[0, "views"] == analysis.IN_LINE  # 3.67 is within a step of 3
    in_january = analysis.matrix_summary(store, session(store, network_id, january), 2)
    assert pd.isna(in_january.loc[0, "survey_round"])
    assert in_january.loc[0, "status"] == disclosure.NO_DATA
    assert pd.isna(in_january.loc[0, "views"])


def test_matrix_movement_runs_session_by_session_in_dimension_order(store, leveled):
    round_id = import_round(store, leveled, "2026 Q1", dt.date(2026, 2, 15))
    network_id = queries.round_by_id(store, round_id).network_id
    # Entered out of date order: the movement follows the dates held.
    workshop_writes.record_matrix_session(
        store, network_id, dt.date(2026, 9, 1), [MatrixEntry("b", 3, 4), MatrixEntry("a", 2, 4)],
        round_id=round_id,
    )  # fmt: skip
    workshop_writes.record_matrix_session(
        store, network_id, dt.date(2026, 3, 1), [MatrixEntry("a", 1, 3), MatrixEntry("b", 2, 4)],
        round_id=round_id,
    )  # fmt: skip
    movement = analysis.matrix_movement(store, network_id)
    assert movement[["dimension_id", "session", "current", "target"]].values.tolist() == [
        ["a", "01 Mar 2026", 1, 3],
        ["a", "01 Sep 2026", 2, 4],
        ["b", "01 Mar 2026", 2, 4],
        ["b", "01 Sep 2026", 3, 4],
    ]
    assert list(movement["dimension"].unique()) == ["Dimension A", "Dimension B"]
    assert analysis.matrix_movement(store, network_id + 1).empty
