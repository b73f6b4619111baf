"""Workshop figures: the matrix beside the survey (suppressed), its movement, and actions."""

from __future__ import annotations

import copy
import datetime as dt
import math

import pandas as pd
import pytest

from carenet_dash import analysis, charts, present, scoring, suppression
from carenet_dash.instrument import parse_instrument
from carenet_dash.store import queries, workshop_queries, workshop_writes, writes
from carenet_dash.store.workshop_writes import MatrixEntry
from tests.conftest import HAND_ANSWERS, MINI, make_responses

LEVELS_A = [f"A is at level {i}." for i in range(1, 6)]


@pytest.fixture
def leveled():
    data = copy.deepcopy(MINI)
    data["dimensions"][0]["levels"] = LEVELS_A
    data["maturity"] = {"level_names": ["One", "Two", "Three", "Four", "Five"]}
    return parse_instrument(data)


def import_round(engine, instrument, label, fielded_on, answers=HAND_ANSWERS) -> int:
    meta = writes.RoundMeta(network="Test network", label=label, fielded_on=fielded_on)
    return writes.import_round(engine, meta, instrument, make_responses(answers))


def session(engine, network_id, session_id):
    return next(
        s for s in workshop_queries.matrix_sessions(engine, network_id) if s.id == session_id
    )


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
    assert hidden.loc["a", "status"] == suppression.HIDDEN
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
    assert in_january.loc[0, "status"] == suppression.NO_DATA
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


def test_previous_actions_are_last_rounds_and_older_ones_still_open(store, mini):
    rounds = [
        import_round(store, mini, f"2026 Q{q}", dt.date(2026, 3 * q - 1, 15)) for q in (1, 2, 3)
    ]
    q1, q2, q3 = rounds
    workshop_writes.record_action(store, q1, "Old and open", dimension_id="a", status="in progress")
    workshop_writes.record_action(store, q1, "Old and done", dimension_id="a", status="done")
    workshop_writes.record_action(store, q2, "Last time, done", dimension_id="b", status="done")
    workshop_writes.record_action(store, q2, "Last time, network-wide")
    workshop_writes.record_action(store, q3, "This time")

    previous = analysis.previous_actions(store, q3)
    assert previous[["what", "dimension", "round", "status", "carried"]].values.tolist() == [
        ["Last time, network-wide", "Network-wide", "2026 Q2", "open", False],
        ["Old and open", "Dimension A", "2026 Q1", "in_progress", True],
        ["Last time, done", "Dimension B", "2026 Q2", "done", False],
    ]
    assert analysis.previous_actions(store, q1).empty
    assert list(analysis.round_actions(store, q3)["what"]) == ["This time"]


def test_open_actions_soonest_due_first_and_the_actions_table(store, mini):
    round_id = import_round(store, mini, "2026 Q1", dt.date(2026, 2, 15))
    network_id = queries.round_by_id(store, round_id).network_id
    workshop_writes.record_action(store, round_id, "No date")
    workshop_writes.record_action(store, round_id, "Later", due_on=dt.date(2026, 9, 1), owner="ICB")
    workshop_writes.record_action(
        store, round_id, "Sooner", due_on=dt.date(2026, 4, 1), status="in progress"
    )
    workshop_writes.record_action(
        store, round_id, "Finished", due_on=dt.date(2026, 3, 1), status="done"
    )
    found = analysis.open_actions(store, network_id)
    assert list(found["what"]) == ["Sooner", "Later", "No date"]
    table = present.actions_table(found, with_round=True)
    assert table.loc[0].to_dict() == {
        "Dimension": "Network-wide", "Action": "Sooner", "Owner": "–", "Due": "01 Apr 2026",
        "Status": "→ In progress", "Agreed at": "2026 Q1",
    }  # fmt: skip
    assert table.loc[2, "Due"] == "–"


def records_of(chart) -> list[dict]:
    return [row for rows in chart.to_dict()["datasets"].values() for row in rows]


def test_matrix_charts_carry_the_levels_and_no_hidden_mean(store, leveled):
    round_id = import_round(store, leveled, "2026 Q1", dt.date(2026, 2, 15))
    network_id = queries.round_by_id(store, round_id).network_id
    session_id = workshop_writes.record_matrix_session(
        store, network_id, dt.date(2026, 3, 1), [MatrixEntry("a", 4, 5), MatrixEntry("b", 2, 4)],
        round_id=round_id,
    )  # fmt: skip
    summary = analysis.matrix_summary(store, session(store, network_id, session_id), 3)
    chart = charts.matrix_levels(summary, leveled.maturity.level_names, leveled.bands, 3)
    records = records_of(chart)
    for row in records:
        if row.get("dimension") == "Dimension A" and "mean" in row:
            assert row["mean"] is None
            assert row["n"] is None
    assert any(row.get("label") == "fewer than 3 responses" for row in records)
    assert any(row.get("label") == "3.67 (n=3)" for row in records)
    points = {(r["dimension"], r["which"], r["level"]) for r in records if "which" in r}
    assert points == {
        ("Dimension A", "Now", 4), ("Dimension A", "Target", 5),
        ("Dimension B", "Now", 2), ("Dimension B", "Target", 4),
    }  # fmt: skip
    movement = charts.matrix_movement(
        analysis.matrix_movement(store, network_id), leveled.maturity.level_names
    )
    assert {(r["session"], r["which"], r["level"]) for r in records_of(movement)} >= {
        ("01 Mar 2026", "Now", 4), ("01 Mar 2026", "Target", 4)
    }  # fmt: skip


def test_change_chart_says_hidden_in_words_and_distribution_counts_answers(store, mini):
    import_round(store, mini, "2026 Q1", dt.date(2026, 2, 15))
    later = import_round(store, mini, "2026 Q2", dt.date(2026, 5, 15))
    card = analysis.scorecard(store, later, min_size=3)
    records = records_of(charts.change_intervals(card, 3))
    assert [r["label"] for r in records if r.get("dimension") == "Dimension A"] == [
        "fewer than 3 responses"
    ]
    # B is identical in both rounds: change 0.00, within noise.
    b = [r for r in records if r.get("dimension") == "Dimension B" and "change" in r]
    assert b
    assert all(r["change"] == 0 and r["verdict"] == scoring.WITHIN_NOISE for r in b)
    row = card.set_index("dimension_id").loc["b"]
    bars = records_of(charts.answer_distribution(row))
    # B's scored answers in HAND_ANSWERS: 3, 2, 4, 5 (the not-applicable one is not scored).
    assert [(r["score"], r["answers"]) for r in bars[:5]] == [
        ("1", 0), ("2", 1), ("3", 1), ("4", 1), ("5", 1)
    ]  # fmt: skip
    assert bars[1]["label"] == "1 (25%)"
