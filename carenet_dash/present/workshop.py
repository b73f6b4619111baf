"""The workshop's records as text tables: actions, the maturity matrix and its movement, and
a dimension's answers."""

from __future__ import annotations

import pandas as pd

from carenet_dash.present import follow_up
from carenet_dash.present.words import (
    count,
    day,
    gap,
    level,
    mean,
    percent,
    views,
)


def actions_table(
    actions: pd.DataFrame, with_round: bool = False, min_size: int | None = None
) -> pd.DataFrame:
    """Actions as text columns: dimension, action, owner, due, status (overdue said in
    words where the frame marks it), and the round; with ``min_size`` and "did it move?"
    figures (analysis.follow_up.with_movement), the dimension's change since then."""
    rows = []
    for row in actions.itertuples():
        late = follow_up.is_overdue(row)
        cells = {
            "Dimension": row.dimension,
            "Action": row.what,
            "Owner": row.owner or "–",
            "Due": follow_up.due_text(day(row.due_on), late),
            "Status": follow_up.status_text(row.status, late),
        }
        if with_round:
            cells["Agreed at"] = row.round if isinstance(row.round, str) else "round deleted"
        if min_size is not None:
            cells[DID_IT_MOVE] = follow_up.moved_text(row, min_size)
        rows.append(cells)
    columns = ["Dimension", "Action", "Owner", "Due", "Status"]
    columns += ["Agreed at"] if with_round else []
    columns += [DID_IT_MOVE] if min_size is not None else []
    return pd.DataFrame(rows, columns=columns)


DID_IT_MOVE = "Did it move?"


def matrix_table(summary: pd.DataFrame, names: list[str], min_size: int) -> pd.DataFrame:
    """The matrix as text: levels now and aimed for, the gap, and the survey beside them."""
    rows = []
    for row in summary.itertuples():
        rows.append(
            {
                "Dimension": row.dimension,
                "Now": level(row.current, names),
                "Target": level(row.target, names),
                "Gap": gap(row.gap),
                "Survey mean": mean(row.mean, row.status, min_size),
                "n": count(row.n, row.status, min_size),
                "Members vs group": views(row.views),
            }
        )
    return pd.DataFrame(
        rows, columns=["Dimension", "Now", "Target", "Gap", "Survey mean", "n", "Members vs group"]
    )


def answer_distribution_table(row: pd.Series | dict) -> pd.DataFrame:
    """A shown scorecard row's scored answers (reverse-worded statements turned round) in its
    published bins, named with the scale's words, with their counts and shares: the table
    beside charts.answer_distribution."""
    bins = list(row["bins"])
    return pd.DataFrame(
        {
            "Answer": [b["label"] for b in bins],
            "Answers": [count(b["count"]) for b in bins],
            "Share": [percent(b["pct"]) for b in bins],
        },
        columns=["Answer", "Answers", "Share"],
    )


def movement_table(movement: pd.DataFrame) -> pd.DataFrame:
    """Agreed levels session by session as text: a row per dimension, a column per session,
    each cell 'now → target'."""
    if movement.empty:
        return pd.DataFrame(columns=["Dimension"])
    cells = movement.assign(
        cell=[f"{c} → {t}" for c, t in zip(movement["current"], movement["target"], strict=True)]
    )
    table = cells.pivot_table(
        index=["dimension_id", "dimension"],
        columns="session_order",
        values="cell",
        aggfunc="first",
    )
    sessions = cells.drop_duplicates("session_order").set_index("session_order")["session"]
    table.columns = [sessions[c] for c in table.columns]
    order = list(dict.fromkeys(movement["dimension_id"]))
    table = table.reset_index().set_index("dimension_id").loc[order].reset_index(drop=True)
    return table.fillna("–").rename(columns={"dimension": "Dimension"})
