"""Position and perception: how members see the network, by where their organisation sits on
the map (bridging, core, periphery), under the same disclosure rules as every other group."""

from __future__ import annotations

import math

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import disclosure, scoring
from carenet_dash.analysis.data import load_round
from carenet_dash.connections import graph
from carenet_dash.connections.figures import round_map
from carenet_dash.store import queries, ties

BRIDGING = "Bridging organisations"
CORE = "Core organisations"
PERIPHERY = "Peripheral organisations"
NOT_GIVEN = "Organisation not given"
GROUPS = (BRIDGING, CORE, PERIPHERY, NOT_GIVEN)


def position_groups(organisations: pd.DataFrame, members: pd.DataFrame) -> pd.Series:
    """Each respondent's group (respondent_id -> group), by their organisation on the map.

    One group each, so that the groups add up to the round and the complement rule covers
    them all: bridging (a broker, whatever its core number) first, then core, then periphery
    (isolates included). With brokers withheld (low coverage) nobody is put under bridging.
    """
    by_id = organisations.set_index("organisation_id")
    group = {}
    for organisation_id, position, broker in zip(
        by_id.index, by_id["position"], by_id["broker"], strict=True
    ):
        if broker in (True,):  # None or NaN: withheld
            group[organisation_id] = BRIDGING
        else:
            group[organisation_id] = CORE if position == graph.CORE else PERIPHERY
    found = members["organisation_id"].map(lambda o: NOT_GIVEN if pd.isna(o) else group.get(o))
    return pd.Series(
        found.fillna(NOT_GIVEN).to_numpy(dtype=object),
        index=members["respondent_id"].to_numpy(),
        name="group",
    )


def position_perception(engine: Engine, round_id: int, min_size: int) -> pd.DataFrame:
    """Dimension x position group: status, n, mean, the network's mean and the difference.

    Rule 2 (complement) per dimension over the groups, k = ``min_size``: a cell of 1..k-1
    people is hidden, and so is the next smallest while the hidden ones total 1..k-1. A hidden
    cell carries no n, mean or difference. Empty when the round has no map to place people on.
    """
    found = round_map(engine, round_id, min_size)
    if not found.shown:
        return pd.DataFrame(columns=["dimension_id", "dimension", "group", "status", "n", "mean"])
    instrument = queries.instrument_snapshot(engine, found.info.instrument_pk)
    segment = instrument.organisation_segment
    members = ties.round_members(engine, round_id, segment.id if segment else None)
    groups = position_groups(found.organisations, members)
    # The round's answers as the other pages load them (kept for a few rounds by revision).
    people = scoring.respondent_scores(load_round(engine, round_id).answers, instrument)
    people = people.assign(group=people["respondent_id"].map(groups).fillna(NOT_GIVEN))
    decided = disclosure.complement_within(
        people,
        within="dimension_id",
        totals=[d.id for d in instrument.dimensions],
        part="group",
        parts=list(GROUPS),
        k=min_size,
    )
    means = people.groupby(["dimension_id", "group"])["score"].mean()
    overall = people.groupby("dimension_id")["score"].agg(["mean", "count"])
    names = {d.id: d.name for d in instrument.dimensions}
    rows = []
    for row in decided.itertuples(index=False):
        shown = row.status == disclosure.SHOWN
        total_shown = disclosure.status(overall["count"].get(row.dimension_id, 0), min_size)
        network_mean = (
            float(overall["mean"][row.dimension_id])
            if total_shown == disclosure.SHOWN
            else math.nan
        )
        mean = float(means[(row.dimension_id, row.group)]) if shown else math.nan
        rows.append(
            {
                "dimension_id": row.dimension_id,
                "dimension": names[row.dimension_id],
                "group": row.group,
                "status": row.status,
                "n": row.n,
                "mean": mean,
                "network_mean": network_mean,
                "difference": mean - network_mean,
            }
        )
    cells = pd.DataFrame(rows)
    # A group nobody is in (no brokers, say) says nothing: leave its column out.
    empty = cells.groupby("group")["status"].agg(lambda s: (s == disclosure.NO_DATA).all())
    return cells[~cells["group"].map(empty)].reset_index(drop=True)
