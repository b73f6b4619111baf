"""Response dates from an export's own columns, and the round they suggest ("2026 Q3")."""

from __future__ import annotations

import datetime as dt

import pandas as pd

_DATE = r"^\s*(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})"


def parse_dates(values: pd.Series, month_first: bool = False) -> pd.Series:
    """The calendar date in each cell (NaT where there is none).

    Reads year-first (2026-09-27, 2026/09/27) and day or month first (27/09/2026); the order of
    an ambiguous column comes from a day above 12 in either place, else from ``month_first``
    (SurveyMonkey and Microsoft Forms write US dates).
    """
    # The pattern reads at most 12 characters after any leading space: match each distinct
    # beginning once (a few hundred days) rather than every response (10,000 timestamps).
    starts = values.astype("str").str.lstrip().str.slice(0, 12)
    distinct = pd.Series(starts.unique())
    found = distinct.str.extract(_DATE).apply(pd.to_numeric, errors="coerce")
    parts = found.iloc[pd.Index(distinct).get_indexer(starts)].set_axis(values.index)
    first, second, third = parts[0], parts[1], parts[2]
    if first.dropna().empty:
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if (first > 31).any():
        year, month, day = first, second, third
    else:
        year = third.where(third >= 100, third + 2000)
        day_first = (first > 12).any() or (not (second > 12).any() and not month_first)
        month, day = (second, first) if day_first else (first, second)
    return pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce")


def quarter_label(day: dt.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def suggest(dates: pd.Series) -> tuple[str | None, dt.date | None]:
    """A round label from the middle response date, and the fielded date (the first one)."""
    known = dates.dropna()
    if known.empty:
        return None, None
    middle = known.sort_values().iloc[len(known) // 2].date()
    return quarter_label(middle), known.min().date()


SPAN_MONTHS = 3  # a round is fielded over weeks; a file spanning longer holds several


def long_span(dates: pd.Series) -> tuple[dt.date, dt.date] | None:
    """The first and last response dates when they lie more than three months apart (the
    file then likely holds several rounds, and its earliest date is not the round's)."""
    known = dates.dropna()
    if known.empty:
        return None
    first, last = known.min(), known.max()
    if last <= first + pd.DateOffset(months=SPAN_MONTHS):
        return None
    return first.date(), last.date()


def describe_span(span: tuple[dt.date, dt.date]) -> str:
    first, last = span
    months = (last.year - first.year) * 12 + last.month - first.month
    return f"{first.isoformat()} to {last.isoformat()} (about {months} months)"
