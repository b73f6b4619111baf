"""Picking one dimension's rows out of a page-ready figure."""

from __future__ import annotations

import pandas as pd


def for_dimension(frame: pd.DataFrame, dimension_id: str) -> pd.DataFrame:
    """The rows of a per-dimension figure (scorecard, segment cells...) for one dimension."""
    return frame[frame["dimension_id"] == dimension_id]


def dimension_row(card: pd.DataFrame, dimension_id: str) -> pd.Series:
    """One dimension's row of a scorecard."""
    return for_dimension(card, dimension_id).iloc[0]


def dimension_history(trend_frame: pd.DataFrame, dimension_id: str) -> pd.DataFrame:
    """One dimension's rows of a trend frame, oldest round first."""
    return trend_frame[trend_frame["dimension_id"] == dimension_id].reset_index(drop=True)
