"""Figures into the words and tables people read; shared by pages, the CLI and exports."""

from __future__ import annotations

import math

import pandas as pd

from carenet_dash import scoring

BAND_LABELS = {"strength": "Strength", "discuss": "Discuss", "priority": "Priority"}
# Shapes beside colours, so a band never depends on colour alone (projectors, colour blindness).
BAND_MARKS = {"strength": "▲", "discuss": "●", "priority": "▼"}
VERDICT_MARKS = {
    scoring.CLEAR_RISE: "↑",
    scoring.CLEAR_FALL: "↓",
    scoring.WITHIN_NOISE: "≈",
}


def _missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def mean(value: float | None, status: str = scoring.SHOWN, min_size: int = 5) -> str:
    """A mean to two decimals, or what stands in for it."""
    if status == scoring.HIDDEN:
        return scoring.hidden_text(min_size)
    if status == scoring.NO_DATA or _missing(value):
        return "no data"
    return f"{value:.2f}"


def count(value: float | int | None, status: str = scoring.SHOWN, min_size: int = 5) -> str:
    if status == scoring.HIDDEN:
        return scoring.hidden_text(min_size)
    if _missing(value):
        return "no data" if status == scoring.NO_DATA else "–"
    return f"{int(value)}"  # type: ignore[arg-type]


def percent(value: float | None) -> str:
    return "–" if _missing(value) else f"{value:.0f}%"


def band(value: str | None) -> str:
    if not value:
        return "–"
    return f"{BAND_MARKS[value]} {BAND_LABELS[value]}"


def signed(value: float | None) -> str:
    return "–" if _missing(value) else f"{value:+.2f}"


def interval(low: float | None, high: float | None) -> str:
    if _missing(low) or _missing(high):
        return "–"
    return f"{low:+.2f} to {high:+.2f}"


def verdict(value: str | None) -> str:
    if not value:
        return "–"
    mark = VERDICT_MARKS.get(value)
    return f"{mark} {value}" if mark else value


def response_rate(respondents: int | None, invited: int | None) -> str | None:
    if respondents is None or not invited:
        return None
    return f"{100.0 * respondents / invited:.0f}% of {invited} invited"


def scorecard_table(card: pd.DataFrame, min_size: int) -> pd.DataFrame:
    """The overview scorecard as text columns: dimension, n, mean, spread, band, change."""
    rows = []
    for row in card.itertuples():
        rows.append(
            {
                "Dimension": row.dimension,
                "n": count(row.n, row.status, min_size),
                "Mean": mean(row.mean, row.status, min_size),
                "Spread (sd)": "–" if _missing(row.sd) else f"{row.sd:.2f}",
                "Favourable": percent(row.favourable_pct),
                "Band": band(row.band),
                "Members split": "yes" if row.split else "",
                "Change": signed(row.change),
                "95% interval": interval(row.low, row.high),
                "n before": count(row.previous_n) if not _missing(row.previous_n) else "–",
                "Verdict": verdict(row.verdict),
            }
        )
    return pd.DataFrame(rows)


def changes_table(changes: pd.DataFrame, before: str, after: str, min_size: int) -> pd.DataFrame:
    """Round-vs-round comparison as text columns, with n on both sides of every change."""
    rows = []
    for row in changes.itertuples():
        rows.append(
            {
                "Dimension": row.dimension,
                f"{before} mean": mean(row.mean_before, row.status, min_size),
                f"{before} n": count(row.n_before, row.status, min_size),
                f"{after} mean": mean(row.mean_after, row.status, min_size),
                f"{after} n": count(row.n_after, row.status, min_size),
                "Change": signed(row.change),
                "95% interval": interval(row.low, row.high),
                "Verdict": verdict(row.verdict),
            }
        )
    return pd.DataFrame(rows)


def trend_table(trend: pd.DataFrame, min_size: int) -> pd.DataFrame:
    """Dimension x round means as text (rows dimensions, columns rounds)."""
    if trend.empty:
        return pd.DataFrame()
    cells = trend.assign(
        cell=[
            f"{mean(m, s, min_size)} (n={count(n, s, min_size)})"
            if s == scoring.SHOWN
            else mean(m, s, min_size)
            for m, n, s in zip(trend["mean"], trend["n"], trend["status"], strict=True)
        ]
    )
    table = cells.pivot_table(
        index=["dimension_id", "dimension"], columns="round_order", values="cell", aggfunc="first"
    )
    labels = cells.drop_duplicates("round_order").set_index("round_order")["round"]
    table.columns = [labels[c] for c in table.columns]
    order = list(dict.fromkeys(trend["dimension_id"]))
    table = table.reset_index().set_index("dimension_id").loc[order].reset_index(drop=True)
    return table.rename(columns={"dimension": "Dimension"})


# ---------------------------------------------------------------------------------------------
# Workshop: actions and the maturity matrix

# A mark beside each status, so it reads without colour.
STATUS_LABELS = {
    "open": "○ Open",
    "in_progress": "→ In progress",
    "done": "✓ Done",
    "dropped": "✕ Dropped",
}
VIEWS_MARKS = {
    "members' answers higher": "↑",
    "members' answers lower": "↓",
    "in line": "=",
}


def status(value: str | None) -> str:
    if _missing(value):
        return "–"
    return STATUS_LABELS.get(value, value)  # type: ignore[arg-type]


def day(value: object) -> str:
    """A date as people write it (30 Jun 2026), or a dash."""
    if _missing(value):
        return "–"
    return value.strftime("%d %b %Y")  # type: ignore[union-attr]


def level(value: int, names: list[str]) -> str:
    """A maturity level with its name: '2 · Developing'."""
    return f"{value} · {names[value - 1]}"


def gap(value: int) -> str:
    return f"{value:+d}" if value else "0"


def views(value: str | None) -> str:
    if _missing(value) or not value:
        return "–"
    return f"{VIEWS_MARKS[value]} {value}"


def actions_table(actions: pd.DataFrame, with_round: bool = False) -> pd.DataFrame:
    """Actions as text columns: dimension, action, owner, due, status (and the round)."""
    rows = []
    for row in actions.itertuples():
        cells = {
            "Dimension": row.dimension,
            "Action": row.what,
            "Owner": row.owner or "–",
            "Due": day(row.due_on),
            "Status": status(row.status),
        }
        if with_round:
            cells["Agreed at"] = row.round if isinstance(row.round, str) else "round deleted"
        rows.append(cells)
    columns = ["Dimension", "Action", "Owner", "Due", "Status"] + (
        ["Agreed at"] if with_round else []
    )
    return pd.DataFrame(rows, columns=columns)


def matrix_table(summary: pd.DataFrame, names: list[str], min_size: int) -> pd.DataFrame:
    """The matrix as text: levels now and aimed for, the gap, and the survey beside them."""
    rows = []
    for row in summary.itertuples():
        rows.append(
            {
                "Dimension": row.dimension,
                "Now": level(row.current, names),
                "Target": level(row.target, names),
                "Gap": gap(row.gap),
                "Survey mean": mean(row.mean, row.status, min_size),
                "n": count(row.n, row.status, min_size),
                "Members vs group": views(row.views),
            }
        )
    return pd.DataFrame(
        rows, columns=["Dimension", "Now", "Target", "Gap", "Survey mean", "n", "Members vs group"]
    )
