"""Picking one dimension's rows out of a page-ready figure."""

from __future__ import annotations

import pandas as pd


def for_dimension(frame: pd.DataFrame, dimension_id: str | None) -> pd.DataFrame:
    """The rows of a per-dimension figure (scorecard, trend, segment cells, actions...) for one
    dimension, in their order; None: every row."""
    if dimension_id is None:
        return frame.reset_index(drop=True)
    return frame[frame["dimension_id"] == dimension_id].reset_index(drop=True)


def dimension_row(card: pd.DataFrame, dimension_id: str) -> pd.Series:
    """One dimension's row of a scorecard."""
    return for_dimension(card, dimension_id).iloc[0]
