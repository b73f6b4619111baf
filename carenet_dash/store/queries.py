"""Reads from the store, returned as small typed records or pandas frames for scoring."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import ColumnElement, Engine, func, select

from carenet_dash.errors import NotFound
from carenet_dash.instrument import Instrument, parse_instrument
from carenet_dash.store.engine import read_connection
from carenet_dash.store.models import (
    Action,
    Answer,
    ColumnMapping,
    Comment,
    DimensionTotal,
    InstrumentSnapshot,
    MatrixLevel,
    MatrixSession,
    Network,
    Respondent,
    RespondentSegment,
    Round,
    WorkshopNote,
)


@dataclass(frozen=True)
class NetworkInfo:
    id: int
    name: str
    min_group_size: int


@dataclass(frozen=True)
class RoundInfo:
    id: int
    network_id: int
    label: str
    fielded_on: dt.date | None
    invited: int | None
    respondents: int
    instrument_pk: int
    instrument_id: str
    instrument_version: int
    instrument_sha256: str
    source_name: str | None
    imported_at: dt.datetime

    @property
    def response_rate(self) -> float | None:
        """Respondents as a percentage of those invited, when the invited count is known."""
        if not self.invited:
            return None
        return 100.0 * self.respondents / self.invited


def _frame(rows: Sequence[Sequence[object]], columns: list[str]) -> pd.DataFrame:
    """Result rows as a frame, built column by column.

    Handing SQLAlchemy Row objects to pd.DataFrame makes pandas probe each row for attributes,
    and every failed probe raises inside SQLAlchemy: 2.5 s for one round of 1,500 respondents
    instead of 0.05 s.
    """
    if not rows:
        return pd.DataFrame({column: [] for column in columns})
    return pd.DataFrame(dict(zip(columns, zip(*rows, strict=True), strict=True)))


def networks(engine: Engine) -> list[NetworkInfo]:
    """Every network, by name. Sorted here: SQLite and PostgreSQL collate text differently."""
    return _networks_where(engine)


def _networks_where(engine: Engine, *conditions: ColumnElement[bool]) -> list[NetworkInfo]:
    with read_connection(engine) as conn:
        rows = conn.execute(
            select(Network.id, Network.name, Network.min_group_size).where(*conditions)
        ).all()
    rows.sort(key=lambda row: (row[1].casefold(), row[1]))
    return [NetworkInfo(*row) for row in rows]


def network_by_name(engine: Engine, name: str) -> NetworkInfo:
    """The network of this name, exactly, else the one whose name matches ignoring case and
    surrounding spaces. Only a miss reads every network's name."""
    for network in _networks_where(engine, Network.name == name):
        return network
    found = networks(engine)
    for network in found:
        if network.name.casefold() == name.strip().casefold():
            return network
    known = ", ".join(repr(n.name) for n in found) or "none yet"
    raise NotFound(f"no network called {name!r}; known networks: {known}")


def network_by_id(engine: Engine, network_id: int) -> NetworkInfo:
    for network in _networks_where(engine, Network.id == network_id):
        return network
    raise NotFound(f"no network with id {network_id}")


def round_counts(engine: Engine) -> dict[int, int]:
    """How many rounds each network holds (network id -> rounds; networks without any are
    left out), in one query."""
    with read_connection(engine) as conn:
        rows = conn.execute(select(Round.network_id, func.count()).group_by(Round.network_id)).all()
    return {network_id: int(count) for network_id, count in rows}


def _round_statement():
    # Counted per round through the round_id index, so reading a few rounds never counts the
    # respondents of every round in the store.
    respondents = (
        select(func.count())
        .select_from(Respondent)
        .where(Respondent.round_id == Round.id)
        .correlate(Round)
        .scalar_subquery()
    )
    statement = select(
        Round.id,
        Round.network_id,
        Round.label,
        Round.fielded_on,
        Round.invited,
        respondents.label("respondents"),
        Round.instrument_pk,
        InstrumentSnapshot.instrument_id,
        InstrumentSnapshot.version,
        InstrumentSnapshot.sha256,
        Round.source_name,
        Round.imported_at,
    ).join(InstrumentSnapshot, InstrumentSnapshot.id == Round.instrument_pk)
    return statement


def rounds(engine: Engine, network_id: int) -> list[RoundInfo]:
    """A network's rounds, oldest first (by fielded date, then import order)."""
    with read_connection(engine) as conn:
        rows = conn.execute(_round_statement().where(Round.network_id == network_id)).all()
    found = [RoundInfo(*row) for row in rows]
    # Sorted here rather than in SQL: NULL ordering differs between SQLite and PostgreSQL.
    return sorted(found, key=lambda r: (r.fielded_on or dt.date.max, r.imported_at, r.id))


def round_by_id(engine: Engine, round_id: int) -> RoundInfo:
    with read_connection(engine) as conn:
        row = conn.execute(_round_statement().where(Round.id == round_id)).first()
    if row is None:
        raise NotFound(f"no round with id {round_id}; it may have been deleted")
    return RoundInfo(*row)


def round_by_label(engine: Engine, network_id: int, label: str) -> RoundInfo:
    found = rounds(engine, network_id)
    for r in found:
        if r.label == label:
            return r
    for r in found:
        if r.label.casefold() == label.strip().casefold():
            return r
    known = ", ".join(repr(r.label) for r in found) or "none yet"
    raise NotFound(f"no round {label!r} in this network; its rounds: {known}")


def instrument_snapshot(engine: Engine, instrument_pk: int) -> Instrument:
    """The instrument exactly as it was stored with a round."""
    with read_connection(engine) as conn:
        definition = conn.execute(
            select(InstrumentSnapshot.definition).where(InstrumentSnapshot.id == instrument_pk)
        ).scalar()
    if definition is None:
        raise NotFound(f"no stored instrument with id {instrument_pk}")
    return parse_instrument(definition, source=f"stored instrument {instrument_pk}")


def answers(engine: Engine, round_ids: Sequence[int]) -> pd.DataFrame:
    """Long frame of raw answers: round_id, respondent_id, item_id, score, not_applicable."""
    statement = (
        select(
            Respondent.round_id,
            Answer.respondent_id,
            Answer.item_id,
            Answer.score,
            Answer.not_applicable,
        )
        .join(Respondent, Respondent.id == Answer.respondent_id)
        .where(Respondent.round_id.in_(list(round_ids)))
    )
    with read_connection(engine) as conn:
        rows = conn.execute(statement).all()
    frame = _frame(rows, ["round_id", "respondent_id", "item_id", "score", "not_applicable"])
    return frame.astype(
        {
            "round_id": "int64",
            "respondent_id": "int64",
            "item_id": "str",
            "score": "Float64",
            "not_applicable": "bool",
        }
    )


def segments(engine: Engine, round_ids: Sequence[int]) -> pd.DataFrame:
    """Wide frame: one row per respondent (round_id, respondent_id), a column per segment id."""
    with read_connection(engine) as conn:
        people = conn.execute(
            select(Respondent.round_id, Respondent.id).where(
                Respondent.round_id.in_(list(round_ids))
            )
        ).all()
        values = conn.execute(
            select(
                RespondentSegment.respondent_id,
                RespondentSegment.segment_id,
                RespondentSegment.value,
            )
            .join(Respondent, Respondent.id == RespondentSegment.respondent_id)
            .where(Respondent.round_id.in_(list(round_ids)))
        ).all()
    frame = _frame(people, ["round_id", "respondent_id"]).astype("int64")
    if values:
        wide = (
            _frame(values, ["respondent_id", "segment_id", "value"])
            .pivot(index="respondent_id", columns="segment_id", values="value")
            .reset_index()
        )
        wide.columns.name = None
        frame = frame.merge(wide, on="respondent_id", how="left")
    return frame


def comments(engine: Engine, round_ids: Sequence[int]) -> pd.DataFrame:
    """Comments: comment_id, round_id, respondent_id, question_id, text."""
    with read_connection(engine) as conn:
        rows = conn.execute(
            select(
                Comment.id,
                Comment.round_id,
                Comment.respondent_id,
                Comment.question_id,
                Comment.text,
            )
            .where(Comment.round_id.in_(list(round_ids)))
            .order_by(Comment.id)
        ).all()
    return _frame(rows, ["comment_id", "round_id", "respondent_id", "question_id", "text"]).astype(
        {
            "comment_id": "int64",
            "round_id": "int64",
            "question_id": "str",
            "text": "str",
        }
    )


def is_empty(engine: Engine) -> bool:
    """True when the store holds no network at all (the app then seeds the demo)."""
    with read_connection(engine) as conn:
        return conn.execute(select(Network.id).limit(1)).first() is None


# ---------------------------------------------------------------------------------------------
# Workshop records


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


@dataclass(frozen=True)
class NoteInfo:
    id: int
    network_id: int
    round_id: int | None
    round_label: str | None
    dimension_id: str | None
    text: str
    created_at: dt.datetime


@dataclass(frozen=True)
class MatrixSessionInfo:
    id: int
    network_id: int
    held_on: dt.date
    round_id: int | None
    round_label: str | None
    instrument_pk: int
    created_at: dt.datetime


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
            )
            .outerjoin(Round, Round.id == MatrixSession.round_id)
            .where(MatrixSession.network_id == network_id)
            .order_by(MatrixSession.held_on, MatrixSession.id)
        ).all()
    return [MatrixSessionInfo(*row) for row in rows]


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
    return _frame(
        rows, ["session_id", "dimension_id", "current_level", "target_level", "note"]
    ).astype(
        {
            "session_id": "int64",
            "dimension_id": "str",
            "current_level": "int64",
            "target_level": "int64",
        }
    )


def column_mappings(
    engine: Engine, network_id: int
) -> dict[str, dict[str, tuple[str, str | None]]]:
    """A network's confirmed column choices: instrument id -> column -> (kind, target id)."""
    with read_connection(engine) as conn:
        rows = conn.execute(
            select(
                ColumnMapping.instrument_id,
                ColumnMapping.column,
                ColumnMapping.target_kind,
                ColumnMapping.target_id,
            ).where(ColumnMapping.network_id == network_id)
        ).all()
    found: dict[str, dict[str, tuple[str, str | None]]] = {}
    for row in rows:
        found.setdefault(row.instrument_id, {})[row.column] = (row.target_kind, row.target_id)
    return found


def round_of_source(engine: Engine, sha256: str) -> tuple[str, str] | None:
    """(round label, network name) of the round imported from a file, if any."""
    with read_connection(engine) as conn:
        row = conn.execute(
            select(Round.label, Network.name)
            .join(Network, Network.id == Round.network_id)
            .where(Round.source_sha256 == sha256)
        ).first()
    return None if row is None else (row.label, row.name)


def rounds_with_respondents(
    engine: Engine, network_id: int, source_hashes: Sequence[str]
) -> dict[str, int]:
    """Round label -> how many of these respondent hashes a network's rounds already hold."""
    if not source_hashes:
        return {}
    found: dict[str, int] = {}
    unique = sorted(set(source_hashes))
    with read_connection(engine) as conn:
        # Chunked: SQLite caps the number of bound parameters in one statement.
        for start in range(0, len(unique), 500):
            rows = conn.execute(
                select(Round.label, func.count())
                .join(Respondent, Respondent.round_id == Round.id)
                .where(
                    Round.network_id == network_id,
                    Respondent.source_hash.in_(unique[start : start + 500]),
                )
                .group_by(Round.label)
            ).all()
            for label, count in rows:
                found[label] = found.get(label, 0) + int(count)
    return found


def dimension_totals(engine: Engine, round_ids: Sequence[int]) -> pd.DataFrame:
    """Stored per-dimension totals of respondent scores: round_id, dimension_id, n, total,
    squares (see scoring.dimension_totals)."""
    columns = ["round_id", "dimension_id", "n", "total", "squares"]
    with read_connection(engine) as conn:
        rows = conn.execute(
            select(
                DimensionTotal.round_id,
                DimensionTotal.dimension_id,
                DimensionTotal.n,
                DimensionTotal.total,
                DimensionTotal.squares,
            ).where(DimensionTotal.round_id.in_(list(round_ids)))
        ).all()
    return _frame(rows, columns)
