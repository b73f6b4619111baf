"""Workshop records in the store: actions, notes and matrix sessions, migrated and kept."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, insert, inspect, select
from sqlalchemy.exc import IntegrityError

from carenet_dash.errors import CareNetError, NotFound
from carenet_dash.store import queries, workshop_queries, workshop_writes, writes
from carenet_dash.store.engine import make_engine, revision
from carenet_dash.store.migrate import current_revision, downgrade, head_revision, upgrade
from carenet_dash.store.models import (
    Action,
    Answer,
    Base,
    MatrixLevel,
    MatrixSession,
    Respondent,
    Round,
    WorkshopNote,
)
from carenet_dash.store.opening import dispose_engines, get_engine
from carenet_dash.store.workshop_writes import MatrixEntry
from tests.conftest import HAND_ANSWERS, make_responses

WORKSHOP_TABLES = {"actions", "workshop_notes", "matrix_sessions", "matrix_levels"}


def meta(label: str = "2026 Q1", network: str = "Test network") -> writes.RoundMeta:
    return writes.RoundMeta(network=network, label=label, fielded_on=dt.date(2026, 2, 15))


def a_round(engine, mini, label: str = "2026 Q1", network: str = "Test network") -> int:
    return writes.import_round(engine, meta(label, network), mini, make_responses(HAND_ANSWERS))


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            model.__tablename__: conn.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Action, WorkshopNote, MatrixSession, MatrixLevel)
        }


def test_the_migrated_schema_is_exactly_the_models(store):
    # A model changed without a migration (or the reverse) shows up here as a difference.
    with store.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrating_from_0001_keeps_the_rounds_and_adds_the_workshop_tables(tmp_path, mini):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    # Today's code writes to today's schema: store a round, then take the store back to 0001
    # (the survey data stays) to migrate it forward again with data present.
    upgrade(engine)
    round_id = a_round(engine, mini)
    downgrade(engine, "0001")
    assert not WORKSHOP_TABLES & set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        answers_before = conn.execute(select(func.count()).select_from(Answer)).scalar_one()

    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= WORKSHOP_TABLES
    info = queries.round_by_id(engine, round_id)
    assert (info.label, info.respondents) == ("2026 Q1", 4)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Answer)).scalar_one() == 14
    assert answers_before == 14
    action_id = workshop_writes.record_action(engine, round_id, "Share minutes within a week")
    assert workshop_queries.action_by_id(engine, action_id).round_label == "2026 Q1"

    # And back: the survey data stays, the workshop tables go.
    downgrade(engine, "0001")
    assert not WORKSHOP_TABLES & set(inspect(engine).get_table_names())
    assert queries.round_by_id(engine, round_id).respondents == 4
    engine.dispose()


def test_actions_notes_and_sessions_survive_a_restart(store_url, mini):
    engine = get_engine(store_url)
    round_id = a_round(engine, mini)
    network_id = queries.round_by_id(engine, round_id).network_id
    action_id = workshop_writes.record_action(
        engine, round_id, "Agree a shared data dashboard", owner="Council data team",
        due_on=dt.date(2026, 6, 30), status="in progress", dimension_id="b",
    )  # fmt: skip
    wide = workshop_writes.record_action(engine, round_id, "Review the terms of reference")
    note_id = workshop_writes.record_note(engine, round_id, "Carers felt unheard", dimension_id="a")
    session_id = workshop_writes.record_matrix_session(
        engine, network_id, dt.date(2026, 3, 1),
        [MatrixEntry("a", 2, 4, "Needs a facilitator"), MatrixEntry("b", 3, 3)],
        round_id=round_id,
    )  # fmt: skip
    dispose_engines()

    again = make_engine(store_url)  # a new process would open the file like this
    stored = workshop_queries.actions(again, network_id)
    assert [a.id for a in stored] == [action_id, wide]
    first = stored[0]
    assert (first.what, first.owner, first.due_on, first.status, first.dimension_id) == (
        "Agree a shared data dashboard", "Council data team", dt.date(2026, 6, 30),
        "in_progress", "b",
    )  # fmt: skip
    assert (stored[1].dimension_id, stored[1].owner, stored[1].status) == (None, "", "open")
    assert [(n.id, n.text, n.dimension_id) for n in workshop_queries.notes(again, network_id)] == [
        (note_id, "Carers felt unheard", "a")
    ]
    sessions = workshop_queries.matrix_sessions(again, network_id)
    assert [(s.id, s.held_on, s.round_label) for s in sessions] == [
        (session_id, dt.date(2026, 3, 1), "2026 Q1")
    ]
    assert queries.instrument_snapshot(again, sessions[0].instrument_pk) == mini
    levels = workshop_queries.matrix_levels(again, [session_id])
    assert levels[["dimension_id", "current_level", "target_level"]].values.tolist() == [
        ["a", 2, 4],
        ["b", 3, 3],
    ]
    assert levels["note"].iloc[0] == "Needs a facilitator"
    assert pd.isna(levels["note"].iloc[1])
    again.dispose()


def test_every_workshop_write_bumps_the_store_revision(store, mini):
    round_id = a_round(store, mini)
    start = revision(store)
    action_id = workshop_writes.record_action(store, round_id, "Invite primary care")
    workshop_writes.update_action(store, action_id, status="done", version=1)
    note_id = workshop_writes.record_note(store, round_id, "Good energy")
    workshop_writes.delete_note(store, note_id, version=1)
    network_id = queries.round_by_id(store, round_id).network_id
    workshop_writes.record_matrix_session(
        store, network_id, dt.date(2026, 3, 1), [MatrixEntry("a", 1, 2)], instrument=mini
    )
    assert revision(store) == start + 5


def test_update_action_changes_only_what_it_is_given(store, mini):
    round_id = a_round(store, mini)
    action_id = workshop_writes.record_action(
        store, round_id, "Draft a newsletter", owner="Comms lead", due_on=dt.date(2026, 4, 1)
    )
    before = workshop_queries.action_by_id(store, action_id)
    assert before.version == 1
    workshop_writes.update_action(store, action_id, status="In Progress", version=1)
    middle = workshop_queries.action_by_id(store, action_id)
    assert (middle.status, middle.what, middle.owner, middle.due_on) == (
        "in_progress", "Draft a newsletter", "Comms lead", dt.date(2026, 4, 1),
    )  # fmt: skip
    assert middle.updated_at >= before.updated_at
    assert middle.created_at == before.created_at
    workshop_writes.update_action(
        store, action_id, what="Send a monthly newsletter", clear_due=True, version=2
    )
    after = workshop_queries.action_by_id(store, action_id)
    assert (after.what, after.due_on, after.status) == (
        "Send a monthly newsletter",
        None,
        "in_progress",
    )
    assert [
        a.id for a in workshop_queries.actions(store, after.network_id, statuses=["done"])
    ] == []
    with pytest.raises(NotFound, match="no action with id 999"):
        workshop_writes.update_action(store, 999, status="done", version=1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"what": "   "}, "action is empty"),
        ({"what": "x" * 2001}, "2001 characters long"),
        ({"what": "Ring", "owner": "jo.bloggs@nhs.net"}, "e-mail address"),
        ({"what": "Ask ann@example.org to chair"}, "e-mail address"),
        ({"what": "Fix", "status": "finished"}, "unknown action status 'finished'"),
        ({"what": "Fix", "dimension_id": "zz"}, "no dimension 'zz'; use one of: a, b"),
    ],
)
def test_bad_actions_are_refused_and_nothing_is_written(store, mini, kwargs, message):
    round_id = a_round(store, mini)
    rev = revision(store)
    with pytest.raises(CareNetError, match=message):
        workshop_writes.record_action(store, round_id, **kwargs)
    assert counts(store)["actions"] == 0
    assert revision(store) == rev


def test_an_action_needs_a_round_that_exists(store):
    with pytest.raises(NotFound, match="no round with id 42"):
        workshop_writes.record_action(store, 42, "Anything")
    assert counts(store)["actions"] == 0


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([], "no levels"),
        ([MatrixEntry("a", 0, 3)], "current level for Dimension A is 0; levels run from 1 to 5"),
        ([MatrixEntry("a", 2, 6)], "target level for Dimension A is 6"),
        ([MatrixEntry("a", 2, 3.5)], "target level for Dimension A is 3.5"),
        ([MatrixEntry("a", 2, 3), MatrixEntry("a", 3, 4)], "'a' is given twice"),
        ([MatrixEntry("zz", 2, 3)], "no dimension 'zz'"),
        ([MatrixEntry("a", 2, 3, "call bob@example.com")], "e-mail address"),
        ([MatrixEntry("a", None, None), MatrixEntry("b", None, None)], "no levels"),
        (
            [MatrixEntry("a", 2, None), MatrixEntry("b", 3, 4)],
            r"give both levels, now and target, or neither, for: Dimension A$",
        ),
        (
            [MatrixEntry("a", None, 3), MatrixEntry("b", 2, None)],
            "or neither, for: Dimension A, Dimension B",
        ),
    ],
)
def test_bad_matrix_sessions_are_refused_whole(store, mini, entries, message):
    round_id = a_round(store, mini)
    network_id = queries.round_by_id(store, round_id).network_id
    with pytest.raises(CareNetError, match=message):
        workshop_writes.record_matrix_session(
            store, network_id, dt.date(2026, 3, 1), entries, round_id=round_id
        )
    assert counts(store) == {
        "actions": 0, "workshop_notes": 0, "matrix_sessions": 0, "matrix_levels": 0
    }  # fmt: skip


def test_dimensions_not_agreed_are_left_out_of_a_session(store, mini):
    round_id = a_round(store, mini)
    network_id = queries.round_by_id(store, round_id).network_id
    entries = [MatrixEntry("a", None, None, "talked, no agreement"), MatrixEntry("b", 2, 4)]
    session_id = workshop_writes.record_matrix_session(
        store, network_id, dt.date(2026, 3, 1), entries, round_id=round_id
    )
    levels = workshop_queries.matrix_levels(store, [session_id])
    assert levels[["dimension_id", "current_level", "target_level"]].values.tolist() == [
        ["b", 2, 4]
    ]


def test_a_session_cannot_discuss_another_networks_round(store, mini):
    ours = a_round(store, mini)
    theirs = a_round(store, mini, network="Other network")
    network_id = queries.round_by_id(store, ours).network_id
    with pytest.raises(CareNetError, match="belongs to another network"):
        workshop_writes.record_matrix_session(
            store, network_id, dt.date(2026, 3, 1), [MatrixEntry("a", 1, 2)], round_id=theirs
        )


def test_the_database_itself_refuses_levels_and_statuses_out_of_range(store, mini):
    round_id = a_round(store, mini)
    network_id = queries.round_by_id(store, round_id).network_id
    session_id = workshop_writes.record_matrix_session(
        store, network_id, dt.date(2026, 3, 1), [MatrixEntry("a", 1, 2)], round_id=round_id
    )
    with pytest.raises(IntegrityError), store.begin() as conn:
        conn.execute(
            insert(MatrixLevel).values(
                session_id=session_id, dimension_id="b", current_level=6, target_level=2
            )
        )
    with pytest.raises(IntegrityError), store.begin() as conn:
        conn.execute(
            insert(Action).values(
                network_id=network_id, what="x", owner="", status="finished",
                created_at=dt.datetime(2026, 1, 1), updated_at=dt.datetime(2026, 1, 1),
            )
        )  # fmt: skip


def test_deleting_a_round_keeps_its_workshop_records_with_the_network(store, mini):
    round_id = a_round(store, mini)
    network_id = queries.round_by_id(store, round_id).network_id
    workshop_writes.record_action(store, round_id, "Map who is missing", dimension_id="a")
    workshop_writes.record_note(store, round_id, "Quiet session")
    workshop_writes.record_matrix_session(
        store, network_id, dt.date(2026, 3, 1), [MatrixEntry("a", 1, 2)], round_id=round_id
    )
    writes.delete_round(store, round_id)
    (action,) = workshop_queries.actions(store, network_id)
    assert (action.round_id, action.round_label, action.dimension_id) == (None, None, "a")
    assert [n.round_id for n in workshop_queries.notes(store, network_id)] == [None]
    assert [s.round_id for s in workshop_queries.matrix_sessions(store, network_id)] == [None]
    assert counts(store)["matrix_levels"] == 1

    # Deleting the network deletes everything it holds.
    writes.delete_network(store, network_id)
    assert counts(store) == {
        "actions": 0, "workshop_notes": 0, "matrix_sessions": 0, "matrix_levels": 0
    }  # fmt: skip


def test_replacing_a_rounds_export_keeps_its_workshop_records(store, mini):
    old_id = a_round(store, mini)
    network_id = queries.round_by_id(store, old_id).network_id
    action_id = workshop_writes.record_action(store, old_id, "Rotate the chair")
    workshop_writes.record_note(store, old_id, "Discussed the new members")
    workshop_writes.record_matrix_session(
        store, network_id, dt.date(2026, 3, 1), [MatrixEntry("b", 2, 3)], round_id=old_id
    )
    new_id = writes.import_round(
        store, meta(), mini, make_responses(HAND_ANSWERS[:5]), replace=True
    )
    # SQLite may reuse the deleted round's id: what matters is that nothing is left detached.
    assert [(a.id, a.round_id) for a in workshop_queries.actions(store, network_id)] == [
        (action_id, new_id)
    ]
    assert [n.round_id for n in workshop_queries.notes(store, network_id, round_id=new_id)] == [
        new_id
    ]
    assert [s.round_id for s in workshop_queries.matrix_sessions(store, network_id)] == [new_id]
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Respondent)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(Round)).scalar_one() == 1


def test_actions_filter_by_round_and_status_in_the_order_agreed(store, mini):
    first = a_round(store, mini, "2026 Q1")
    second = a_round(store, mini, "2026 Q2")
    network_id = queries.round_by_id(store, first).network_id
    ids = [
        workshop_writes.record_action(store, first, "One"),
        workshop_writes.record_action(store, second, "Two", status="done"),
        workshop_writes.record_action(store, first, "Three", status="dropped"),
    ]
    assert [a.id for a in workshop_queries.actions(store, network_id)] == ids
    assert [a.what for a in workshop_queries.actions(store, network_id, round_ids=[first])] == [
        "One", "Three"
    ]  # fmt: skip
    open_or_done = workshop_queries.actions(store, network_id, statuses=["open", "done"])
    assert [(a.what, a.round_label) for a in open_or_done] == [
        ("One", "2026 Q1"), ("Two", "2026 Q2")
    ]  # fmt: skip
