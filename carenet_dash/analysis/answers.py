"""A dimension's answers as published: each statement's answers as given and the dimension's
together, in bins of at least k people named with the scale's words, and not-applicable counts
(disclosure rules 2 and 4)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from carenet_dash import disclosure, scoring
from carenet_dash.instrument import Instrument, Scale

# Where a bin sits on its scale, for colours and for which side of zero a bar is drawn.
UNFAVOURABLE, NEUTRAL, FAVOURABLE, MIXED = "unfavourable", "neutral", "favourable", "mixed"
SHARES = ("favourable_pct", "neutral_pct", "unfavourable_pct")


def words(scale: Scale) -> dict[int, str]:
    """The scale's answer words by the number each stands for."""
    return dict(zip(scale.scores, scale.labels, strict=True))


def _sides(scale: Scale) -> dict[str, list[int]]:
    middle = scale.midpoint
    return {
        "favourable_pct": [v for v in scale.scores if v > middle],
        "neutral_pct": [v for v in scale.scores if v == middle],
        "unfavourable_pct": [v for v in scale.scores if v < middle],
    }


def bin_records(found: disclosure.Distribution, scale: Scale) -> list[dict[str, object]]:
    """A published distribution's bins as records (low, high, label, count, pct) with where
    each sits: ``side`` (unfavourable, neutral, favourable, or mixed for a bin across the
    middle) and ``below``, the share of the bin's scale points under the middle (a neutral
    point counting half), so a diverging bar can place it."""
    middle = scale.midpoint
    records = []
    for record in found.records():
        points = [v for v in scale.scores if record["low"] <= v <= record["high"]]
        under = sum(1.0 if v < middle else 0.5 if v == middle else 0.0 for v in points)
        if all(v < middle for v in points):
            side = UNFAVOURABLE
        elif all(v > middle for v in points):
            side = FAVOURABLE
        elif all(v == middle for v in points):
            side = NEUTRAL
        else:
            side = MIXED
        records.append({**record, "side": side, "below": under / len(points)})
    return records


def shares(found: disclosure.Distribution, scale: Scale, reverse: bool = False) -> dict:
    """Favourable, neutral and unfavourable shares, each NaN unless it is a union of published
    bins. ``reverse``: the bins hold a reverse-worded item's answers as given, so its
    favourable answers are the low ones."""
    sides = _sides(scale)
    if reverse:
        sides["favourable_pct"], sides["unfavourable_pct"] = (
            sides["unfavourable_pct"],
            sides["favourable_pct"],
        )
    return {
        name: found.share(values, scale.scores) if values else math.nan
        for name, values in sides.items()
    }


@dataclass(frozen=True)
class DimensionAnswers:
    """One dimension's answers in one round, published.

    ``items``: one row per item in the instrument's order: item_id, n (people), mean, the
    three shares, not_applicable, na_pct, na_status, raw_<value> and pct_<value> (NaN where a
    value shares a bin), bins (records, empty unless shown) and status.
    ``summary``: the dimension's answers together: answers, not_applicable, the shares,
    dist_<value> and bins; as published when the dimension itself is shown.
    """

    items: pd.DataFrame
    summary: dict[str, object]


@dataclass(frozen=True)
class RoundAnswers:
    """A round's answers split by dimension once: scored (respondent_id, item_id, value,
    reverse items turned round) and not applicable (respondent_id, item_id)."""

    scored: dict[str, pd.DataFrame]
    not_applicable: dict[str, pd.DataFrame]


def round_answers(answers: pd.DataFrame, instrument: Instrument) -> RoundAnswers:
    """``answers`` as stored, split by the dimension of ``instrument`` each item belongs to."""
    scored = scoring.scored_answers(answers, instrument)
    na = answers.loc[
        answers["not_applicable"].astype(bool) & answers["item_id"].isin(instrument.items),
        ["respondent_id", "item_id"],
    ]
    na = na.assign(dimension_id=na["item_id"].map(instrument.dimension_of_item))
    columns = ["respondent_id", "item_id", "value"]
    empty_scored = scored.iloc[0:0][columns]
    empty_na = na.iloc[0:0][["respondent_id", "item_id"]]
    by_scored = {d: f[columns] for d, f in scored.groupby("dimension_id", sort=False)}
    by_na = {d: f[["respondent_id", "item_id"]] for d, f in na.groupby("dimension_id", sort=False)}
    ids = [d.id for d in instrument.dimensions]
    return RoundAnswers(
        scored={d: by_scored.get(d, empty_scored) for d in ids},
        not_applicable={d: by_na.get(d, empty_na) for d in ids},
    )


def dimension_answers(
    found_answers: RoundAnswers, instrument: Instrument, dimension_id: str, k: int
) -> DimensionAnswers:
    """A dimension's answers (of ``round_answers``) through the disclosure rules."""
    dimension = instrument.dimension(dimension_id)
    scale = instrument.scale_of(dimension_id)
    values = scoring.score_values(instrument)
    item_ids = [item.id for item in dimension.items]
    reverse = {item.id for item in dimension.items if item.reverse}
    rows = found_answers.scored[dimension_id]
    found = disclosure.dimension_distributions(
        rows,
        item_ids,
        scale.scores,
        k,
        reverse=reverse,
        labels=words(scale),
        item_labels={item: words(instrument.item_scales[item]) for item in item_ids},
    )
    item_status = dict(zip(found.items["item_id"], found.items["status"], strict=True))
    people = rows.groupby("item_id")["respondent_id"].nunique()
    means = rows.groupby("item_id")["value"].mean()
    na = disclosure.not_applicable(
        found_answers.not_applicable[dimension_id],
        item_ids,
        k,
        scored={item: int(people.get(item, 0)) for item in item_ids},
        item_status=item_status,
    )
    na_by_item = {
        column: dict(zip(na.items["item_id"], na.items[column], strict=True))
        for column in ("not_applicable", "na_pct", "na_status")
    }
    records = []
    for item in dimension.items:
        bins = found.item_bins[item.id]
        shown = item_status[item.id] == disclosure.SHOWN
        counts = bins.cell_counts(scale.scores)
        total = float(bins.bins["count"].sum()) if shown else math.nan
        records.append(
            {
                "item_id": item.id,
                "n": float(people.get(item.id, 0)),
                "mean": float(means.get(item.id, math.nan)),
                **shares(bins, scale, reverse=item.reverse),
                "not_applicable": na_by_item["not_applicable"][item.id],
                "na_pct": na_by_item["na_pct"][item.id],
                "na_status": na_by_item["na_status"][item.id],
                **{f"raw_{v}": counts.get(v, math.nan) for v in values},
                **{f"pct_{v}": 100.0 * counts.get(v, math.nan) / total for v in values},
                "bins": bin_records(bins, scale),
                "status": item_status[item.id],
            }
        )
    items = disclosure.publish(pd.DataFrame(records), ["n", "mean"])
    counts = found.dimension.cell_counts(scale.scores)
    summary = {
        "answers": (
            float(found.dimension.bins["count"].sum())
            if found.dimension.status == disclosure.SHOWN
            else math.nan
        ),
        "not_applicable": na.total,
        **shares(found.dimension, scale),
        **{f"dist_{v}": counts.get(v, math.nan) for v in values},
        "bins": bin_records(found.dimension, scale),
    }
    return DimensionAnswers(items=items, summary=summary)
