"""The workshop's agreed actions as tables: by round, carried over, still open."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from carenet_dash.instrument import Instrument
from carenet_dash.store import queries, workshop_queries

OPEN_STATUSES = ("open", "in_progress")
NETWORK_WIDE = "Network-wide"
_ACTION_COLUMNS = [
    "action_id",
    "round_id",
    "round",
    "dimension_id",
    "dimension",
    "what",
    "owner",
    "due_on",
    "status",
    "created_at",
    "updated_at",
    "version",
]


def dimension_names(engine: Engine, network_id: int) -> dict[str, str]:
    """Dimension id -> name across the instruments a network's rounds used (latest wins)."""
    names: dict[str, str] = {}
    for pk in dict.fromkeys(r.instrument_pk for r in queries.rounds(engine, network_id)):
        names.update({d.id: d.name for d in queries.instrument_snapshot(engine, pk).dimensions})
    return names


def actions_frame(
    engine: Engine,
    network_id: int,
    *,
    round_ids: list[int] | None = None,
    statuses: tuple[str, ...] | list[str] | None = None,
) -> pd.DataFrame:
    """A network's actions as a table, in the order agreed, with each dimension's name
    ("Network-wide" where none). Actions hold no survey figures, so nothing is suppressed."""
    found = workshop_queries.actions(engine, network_id, round_ids=round_ids, statuses=statuses)
    names = dimension_names(engine, network_id) if found else {}
    rows = [
        {
            "action_id": a.id,
            "round_id": a.round_id,
            "round": a.round_label,
            "dimension_id": a.dimension_id,
            "dimension": (
                NETWORK_WIDE
                if a.dimension_id is None
                else names.get(a.dimension_id, a.dimension_id)
            ),
            "what": a.what,
            "owner": a.owner,
            "due_on": a.due_on,
            "status": a.status,
            "created_at": a.created_at,
            "updated_at": a.updated_at,
            "version": a.version,
        }
        for a in found
    ]
    frame = pd.DataFrame(rows, columns=_ACTION_COLUMNS)
    return frame.astype({"action_id": "int64", "round_id": "Int64", "version": "int64"})


def _in_dimension_order(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Network-wide rows first, then the instrument's dimension order; stable within each."""
    order = {d.id: i for i, d in enumerate(instrument.dimensions)}
    rank = [-1 if pd.isna(d) else order.get(d, len(order)) for d in frame["dimension_id"]]
    return (
        frame.assign(_rank=rank)
        .sort_values("_rank", kind="stable")
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


def round_actions(engine: Engine, round_id: int) -> pd.DataFrame:
    """The actions agreed against a round, network-wide first, then by dimension."""
    info = queries.round_by_id(engine, round_id)
    frame = actions_frame(engine, info.network_id, round_ids=[round_id])
    return _in_dimension_order(frame, queries.instrument_snapshot(engine, info.instrument_pk))


def previous_actions(engine: Engine, round_id: int) -> pd.DataFrame:
    """What we agreed last time: every action of the round before this one, and actions of
    older rounds still open or in progress (``carried`` True), by dimension."""
    info = queries.round_by_id(engine, round_id)
    rounds = queries.rounds(engine, info.network_id)
    earlier = [r.id for r in rounds[: [r.id for r in rounds].index(round_id)]]
    frame = actions_frame(engine, info.network_id, round_ids=earlier)
    last = earlier[-1] if earlier else None
    keep = (frame["round_id"] == last) | frame["status"].isin(OPEN_STATUSES)
    frame = frame[keep].assign(carried=lambda f: f["round_id"] != last)
    return _in_dimension_order(frame, queries.instrument_snapshot(engine, info.instrument_pk))


def open_actions(engine: Engine, network_id: int) -> pd.DataFrame:
    """Actions still open or in progress, soonest due first (no due date last)."""
    frame = actions_frame(engine, network_id, statuses=OPEN_STATUSES)
    return frame.sort_values("due_on", kind="stable", na_position="last").reset_index(drop=True)
