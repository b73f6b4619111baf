"""Results by group (a segment such as member type): each group's scores and their change."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import scoring
from carenet_dash.analysis.data import RoundData, load_round, shared_rounds
from carenet_dash.analysis.rounds import dimension_scores
from carenet_dash.analysis.scales import with_scales


def segment_of(data: RoundData, segment_id: str) -> tuple[pd.Series, list[str]]:
    """Each respondent's group for a segment of the round's instrument, and the group order."""
    segment = data.instrument.segment(segment_id)
    groups = scoring.segment_groups(data.segments, segment_id, segment.options)
    return groups, scoring.group_order(segment.options, groups)


def segment_scores(engine: Engine, round_id: int, segment_id: str, min_size: int) -> pd.DataFrame:
    """Dimension x group for a round: status, n, mean, the network's mean for the dimension
    and the group's difference from it. Suppression (minimum size and complementary, per
    dimension) is applied: a hidden cell has NaN n, mean and difference."""
    data = load_round(engine, round_id)
    groups, order = segment_of(data, segment_id)
    people = scoring.respondent_scores(data.answers, data.instrument)
    cells = scoring.segment_summary(people, groups, data.instrument, min_size, order)
    overall = dimension_scores(data, min_size).set_index("dimension_id")["mean"]
    cells["network_mean"] = cells["dimension_id"].map(overall).astype("float64")
    cells["difference"] = cells["mean"] - cells["network_mean"]
    return with_scales(cells, data.instrument)


def segment_changes(
    engine: Engine, before_id: int, after_id: int, segment_id: str, min_size: int
) -> pd.DataFrame:
    """Dimension x group: each group's change between two rounds, on the items they share.

    A cell hidden in either round's own suppression is hidden here too (every figure NaN).
    """
    before, after, instrument = shared_rounds(engine, before_id, after_id)
    before_groups, before_order = segment_of(before, segment_id)
    after_groups, after_order = segment_of(after, segment_id)
    order = after_order + [g for g in before_order if g not in after_order]
    return scoring.segment_changes(
        scoring.respondent_scores(before.answers, instrument),
        scoring.respondent_scores(after.answers, instrument),
        before_groups,
        after_groups,
        instrument,
        min_size=min_size,
        order=order,
    )
