"""Page-ready figures: store reads joined with scoring, with suppression already applied.

Everything a page, the CLI or an export shows comes through here, so the minimum group size
is enforced in one place: a hidden figure leaves this module as NaN with status "hidden".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import scoring
from carenet_dash.errors import CareNetError
from carenet_dash.instrument import Instrument, common_items
from carenet_dash.store import queries
from carenet_dash.store.queries import NetworkInfo, RoundInfo

_FIGURES = [
    "n",
    "mean",
    "sd",
    "favourable_pct",
    "neutral_pct",
    "unfavourable_pct",
    "answers",
    "not_applicable",
    *[f"dist_{s}" for s in scoring.SCORES],
]


@dataclass(frozen=True)
class RoundData:
    """One round loaded for scoring: its record, instrument, answers and segments."""

    info: RoundInfo
    instrument: Instrument
    answers: pd.DataFrame
    segments: pd.DataFrame


def load_round(engine: Engine, round_id: int) -> RoundData:
    info = queries.round_by_id(engine, round_id)
    return RoundData(
        info=info,
        instrument=queries.instrument_snapshot(engine, info.instrument_pk),
        answers=queries.answers(engine, [round_id]),
        segments=queries.segments(engine, [round_id]),
    )


def previous_round(rounds: list[RoundInfo], current: RoundInfo) -> RoundInfo | None:
    """The round before ``current`` in the network's order, if any."""
    ids = [r.id for r in rounds]
    position = ids.index(current.id)
    return rounds[position - 1] if position > 0 else None


def _hide(frame: pd.DataFrame, hidden: pd.Series, columns: list[str]) -> pd.DataFrame:
    frame = frame.copy()
    for column in columns:
        if column in frame:
            frame[column] = frame[column].astype("float64").where(~hidden, math.nan)
    for column in ("band", "split"):
        if column in frame:
            frame[column] = frame[column].astype("object").where(~hidden, None)
    return frame


def dimension_scores(
    data: RoundData, min_size: int, instrument: Instrument | None = None
) -> pd.DataFrame:
    """The round's dimension summary; dimensions with fewer than ``min_size`` counted
    respondents are hidden (status "hidden"), those with none are "no data"."""
    instrument = instrument or data.instrument
    summary = scoring.dimension_summary(data.answers, instrument)
    status = pd.Series(scoring.SHOWN, index=summary.index, dtype="object")
    status[summary["n"] == 0] = scoring.NO_DATA
    status[(summary["n"] > 0) & (summary["n"] < min_size)] = scoring.HIDDEN
    summary["status"] = status
    return _hide(summary, status != scoring.SHOWN, _FIGURES)


def scorecard(engine: Engine, round_id: int, min_size: int) -> pd.DataFrame:
    """Each dimension of a round with its band, and its change since the previous round.

    Change columns (previous_mean, previous_n, change, low, high, verdict) compare only items
    both rounds share; they are NaN (verdict None) without a previous round, and hidden when
    either side is below the minimum group size.
    """
    data = load_round(engine, round_id)
    card = dimension_scores(data, min_size)
    rounds = queries.rounds(engine, data.info.network_id)
    before = previous_round(rounds, data.info)
    card["previous_round"] = before.label if before else None
    changes = compare_rounds(engine, before.id, round_id, min_size) if before else None
    for column in ("previous_mean", "previous_n", "change", "low", "high"):
        card[column] = math.nan
    card["verdict"] = None
    if changes is not None:
        by_id = changes.set_index("dimension_id")
        for position, dimension_id in enumerate(card["dimension_id"]):
            if dimension_id not in by_id.index:
                continue
            row = by_id.loc[dimension_id]
            card.loc[position, "previous_mean"] = row["mean_before"]
            card.loc[position, "previous_n"] = row["n_before"]
            card.loc[position, ["change", "low", "high"]] = row[
                ["change", "low", "high"]
            ].to_numpy()
            card.loc[position, "verdict"] = row["verdict"]
    return card


def compare_rounds(engine: Engine, before_id: int, after_id: int, min_size: int) -> pd.DataFrame:
    """Per shared dimension: both means, n each side, the change, its 95% interval, verdict.

    When the rounds used different instruments only the items both share are scored, on both
    sides. A side below the minimum group size hides the whole row's figures.
    """
    before, after = load_round(engine, before_id), load_round(engine, after_id)
    shared = common_items(before.instrument, after.instrument)
    if not shared:
        raise CareNetError(
            f"rounds {before.info.label!r} and {after.info.label!r} share no statements, "
            "so they cannot be compared"
        )
    instrument = after.instrument
    if shared != set(after.instrument.items) or shared != set(before.instrument.items):
        instrument = after.instrument.restricted_to(shared)
    changes = scoring.dimension_changes(
        scoring.respondent_scores(before.answers, instrument),
        scoring.respondent_scores(after.answers, instrument),
        instrument,
    )
    too_small = (changes["n_before"] < min_size) | (changes["n_after"] < min_size)
    empty = (changes["n_before"] == 0) | (changes["n_after"] == 0)
    hide = too_small & ~empty
    changes = _hide(
        changes,
        hide,
        ["mean_before", "mean_after", "n_before", "n_after", "change", "low", "high"],
    )
    changes["verdict"] = changes["verdict"].where(~hide, scoring.hidden_text(min_size))
    changes["status"] = [
        scoring.NO_DATA if e else scoring.HIDDEN if h else scoring.SHOWN
        for e, h in zip(empty, hide, strict=True)
    ]
    changes["band_before"] = [instrument.band(m) for m in changes["mean_before"]]
    changes["band_after"] = [instrument.band(m) for m in changes["mean_after"]]
    changes["partial_instrument"] = instrument is not after.instrument
    return changes


def trend(engine: Engine, network_id: int, min_size: int) -> pd.DataFrame:
    """Every round x dimension of a network, oldest first: round, n, mean, band, status.

    ``instrument_differs`` marks rounds whose instrument is not the latest round's.
    """
    rounds = queries.rounds(engine, network_id)
    if not rounds:
        return pd.DataFrame(
            columns=[
                "round_id",
                "round",
                "fielded_on",
                "respondents",
                "dimension_id",
                "dimension",
                "n",
                "mean",
                "band",
                "status",
                "instrument_differs",
            ]
        )
    latest = rounds[-1].instrument_sha256
    frames = []
    for order, r in enumerate(rounds):
        data = load_round(engine, r.id)
        scores = dimension_scores(data, min_size)[
            ["dimension_id", "dimension", "n", "mean", "sd", "band", "status"]
        ]
        respondents = r.respondents if r.respondents >= min_size else math.nan
        frames.append(
            scores.assign(
                round_id=r.id,
                round=r.label,
                round_order=order,
                fielded_on=r.fielded_on,
                respondents=respondents,
                instrument_differs=r.instrument_sha256 != latest,
            )
        )
    return pd.concat(frames, ignore_index=True)


def respondent_count(info: RoundInfo, min_size: int) -> int | None:
    """Respondents in a round, or None when the round itself is below the minimum."""
    return info.respondents if info.respondents >= min_size else None


def strengths_and_priorities(card: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shown dimensions in the strength band (best first) and priority band (worst first)."""
    shown = card[card["status"] == scoring.SHOWN]
    strengths = shown[shown["band"] == "strength"].sort_values("mean", ascending=False)
    priorities = shown[shown["band"] == "priority"].sort_values("mean")
    return strengths, priorities


def scores_rows(
    engine: Engine, network: NetworkInfo, round_label: str | None = None
) -> pd.DataFrame:
    """The CLI's `scores` table: one row per round and dimension."""
    rounds = queries.rounds(engine, network.id)
    if round_label is not None:
        rounds = [queries.round_by_label(engine, network.id, round_label)]
    rows = []
    for r in rounds:
        data = load_round(engine, r.id)
        scores = dimension_scores(data, network.min_group_size)
        for row in scores.itertuples():
            rows.append(
                {
                    "network": network.name,
                    "round": r.label,
                    "dimension_id": row.dimension_id,
                    "dimension": row.dimension,
                    "n": row.n,
                    "mean": row.mean,
                    "sd": row.sd,
                    "favourable_pct": row.favourable_pct,
                    "band": row.band,
                    "status": row.status,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "network",
            "round",
            "dimension_id",
            "dimension",
            "n",
            "mean",
            "sd",
            "favourable_pct",
            "band",
            "status",
        ],
    )
