"""Actions followed through: overdue on the day given, progress per network, and "did it
move?" for an action on a dimension, from the round it was agreed (worked by hand)."""

from __future__ import annotations

import datetime as dt

from carenet_dash import analysis
from carenet_dash.analysis import follow_up
from carenet_dash.present import follow_up as words
from carenet_dash.present import workshop as tables
from carenet_dash.store import queries, workshop_writes
from tests.analysis.test_story import answers, three_rounds

DAY = dt.date(2026, 11, 30)


def test_overdue_is_open_or_in_progress_past_its_due_date():
    assert follow_up.overdue(dt.date(2026, 5, 31), "open", DAY)
    assert follow_up.overdue(dt.date(2026, 11, 29), "in_progress", DAY)
    assert not follow_up.overdue(DAY, "open", DAY)  # due today is not late yet
    assert not follow_up.overdue(dt.date(2026, 5, 31), "done", DAY)
    assert not follow_up.overdue(dt.date(2026, 5, 31), "dropped", DAY)
    assert not follow_up.overdue(None, "open", DAY)


def agreed(store, mini):
    latest = three_rounds(store, mini)  # B: 5 in Q1, 2 in Q2, 3 in Q3 (eight people each)
    rounds = {
        r.label: r.id for r in queries.rounds(store, queries.round_by_id(store, latest).network_id)
    }
    record = workshop_writes.record_action
    record(store, rounds["2026 Q1"], "Fix B", due_on=dt.date(2026, 3, 1), dimension_id="b")
    record(store, rounds["2026 Q2"], "Help B", due_on=dt.date(2026, 12, 31), dimension_id="b",
           status="in_progress")  # fmt: skip
    record(store, rounds["2026 Q2"], "Thank everyone", status="done")
    record(store, rounds["2026 Q2"], "Drop it", due_on=dt.date(2026, 1, 1), status="dropped")
    return latest


def test_progress_counts_done_open_overdue_and_dropped(store, mini):
    latest = agreed(store, mini)
    network_id = queries.round_by_id(store, latest).network_id
    found = follow_up.progress(store, network_id, DAY)
    assert (found.done, found.open, found.overdue, found.dropped) == (1, 1, 1, 1)
    assert words.progress_text(found) == "1 done · 1 open · 1 overdue · 1 dropped, of 4 agreed"
    # A year earlier nothing was late.
    assert follow_up.progress(store, network_id, dt.date(2025, 11, 30)).overdue == 0


def test_did_it_move_since_the_round_each_action_was_agreed(store, mini):
    latest = agreed(store, mini)
    before = follow_up.with_overdue(analysis.previous_actions(store, latest), DAY)
    moved = follow_up.with_movement(before, follow_up.dimension_movement(store, latest, 5))
    rows = moved.set_index("what")
    # B: 5.00 in Q1 -> 3.00 now is -2.00; 2.00 in Q2 -> 3.00 is +1.00 (no spread: both clear).
    assert (rows.loc["Fix B", "moved_change"], rows.loc["Fix B", "moved_verdict"]) == (
        -2.0,
        "clear fall",
    )
    assert (rows.loc["Help B", "moved_change"], rows.loc["Help B", "moved_verdict"]) == (
        1.0,
        "clear rise",
    )
    assert not rows.loc["Thank everyone", "moved"]  # network-wide: nothing to move
    table = tables.actions_table(moved, with_round=True, min_size=5).set_index("Action")
    assert table.loc["Fix B", "Status"] == "○ Open · ⚠ overdue"
    assert table.loc["Fix B", "Due"] == "01 Mar 2026 (⚠ overdue)"
    assert table.loc["Fix B", "Did it move?"] == "\u22122.00 since 2026 Q1 · ↓ clear fall (n 8 → 8)"
    assert table.loc["Help B", "Status"] == "→ In progress"
    assert table.loc["Thank everyone", "Did it move?"] == "–"


def test_a_hidden_side_says_so_instead_of_a_change(store, mini):
    from tests.analysis.conftest import _round

    first = _round(store, mini, "2026 Q1", answers(3, 5, people={1: "X", 2: "X", 3: "X"}))
    workshop_writes.record_action(store, first, "Fix B", dimension_id="b")
    latest = _round(store, mini, "2026 Q2", answers(3, 2))
    moved = follow_up.with_movement(
        analysis.previous_actions(store, latest), follow_up.dimension_movement(store, latest, 5)
    )
    row = next(moved.itertuples())
    assert row.moved_status == "hidden"
    assert not row.moved
    assert words.moved_text(row, 5) == "fewer than 5 responses since 2026 Q1"
