"""Which figures may be shown: the minimum group size, complementary suppression, and the
words that stand in for a figure kept back.

Every rule about hiding a small group is here. ``analysis`` applies them to every figure a
page, the CLI or an export shows, so a hidden figure leaves it as NaN with status "hidden".
"""

from __future__ import annotations

import math

import pandas as pd

# The statuses and the "fewer than k" words have one home, the disclosure rules.
from carenet_dash.disclosure import HIDDEN, NO_DATA, SHOWN, hidden_text


def status_of(n: pd.Series | int, min_size: int) -> pd.Series | str:
    """What may be shown of a figure counted over ``n`` people (or each of a Series of counts):
    "no data" when nobody, "hidden" when fewer than ``min_size``, else "shown"."""
    if isinstance(n, pd.Series):
        status = pd.Series(SHOWN, index=n.index, dtype="object")
        status[n == 0] = NO_DATA
        status[(n > 0) & (n < min_size)] = HIDDEN
        return status
    return NO_DATA if n == 0 else HIDDEN if n < min_size else SHOWN


def status_of_change(n_before: pd.Series, n_after: pd.Series, min_size: int) -> pd.Series:
    """What may be shown of a change between two counts: "no data" when either side has
    nobody, else "hidden" when either side is below the minimum, else "shown"."""
    before, after = status_of(n_before, min_size), status_of(n_after, min_size)
    status = pd.Series(SHOWN, index=n_before.index, dtype="object")
    status[(before == HIDDEN) | (after == HIDDEN)] = HIDDEN
    status[(before == NO_DATA) | (after == NO_DATA)] = NO_DATA
    return status


def status_text(status: str, min_size: int) -> str:
    """The words that stand in for a figure not shown: the hidden text, or "no data"."""
    return hidden_text(min_size) if status == HIDDEN else NO_DATA


def never_shown(min_size: int) -> str:
    """The promise that comes with every screen and export (no closing stop)."""
    return f"Groups of {hidden_text(min_size)} are never shown"


def suppressed(counts: pd.Series, min_size: int) -> pd.Series:
    """Which groups to hide: those with 1..min_size-1 members, and where exactly one is
    hidden, the next smallest too (so it cannot be worked out from the total).

    ``counts`` maps group -> n; a group with 0 is "no data", never hidden.
    """
    counts = counts.fillna(0).astype("int64")
    hidden = (counts > 0) & (counts < min_size)
    if int(hidden.sum()) == 1:
        others = counts[~hidden & (counts > 0)]
        if len(others):
            # Stable: among equal sizes, the first group in the given order is hidden.
            hidden[others.sort_values(kind="stable").index[0]] = True
    return hidden


def group_status(counts: pd.Series, min_size: int) -> pd.Series:
    """For each group: "shown", "hidden" (below the minimum) or "no data"."""
    hidden = suppressed(counts, min_size)
    status = pd.Series(SHOWN, index=counts.index, dtype="object")
    status[counts.fillna(0) == 0] = NO_DATA
    status[hidden] = HIDDEN
    return status


def hide(frame: pd.DataFrame, hidden: pd.Series, columns: list[str]) -> pd.DataFrame:
    """``frame`` with the figures in ``columns`` (and any band or split) blanked on the rows
    ``hidden`` marks: NaN for numbers, None for words."""
    frame = frame.copy()
    for column in columns:
        if column in frame:
            frame[column] = frame[column].astype("float64").where(~hidden, math.nan)
    for column in ("band", "split"):
        if column in frame:
            frame[column] = frame[column].astype("object").where(~hidden, None)
    return frame
