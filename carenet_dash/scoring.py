"""Pure scoring: respondent and dimension scores, spread, bands and change between rounds."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from carenet_dash.instrument import Instrument, Scale

# The 1..5 scale's scores: their distribution columns (dist_1..dist_5, raw_1..raw_5) are always
# present; other scales add columns for their own values (dist_0, dist_6..dist_10...).
SCORES = (1, 2, 3, 4, 5)
NOT_STATED = "Not stated"

# Verdicts on a change between two rounds: plain words for a mixed room.
CLEAR_RISE = "clear rise"
CLEAR_FALL = "clear fall"
WITHIN_NOISE = "within noise"
TOO_FEW = "too few responses to tell"

# Members are "split" on a dimension when a real share sit on each side of neutral: at or
# below 37.5% of the way up the scale, and at or above 62.5% (2.5 and 3.5 on 1..5).
SPLIT_SHARE = 0.25
SPLIT_LOW = 2.5
SPLIT_HIGH = 3.5
_SPLIT_LOW_SHARE = 0.375
_SPLIT_HIGH_SHARE = 0.625
FIVE_POINT = Scale(labels=["1", "2", "3", "4", "5"])


def score_values(instrument: Instrument) -> list[int]:
    """The scores that distribution columns are kept for: 1..5 always, and every value of
    the instrument's scales (0..10, 1..7...), lowest first."""
    found = set(SCORES)
    for scale in instrument.item_scales.values():
        found.update(scale.scores)
    return sorted(found)


def scored_answers(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Answers that carry a score, with reverse items turned round (low + high - x on the
    item's scale: 6 - x on 1..5) and their dimension.

    Columns: respondent_id, item_id, dimension_id, value. Not-applicable and missing answers,
    and items the instrument does not know, are left out.
    """
    arrays, codes = _scored(answers, instrument)
    dimension_of = np.array(
        [instrument.dimension_of_item[i] for i in instrument.items], dtype=object
    )
    return pd.DataFrame(
        {
            "respondent_id": arrays["respondent_id"],
            "item_id": arrays["item_id"],
            "dimension_id": dimension_of[codes],
            "value": arrays["value"],
        }
    )


def _scored(
    answers: pd.DataFrame, instrument: Instrument
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The scored answers as arrays (respondent_id, item_id, value after reversal), and each
    one's item as a position in the instrument's item list."""
    frame = answers.loc[
        answers["score"].notna() & ~answers["not_applicable"].astype(bool),
        ["respondent_id", "item_id", "score"],
    ]
    # Items as positions in the instrument's item list (-1: not in the instrument), so
    # dimension and direction are array lookups rather than a dict lookup per answer; the
    # few distinct item ids are each looked up once.
    item_ids = list(instrument.items)
    found, distinct = pd.factorize(frame["item_id"])
    positions = pd.Index(item_ids).get_indexer(distinct)
    codes = np.append(positions, -1)[found]
    known = codes >= 0
    codes = codes[known]
    reverse_of = np.array([instrument.items[i].reverse for i in item_ids], dtype=bool)
    ends_of = np.array(
        [instrument.item_scales[i].low + instrument.item_scales[i].high for i in item_ids],
        dtype="float64",
    )
    raw = frame["score"].to_numpy(dtype="float64")[known]
    arrays = {
        "respondent_id": frame["respondent_id"].to_numpy()[known],
        "item_id": frame["item_id"].to_numpy()[known],
        "value": np.where(reverse_of[codes], ends_of[codes] - raw, raw),
    }
    return arrays, codes


def respondent_scores(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Each respondent's mean per dimension, for those who answered at least half its items.

    Columns: respondent_id, dimension_id, score, answered. Respondents below the half rule
    for a dimension are left out of that dimension.
    """
    arrays, codes = _scored(answers, instrument)
    position = {d.id: i for i, d in enumerate(instrument.dimensions)}
    dimension_of = np.array(
        [position[instrument.dimension_of_item[i]] for i in instrument.items], dtype=np.int64
    )
    return _per_respondent(
        arrays["respondent_id"], dimension_of[codes], arrays["value"], instrument
    )


def _per_respondent(
    respondent_ids: np.ndarray, dimensions: np.ndarray, values: np.ndarray, instrument: Instrument
) -> pd.DataFrame:
    """Each respondent's mean value per dimension (given as positions in the instrument's
    dimension list), for those who answered at least half of the dimension's items (columns
    respondent_id, dimension_id, score, answered)."""
    # Grouped on whole numbers (dimension positions), far quicker than on id strings.
    grouped = (
        pd.DataFrame({"respondent_id": respondent_ids, "dimension": dimensions, "value": values})
        .groupby(["respondent_id", "dimension"], sort=False)["value"]
        .agg(score="mean", answered="count")
        .reset_index()
    )
    dimension = grouped["dimension"].to_numpy()
    needed = np.array([d.min_answered for d in instrument.dimensions], dtype=np.int64)[dimension]
    ids = np.array([d.id for d in instrument.dimensions], dtype=object)[dimension]
    people = pd.DataFrame(
        {
            "respondent_id": grouped["respondent_id"],
            "dimension_id": ids,
            "score": grouped["score"],
            "answered": grouped["answered"],
        }
    )
    return people.loc[grouped["answered"].to_numpy() >= needed].reset_index(drop=True)


def favourable_scores(
    answers: pd.DataFrame, instrument: Instrument, grouping: Instrument | None = None
) -> pd.DataFrame:
    """Each respondent's favourable share per dimension (0..100): the share of their scored
    answers above the midpoint of the item's scale in ``instrument`` (the round's own, after
    reversal), counted like ``respondent_scores``. ``grouping`` (default: ``instrument``)
    says which items count and which dimension each belongs to, so two rounds asked on
    different scales are scored into the same dimensions.
    """
    grouping = grouping or instrument
    known = answers[answers["item_id"].isin(grouping.items)]
    scored = scored_answers(known, instrument)
    middle = scored["item_id"].map({i: s.midpoint for i, s in instrument.item_scales.items()})
    position = {d.id: i for i, d in enumerate(grouping.dimensions)}
    dimensions = scored["item_id"].map(grouping.dimension_of_item).map(position)
    favourable = 100.0 * (scored["value"] > middle).astype("float64")
    return _per_respondent(
        scored["respondent_id"].to_numpy(),
        dimensions.to_numpy(dtype=np.int64),
        favourable.to_numpy(),
        grouping,
    )


def _shares(values: pd.Series, scale: Scale) -> dict[str, float]:
    """Favourable: above the scale's midpoint; neutral: on it (odd scales only); unfavourable:
    below it. On 1..5 that is 4-5, 3 and 1-2."""
    total = len(values)
    if total == 0:
        return {
            "favourable_pct": math.nan,
            "neutral_pct": math.nan,
            "unfavourable_pct": math.nan,
        }
    middle = scale.midpoint
    return {
        "favourable_pct": 100.0 * float((values > middle).sum()) / total,
        "neutral_pct": 100.0 * float((values == middle).sum()) / total,
        "unfavourable_pct": 100.0 * float((values < middle).sum()) / total,
    }


def dimension_summary(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """One row per dimension (instrument order): n, mean, sd, shares, distribution, band.

    n and mean follow the half rule; favourable/neutral/unfavourable shares and the
    distribution count every scored answer in the dimension (after reversal).
    """
    scored = scored_answers(answers, instrument)
    people = respondent_scores(answers, instrument)
    known = answers[answers["item_id"].isin(instrument.items)]
    na_counts = (
        known.loc[known["not_applicable"].astype(bool), "item_id"]
        .map(instrument.dimension_of_item)
        .value_counts()
    )
    columns = score_values(instrument)
    rows = []
    for dimension in instrument.dimensions:
        scale = instrument.scale_of(dimension.id)
        values = scored.loc[scored["dimension_id"] == dimension.id, "value"]
        person = people.loc[people["dimension_id"] == dimension.id, "score"]
        mean = float(person.mean()) if len(person) else math.nan
        counts = values.value_counts()
        rows.append(
            {
                "dimension_id": dimension.id,
                "dimension": dimension.name,
                "n": len(person),
                "mean": mean,
                "sd": float(person.std(ddof=1)) if len(person) > 1 else math.nan,
                **_shares(values, scale),
                "answers": len(values),
                "not_applicable": int(na_counts.get(dimension.id, 0)),
                **{f"dist_{s}": int(counts.get(float(s), 0)) for s in columns},
                "band": instrument.band(mean, dimension.id),
                "split": is_split(person, scale),
            }
        )
    return pd.DataFrame(rows)


def item_summary(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """One row per item: answers as given (raw_1..raw_5, and raw_<value> for other scales'
    values; not_applicable) and scored shares."""
    known = answers[answers["item_id"].isin(instrument.items)]
    na = known.loc[known["not_applicable"].astype(bool), "item_id"].value_counts()
    given = known.loc[known["score"].notna() & ~known["not_applicable"].astype(bool)]
    raw_counts = (
        given.groupby(["item_id", given["score"].astype("int64")]).size().unstack(fill_value=0)
    )
    scored = scored_answers(answers, instrument)
    columns = score_values(instrument)
    rows = []
    for dimension in instrument.dimensions:
        scale = instrument.scale_of(dimension.id)
        for item in dimension.items:
            values = scored.loc[scored["item_id"] == item.id, "value"]
            raw = raw_counts.loc[item.id] if item.id in raw_counts.index else pd.Series(dtype=int)
            rows.append(
                {
                    "item_id": item.id,
                    "dimension_id": dimension.id,
                    "text": item.text,
                    "reverse": item.reverse,
                    "n": len(values),
                    "mean": float(values.mean()) if len(values) else math.nan,
                    **_shares(values, scale),
                    "not_applicable": int(na.get(item.id, 0)),
                    **{f"raw_{s}": int(raw.get(s, 0)) for s in columns},
                }
            )
    return pd.DataFrame(rows)


def is_split(person_scores: pd.Series, scale: Scale = FIVE_POINT) -> bool:
    """True when members disagree: at least a quarter lean each way on this dimension (at or
    below 2.5, and at or above 3.5, on 1..5; the same shares of the way up other scales)."""
    n = len(person_scores)
    if n == 0:
        return False
    low = float((person_scores <= scale.at_share(_SPLIT_LOW_SHARE)).sum()) / n
    high = float((person_scores >= scale.at_share(_SPLIT_HIGH_SHARE)).sum()) / n
    return low >= SPLIT_SHARE and high >= SPLIT_SHARE


@dataclass(frozen=True)
class Change:
    """The change in a mean from one round (before) to another (after), with its 95% interval."""

    mean_before: float
    mean_after: float
    n_before: int
    n_after: int
    difference: float
    low: float
    high: float
    verdict: str

    def as_dict(self) -> dict[str, float | int | str]:
        return {
            "mean_before": self.mean_before,
            "mean_after": self.mean_after,
            "n_before": self.n_before,
            "n_after": self.n_after,
            "change": self.difference,
            "low": self.low,
            "high": self.high,
            "verdict": self.verdict,
        }


def change(before: pd.Series, after: pd.Series, confidence: float = 0.95) -> Change:
    """Welch's difference of means (after - before) with its interval and a plain verdict."""
    a = before.dropna().astype("float64")
    b = after.dropna().astype("float64")
    return change_from_moments(Moments.of(a), Moments.of(b), confidence=confidence)


@dataclass(frozen=True)
class Moments:
    """n, mean and sample variance of some scores: all a mean, a spread or a Welch change
    needs, without the scores themselves."""

    n: int
    mean: float
    variance: float

    @classmethod
    def of(cls, scores: pd.Series) -> Moments:
        n = len(scores)
        return cls(
            n,
            float(scores.mean()) if n else math.nan,
            float(scores.var(ddof=1)) if n > 1 else math.nan,
        )

    @classmethod
    def from_totals(cls, n: int, total: float, squares: float) -> Moments:
        """From stored sums (see ``dimension_totals``)."""
        if n == 0:
            return cls(0, math.nan, math.nan)
        mean = total / n
        # Clipped at 0: rounding can leave a hair below zero when every score is equal.
        variance = max(0.0, (squares - n * mean * mean) / (n - 1)) if n > 1 else math.nan
        return cls(n, mean, variance)

    @property
    def sd(self) -> float:
        return math.sqrt(self.variance) if self.n > 1 else math.nan


def change_from_moments(before: Moments, after: Moments, confidence: float = 0.95) -> Change:
    """Welch's change from two sides' n, mean and variance (see ``change``)."""
    # Imported here: scipy costs the command-line import time it never needs. The t quantile
    # from scipy.special: scipy.stats would cost every export a second more to import.
    from scipy.special import stdtrit

    n_a, n_b, mean_a, mean_b = before.n, after.n, before.mean, after.mean
    difference = mean_b - mean_a
    if n_a < 2 or n_b < 2:
        return Change(mean_a, mean_b, n_a, n_b, difference, math.nan, math.nan, TOO_FEW)
    var_a, var_b = before.variance / n_a, after.variance / n_b
    se = math.sqrt(var_a + var_b)
    if se == 0:
        low = high = difference
    else:
        df = se**4 / (var_a**2 / (n_a - 1) + var_b**2 / (n_b - 1))
        margin = float(stdtrit(df, 0.5 + confidence / 2)) * se
        low, high = difference - margin, difference + margin
    if low > 0:
        verdict = CLEAR_RISE
    elif high < 0:
        verdict = CLEAR_FALL
    else:
        verdict = WITHIN_NOISE
    return Change(mean_a, mean_b, n_a, n_b, difference, low, high, verdict)


SCORING_VERSION = 1  # raise when a scoring rule changes: stored totals are then recomputed


def dimension_totals(people: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Per dimension of the instrument: n, total and sum of squares of respondent scores
    (a respondent_scores frame), enough to rebuild mean, sd and a Welch change later."""
    grouped = people.groupby("dimension_id")["score"]
    n = grouped.count()
    total = grouped.sum()
    squares = people.assign(square=people["score"] ** 2).groupby("dimension_id")["square"].sum()
    ids = [d.id for d in instrument.dimensions]
    return pd.DataFrame(
        {
            "dimension_id": ids,
            "n": n.reindex(ids, fill_value=0).astype("int64").to_numpy(),
            "total": total.reindex(ids, fill_value=0.0).astype("float64").to_numpy(),
            "squares": squares.reindex(ids, fill_value=0.0).astype("float64").to_numpy(),
        }
    )


def dimension_changes(
    before: pd.DataFrame, after: pd.DataFrame, instrument: Instrument
) -> pd.DataFrame:
    """Per dimension of ``instrument``, the change between two rounds' respondent scores.

    ``before`` and ``after`` are respondent_scores frames. Dimensions absent from either round
    get NaN means and the "too few" verdict.
    """
    return _changes(
        instrument,
        lambda d: Moments.of(before.loc[before["dimension_id"] == d, "score"]),
        lambda d: Moments.of(after.loc[after["dimension_id"] == d, "score"]),
    )


def changes_from_totals(
    before: pd.DataFrame, after: pd.DataFrame, instrument: Instrument
) -> pd.DataFrame:
    """``dimension_changes`` from two rounds' dimension totals (see ``dimension_totals``)."""

    def moments(totals: pd.DataFrame) -> Callable[[str], Moments]:
        by_id = totals.set_index("dimension_id")

        def of(dimension_id: str) -> Moments:
            if dimension_id not in by_id.index:
                return Moments.from_totals(0, 0.0, 0.0)
            row = by_id.loc[dimension_id]
            return Moments.from_totals(int(row["n"]), float(row["total"]), float(row["squares"]))

        return of

    return _changes(instrument, moments(before), moments(after))


def _changes(
    instrument: Instrument,
    before: Callable[[str], Moments],
    after: Callable[[str], Moments],
) -> pd.DataFrame:
    rows = []
    for dimension in instrument.dimensions:
        result = change_from_moments(before(dimension.id), after(dimension.id))
        rows.append({"dimension_id": dimension.id, "dimension": dimension.name, **result.as_dict()})
    return pd.DataFrame(rows)


def segment_groups(segments: pd.DataFrame, segment_id: str, options: list[str]) -> pd.Series:
    """Each respondent's group for a segment (respondent_id -> option), unanswered as
    "Not stated"."""
    if segment_id in segments:
        values = segments[segment_id]
    else:
        values = pd.Series(pd.NA, index=segments.index)
    groups = values.astype("object").where(values.notna(), NOT_STATED)
    return pd.Series(groups.to_numpy(), index=segments["respondent_id"].to_numpy(), name=segment_id)


def group_order(options: list[str], groups: pd.Series) -> list[str]:
    """The instrument's options in order, then any other values seen, then Not stated."""
    seen = set(groups.unique())
    extra = sorted(v for v in seen if v not in options and v != NOT_STATED)
    tail = [NOT_STATED] if NOT_STATED in seen else []
    return list(options) + extra + tail


def item_changes(before: pd.DataFrame, after: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Per item of ``instrument`` (in its order), the change in its scored mean between rounds.

    ``before`` and ``after`` are scored_answers frames; reverse items are already turned round,
    so a rise is always a move towards the healthy end.
    """
    sides = [dict(iter(side.groupby("item_id", sort=False)["value"])) for side in (before, after)]
    empty = pd.Series(dtype="float64")
    rows = []
    for dimension in instrument.dimensions:
        for item in dimension.items:
            result = change(sides[0].get(item.id, empty), sides[1].get(item.id, empty))
            rows.append(
                {
                    "item_id": item.id,
                    "dimension_id": dimension.id,
                    "dimension": dimension.name,
                    "text": item.text,
                    "reverse": item.reverse,
                    **result.as_dict(),
                }
            )
    return pd.DataFrame(rows)


# Bins of respondent dimension scores for the spread chart: [1, 1.5), ..., [4.5, 5].
SPREAD_EDGES = (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0)
_HALF_POINT_BINS_UP_TO = 6  # wider scales (0..10) get one-point bins


def spread_edges(scale: Scale) -> tuple[float, ...]:
    """Bin edges for a scale: half points (SPREAD_EDGES on 1..5), whole points from 0..10."""
    span = scale.high - scale.low
    step = 0.5 if span <= _HALF_POINT_BINS_UP_TO else 1.0
    count = max(1, math.ceil(span / step))
    return (*(scale.low + step * i for i in range(count)), float(scale.high))


def spread_bin(person_scores: pd.Series, scale: Scale = FIVE_POINT) -> pd.Series:
    """Each score's bin of ``score_spread`` by position: from its start up to (not including)
    its end, the last bin including the top of the scale."""
    edges = np.array(spread_edges(scale))
    values = person_scores.astype("float64").to_numpy()
    position = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, len(edges) - 2)
    return pd.Series(position, index=person_scores.index, dtype="int64")


def score_spread(person_scores: pd.Series, scale: Scale = FIVE_POINT) -> pd.DataFrame:
    """How many respondents' dimension scores fall in each bin (half points on 1..5; the
    last bin includes the top of the scale). Columns: start, end, label, respondents."""
    edges = spread_edges(scale)
    counts = np.bincount(
        spread_bin(person_scores.dropna(), scale).to_numpy(), minlength=len(edges) - 1
    )
    return pd.DataFrame(
        [
            {"start": start, "end": end, "label": f"{start:g}–{end:g}", "respondents": int(n)}
            for (start, end), n in zip(itertools.pairwise(edges), counts, strict=True)
        ]
    )


def segment_changes(
    before: pd.DataFrame,
    after: pd.DataFrame,
    before_groups: pd.Series,
    after_groups: pd.Series,
    instrument: Instrument,
    *,
    order: list[str],
) -> pd.DataFrame:
    """Dimension x group: the change in each group's mean between two rounds, every cell
    whatever its size (what may be shown is decided elsewhere, from each round's own cells).

    ``before``/``after`` are respondent_scores frames, ``*_groups`` map respondent_id -> group.
    """
    sides = [
        people.assign(group=people["respondent_id"].map(groups))
        for people, groups in ((before, before_groups), (after, after_groups))
    ]
    rows = []
    for dimension in instrument.dimensions:
        scores = [frame[frame["dimension_id"] == dimension.id] for frame in sides]
        by_group = [dict(iter(frame.groupby("group", sort=False)["score"])) for frame in scores]
        empty = pd.Series(dtype="float64")
        for group in order:
            result = change(by_group[0].get(group, empty), by_group[1].get(group, empty))
            rows.append(
                {
                    "dimension_id": dimension.id,
                    "dimension": dimension.name,
                    "group": group,
                    **result.as_dict(),
                }
            )
    return pd.DataFrame(rows)
