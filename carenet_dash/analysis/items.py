"""Statement by statement: each item's answers in a round, its change between rounds, and how
respondents' dimension scores spread."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import scoring, suppression
from carenet_dash.analysis.data import load_round, shared_rounds
from carenet_dash.analysis.rounds import CHANGE_FIGURES
from carenet_dash.analysis.rows import for_dimension

RAW_COLUMNS = [f"raw_{s}" for s in scoring.SCORES]
PCT_COLUMNS = [f"pct_{s}" for s in scoring.SCORES]


def item_changes(engine: Engine, before_id: int, after_id: int, min_size: int) -> pd.DataFrame:
    """Per item both rounds share: both means, n each side, change, 95% interval, verdict, and
    each side's answers as given (before_raw_1..5, before_not_applicable, after_...).

    Sorted by change, largest rise first. An item with fewer than ``min_size`` scored answers
    on either side is hidden: every figure NaN, verdict "fewer than N responses".
    """
    before, after, instrument = shared_rounds(engine, before_id, after_id)
    changes = scoring.item_changes(
        scoring.scored_answers(before.answers, instrument),
        scoring.scored_answers(after.answers, instrument),
        instrument,
    )
    for prefix, data in (("before_", before), ("after_", after)):
        given = scoring.item_summary(data.answers, instrument).set_index("item_id")
        changes = changes.join(
            given[[*RAW_COLUMNS, "not_applicable"]].add_prefix(prefix), on="item_id"
        )
    status = suppression.status_of_change(changes["n_before"], changes["n_after"], min_size)
    distribution = [c for c in changes.columns if c.startswith(("before_", "after_"))]
    changes = suppression.hide(changes, status == suppression.HIDDEN, CHANGE_FIGURES + distribution)
    changes["verdict"] = changes["verdict"].where(
        status != suppression.HIDDEN, suppression.hidden_text(min_size)
    )
    changes["status"] = status
    return changes.sort_values("change", ascending=False, na_position="last").reset_index(drop=True)


def items_moved_most(changes: pd.DataFrame, count: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shown items that rose most (largest first) and fell most (largest fall first)."""
    shown = changes[changes["status"] == suppression.SHOWN]
    rises = shown[shown["change"] > 0].sort_values("change", ascending=False).head(count)
    falls = shown[shown["change"] < 0].sort_values("change").head(count)
    return rises.reset_index(drop=True), falls.reset_index(drop=True)


def dimension_items(
    engine: Engine, round_id: int, dimension_id: str, min_size: int
) -> pd.DataFrame:
    """A dimension's items in a round: answers as given (raw_1..5 and their shares pct_1..5 of
    scored answers), not_applicable (count and na_pct of all answers), scored n and mean.

    An item with 1..min_size-1 scored answers is hidden (every figure NaN); none is "no data".
    """
    data = load_round(engine, round_id)
    data.instrument.dimension(dimension_id)  # NotFound names the dimension
    items = scoring.item_summary(data.answers, data.instrument)
    items = for_dimension(items, dimension_id)
    scored = items["n"].astype("float64")
    for raw, pct in zip(RAW_COLUMNS, PCT_COLUMNS, strict=True):
        items[pct] = 100.0 * items[raw] / scored.where(scored > 0)
    all_answers = scored + items["not_applicable"]
    items["na_pct"] = 100.0 * items["not_applicable"] / all_answers.where(all_answers > 0)
    status = suppression.status_of(items["n"], min_size)
    figures = [
        "n",
        "mean",
        "favourable_pct",
        "neutral_pct",
        "unfavourable_pct",
        "not_applicable",
        "na_pct",
        *RAW_COLUMNS,
        *PCT_COLUMNS,
    ]
    items = suppression.hide(items, status == suppression.HIDDEN, figures)
    items["status"] = status
    return items


def dimension_spread(
    engine: Engine, round_id: int, dimension_id: str, min_size: int
) -> pd.DataFrame:
    """How respondents' scores on one dimension spread over half-point bins (start, end,
    label, respondents), with the dimension's status; all counts NaN when it is hidden."""
    data = load_round(engine, round_id)
    data.instrument.dimension(dimension_id)
    people = scoring.respondent_scores(data.answers, data.instrument)
    scores = people.loc[people["dimension_id"] == dimension_id, "score"]
    spread = scoring.score_spread(scores)
    n = len(scores)
    status = suppression.status_of(n, min_size)
    spread = suppression.hide(
        spread, pd.Series(status == suppression.HIDDEN, index=spread.index), ["respondents"]
    )
    spread["status"] = status
    return spread
