"""The maturity matrix: the levels a group agreed, beside the survey (suppressed), and how
they moved session by session."""

from __future__ import annotations

import math

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import disclosure
from carenet_dash.analysis.data import load_round
from carenet_dash.analysis.rounds import dimension_scores
from carenet_dash.analysis.scales import with_scales
from carenet_dash.store import queries, workshop_queries
from carenet_dash.store.queries import RoundInfo

# Members' mean and the group's agreed level sit on 1..5 scales that are not the same scale:
# a whole step apart is enough to be worth asking about, never a measured disagreement.
VIEWS_APART = 1.0
MEMBERS_HIGHER = "members' answers higher"
MEMBERS_LOWER = "members' answers lower"
IN_LINE = "in line"


def survey_round_for(
    rounds: list[RoundInfo], session: workshop_queries.MatrixSessionInfo
) -> RoundInfo | None:
    """The round whose means sit beside a matrix session: the one it discussed, else the
    latest fielded on or before the day it was held."""
    if session.round_id is not None:
        return next((r for r in rounds if r.id == session.round_id), None)
    before = [r for r in rounds if r.fielded_on is not None and r.fielded_on <= session.held_on]
    return before[-1] if before else None


def matrix_session_for_round(
    engine: Engine, network_id: int, round_id: int
) -> workshop_queries.MatrixSessionInfo | None:
    """The latest matrix session that discussed a round, else the network's latest session."""
    sessions = workshop_queries.matrix_sessions(engine, network_id)
    linked = [s for s in sessions if s.round_id == round_id]
    return (linked or sessions or [None])[-1]


def _views(mean: float, current: int) -> str | None:
    if math.isnan(mean):
        return None
    if mean - current >= VIEWS_APART:
        return MEMBERS_HIGHER
    if current - mean >= VIEWS_APART:
        return MEMBERS_LOWER
    return IN_LINE


def matrix_summary(
    engine: Engine, session: workshop_queries.MatrixSessionInfo, min_size: int
) -> pd.DataFrame:
    """One row per dimension the group rated: current and target level (with names and
    descriptors), the gap, and beside them the survey mean (suppressed as everywhere else)
    and whether members' answers and the group's judgement sit a step or more apart.

    Biggest gaps first; equal gaps keep the instrument's order.
    """
    instrument = queries.instrument_snapshot(engine, session.instrument_pk)
    levels = workshop_queries.matrix_levels(engine, [session.id]).set_index("dimension_id")
    survey = survey_round_for(queries.rounds(engine, session.network_id), session)
    scores = (
        dimension_scores(load_round(engine, survey.id), min_size).set_index("dimension_id")
        if survey is not None
        else pd.DataFrame()
    )
    names = instrument.maturity.level_names
    rows = []
    for dimension in instrument.dimensions:
        if dimension.id not in levels.index:
            continue
        agreed = levels.loc[dimension.id]
        current, target = int(agreed["current_level"]), int(agreed["target_level"])
        descriptors = dimension.levels or [""] * len(names)
        if dimension.id in scores.index:
            score = scores.loc[dimension.id]
            n, mean, band, status = score["n"], score["mean"], score["band"], score["status"]
        else:
            n, mean, band, status = math.nan, math.nan, None, disclosure.NO_DATA
        rows.append(
            {
                "dimension_id": dimension.id,
                "dimension": dimension.name,
                "current": current,
                "target": target,
                "gap": target - current,
                "current_name": names[current - 1],
                "target_name": names[target - 1],
                "current_descriptor": descriptors[current - 1],
                "target_descriptor": descriptors[target - 1],
                "note": None if pd.isna(agreed["note"]) else agreed["note"],
                "survey_round": survey.label if survey is not None else None,
                "n": n,
                "mean": mean,
                "band": band,
                "status": status,
                "views": _views(float(mean), current),
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame = with_scales(frame, instrument)
    return frame.sort_values("gap", ascending=False, kind="stable").reset_index(drop=True)


def matrix_movement(engine: Engine, network_id: int) -> pd.DataFrame:
    """Agreed levels session by session, oldest first: one row per session and dimension
    (session_id, held_on, session, session_order, dimension_id, dimension, current, target)."""
    sessions = workshop_queries.matrix_sessions(engine, network_id)
    columns = [
        "session_id",
        "held_on",
        "session",
        "session_order",
        "dimension_id",
        "dimension",
        "current",
        "target",
    ]
    if not sessions:
        return pd.DataFrame(columns=columns)
    levels = workshop_queries.matrix_levels(engine, [s.id for s in sessions])
    latest = queries.instrument_snapshot(engine, sessions[-1].instrument_pk)
    order = {d.id: i for i, d in enumerate(latest.dimensions)}
    names: dict[str, str] = {}
    for pk in dict.fromkeys(s.instrument_pk for s in sessions):
        names.update({d.id: d.name for d in queries.instrument_snapshot(engine, pk).dimensions})
    by_id = {s.id: (position, s) for position, s in enumerate(sessions)}
    rows = [
        {
            "session_id": row.session_id,
            "held_on": by_id[row.session_id][1].held_on,
            "session": by_id[row.session_id][1].held_on.strftime("%d %b %Y"),
            "session_order": by_id[row.session_id][0],
            "dimension_id": row.dimension_id,
            "dimension": names.get(row.dimension_id, row.dimension_id),
            "current": int(row.current_level),
            "target": int(row.target_level),
        }
        for row in levels.itertuples()
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["_rank"] = [order.get(d, len(order)) for d in frame["dimension_id"]]
    return (
        frame.sort_values(["_rank", "dimension_id", "session_order"], kind="stable")
        .drop(columns="_rank")
        .reset_index(drop=True)
    )
