"""Statement by statement: each item's answers in a round, its change between rounds, and how
respondents' dimension scores spread."""

from __future__ import annotations

import math

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import disclosure, scoring
from carenet_dash.analysis.answers import dimension_answers, round_answers
from carenet_dash.analysis.data import RoundData, load_round, shared_rounds
from carenet_dash.analysis.rows import for_dimension
from carenet_dash.analysis.segments import decided_groups, every_segment
from carenet_dash.instrument import Instrument

# The 1..5 scale's columns, always present (other scales add raw_<value> for their values).
RAW_COLUMNS = [f"raw_{s}" for s in scoring.SCORES]
PCT_COLUMNS = [f"pct_{s}" for s in scoring.SCORES]
_ITEM_COLUMNS = ["item_id", "dimension_id", "text", "reverse"]


def _items(data: RoundData, min_size: int) -> pd.DataFrame:
    """Every item of a round as published (see dimension_answers) with its dimension, text
    and direction, in the instrument's order. Always on the round's own instrument, so an
    item is published the same way on every page (a comparison on fewer items never shows an
    item that the round's own view keeps back)."""
    instrument = data.instrument
    split = round_answers(data.answers, instrument)
    found = pd.concat(
        [dimension_answers(split, instrument, d.id, min_size).items for d in instrument.dimensions],
        ignore_index=True,
    )
    return _described(instrument).merge(found, on="item_id", how="left")


def item_changes(engine: Engine, before_id: int, after_id: int, min_size: int) -> pd.DataFrame:
    """Per item both rounds share: both means, n each side, change, 95% interval, verdict, and
    each side's answers as given (before_bins and after_bins: published bins; before_raw_<v>
    where a value has a bin of its own; before_not_applicable; after_...), each side's
    status and the row's.

    Sorted by change, largest rise first. Each side's items follow the disclosure rules in
    their own round (an item of 1..min_size-1 people is hidden, and so is another where
    subtracting would give it back); a side's figures are published where that side is
    shown, the change, interval and verdict only where both are.
    """
    before, after, instrument = shared_rounds(engine, before_id, after_id)
    changes = scoring.item_changes(
        scoring.scored_answers(before.answers, instrument),
        scoring.scored_answers(after.answers, instrument),
        instrument,
    )
    sides = {}
    for prefix, data in (("before_", before), ("after_", after)):
        found = _items(data, min_size).set_index("item_id")
        given = [c for c in found.columns if c.startswith("raw_")]
        changes = changes.join(
            found[[*given, "not_applicable", "bins"]].add_prefix(prefix), on="item_id"
        )
        sides[prefix] = changes["item_id"].map(found["status"])
    before_columns = [c for c in changes.columns if c.startswith("before_")]
    after_columns = [c for c in changes.columns if c.startswith("after_")]
    changes = disclosure.disclose_changes(
        changes,
        sides["before_"],
        sides["after_"],
        before_columns=["n_before", "mean_before", *before_columns],
        after_columns=["n_after", "mean_after", *after_columns],
    )
    for column in ("before_bins", "after_bins"):
        changes[column] = [b if isinstance(b, list) else [] for b in changes[column]]
    # A side not shown publishes its not-applicable count only by its own rule: rule 3 has
    # blanked it with the side, which never shows more than that rule would.
    return changes.sort_values("change", ascending=False, na_position="last").reset_index(drop=True)


def items_moved_most(changes: pd.DataFrame, count: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shown items that rose most (largest first) and fell most (largest fall first)."""
    shown = changes[changes["status"] == disclosure.SHOWN]
    rises = shown[shown["change"] > 0].sort_values("change", ascending=False).head(count)
    falls = shown[shown["change"] < 0].sort_values("change").head(count)
    return rises.reset_index(drop=True), falls.reset_index(drop=True)


def dimension_items(
    engine: Engine, round_id: int, dimension_id: str, min_size: int
) -> pd.DataFrame:
    """A dimension's items in a round: n and mean (scored), answers as given in published
    bins (``bins``: low, high, label in the scale's words, count, pct, side, below; raw_<v>
    and pct_<v> where a value has a bin of its own), the shares that are unions of bins, and
    not_applicable (count, na_pct of all answers, na_status).

    An item of 1..min_size-1 people is hidden, and so is the next smallest where subtracting
    the shown items from the dimension would give it back (disclosure rule 2); an item nobody
    scored is "no data". Not-applicable counts follow the same rule among the items.
    """
    data = load_round(engine, round_id)
    data.instrument.dimension(dimension_id)  # NotFound names the dimension
    split = round_answers(data.answers, data.instrument)
    found = dimension_answers(split, data.instrument, dimension_id, min_size)
    items = for_dimension(_described(data.instrument), dimension_id)
    return items.merge(found.items, on="item_id", how="left")


def _described(instrument: Instrument) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"item_id": i.id, "dimension_id": d.id, "text": i.text, "reverse": i.reverse}
            for d in instrument.dimensions
            for i in d.items
        ],
        columns=_ITEM_COLUMNS,
    )


def dimension_spread(
    engine: Engine, round_id: int, dimension_id: str, min_size: int
) -> pd.DataFrame:
    """How respondents' scores on one dimension spread (start, end, label, respondents, pct):
    half-point bins (whole points on wide scales) merged until each holds 0 or at least
    ``min_size`` respondents, with the dimension's status; when it is not shown, the unmerged
    bins with every count blank."""
    data = load_round(engine, round_id)
    data.instrument.dimension(dimension_id)
    people = scoring.respondent_scores(data.answers, data.instrument)
    scores = people.loc[people["dimension_id"] == dimension_id, "score"]
    scale = data.instrument.scale_of(dimension_id)
    spread = scoring.score_spread(scores, scale)
    # The groups shown beside it (every segment): no bin minus a group may give a few people.
    membership, decided = decided_groups(people, every_segment(data), dimension_id, min_size)
    beside = pd.DataFrame({"bin": scoring.spread_bin(scores, scale).to_numpy()})
    for segment_id, found in decided.items():
        shown = set(found.loc[found["status"] == disclosure.SHOWN, segment_id])
        groups = membership[segment_id].to_numpy()
        beside[segment_id] = [g if g in shown else None for g in groups]
    found = disclosure.histogram(spread, min_size, people=beside)
    if found.status == disclosure.SHOWN:
        return found.bins.assign(status=found.status)
    return spread.assign(respondents=math.nan, pct=math.nan, status=found.status)
