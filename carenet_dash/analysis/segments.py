"""Results by group (a segment such as member type): each group's scores and their change."""

from __future__ import annotations

import math

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import disclosure, scoring
from carenet_dash.analysis.data import RoundData, load_round, shared_rounds
from carenet_dash.analysis.scales import with_scales
from carenet_dash.instrument import Instrument


def segment_of(data: RoundData, segment_id: str) -> tuple[pd.Series, list[str]]:
    """Each respondent's group for a segment of the round's instrument, and the group order."""
    segment = data.instrument.segment(segment_id)
    groups = scoring.segment_groups(data.segments, segment_id, segment.options)
    return groups, scoring.group_order(segment.options, groups)


def every_segment(data: RoundData) -> dict[str, tuple[pd.Series, list[str]]]:
    """``segment_of`` for every segment of the round's instrument: all are published side by
    side, so each is decided knowing the others."""
    return {s.id: segment_of(data, s.id) for s in data.instrument.segments}


def _membership(
    people: pd.DataFrame, segments: dict[str, tuple[pd.Series, list[str]]], dimension_id: str
) -> pd.DataFrame:
    """The people counted in a dimension, each with their group in every segment."""
    counted = people.loc[people["dimension_id"] == dimension_id, "respondent_id"]
    membership = pd.DataFrame({"respondent_id": counted.to_numpy()})
    for segment_id, (groups, _) in segments.items():
        membership[segment_id] = counted.map(groups).to_numpy()
    return membership


def decided_groups(
    people: pd.DataFrame,
    segments: dict[str, tuple[pd.Series, list[str]]],
    dimension_id: str,
    k: int,
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """One dimension of one round: the people counted with their groups, and each segment's
    groups (group, n, status) decided by disclosure rule 2 within the segment and across every
    segment at once (one segment's group minus another's never gives 1..k-1 people)."""
    membership = _membership(people, segments, dimension_id)
    found = disclosure.complement_across(membership, {s: segments[s][1] for s in segments}, k)
    return membership, found


def _cells(
    people: pd.DataFrame,
    segments: dict[str, tuple[pd.Series, list[str]]],
    wanted: str,
    instrument: Instrument,
    k: int,
) -> pd.DataFrame:
    """Dimension x group of one round for the ``wanted`` segment: dimension_id, dimension,
    group, n, mean and status (see ``decided_groups``)."""
    order = segments[wanted][1]
    means = people.assign(group=people["respondent_id"].map(segments[wanted][0]))
    means = means.groupby(["dimension_id", "group"])["score"].mean()
    frames = []
    for dimension in instrument.dimensions:
        _, decided = decided_groups(people, segments, dimension.id, k)
        found = decided[wanted].rename(columns={wanted: "group"})
        found.insert(0, "dimension_id", dimension.id)
        found.insert(1, "dimension", dimension.name)
        found["mean"] = [float(means.get((dimension.id, g), math.nan)) for g in order]
        frames.append(found)
    cells = pd.concat(frames, ignore_index=True)
    return disclosure.publish(cells, ["n", "mean"])


def network_means(people: pd.DataFrame, min_size: int) -> pd.Series:
    """Each dimension's mean over every respondent counted (dimension_id -> mean), NaN where
    the dimension is not shown: the same figure as the scorecard's, without its answers."""
    found = people.groupby("dimension_id")["score"].agg(["mean", "count"])
    shown = disclosure.statuses(found["count"], min_size) == disclosure.SHOWN
    return found["mean"].where(shown)


def segment_scores(engine: Engine, round_id: int, segment_id: str, min_size: int) -> pd.DataFrame:
    """Dimension x group for a round: status, n, mean, the network's mean for the dimension
    and the group's difference from it. A cell not shown (disclosure rule 2, per dimension)
    has NaN n, mean and difference."""
    data = load_round(engine, round_id)
    data.instrument.segment(segment_id)  # NotFound names the segment
    people = scoring.respondent_scores(data.answers, data.instrument)
    cells = _cells(people, every_segment(data), segment_id, data.instrument, min_size)
    overall = network_means(people, min_size)
    cells["network_mean"] = cells["dimension_id"].map(overall).astype("float64")
    cells["difference"] = cells["mean"] - cells["network_mean"]
    columns = ["dimension_id", "dimension", "group", "status", "n", "mean", "network_mean"]
    return with_scales(cells[[*columns, "difference"]], data.instrument)


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
        data.instrument.segment(segment_id)
        people = scoring.respondent_scores(data.answers, instrument)
        sides.append((people, every_segment(data)))
    own = [segments[segment_id][1] for _, segments in sides]
    order = own[1] + [g for g in own[0] if g not in own[1]]
    changes = scoring.segment_changes(
        sides[0][0],
        sides[1][0],
        sides[0][1][segment_id][0],
        sides[1][1][segment_id][0],
        instrument,
        order=order,
    )
    statuses = []
    for people, segments in sides:
        # The other round's groups go last: empty here, they change nothing in this round's
        # decisions, and are hidden with the rest where this round's total is too small.
        groups, own_order = segments[segment_id]
        every = own_order + [g for g in order if g not in own_order]
        cells = _cells(people, {**segments, segment_id: (groups, every)}, segment_id, instrument,
                       min_size)  # fmt: skip
        keys = zip(cells["dimension_id"], cells["group"], strict=True)
        found = dict(zip(keys, cells["status"], strict=True))
        statuses.append(
            [found[key] for key in zip(changes["dimension_id"], changes["group"], strict=True)]
        )
    return disclosure.disclose_changes(changes, pd.Series(statuses[0]), pd.Series(statuses[1]))
