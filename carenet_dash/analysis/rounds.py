"""A round's scorecard, its change since another round, the trend over every round, and the
rounds themselves with their response counts."""

from __future__ import annotations

import math

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import disclosure, scoring
from carenet_dash.analysis.answers import dimension_answers, round_answers
from carenet_dash.analysis.data import (
    RoundData,
    load_round,
    previous_round,
    shared_rounds,
)
from carenet_dash.analysis.scales import (
    FAVOURABLE,
    MEAN,
    SCALE_COLUMNS,
    SHARE_SCALE,
    same_numbers,
    scale_values,
    with_scales,
)
from carenet_dash.instrument import Instrument
from carenet_dash.store import queries
from carenet_dash.store.queries import NetworkInfo, RoundInfo

# A dimension's figures about people: blank wherever the dimension is not shown.
_FIGURES = ["n", "mean", "sd", "band", "split"]
CHANGE_FIGURES = ["mean_before", "mean_after", "n_before", "n_after", "change", "low", "high"]


def dimension_scores(
    data: RoundData, min_size: int, instrument: Instrument | None = None
) -> pd.DataFrame:
    """The round's dimension summary as published: n, mean, sd, band and split, the
    dimension's answers in bins of at least ``min_size`` people (``bins``; dist_<value> where
    a value has a bin of its own) and the shares that are unions of bins.

    Status from n (respondents counted): "shown", "hidden" (fewer than ``min_size``) or
    "no data"; a dimension not shown has every figure blank.
    """
    instrument = instrument or data.instrument
    summary = scoring.dimension_summary(data.answers, instrument)
    split = round_answers(data.answers, instrument)
    published = pd.DataFrame(
        [dimension_answers(split, instrument, d, min_size).summary for d in summary.dimension_id],
        index=summary.index,
    )
    summary = summary.drop(columns=[c for c in published.columns if c in summary.columns])
    summary = pd.concat([summary, published], axis=1)
    summary["status"] = disclosure.statuses(summary["n"], min_size)
    shown = summary["status"] == disclosure.SHOWN
    summary["bins"] = [b if s else [] for b, s in zip(summary["bins"], shown, strict=True)]
    answer_figures = [c for c in published.columns if c != "bins"]
    return with_scales(disclosure.publish(summary, _FIGURES + answer_figures), instrument)


def scorecard(engine: Engine, round_id: int, min_size: int) -> pd.DataFrame:
    """Each dimension of a round with its band, and its change since the previous round.

    Change columns (previous_mean, previous_n, previous_status, change, low, high, verdict,
    change_status) compare only items both rounds share, as ``compare_rounds`` publishes
    them: NaN (verdict and statuses None) without a previous round; the previous side's n
    and mean only where that side is shown; the change only where both are.
    """
    data = load_round(engine, round_id)
    card = dimension_scores(data, min_size)
    rounds = queries.rounds(engine, data.info.network_id)
    before = previous_round(rounds, data.info)
    card["previous_round"] = before.label if before else None
    changes = compare_rounds(engine, before.id, round_id, min_size) if before else None
    copied = {
        "previous_mean": "mean_before",
        "previous_n": "n_before",
        "change": "change",
        "low": "low",
        "high": "high",
    }
    words = {"verdict": "verdict", "previous_status": "status_before", "change_status": "status"}
    for column in copied:
        card[column] = math.nan
    for column in words:
        card[column] = None
    card["compared_on"] = changes["compared_on"].iloc[0] if changes is not None else None
    if changes is not None:
        by_id = changes.set_index("dimension_id")
        found = card["dimension_id"].isin(by_id.index)
        rows = by_id.reindex(card.loc[found, "dimension_id"])
        for column, source in copied.items():
            card.loc[found, column] = rows[source].astype("float64").to_numpy()
        for column, source in words.items():
            card[column] = card[column].astype("object")
            card.loc[found, column] = rows[source].astype("object").to_numpy()
    return card


def compare_rounds(engine: Engine, before_id: int, after_id: int, min_size: int) -> pd.DataFrame:
    """Per shared dimension: both means and bands, n each side, the change, its 95% interval
    and verdict, each side's status and the row's.

    When the rounds used different instruments only the items both share are scored, on both
    sides; when those items were asked on different scales (1..5 then 0..10), means cannot be
    compared, so each side's favourable share is (``compared_on``: "favourable share"; the
    "mean" columns then hold the mean of members' favourable shares, 0..100). Each side's n,
    mean and band are published only where that side is shown (at least ``min_size``
    respondents); the change, interval and verdict only where both are (disclosure rule 3: an
    empty side never unmasks a hidden one).
    """
    first, second = queries.round_by_id(engine, before_id), queries.round_by_id(engine, after_id)
    if first.instrument_sha256 == second.instrument_sha256:
        # Same instrument: the stored totals hold all a Welch change needs; no answers read.
        instrument = queries.instrument_snapshot(engine, second.instrument_pk)
        totals = queries.dimension_totals(engine, [before_id, after_id])
        changes = scoring.changes_from_totals(
            totals[totals["round_id"] == before_id], totals[totals["round_id"] == after_id],
            instrument,
        )  # fmt: skip
        partial, compared_on = False, MEAN
    else:
        before, after, instrument = shared_rounds(engine, before_id, after_id)
        if same_numbers(before.instrument, after.instrument, set(instrument.items)):
            score, compared_on = scoring.respondent_scores, MEAN
            sides = [score(before.answers, instrument), score(after.answers, instrument)]
        else:
            score, compared_on = scoring.favourable_scores, FAVOURABLE
            sides = [score(d.answers, d.instrument, instrument) for d in (before, after)]
        changes = scoring.dimension_changes(*sides, instrument)
        partial = instrument is not after.instrument
    on_means = compared_on == MEAN
    for side in ("before", "after"):
        changes[f"band_{side}"] = [
            instrument.band(m, d) if on_means else None
            for m, d in zip(changes[f"mean_{side}"], changes["dimension_id"], strict=True)
        ]
    changes = disclosure.disclose_changes(
        changes,
        disclosure.statuses(changes["n_before"], min_size),
        disclosure.statuses(changes["n_after"], min_size),
    )
    changes["partial_instrument"] = partial
    changes["compared_on"] = compared_on
    return with_scales(changes, instrument) if on_means else changes.assign(**SHARE_SCALE)


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
                *SCALE_COLUMNS,
            ]
        )
    latest = rounds[-1].instrument_sha256
    # From the totals stored with each round: a trend never reads every round's answers.
    totals = queries.dimension_totals(engine, [r.id for r in rounds])
    instruments = {
        pk: queries.instrument_snapshot(engine, pk)
        for pk in dict.fromkeys(r.instrument_pk for r in rounds)
    }
    frames = []
    for order, r in enumerate(rounds):
        instrument = instruments[r.instrument_pk]
        scores = _suppressed_totals(instrument, totals[totals["round_id"] == r.id], min_size)
        counted = respondent_count(r, min_size)
        respondents = counted if counted is not None else math.nan
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


def _suppressed_totals(instrument: Instrument, found: pd.DataFrame, min_size: int) -> pd.DataFrame:
    """One row per dimension of the instrument from stored totals, published as
    ``dimension_scores`` publishes them: n, mean, sd and band only where shown."""
    by_id = found.set_index("dimension_id")
    rows = []
    for dimension in instrument.dimensions:
        if dimension.id in by_id.index:
            row = by_id.loc[dimension.id]
            moments = scoring.Moments.from_totals(int(row["n"]), row["total"], row["squares"])
        else:
            moments = scoring.Moments.from_totals(0, 0.0, 0.0)
        rows.append(
            {
                "dimension_id": dimension.id,
                "dimension": dimension.name,
                "n": float(moments.n),
                "mean": moments.mean,
                "sd": moments.sd,
                "band": instrument.band(moments.mean, dimension.id),
                "status": disclosure.status(moments.n, min_size),
                **scale_values(instrument, dimension.id),
            }
        )
    return disclosure.publish(pd.DataFrame(rows), ["n", "mean", "sd", "band"])


def respondent_count(info: RoundInfo, min_size: int) -> int | None:
    """Respondents in a round, or None when the round itself is below the minimum."""
    shown = disclosure.status(info.respondents, min_size) == disclosure.SHOWN
    return info.respondents if shown else None


def round_list(rounds: list[RoundInfo], min_size: int) -> pd.DataFrame:
    """A network's rounds as given: round, fielded_on, respondents (NaN for a round below the
    minimum), invited, instrument ("id vN") and source file."""
    columns = ["round", "fielded_on", "respondents", "invited", "instrument", "source"]
    rows = [
        {
            "round": r.label,
            "fielded_on": r.fielded_on,
            "respondents": respondent_count(r, min_size),
            "invited": r.invited,
            "instrument": f"{r.instrument_id} v{r.instrument_version}",
            "source": r.source_name,
        }
        for r in rounds
    ]
    return pd.DataFrame(rows, columns=columns).astype({"respondents": "float64"})


def strengths_and_priorities(card: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shown dimensions in the strength band (best first) and priority band (worst first)."""
    shown = card[card["status"] == disclosure.SHOWN]
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


def round_responses(trend_frame: pd.DataFrame) -> pd.DataFrame:
    """One row per round of a trend frame: round, respondents (NaN when below the minimum)
    and whether the round's instrument differs from the latest round's."""
    columns = ["round_order", "round", "respondents", "instrument_differs"]
    if trend_frame.empty:
        return pd.DataFrame(columns=columns)
    return trend_frame.drop_duplicates("round_order")[columns].reset_index(drop=True)
