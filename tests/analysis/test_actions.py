"""Agreed actions: what we agreed last time, and those still open, soonest due first."""

from __future__ import annotations

import datetime as dt

from carenet_dash import analysis, present
from carenet_dash.store import queries, workshop_writes
from tests.conftest import import_round


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
