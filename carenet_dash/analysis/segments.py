"""Results by group (a segment such as member type): each group's scores and their change."""

from __future__ import annotations

import math

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import disclosure, scoring
from carenet_dash.analysis.data import RoundData, load_round, shared_rounds
from carenet_dash.analysis.rounds import dimension_scores
from carenet_dash.instrument import Instrument


def segment_of(data: RoundData, segment_id: str) -> tuple[pd.Series, list[str]]:
    """Each respondent's group for a segment of the round's instrument, and the group order."""
    segment = data.instrument.segment(segment_id)
    groups = scoring.segment_groups(data.segments, segment_id, segment.options)
    return groups, scoring.group_order(segment.options, groups)


def _cells(
    people: pd.DataFrame, groups: pd.Series, order: list[str], instrument: Instrument, k: int
) -> pd.DataFrame:
    """Dimension x group of one round: dimension_id, dimension, group, n, mean and status,
    decided per dimension by disclosure rule 2 over the groups ("Not stated" among them), so
    the dimension's total minus the shown groups never gives a figure about 1..k-1 people."""
    framed = people.assign(group=people["respondent_id"].map(groups))
    ids = [d.id for d in instrument.dimensions]
    cells = disclosure.complement_within(
        framed, within="dimension_id", totals=ids, part="group", parts=order, k=k
    )
    means = framed.groupby(["dimension_id", "group"])["score"].mean()
    names = {d.id: d.name for d in instrument.dimensions}
    cells.insert(1, "dimension", cells["dimension_id"].map(names))
    cells["mean"] = [
        float(means.get((d, g), math.nan))
        for d, g in zip(cells["dimension_id"], cells["group"], strict=True)
    ]
    return disclosure.publish(cells, ["n", "mean"])


def segment_scores(engine: Engine, round_id: int, segment_id: str, min_size: int) -> pd.DataFrame:
    """Dimension x group for a round: status, n, mean, the network's mean for the dimension
    and the group's difference from it. A cell not shown (disclosure rule 2, per dimension)
    has NaN n, mean and difference."""
    data = load_round(engine, round_id)
    groups, order = segment_of(data, segment_id)
    people = scoring.respondent_scores(data.answers, data.instrument)
    cells = _cells(people, groups, order, data.instrument, min_size)
    overall = dimension_scores(data, min_size).set_index("dimension_id")["mean"]
    cells["network_mean"] = cells["dimension_id"].map(overall).astype("float64")
    cells["difference"] = cells["mean"] - cells["network_mean"]
    return cells[
        ["dimension_id", "dimension", "group", "status", "n", "mean", "network_mean", "difference"]
    ]


def segment_changes(
    engine: Engine, before_id: int, after_id: int, segment_id: str, min_size: int
) -> pd.DataFrame:
    """Dimension x group: each group's change between two rounds, on the items they share.

    Each round's cells are decided on their own (as ``segment_scores`` decides them), and a
    side's n and mean are published where that side is shown; the change, interval and
    verdict only where both are (status "hidden" when either side is hidden).
    """
    before, after, instrument = shared_rounds(engine, before_id, after_id)
    sides = []
    for data in (before, after):
        groups, order = segment_of(data, segment_id)
        people = scoring.respondent_scores(data.answers, instrument)
        sides.append((people, groups, order))
    order = sides[1][2] + [g for g in sides[0][2] if g not in sides[1][2]]
    changes = scoring.segment_changes(
        sides[0][0], sides[1][0], sides[0][1], sides[1][1], instrument, order=order
    )
    statuses = []
    for people, groups, own_order in sides:
        # The other round's groups go last: empty here, they change nothing in this round's
        # decisions, and are hidden with the rest where this round's total is too small.
        every = own_order + [g for g in order if g not in own_order]
        cells = _cells(people, groups, every, instrument, min_size)
        keys = zip(cells["dimension_id"], cells["group"], strict=True)
        found = dict(zip(keys, cells["status"], strict=True))
        statuses.append(
            [found[key] for key in zip(changes["dimension_id"], changes["group"], strict=True)]
        )
    return disclosure.disclose_changes(changes, pd.Series(statuses[0]), pd.Series(statuses[1]))
