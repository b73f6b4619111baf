"""Reads of the workshop's records: agreed actions, notes and maturity-matrix sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
from sqlalchemy import Engine, Select, select

from carenet_dash.errors import NotFound
from carenet_dash.store.engine import read_connection
from carenet_dash.store.models import Action, MatrixLevel, MatrixSession, Round, WorkshopNote
from carenet_dash.store.queries import rows_frame


@dataclass(frozen=True)
class ActionInfo:
    id: int
    network_id: int
    round_id: int | None  # None once the round it was agreed against is deleted
    round_label: str | None
    dimension_id: str | None  # None for a network-wide action
    what: str
    owner: str
    due_on: dt.date | None
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int  # what an update or delete states it was based on


@dataclass(frozen=True)
class NoteInfo:
    id: int
    network_id: int
    round_id: int | None
    round_label: str | None
    dimension_id: str | None
    text: str
    created_at: dt.datetime
    version: int


@dataclass(frozen=True)
class MatrixSessionInfo:
    id: int
    network_id: int
    held_on: dt.date
    round_id: int | None
    round_label: str | None
    instrument_pk: int
    created_at: dt.datetime
    version: int


class SessionStamp(NamedTuple):
    """Which matrix session a form showed, and at which version."""

    id: int
    version: int


def actions(
    engine: Engine,
    network_id: int,
    *,
    round_ids: Sequence[int] | None = None,
    statuses: Sequence[str] | None = None,
) -> list[ActionInfo]:
    """A network's actions in the order they were agreed, optionally for some rounds or
    statuses only."""
    statement = (
        select(
            Action.id,
            Action.network_id,
            Action.round_id,
            Round.label,
            Action.dimension_id,
            Action.what,
            Action.owner,
            Action.due_on,
            Action.status,
            Action.created_at,
            Action.updated_at,
            Action.version,
        )
        .outerjoin(Round, Round.id == Action.round_id)
        .where(Action.network_id == network_id)
        .order_by(Action.created_at, Action.id)
    )
    if round_ids is not None:
        statement = statement.where(Action.round_id.in_(list(round_ids)))
    if statuses is not None:
        statement = statement.where(Action.status.in_(list(statuses)))
    with read_connection(engine) as conn:
        rows = conn.execute(statement).all()
    return [ActionInfo(*row) for row in rows]


def action_by_id(engine: Engine, action_id: int) -> ActionInfo:
    with read_connection(engine) as conn:
        network_id = conn.execute(select(Action.network_id).where(Action.id == action_id)).scalar()
    if network_id is None:
        raise NotFound(f"no action with id {action_id}; it may have been deleted")
    return next(a for a in actions(engine, network_id) if a.id == action_id)


def notes(engine: Engine, network_id: int, *, round_id: int | None = None) -> list[NoteInfo]:
    """A network's workshop notes, oldest first; with ``round_id``, that round's only."""
    statement = (
        select(
            WorkshopNote.id,
            WorkshopNote.network_id,
            WorkshopNote.round_id,
            Round.label,
            WorkshopNote.dimension_id,
            WorkshopNote.text,
            WorkshopNote.created_at,
            WorkshopNote.version,
        )
        .outerjoin(Round, Round.id == WorkshopNote.round_id)
        .where(WorkshopNote.network_id == network_id)
        .order_by(WorkshopNote.created_at, WorkshopNote.id)
    )
    if round_id is not None:
        statement = statement.where(WorkshopNote.round_id == round_id)
    with read_connection(engine) as conn:
        rows = conn.execute(statement).all()
    return [NoteInfo(*row) for row in rows]


def matrix_sessions(engine: Engine, network_id: int) -> list[MatrixSessionInfo]:
    """A network's maturity-matrix sessions, oldest first (by date held, then entry order)."""
    with read_connection(engine) as conn:
        rows = conn.execute(
            select(
                MatrixSession.id,
                MatrixSession.network_id,
                MatrixSession.held_on,
                MatrixSession.round_id,
                Round.label,
                MatrixSession.instrument_pk,
                MatrixSession.created_at,
                MatrixSession.version,
            )
            .outerjoin(Round, Round.id == MatrixSession.round_id)
            .where(MatrixSession.network_id == network_id)
            .order_by(MatrixSession.held_on, MatrixSession.id)
        ).all()
    return [MatrixSessionInfo(*row) for row in rows]


def newest_session_statement(network_id: int) -> Select:
    """The network's most recently recorded matrix session: its id and version."""
    return (
        select(MatrixSession.id, MatrixSession.version)
        .where(MatrixSession.network_id == network_id)
        .order_by(MatrixSession.id.desc())
        .limit(1)
    )


def newest_session(engine: Engine, network_id: int) -> SessionStamp | None:
    """The stamp a matrix form passes on (see workshop_writes.record_matrix_session)."""
    with read_connection(engine) as conn:
        row = conn.execute(newest_session_statement(network_id)).first()
    return None if row is None else SessionStamp(*row)


def matrix_levels(engine: Engine, session_ids: Sequence[int]) -> pd.DataFrame:
    """Agreed levels: session_id, dimension_id, current_level, target_level, note."""
    with read_connection(engine) as conn:
        rows = conn.execute(
            select(
                MatrixLevel.session_id,
                MatrixLevel.dimension_id,
                MatrixLevel.current_level,
                MatrixLevel.target_level,
                MatrixLevel.note,
            )
            .where(MatrixLevel.session_id.in_(list(session_ids)))
            .order_by(MatrixLevel.session_id, MatrixLevel.dimension_id)
        ).all()
    return rows_frame(
        rows, ["session_id", "dimension_id", "current_level", "target_level", "note"]
    ).astype(
        {
            "session_id": "int64",
            "dimension_id": "str",
            "current_level": "int64",
            "target_level": "int64",
        }
    )
