"""Edits that notice each other: actions, notes and matrix sessions carry a version, and a
write based on an out-of-date version is refused, writing nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from carenet_dash.errors import ChangedElsewhere, NotFound
from carenet_dash.store import queries, workshop_queries, workshop_writes, writes
from carenet_dash.store.engine import revision
from carenet_dash.store.workshop_queries import SessionStamp
from carenet_dash.store.workshop_writes import MatrixEntry
from tests.conftest import HAND_ANSWERS, make_responses

HELD = dt.date(2026, 3, 1)


@pytest.fixture
def round_id(any_store, mini) -> int:
    meta = writes.RoundMeta(network="Test network", label="2026 Q1")
    return writes.import_round(any_store, meta, mini, make_responses(HAND_ANSWERS))


def test_a_status_change_based_on_an_old_version_is_refused_and_overwrites_nothing(
    any_store, round_id
):
    action_id = workshop_writes.record_action(any_store, round_id, "Invite primary care")
    shown = workshop_queries.action_by_id(any_store, action_id)
    assert shown.version == 1
    # Two people see version 1. The first changes the status...
    workshop_writes.update_action(any_store, action_id, status="done", version=shown.version)
    first = workshop_queries.action_by_id(any_store, action_id)
    assert (first.status, first.version) == ("done", 2)
    # ...the second, still showing "open" at version 1, is refused.
    before = revision(any_store)
    with pytest.raises(ChangedElsewhere, match=r"changed by someone else .* reload"):
        workshop_writes.update_action(
            any_store, action_id, status="dropped", what="Reworded", version=shown.version
        )
    after = workshop_queries.action_by_id(any_store, action_id)
    assert (after.status, after.what, after.version) == ("done", "Invite primary care", 2)
    assert after.updated_at == first.updated_at
    assert revision(any_store) == before
    # Based on what is there now, the change goes through.
    workshop_writes.update_action(any_store, action_id, status="in progress", version=2)
    assert workshop_queries.action_by_id(any_store, action_id).status == "in_progress"


def test_every_change_moves_the_version_on_even_to_the_same_values(any_store, round_id):
    action_id = workshop_writes.record_action(any_store, round_id, "Map the referral routes")
    for expected in (2, 3, 4):
        workshop_writes.update_action(any_store, action_id, status="open", version=expected - 1)
        assert workshop_queries.action_by_id(any_store, action_id).version == expected


def test_a_delete_based_on_an_old_version_is_refused(any_store, round_id):
    network_id = queries.round_by_id(any_store, round_id).network_id
    action_id = workshop_writes.record_action(any_store, round_id, "Share the minutes")
    workshop_writes.update_action(any_store, action_id, owner="Secretariat", version=1)
    with pytest.raises(ChangedElsewhere, match="this action was changed by someone else"):
        workshop_writes.delete_action(any_store, action_id, version=1)
    assert [a.id for a in workshop_queries.actions(any_store, network_id)] == [action_id]
    workshop_writes.delete_action(any_store, action_id, version=2)
    assert workshop_queries.actions(any_store, network_id) == []
    with pytest.raises(NotFound, match=f"no action with id {action_id}; it may have been"):
        workshop_writes.delete_action(any_store, action_id, version=2)


def test_a_note_deleted_twice_is_not_found_the_second_time(any_store, round_id):
    network_id = queries.round_by_id(any_store, round_id).network_id
    note_id = workshop_writes.record_note(any_store, round_id, "Good energy")
    assert workshop_queries.notes(any_store, network_id)[0].version == 1
    with pytest.raises(ChangedElsewhere, match="this note was changed by someone else"):
        workshop_writes.delete_note(any_store, note_id, version=2)
    workshop_writes.delete_note(any_store, note_id, version=1)
    assert workshop_queries.notes(any_store, network_id) == []
    with pytest.raises(NotFound, match=f"no note with id {note_id}"):
        workshop_writes.delete_note(any_store, note_id, version=1)


def test_a_matrix_session_saved_from_an_out_of_date_form_is_refused(any_store, round_id, mini):
    network_id = queries.round_by_id(any_store, round_id).network_id
    assert workshop_queries.newest_session(any_store, network_id) is None
    # Two facilitators open the form on a network with no session yet; the first saves.
    first = workshop_writes.record_matrix_session(
        any_store, network_id, HELD, [MatrixEntry("a", 2, 4)], round_id=round_id, seen=None
    )
    assert workshop_queries.newest_session(any_store, network_id) == SessionStamp(first, 1)
    before = revision(any_store)
    with pytest.raises(ChangedElsewhere, match="maturity matrix was changed by someone else"):
        workshop_writes.record_matrix_session(
            any_store, network_id, HELD, [MatrixEntry("a", 1, 5)], round_id=round_id, seen=None
        )
    assert [s.id for s in workshop_queries.matrix_sessions(any_store, network_id)] == [first]
    assert revision(any_store) == before
    # A form showing the first session saves the next one.
    second = workshop_writes.record_matrix_session(
        any_store,
        network_id,
        HELD,
        [MatrixEntry("a", 3, 4)],
        round_id=round_id,
        seen=SessionStamp(first, 1),
    )
    # Deleting the newest session also makes a form showing it out of date.
    with pytest.raises(ChangedElsewhere, match="matrix session was changed by someone else"):
        workshop_writes.delete_matrix_session(any_store, second, version=2)
    workshop_writes.delete_matrix_session(any_store, second, version=1)
    with pytest.raises(ChangedElsewhere):
        workshop_writes.record_matrix_session(
            any_store,
            network_id,
            HELD,
            [MatrixEntry("a", 3, 4)],
            round_id=round_id,
            seen=SessionStamp(second, 1),
        )
    assert [s.id for s in workshop_queries.matrix_sessions(any_store, network_id)] == [first]


def test_of_many_writers_based_on_the_same_version_exactly_one_lands(any_store, round_id):
    action_id = workshop_writes.record_action(any_store, round_id, "Agree a data-sharing plan")
    statuses = ["done", "dropped", "in progress", "done", "dropped", "in progress"]

    def change(status: str) -> str:
        try:
            workshop_writes.update_action(any_store, action_id, status=status, version=1)
        except ChangedElsewhere:
            return "refused"
        return status

    with ThreadPoolExecutor(max_workers=3) as pool:
        outcomes = list(pool.map(change, statuses))
    landed = [o for o in outcomes if o != "refused"]
    assert len(landed) == 1
    stored = workshop_queries.action_by_id(any_store, action_id)
    assert (stored.status.replace("_", " "), stored.version) == (landed[0], 2)
