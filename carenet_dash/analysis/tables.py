"""The command line's tables: a network's figures one row each, from the same functions the
pages call (so a figure not shown there is blank here, its status saying why)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from carenet_dash.analysis.rounds import compare_rounds
from carenet_dash.analysis.segments import segment_scores
from carenet_dash.errors import CareNetError
from carenet_dash.store import queries
from carenet_dash.store.queries import NetworkInfo

SEGMENT_COLUMNS = [
    "network",
    "round",
    "segment_id",
    "group",
    "dimension_id",
    "dimension",
    "n",
    "mean",
    "status",
]
COMPARE_COLUMNS = [
    "network",
    "round",
    "with",
    "dimension_id",
    "dimension",
    "n_before",
    "mean_before",
    "n",
    "mean",
    "change",
    "ci_low",
    "ci_high",
    "verdict",
    "status",
    # Each side's own status: a side is shown beside a hidden or empty other side.
    "status_before",
    "status_after",
]


def segments_rows(
    engine: Engine, network: NetworkInfo, round_label: str, segment_id: str
) -> pd.DataFrame:
    """The Segments page's cells for one round as rows: one per dimension and group."""
    found = queries.round_by_label(engine, network.id, round_label)
    cells = segment_scores(engine, found.id, segment_id, network.min_group_size)
    return cells.assign(network=network.name, round=found.label, segment_id=segment_id)[
        SEGMENT_COLUMNS
    ].reset_index(drop=True)


def compare_rows(
    engine: Engine, network: NetworkInfo, round_label: str, with_label: str
) -> pd.DataFrame:
    """The Compare page's dimensions as rows: ``round_label`` against ``with_label`` (whose
    figures are the *_before columns)."""
    after = queries.round_by_label(engine, network.id, round_label)
    before = queries.round_by_label(engine, network.id, with_label)
    if before.id == after.id:
        raise CareNetError(
            f"round {after.label!r} cannot be compared with itself; name another round"
        )
    changes = compare_rounds(engine, before.id, after.id, network.min_group_size)
    return (
        changes.rename(
            columns={"n_after": "n", "mean_after": "mean", "low": "ci_low", "high": "ci_high"}
        )
        .assign(network=network.name, round=after.label, **{"with": before.label})[COMPARE_COLUMNS]
        .reset_index(drop=True)
    )
