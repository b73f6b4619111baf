"""Actions followed through: which are overdue (on a date the caller gives), how far a
network has got with them, and for an action on a dimension, that dimension's change since
the round it was agreed ("did it move?")."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import disclosure
from carenet_dash.analysis.actions import OPEN_STATUSES, actions_frame
from carenet_dash.analysis.rounds import compare_rounds
from carenet_dash.errors import CareNetError
from carenet_dash.store import queries

MOVEMENT_COLUMNS = [
    "since_round_id",
    "since_round",
    "dimension_id",
    "moved_change",
    "moved_low",
    "moved_high",
    "moved_verdict",
    "moved_n_before",
    "moved_n_after",
    "moved_status",
]


def overdue(due_on: object, status: str, today: dt.date) -> bool:
    """Still open or in progress after its due date."""
    if status not in OPEN_STATUSES or due_on is None or pd.isna(due_on):
        return False
    return due_on < today  # type: ignore[operator]


def with_overdue(actions: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """An actions frame with ``overdue``: open or in progress, and due before ``today``
    (passed in, so a page, an export and a test each say what today is)."""
    flags = [
        overdue(d, s, today) for d, s in zip(actions["due_on"], actions["status"], strict=True)
    ]
    return actions.assign(overdue=pd.Series(flags, index=actions.index, dtype="bool"))


@dataclass(frozen=True)
class Progress:
    """How far a network has got with what it agreed: done, open (or in progress, not yet
    overdue), overdue, and dropped."""

    done: int
    open: int
    overdue: int
    dropped: int

    @property
    def total(self) -> int:
        return self.done + self.open + self.overdue + self.dropped


def progress(engine: Engine, network_id: int, today: dt.date) -> Progress:
    """Every action the network agreed, counted by how far it has got on ``today``."""
    found = with_overdue(actions_frame(engine, network_id), today)
    still_open = found["status"].isin(OPEN_STATUSES)
    return Progress(
        done=int((found["status"] == "done").sum()),
        open=int((still_open & ~found["overdue"]).sum()),
        overdue=int(found["overdue"].sum()),
        dropped=int((found["status"] == "dropped").sum()),
    )


def dimension_movement(engine: Engine, round_id: int, min_size: int) -> pd.DataFrame:
    """For every earlier round of the network at which an action on a dimension was agreed,
    each such dimension's change from that round to this one (compare_rounds: a side below
    the minimum group size gives no change): since_round_id, since_round, dimension_id,
    moved_change, moved_low, moved_high, moved_verdict, moved_n_before, moved_n_after,
    moved_status."""
    info = queries.round_by_id(engine, round_id)
    rounds = queries.rounds(engine, info.network_id)
    earlier = {r.id: r for r in rounds[: [r.id for r in rounds].index(round_id)]}
    agreed = actions_frame(engine, info.network_id, round_ids=list(earlier))
    agreed = agreed[agreed["dimension_id"].notna()]
    rows = []
    for since_id in dict.fromkeys(int(r) for r in agreed["round_id"].dropna()):
        try:
            changes = compare_rounds(engine, since_id, round_id, min_size).set_index("dimension_id")
        except CareNetError:
            continue  # the two rounds share no statement
        wanted = agreed.loc[agreed["round_id"] == since_id, "dimension_id"]
        for dimension_id in dict.fromkeys(wanted):
            if dimension_id not in changes.index:
                continue
            row = changes.loc[dimension_id]
            rows.append(
                {
                    "since_round_id": since_id,
                    "since_round": earlier[since_id].label,
                    "dimension_id": dimension_id,
                    "moved_change": row["change"],
                    "moved_low": row["low"],
                    "moved_high": row["high"],
                    "moved_verdict": row["verdict"],
                    "moved_n_before": row["n_before"],
                    "moved_n_after": row["n_after"],
                    "moved_status": row["status"],
                }
            )
    return pd.DataFrame(rows, columns=MOVEMENT_COLUMNS)


def with_movement(actions: pd.DataFrame, movement: pd.DataFrame) -> pd.DataFrame:
    """An actions frame with each action's "did it move?" figures from ``dimension_movement``
    (NaN and None for a network-wide action, one agreed this round, or no comparison)."""
    keyed = movement.set_index(["since_round_id", "dimension_id"])
    columns = {c: [] for c in MOVEMENT_COLUMNS[3:]}
    for since_id, dimension_id in zip(actions["round_id"], actions["dimension_id"], strict=True):
        key = (None if pd.isna(since_id) else int(since_id), dimension_id)
        found = keyed.loc[key] if key in keyed.index else None
        for column, values in columns.items():
            if found is None:
                values.append(None if column in ("moved_verdict", "moved_status") else math.nan)
            else:
                values.append(found[column])
    frame = actions.copy()
    for column, values in columns.items():
        frame[column] = pd.Series(values, index=frame.index, dtype="object")
    for column in ("moved_change", "moved_low", "moved_high", "moved_n_before", "moved_n_after"):
        frame[column] = frame[column].astype("float64")
    shown = frame["moved_status"] == disclosure.SHOWN
    return frame.assign(moved=shown)
