"""Disclosure control: which figures may be published, so that none describes 1..k-1 people."""

# Every rule of docs/confidentiality.md lives here, once, as a pure function on pandas/numpy
# inputs. Callers compute figures; this module decides which of them may leave the package.
# Sizes are always counted in distinct people (respondents), never in answers.

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from carenet_dash.errors import CareNetError

SHOWN = "shown"
HIDDEN = "hidden"
NO_DATA = "no data"

# The one tag that comments of groups too small to name share (rule 7).
OTHER_GROUPS = "Other groups"

STRENGTH = "strength"
DISCUSS = "discuss"
PRIORITY = "priority"
# Bands are decided on the mean as it is displayed, so "4.00" always reads as a strength.
BAND_DECIMALS = 2

# Columns of a before/after comparison row (scoring.Change.as_dict and the pages' extras).
BEFORE_COLUMNS = ("n_before", "mean_before", "band_before")
AFTER_COLUMNS = ("n_after", "mean_after", "band_after")
CHANGE_COLUMNS = ("change", "low", "high", "verdict")

BIN_COLUMNS = ["low", "high", "label", "count", "pct"]
HISTOGRAM_COLUMNS = ["start", "end", "label", "respondents", "pct"]


# --- rule 1: status from n --------------------------------------------------------------------


def hidden_text(min_size: int) -> str:
    """What a figure kept back reads as, distinct from 'no data'."""
    return f"fewer than {min_size} responses"


def status_text(found: str, k: int) -> str:
    """The words that stand in for a figure not shown: the hidden text, or "no data"."""
    return hidden_text(k) if found == HIDDEN else NO_DATA


def never_shown(k: int) -> str:
    """The promise that comes with every screen and export (no closing stop)."""
    return f"Groups of {hidden_text(k)} are never shown"


def status(n: float, k: int) -> str:
    """Rule 1: nobody is "no data", 1..k-1 people "hidden", k or more "shown"."""
    if n is None or pd.isna(n) or n <= 0:
        return NO_DATA
    return HIDDEN if n < k else SHOWN


def statuses(n: pd.Series, k: int) -> pd.Series:
    """Rule 1 for a column of people counts (NaN counts as nobody)."""
    counts = n.astype("float64").fillna(0.0)
    found = pd.Series(SHOWN, index=n.index, dtype="object")
    found[counts < k] = HIDDEN
    found[counts <= 0] = NO_DATA
    return found


def publish(
    frame: pd.DataFrame, columns: Iterable[str], shown: pd.Series | None = None
) -> pd.DataFrame:
    """A copy of ``frame`` whose ``columns`` are blank (NaN for numbers, None otherwise) on
    every row not shown; by default a row is shown when its ``status`` column says so.

    Rule 5: what leaves the package (a page, a chart's data, an export) carries no value of
    a row that is not shown. Columns ``frame`` lacks are skipped.
    """
    keep = frame["status"] == SHOWN if shown is None else np.asarray(shown, dtype=bool)
    keep = pd.Series(np.asarray(keep, dtype=bool), index=frame.index)  # row by row, not by label
    frame = frame.copy()
    for column in columns:
        if column not in frame:
            continue
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            frame[column] = values.astype("float64").where(keep, math.nan)
        else:
            frame[column] = values.astype("object").where(keep, None)
    return frame


# --- rule 2: the generalised complement rule ---------------------------------------------------


def _numeric_codes(values: pd.Series, order: Sequence[Hashable]) -> np.ndarray | None:
    """``_codes`` for numbers on a rising scale (answers): a binary search, not an index."""
    given = np.asarray(values)
    if given.dtype.kind not in "iuf" or not all(
        isinstance(v, int | float | np.number) and not isinstance(v, bool) for v in order
    ):
        return None
    scale = np.asarray(order, dtype="float64")
    if len(scale) == 0 or np.any(np.diff(scale) <= 0):
        return None
    found = np.clip(np.searchsorted(scale, given), 0, len(scale) - 1)
    return np.where(scale[found] == given, found, -1)


def _codes(values: pd.Series, order: Sequence[Hashable]) -> np.ndarray:
    """Each value's position in ``order``; a value not in it is a caller's mistake."""
    codes = _numeric_codes(values, order)
    if codes is None:
        codes = pd.Index(list(order)).get_indexer(values)
    if (codes < 0).any():
        unknown = sorted({str(v) for v, c in zip(values, codes, strict=True) if c < 0})
        raise ValueError(f"values {unknown} are not in the order given ({list(order)})")
    return codes


def _people_per_cell(respondents: pd.Series, cells: np.ndarray, count: int) -> list[np.ndarray]:
    """For each cell 0..count-1, the distinct respondents (as integer codes) in it."""
    people = pd.factorize(respondents)[0].astype(np.int64)
    if not len(people):
        return [np.empty(0, dtype=np.int64) for _ in range(count)]
    # Each (cell, person) pair marked once in a flat array: no sort and no unique per cell,
    # which 10,000-person rounds would feel.
    width = int(people.max()) + 1
    marks = np.zeros(count * width, dtype=bool)
    marks[cells.astype(np.int64) * width + people] = True
    cell_of, person_of = np.divmod(np.flatnonzero(marks), width)
    bounds = np.searchsorted(cell_of, np.arange(count + 1))
    return [person_of[bounds[i] : bounds[i + 1]] for i in range(count)]


def _union_size(groups: Iterable[np.ndarray]) -> int:
    """Distinct people in several cells (each cell's people already distinct)."""
    found = [g for g in groups if len(g)]
    if len(found) <= 1:
        return len(found[0]) if found else 0
    everyone = np.concatenate(found)
    marks = np.zeros(int(everyone.max()) + 1, dtype=bool)
    marks[everyone] = True
    return int(marks.sum())


def _complement_statuses(
    people: list[np.ndarray], k: int, kept_back: Collection[int] = ()
) -> list[str]:
    """Rule 2 over parts given as their people; ``kept_back``: parts hidden already (by the
    rule across segments), which count among the hidden."""
    sizes = [len(p) for p in people]
    total = _union_size(people)
    if total == 0:
        return [NO_DATA] * len(people)
    if total < k:
        # The total itself is hidden: so is every part, empty ones too ("nobody in group X"
        # would otherwise tell the reader where the few people are).
        return [HIDDEN] * len(people)
    hidden = [0 < size < k or (i in kept_back and size > 0) for i, size in enumerate(sizes)]
    while 0 < _union_size(p for p, h in zip(people, hidden, strict=True) if h) < k:
        shown = [i for i, size in enumerate(sizes) if size > 0 and not hidden[i]]
        # Smallest first; among equal sizes the first in the given order.
        hidden[min(shown, key=lambda i: (sizes[i], i))] = True
    return [
        NO_DATA if size == 0 else HIDDEN if h else SHOWN
        for size, h in zip(sizes, hidden, strict=True)
    ]


def complement(
    membership: pd.DataFrame,
    parts: Sequence[Hashable],
    k: int,
    *,
    part: str = "part",
    respondent: str = "respondent_id",
) -> pd.DataFrame:
    """Rule 2: the status of each part of a total, so that the people behind the parts not
    shown number 0 or at least ``k``.

    ``membership`` has one row per (respondent, part) a person belongs to (more rows are
    fine: people are counted once); a person may be in several parts (the items they
    answered) or one (their segment group). The total is everybody in ``membership``.
    Parts of 1..k-1 people are hidden; then, while the distinct people in hidden parts number
    1..k-1, the smallest still-shown part is hidden too (ties: the first in ``parts``). A
    total of 1..k-1 people hides every part.

    Returns one row per part, in the order given: ``part``, n (distinct people; NaN unless
    shown) and status.
    """
    order = list(parts)
    cells = _codes(membership[part], order)
    people = _people_per_cell(membership[respondent], cells, len(order))
    decided = _complement_statuses(people, k)
    return pd.DataFrame(
        {
            part: pd.Series(order, dtype="object"),
            "n": [
                float(len(p)) if s == SHOWN else math.nan
                for p, s in zip(people, decided, strict=True)
            ],
            "status": pd.Series(decided, dtype="object"),
        }
    )


def complement_within(
    membership: pd.DataFrame,
    *,
    within: str,
    totals: Sequence[Hashable],
    part: str,
    parts: Sequence[Hashable] | Mapping[Hashable, Sequence[Hashable]],
    k: int,
    respondent: str = "respondent_id",
) -> pd.DataFrame:
    """Rule 2 for several totals at once (segment groups per dimension, items per dimension).

    ``within`` names the column holding the total each row belongs to (e.g. dimension_id);
    ``parts`` is one order for every total, or a mapping total -> its parts. Returns
    ``within``, ``part``, n and status, totals in the order given.
    """
    grouped = dict(iter(membership.groupby(within, sort=False)))
    frames = []
    for total in totals:
        rows = grouped.get(total, membership.iloc[0:0])
        order = parts[total] if isinstance(parts, Mapping) else parts
        found = complement(rows, order, k, part=part, respondent=respondent)
        found.insert(0, within, pd.Series([total] * len(found), dtype="object"))
        frames.append(found)
    if not frames:
        return pd.DataFrame(columns=[within, part, "n", "status"])
    return pd.concat(frames, ignore_index=True)


# --- rule 2 across segments: several partitions of one total -----------------------------------

# The search for a small set of cells that can be worked out looks at this many candidate
# sets at most. Candidates are sets of the span's pivot cells (see small_derivable), which a
# round of 30 to 300 people has a few thousand of; the limit only bounds a pathological case.
_SEARCH_LIMIT = 200_000
_TOLERANCE = 1e-9
_EXACT = 1e-7  # a computed coordinate this close to 0 or 1 is 0 or 1
_BATCH = 4096


def _row_space(published: np.ndarray) -> np.ndarray:
    """An orthonormal basis (rows) of the space spanned by the published sets' rows."""
    if not len(published):
        return np.empty((0, published.shape[1]))
    _, singular, vt = np.linalg.svd(published.astype("float64"), full_matrices=False)
    return vt[singular > _TOLERANCE * max(1.0, float(singular.max(initial=0.0)))]


def _in_span(vector: np.ndarray, basis: np.ndarray) -> bool:
    residual = vector - basis.T @ (basis @ vector) if len(basis) else vector
    return bool(np.abs(residual).max(initial=0.0) < _EXACT)


def _echelon(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The reduced row echelon form of independent ``rows`` and its pivot columns: each row
    is 1 on its own pivot column and 0 on every other row's."""
    reduced = rows.astype("float64", copy=True)
    pivots: list[int] = []
    for column in range(reduced.shape[1]):
        done = len(pivots)
        if done == len(reduced):
            break
        best = done + int(np.argmax(np.abs(reduced[done:, column])))
        if abs(reduced[best, column]) < _TOLERANCE:
            continue
        reduced[[done, best]] = reduced[[best, done]]
        reduced[done] /= reduced[done, column]
        others = np.arange(len(reduced)) != done
        reduced[others] -= np.outer(reduced[others, column], reduced[done])
        pivots.append(column)
    return reduced[: len(pivots)], np.array(pivots, dtype=np.int64)


def small_derivable(published: np.ndarray, sizes: np.ndarray, k: int) -> np.ndarray | None:
    """A set of cells holding 1..k-1 people whose count a reader can work out from the
    published sets by adding and subtracting them; None when there is none.

    ``published``: one row per published set (a total, a shown group, a bin), 0/1 over
    cells; ``sizes``: the people in each cell (cells are disjoint: people grouped by every
    set they belong to). Returns a 0/1 vector over cells. Exact: a set's count can be worked
    out exactly when its vector lies in the span of the published rows.
    """
    small = (sizes > 0) & (sizes < k)
    basis = _row_space(published)
    if not small.any() or not len(basis):
        return None
    # The part of the span that lives on small cells only: x = basis.T @ y with x zero on
    # every other cell.
    rest = basis[:, ~small]
    if rest.shape[1]:
        _, singular, vt = np.linalg.svd(rest.T, full_matrices=True)
        free = vt[int((singular > _TOLERANCE).sum()) :]
    else:
        free = np.eye(len(basis))
    if not len(free):
        return None
    # In reduced echelon form a vector of the span is the sum of its pivot coordinates times
    # the rows: a 0/1 set is the sum of the rows of the pivot cells it holds. Each of those
    # cells holds a person at least, so only sets of fewer than k pivot cells, with fewer
    # than k people among them, need trying: a few thousand, rather than every small set of
    # every cell.
    reduced, pivots = _echelon(_row_space(free @ basis))
    people_at = sizes[pivots]
    tried = 0
    for count in range(1, k):
        choices = (
            c
            for c in itertools.combinations(range(len(pivots)), count)
            if people_at[list(c)].sum() < k
        )
        while batch := list(itertools.islice(choices, _BATCH)):
            sums = reduced[np.array(batch)].sum(axis=1)
            whole = np.rint(sums)
            exact = (np.abs(sums - whole) < _EXACT).all(axis=1) & ((whole == 0) | (whole == 1)).all(
                axis=1
            )
            people = whole @ sizes
            hit = np.flatnonzero(exact & (people >= 1) & (people < k))
            if len(hit):
                return whole[hit[0]]
            tried += len(batch)
            if tried > _SEARCH_LIMIT:
                return None
    return None


def _indicators(cells: pd.DataFrame, names: Sequence[str], shown: Mapping[str, set]) -> np.ndarray:
    """The published sets as rows over cells: the total, then every shown part in turn."""
    rows = [np.ones(len(cells))]
    for name in names:
        values = cells[name].to_numpy()
        rows += [(values == part).astype("float64") for part in sorted(shown[name], key=str)]
    return np.array(rows)


def complement_across(
    membership: pd.DataFrame,
    parts: Mapping[str, Sequence[Hashable]],
    k: int,
    *,
    respondent: str = "respondent_id",
) -> dict[str, pd.DataFrame]:
    """Rule 2 for several partitions of the same people published side by side (every
    segment of a round's dimension): each partition as ``complement`` decides it, then, while
    adding and subtracting shown parts of different partitions and the total gives a set of
    1..k-1 people (a group of one segment minus a group of another that lies inside it), the
    smallest shown part whose hiding ends that is hidden too (ties: the first partition, then
    the first part), and rule 2 runs again within its partition.

    ``membership``: one row per person of the total, a column per partition (keys of
    ``parts``, each with its parts in order). Returns, per partition, what ``complement``
    returns.
    """
    names = list(parts)
    people = pd.factorize(membership[respondent])[0]
    per_part: dict[str, list[np.ndarray]] = {}
    for name in names:
        codes = _codes(membership[name], parts[name])
        per_part[name] = _people_per_cell(pd.Series(people), codes, len(parts[name]))
    kept: dict[str, set[int]] = {name: set() for name in names}

    def decide() -> dict[str, list[str]]:
        return {name: _complement_statuses(per_part[name], k, kept[name]) for name in names}

    decided = decide()
    if len(names) > 1 and len(set(people)) >= k:
        cells = membership.groupby(names, sort=False, dropna=False).size().reset_index(name="n")
        sizes = cells["n"].to_numpy()

        def shown_parts(found: dict[str, list[str]]) -> dict[str, set]:
            return {
                name: {p for p, s in zip(parts[name], found[name], strict=True) if s == SHOWN}
                for name in names
            }

        while (
            target := small_derivable(_indicators(cells, names, shown_parts(decided)), sizes, k)
        ) is not None:
            shown = shown_parts(decided)
            candidates = sorted(
                (
                    (len(per_part[name][position]), n, position)
                    for n, name in enumerate(names)
                    for position, part in enumerate(parts[name])
                    if part in shown[name]
                ),
            )
            choice = candidates[0]
            for candidate in candidates:
                _, n, position = candidate
                trial = {**shown, names[n]: shown[names[n]] - {parts[names[n]][position]}}
                if not _in_span(target, _row_space(_indicators(cells, names, trial))):
                    choice = candidate
                    break
            _, n, position = choice
            kept[names[n]].add(position)
            decided = decide()
    return {
        name: pd.DataFrame(
            {
                name: pd.Series(list(parts[name]), dtype="object"),
                "n": [
                    float(len(p)) if s == SHOWN else math.nan
                    for p, s in zip(per_part[name], decided[name], strict=True)
                ],
                "status": pd.Series(decided[name], dtype="object"),
            }
        )
        for name in names
    }


# --- rule 3: comparisons -----------------------------------------------------------------------


def comparison(before: pd.Series, after: pd.Series) -> pd.Series:
    """Rule 3: a before/after row is hidden if either side is hidden, else no data if either
    side is empty, else shown. "No data" never unmasks "hidden"."""
    before, after = before.astype("object"), after.astype("object")
    found = pd.Series(SHOWN, index=before.index, dtype="object")
    found[(before == NO_DATA).to_numpy() | (after == NO_DATA).to_numpy()] = NO_DATA
    found[(before == HIDDEN).to_numpy() | (after == HIDDEN).to_numpy()] = HIDDEN
    return found


def disclose_changes(
    frame: pd.DataFrame,
    before: pd.Series,
    after: pd.Series,
    *,
    before_columns: Sequence[str] = BEFORE_COLUMNS,
    after_columns: Sequence[str] = AFTER_COLUMNS,
    change_columns: Sequence[str] = CHANGE_COLUMNS,
) -> pd.DataFrame:
    """A comparison frame with rule 3 applied: ``status`` (the row's) and ``status_before``,
    ``status_after`` (each side's own) added.

    ``before``/``after`` are each side's own status, row by row (from ``status`` or
    ``complement``). Each side's n, mean and band are published only where that side is
    shown; the change, interval and verdict only where the row is shown.
    """
    before = pd.Series(np.asarray(before), index=frame.index)
    after = pd.Series(np.asarray(after), index=frame.index)
    row = comparison(before, after)
    frame = publish(frame, before_columns, before == SHOWN)
    frame = publish(frame, after_columns, after == SHOWN)
    frame = publish(frame, change_columns, row == SHOWN)
    frame["status"] = row
    frame["status_before"] = before.astype("object")
    frame["status_after"] = after.astype("object")
    return frame


# --- rule 4: distributions and histograms ------------------------------------------------------


def _merge(
    cells: int,
    people_of: Callable[[int, int], int],
    k: int,
    *,
    remainder_of: Callable[[int, int], int] | None = None,
    breaks: Collection[int] | None = None,
) -> tuple[list[tuple[int, int]], bool]:
    """Cells 0..cells-1 of an ordered scale merged into bins (first, last cell) until every
    bin holds 0 or >= k people (and, with ``remainder_of``, 0 or >= k remainder people).

    ``breaks`` are the only places a bin may start (default: anywhere). The small bin
    farthest from the scale's middle goes first (ties: the lower one), into its neighbour
    towards the middle; a small bin centred on the middle joins its smaller neighbour (ties:
    the lower). Returns the bins and whether they all meet the rule.
    """
    allowed = range(1, cells) if breaks is None else sorted(b for b in breaks if 0 < b < cells)
    edges = [0, *allowed, cells]
    bins = [(start, end - 1) for start, end in itertools.pairwise(edges)]
    middle = (cells - 1) / 2

    def small(first: int, last: int) -> bool:
        if 0 < people_of(first, last) < k:
            return True
        return remainder_of is not None and 0 < remainder_of(first, last) < k

    def centre(position: int) -> float:
        return sum(bins[position]) / 2

    while len(bins) > 1:
        too_small = [i for i, b in enumerate(bins) if small(*b)]
        if not too_small:
            return bins, True
        pick = min(too_small, key=lambda i: (-abs(centre(i) - middle), i))
        if centre(pick) < middle:
            other = pick + 1
        elif centre(pick) > middle:
            other = pick - 1
        else:  # centred on the middle: the bin has a neighbour on each side
            other = min((pick - 1, pick + 1), key=lambda j: (people_of(*bins[j]), j))
        first, last = sorted((pick, other))
        bins[first : last + 1] = [(bins[first][0], bins[last][1])]
    return bins, bool(bins) and not small(*bins[0])


@dataclass(frozen=True)
class Distribution:
    """A published distribution: its status and, when shown, its bins.

    ``bins`` (in order): low and high scale value of each bin, label, count (answers) and pct
    (share of all answers, 0..100); a histogram's bins are start, end, label, respondents,
    pct. Empty unless the status is shown. ``cells`` holds each bin's first and last
    position on the scale.
    """

    status: str
    bins: pd.DataFrame
    cells: tuple[tuple[int, int], ...] = ()

    def breaks(self) -> set[int]:
        """Positions on the scale where a bin starts (after the first)."""
        return {first for first, _ in self.cells[1:]}

    def share(self, values: Collection[Hashable], scale: Sequence[Hashable]) -> float:
        """The share (0..100) of answers with one of ``values``, or NaN unless those values
        are exactly a union of published bins (rule 4: favourable/neutral/unfavourable)."""
        if self.status != SHOWN:
            return math.nan
        chosen = set(values)
        wanted = {position for position, value in enumerate(scale) if value in chosen}
        total, inside = 0.0, 0.0
        for (first, last), count in zip(self.cells, self.bins["count"], strict=True):
            covered = set(range(first, last + 1))
            if covered <= wanted:
                inside += count
            elif covered & wanted:
                return math.nan
            total += count
        return 100.0 * inside / total if total else math.nan

    def records(self) -> list[dict[str, object]]:
        """The published bins as plain records (empty unless shown), for frames and charts."""
        if self.status != SHOWN:
            return []
        columns = list(self.bins.columns)
        values = [self.bins[c].tolist() for c in columns]  # plain Python numbers
        return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]

    def cell_counts(self, scale: Sequence[Hashable]) -> dict[Hashable, float]:
        """Answers per scale value for wide tables (raw_1..raw_5): a value alone in its bin
        gets its count, a value in a merged bin (or a distribution not shown) gets NaN."""
        counts: dict[Hashable, float] = dict.fromkeys(scale, math.nan)
        if self.status != SHOWN:
            return counts
        for (first, last), count in zip(self.cells, self.bins["count"], strict=True):
            if first == last:
                counts[scale[first]] = float(count)
        return counts


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns}).astype(
        {"label": "object"}
    )


def _label(
    scale: Sequence[Hashable], labels: Mapping[Hashable, str] | None, first: int, last: int
) -> str:
    def name(position: int) -> str:
        value = scale[position]
        return labels[value] if labels and value in labels else str(value)

    if first == last:
        return name(first)
    # Words read better spaced ("Strongly disagree – Disagree"); numbers as a range ("1–2").
    return f"{name(first)} – {name(last)}" if labels else f"{name(first)}–{name(last)}"


def distribution(
    answers: pd.DataFrame,
    scale: Sequence[Hashable],
    k: int,
    *,
    labels: Mapping[Hashable, str] | None = None,
    remainder: pd.DataFrame | None = None,
    breaks: Collection[int] | None = None,
    value: str = "value",
    respondent: str = "respondent_id",
) -> Distribution:
    """Rule 4: the answers to an ordinal scale (an ordered list of values: 1..5, 0..10...)
    merged into published bins of 0 or >= k distinct people.

    ``answers`` has one row per answer (respondent, value); a person may give several (a
    dimension's items). With ``remainder`` (answers of the same scale that a reader could
    work out by subtracting published parts: a dimension's hidden items), each bin's
    remainder people must be 0 or >= k as well. ``breaks`` limits where bins may start (see
    ``dimension_distributions``). Fewer than k people in all: hidden; nobody: no data.
    """
    cells = len(scale)
    positions = _codes(answers[value], scale)
    people = _people_per_cell(answers[respondent], positions, cells)
    counts = np.bincount(positions, minlength=cells)
    total_people = _union_size(people)
    found = status(total_people, k)
    if found != SHOWN:
        return Distribution(found, _empty(BIN_COLUMNS))
    left = (
        _people_per_cell(remainder[respondent], _codes(remainder[value], scale), cells)
        if remainder is not None and len(remainder)
        else None
    )
    bins, ok = _merge(
        cells,
        lambda first, last: _union_size(people[first : last + 1]),
        k,
        remainder_of=(
            None if left is None else lambda first, last: _union_size(left[first : last + 1])
        ),
        breaks=breaks,
    )
    if not ok:
        return Distribution(HIDDEN, _empty(BIN_COLUMNS))
    total = float(counts.sum())
    frame = pd.DataFrame(
        {
            "low": [scale[first] for first, _ in bins],
            "high": [scale[last] for _, last in bins],
            "label": [_label(scale, labels, first, last) for first, last in bins],
            "count": [int(counts[first : last + 1].sum()) for first, last in bins],
        }
    )
    frame["pct"] = 100.0 * frame["count"] / total
    return Distribution(SHOWN, frame, tuple(bins))


def _reflected(cells: tuple[tuple[int, int], ...], size: int) -> set[int]:
    """Where bins start once a reverse item's scale is turned round (position p -> size-1-p)."""
    return {size - first for first, _ in cells[1:]}


@dataclass(frozen=True)
class DimensionDistributions:
    """A dimension's items and answers for publication.

    ``items``: item_id, n (people, NaN unless shown), status under rule 2. ``item_bins``:
    item_id -> the item's answers as given (a reverse item's as the member ticked them).
    ``dimension``: every scored answer of the dimension, binned so that no hidden item and
    no detail merged away in an item can be recovered by subtraction.
    """

    items: pd.DataFrame
    item_bins: dict[str, Distribution]
    dimension: Distribution


def dimension_distributions(
    answers: pd.DataFrame,
    items: Sequence[str],
    scale: Sequence[Hashable],
    k: int,
    *,
    reverse: Collection[str] = (),
    labels: Mapping[Hashable, str] | None = None,
    item_labels: Mapping[str, Mapping[Hashable, str]] | None = None,
) -> DimensionDistributions:
    """Rules 2 and 4 for one dimension of one round.

    ``answers``: respondent_id, item_id, value (scored: reverse items already turned round,
    as scoring.scored_answers gives them), not-applicable answers left out. Items hidden by
    rule 2 publish nothing. The dimension's bins are unions of every shown item's bins (so
    subtracting items never gives finer detail than an item publishes), and each bin's
    answers from hidden items come from 0 or >= k people (so the subtraction never gives a
    figure about fewer). ``labels`` name the scale's values (the dimension's bins, and an
    item's unless ``item_labels`` gives that item words of its own).
    """
    decided = complement(answers, items, k, part="item_id")
    status_of = dict(zip(decided["item_id"], decided["status"], strict=True))
    size = len(scale)
    item_bins: dict[str, Distribution] = {}
    breaks = set(range(1, size))
    by_item = dict(iter(answers.groupby("item_id", sort=False)))
    for item in items:
        if status_of[item] != SHOWN:
            item_bins[item] = Distribution(status_of[item], _empty(BIN_COLUMNS))
            continue
        rows = by_item[item]
        if item in reverse:
            positions = _codes(rows["value"], scale)
            rows = rows.assign(value=[scale[size - 1 - p] for p in positions])
        words = item_labels.get(item, labels) if item_labels else labels
        found = distribution(rows, scale, k, labels=words)
        item_bins[item] = found
        breaks &= _reflected(found.cells, size) if item in reverse else found.breaks()
    hidden = [item for item in items if status_of[item] != SHOWN]
    dimension = distribution(
        answers,
        scale,
        k,
        labels=labels,
        remainder=answers[answers["item_id"].isin(hidden)],
        breaks=breaks,
    )
    return DimensionDistributions(decided, item_bins, dimension)


def _merged_with_neighbour(bins: list[tuple[int, int]], pick: int, cells: int) -> None:
    """Merge bin ``pick`` into its neighbour towards the scale's middle (in place)."""
    middle = (cells - 1) / 2
    centre = sum(bins[pick]) / 2
    other = pick + 1 if centre < middle or pick == 0 else pick - 1
    other = min(other, len(bins) - 1)
    first, last = sorted((pick, other))
    bins[first : last + 1] = [(bins[first][0], bins[last][1])]


def histogram(
    spread: pd.DataFrame,
    k: int,
    *,
    people: pd.DataFrame | None = None,
) -> Distribution:
    """Rule 4 for the respondent-score histogram: ``spread`` rows (start, end, label,
    respondents, in order; each respondent in one bin, as scoring.score_spread gives) merged
    into bins of 0 or >= k respondents.

    ``people``, when given: one row per respondent counted, ``bin`` (their bin's position in
    ``spread``) and a column per group published beside the histogram (a segment: the group
    where it is shown, None where it is not). The bins then merge further, smallest first,
    until no bin minus a group (or any sum and difference of them) gives 1..k-1 people.
    """
    counts = spread["respondents"].astype("int64").to_numpy()
    found = status(int(counts.sum()), k)
    if found != SHOWN:
        return Distribution(found, _empty(HISTOGRAM_COLUMNS))
    bins, _ = _merge(len(counts), lambda first, last: int(counts[first : last + 1].sum()), k)
    if people is not None and len(people) and len(people.columns) > 1:
        others = [c for c in people.columns if c != "bin"]
        while len(bins) > 1:
            merged = np.empty(len(counts), dtype=np.int64)
            for position, (first, last) in enumerate(bins):
                merged[first : last + 1] = position
            keyed = people.assign(bin=merged[people["bin"].to_numpy()]).fillna(
                dict.fromkeys(others, "")
            )
            cells = keyed.groupby(["bin", *others], sort=False).size().reset_index(name="n")
            rows = [np.ones(len(cells))]
            rows += [(cells["bin"] == b).to_numpy(dtype="float64") for b in range(len(bins))]
            for column in others:
                values = cells[column].to_numpy()
                rows += [(values == part).astype("float64") for part in set(values) - {""}]
            if small_derivable(np.array(rows), cells["n"].to_numpy(), k) is None:
                break
            sizes = [int(counts[first : last + 1].sum()) for first, last in bins]
            pick = min((i for i in range(len(bins)) if sizes[i]), key=lambda i: (sizes[i], i))
            _merged_with_neighbour(bins, pick, len(counts))
    starts, ends = spread["start"].to_numpy(), spread["end"].to_numpy()
    frame = pd.DataFrame(
        {
            "start": [float(starts[first]) for first, _ in bins],
            "end": [float(ends[last]) for _, last in bins],
            "label": [
                spread["label"].iloc[first]
                if first == last
                else f"{starts[first]:g}–{ends[last]:g}"
                for first, last in bins
            ],
            "respondents": [int(counts[first : last + 1].sum()) for first, last in bins],
        }
    )
    frame["pct"] = 100.0 * frame["respondents"] / float(counts.sum())
    return Distribution(SHOWN, frame, tuple(bins))


@dataclass(frozen=True)
class NotApplicable:
    """Not-applicable answers for publication: per item (item_id, not_applicable, na_status,
    na_pct) and the dimension's total (NaN unless published) with its status."""

    items: pd.DataFrame
    total: float
    status: str


def not_applicable(
    na: pd.DataFrame,
    items: Sequence[str],
    k: int,
    *,
    scored: Mapping[str, int],
    item_status: Mapping[str, str],
) -> NotApplicable:
    """Rule 4's not-applicable counts for a dimension's items.

    ``na``: respondent_id, item_id of each not-applicable answer. An item's count follows
    rule 2 among the dimension's items (so the dimension's total minus the published items
    never gives 1..k-1 people); 0 is published as 0. ``scored`` is each item's scored
    answers and ``item_status`` its status: the share of all answers (na_pct) is published
    only when both counts are, since all answers minus one gives the other.
    """
    decided = complement(na, items, k, part="item_id")
    counts = na.groupby("item_id")["respondent_id"].nunique()
    rows = []
    for item, found in zip(decided["item_id"], decided["status"], strict=True):
        count = int(counts.get(item, 0))
        na_known = found != HIDDEN  # shown, or no data: a published 0
        n_known = item_status[item] in (SHOWN, NO_DATA)
        everyone = count + int(scored.get(item, 0))
        rows.append(
            {
                "item_id": item,
                "not_applicable": float(count) if na_known else math.nan,
                "na_status": found,
                "na_pct": (
                    100.0 * count / everyone if na_known and n_known and everyone else math.nan
                ),
            }
        )
    people = int(na["respondent_id"].nunique())
    total_status = status(people, k)
    total = float(len(na)) if total_status == SHOWN else 0.0 if people == 0 else math.nan
    return NotApplicable(pd.DataFrame(rows), total, total_status)


# --- rule 6: bands -----------------------------------------------------------------------------


def band(mean: float | None, strength: float, priority: float) -> str | None:
    """The band of a mean as displayed (2 decimals): 4.00 is a strength, 3.00 "discuss"."""
    if mean is None or math.isnan(mean):
        return None
    shown = round(float(mean), BAND_DECIMALS)
    if shown >= strength:
        return STRENGTH
    if shown < priority:
        return PRIORITY
    return DISCUSS


def bands(means: pd.Series, strength: float, priority: float) -> pd.Series:
    """``band`` for a column of means (None where a mean is blank)."""
    return pd.Series(
        [band(m, strength, priority) for m in means.astype("float64")],
        index=means.index,
        dtype="object",
    )


# --- rule 7: comments --------------------------------------------------------------------------


def check_comment_min_size(size: int, k: int) -> int:
    """A network's comment threshold: never below its minimum group size."""
    if size < k:
        raise CareNetError(
            f"the comment threshold cannot be below the network's minimum group size ({k}); "
            f"asked for {size}. Choose {k} or more, or clear it to use {k}"
        )
    return size


def comment_threshold(configured: int | None, k: int) -> int:
    """The comment k in force: the network's setting, or k when unset (never below k, even
    if k was raised after the setting was made)."""
    return k if configured is None else max(int(configured), k)


def comment_groups(groups: pd.Series, order: Sequence[Hashable], comment_k: int) -> pd.DataFrame:
    """Rule 7: which groups of a segment may be named beside comments.

    ``groups`` maps each respondent of the round to their group ("Not stated" included).
    Rule 2 with the comment threshold, over every respondent (a comment could come from any
    of them): group, n (NaN unless shown), status. Only shown groups get a filter or a tag.
    """
    membership = pd.DataFrame({"respondent_id": groups.index, "group": groups.to_numpy()})
    return complement(membership, order, comment_k, part="group")


def comment_tags(respondents: pd.Series, groups: pd.Series, decided: pd.DataFrame) -> pd.Series:
    """The tag of each comment: its writer's group when that group is shown (see
    ``comment_groups``), otherwise "Other groups" (never a blank that singles a group out).

    ``respondents`` holds each comment's respondent_id; ``groups`` maps respondent -> group.
    """
    shown = set(decided.loc[decided["status"] == SHOWN, "group"])
    tags = respondents.map(groups)
    return pd.Series(
        [t if t in shown else OTHER_GROUPS for t in tags], index=respondents.index, dtype="object"
    )
