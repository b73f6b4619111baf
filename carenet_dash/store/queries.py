"""Reads from the store, returned as small typed records or pandas frames for scoring."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import ColumnElement, Engine, func, select

from carenet_dash.errors import NotFound
from carenet_dash.instrument import Instrument, parse_instrument
from carenet_dash.labels import find_label, same_label
from carenet_dash.store.engine import read_connection
from carenet_dash.store.models import (
    Answer,
    ColumnMapping,
    Comment,
    DimensionTotal,
    InstrumentSnapshot,
    Network,
    Respondent,
    RespondentSegment,
    Round,
)


@dataclass(frozen=True)
class NetworkInfo:
    id: int
    name: str
    min_group_size: int
    # Whether viewers may download the tables they see (the lead's choice, off by default).
    viewer_downloads: bool = False
    is_demo: bool = False  # a fictional network seeded to try the app


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


def rows_frame(rows: Sequence[Sequence[object]], columns: list[str]) -> pd.DataFrame:
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


def _network_info(*conditions: ColumnElement[bool]):
    return select(
        Network.id,
        Network.name,
        Network.min_group_size,
        Network.viewer_downloads,
        Network.is_demo,
    ).where(*conditions)


def _by_name(rows: Sequence) -> list[NetworkInfo]:
    rows = sorted(rows, key=lambda row: (row[1].casefold(), row[1]))
    return [NetworkInfo(*row) for row in rows]


def _networks_where(engine: Engine, *conditions: ColumnElement[bool]) -> list[NetworkInfo]:
    with read_connection(engine) as conn:
        return _by_name(conn.execute(_network_info(*conditions)).all())


def network_window(
    engine: Engine, limit: int, search: str = "", *, demo: bool | None = None
) -> tuple[list[NetworkInfo], bool]:
    """The first ``limit`` networks by name whose name holds ``search`` (any case; only demo
    networks with ``demo=True``, only the lead's own with ``demo=False``), and whether more
    match: what a picker lists, in one bounded query however many networks are stored.

    The database picks the window (lower-cased name first), Python orders it as ``networks``
    does; the two agree on every name but a few non-ASCII ones, whose window may then differ.
    """
    query = _network_info().order_by(func.lower(Network.name), Network.name).limit(limit + 1)
    if search.strip():
        wanted = search.strip().lower()
        query = query.where(func.lower(Network.name).contains(wanted, autoescape=True))
    if demo is not None:
        query = query.where(Network.is_demo.is_(demo))
    with read_connection(engine) as conn:
        rows = conn.execute(query).all()
    return _by_name(rows[:limit]), len(rows) > limit


def network_named(engine: Engine, name: str) -> NetworkInfo | None:
    """The network called exactly ``name`` (one indexed query), or None."""
    return next(iter(_networks_where(engine, Network.name == name)), None)


def network_by_name(engine: Engine, name: str) -> NetworkInfo:
    """The network of this name (see labels.same_label), or NotFound naming the known ones.
    A name spelled exactly as stored is one indexed query; only other spellings read every
    network's name."""
    network = network_named(engine, name)
    if network is not None:
        return network
    found = networks(engine)
    network = find_label(found, name, lambda n: n.name)
    if network is not None:
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
    """The network's round of this label (see labels.same_label), or NotFound naming its rounds."""
    found = rounds(engine, network_id)
    chosen = find_label(found, label, lambda r: r.label)
    if chosen is not None:
        return chosen
    known = ", ".join(repr(r.label) for r in found) or "none yet"
    raise NotFound(f"no round {label!r} in this network; its rounds: {known}")


def round_label_in_use(engine: Engine, network: str | None, label: str) -> bool:
    """True when the named network already has a round of this label (see labels.same_label):
    importing under it would replace that round."""
    if not network or not label.strip():
        return False
    try:
        info = network_by_name(engine, network)
    except NotFound:
        return False
    return any(same_label(r.label, label) for r in rounds(engine, info.id))


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
    frame = rows_frame(rows, ["round_id", "respondent_id", "item_id", "score", "not_applicable"])
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
    frame = rows_frame(people, ["round_id", "respondent_id"]).astype("int64")
    if values:
        wide = (
            rows_frame(values, ["respondent_id", "segment_id", "value"])
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
    return rows_frame(
        rows, ["comment_id", "round_id", "respondent_id", "question_id", "text"]
    ).astype(
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
    return rows_frame(rows, columns)
