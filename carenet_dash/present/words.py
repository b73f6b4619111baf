"""Figures as words: a mean, a count, a share, a band, a change and its verdict, a date, a
level, and what stands in for a figure not shown."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from carenet_dash import disclosure, scoring
from carenet_dash.analysis.scales import FAVOURABLE
from carenet_dash.config import DEFAULT_MIN_GROUP_SIZE

BAND_LABELS = {"strength": "Strength", "discuss": "Discuss", "priority": "Priority"}
# Shapes beside colours, so a band never depends on colour alone (projectors, colour blindness).
BAND_MARKS = {"strength": "▲", "discuss": "●", "priority": "▼"}
VERDICT_MARKS = {
    scoring.CLEAR_RISE: "↑",
    scoring.CLEAR_FALL: "↓",
    scoring.WITHIN_NOISE: "≈",
}
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
# Marks a round asked with a different version of the instrument from the latest round's.
DIFFERENT_INSTRUMENT = "†"


def missing(value: object) -> bool:
    """True for None, NA and NaN: a figure that is not there."""
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def mean(
    value: float | None, status: str = disclosure.SHOWN, min_size: int = DEFAULT_MIN_GROUP_SIZE
) -> str:
    """A mean to two decimals, or what stands in for it."""
    if status == disclosure.HIDDEN:
        return disclosure.hidden_text(min_size)
    if status == disclosure.NO_DATA or missing(value):
        return disclosure.NO_DATA
    return f"{value:.2f}"


def count(
    value: float | int | None,
    status: str = disclosure.SHOWN,
    min_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> str:
    if status == disclosure.HIDDEN:
        return disclosure.hidden_text(min_size)
    if missing(value):
        return disclosure.NO_DATA if status == disclosure.NO_DATA else "–"
    return f"{int(value)}"  # type: ignore[arg-type]


def percent(value: float | None) -> str:
    return "–" if missing(value) else f"{value:.0f}%"


def band(value: str | None) -> str:
    if not value:
        return "–"
    return f"{BAND_MARKS[value]} {BAND_LABELS[value]}"


def signed(value: float | None) -> str:
    return "–" if missing(value) else f"{value:+.2f}"


MINUS = "\u2212"  # a true minus sign: read as "minus", and as wide as the plus


def said(value: float) -> str:
    """A change as a sentence says it: '+0.42' or '−0.97' (a true minus sign, which a
    spreadsheet never reads as the start of a formula either)."""
    return f"{value:+.2f}".replace("-", MINUS)


def interval(low: float | None, high: float | None) -> str:
    if missing(low) or missing(high):
        return "–"
    return f"{low:+.2f} to {high:+.2f}"


def verdict(value: str | None) -> str:
    if not value:
        return "–"
    mark = VERDICT_MARKS.get(value)
    return f"{mark} {value}" if mark else value


def responses(respondents: int | None, min_size: int) -> str:
    """A round's response count, or the hidden text when the round is below the minimum
    (``respondents`` None, as analysis.respondent_count gives it)."""
    status = disclosure.SHOWN if respondents is not None else disclosure.HIDDEN
    return count(respondents, status, min_size)


def mean_lines(card: pd.DataFrame, as_text: Callable[[object], str]) -> list[str]:
    """Scorecard rows as Markdown list lines: '- **Shared purpose & identity**: 3.61 (n=91)'.
    Each name goes through ``as_text`` (ui.text.plain), so it reads as written."""
    return [
        f"- **{as_text(r.dimension)}**: {mean(r.mean)} (n={count(r.n)})" for r in card.itertuples()
    ]


def response_rate(respondents: int | None, invited: int | None) -> str | None:
    if respondents is None or not invited:
        return None
    return f"{100.0 * respondents / invited:.0f}% of {invited} invited"


def day_iso(value: object) -> str:
    """A date as 2026-08-15, or blank."""
    return "" if missing(value) else value.isoformat()  # type: ignore[union-attr]


def change_label(value: float | None, verdict_: str | None) -> str:
    """'+0.38 ↑' style text beside a change, its verdict mark never left to colour."""
    if missing(value):
        return verdict_ or "–"
    mark = VERDICT_MARKS.get(verdict_ or "", "")
    return f"{value:+.2f} {mark}".strip()


def item_label(text: str, reverse: bool, width: int = 70) -> str:
    """A statement short enough for a chart axis; ⇄ marks a reverse-worded one."""
    short = text if len(text) <= width else text[: width - 1].rstrip() + "…"
    return f"⇄ {short}" if reverse else short


def status(value: str | None) -> str:
    if missing(value):
        return "–"
    return STATUS_LABELS.get(value, value)  # type: ignore[arg-type]


def day(value: object) -> str:
    """A date as people write it (30 Jun 2026), or a dash."""
    if missing(value):
        return "–"
    return value.strftime("%d %b %Y")  # type: ignore[union-attr]


def level(value: int, names: list[str]) -> str:
    """A maturity level with its name: '2 · Developing'."""
    return f"{value} · {names[value - 1]}"


def gap(value: int) -> str:
    return f"{value:+d}" if value else "0"


def views(value: str | None) -> str:
    if missing(value) or not value:
        return "–"
    return f"{VIEWS_MARKS[value]} {value}"


def side(value: float | int | None, status: str | None, min_size: int, digits: bool) -> str:
    """One side of a comparison (a mean with ``digits``, else a count) by that side's own
    status: the figure, the hidden text, "no data", or a dash where there is no side."""
    if status is None or missing(status):
        return "–" if missing(value) else (f"{value:.2f}" if digits else count(value))
    return mean(value, status, min_size) if digits else count(value, status, min_size)


def change_verdict(row: pd.Series | dict, min_size: int = DEFAULT_MIN_GROUP_SIZE) -> str:
    """A comparison row's verdict, or why there is none: the hidden text where either side is
    hidden, "no data" where one is empty, a dash without a comparison."""
    status_ = row.get("change_status", row.get("status"))
    if status_ == disclosure.HIDDEN:
        return disclosure.hidden_text(min_size)
    if status_ == disclosure.NO_DATA:
        return disclosure.NO_DATA
    return verdict(row.get("verdict"))


def change_since(
    previous_label: str | None, row: pd.Series | dict, min_size: int = DEFAULT_MIN_GROUP_SIZE
) -> str:
    """A scorecard row's change as one line: 'Since 2026 Q2: +0.29 (likely range +0.05 to
    +0.53) · ↑ clear rise · n 74 → 91', or why there is no change to give. The likely range
    is the change's 95% interval."""
    if previous_label is None:
        return "The network's first round: changes show from the second."
    since = f"Since {previous_label}:"
    verdict_ = row["verdict"]
    state = row.get("change_status")
    if state == disclosure.HIDDEN:
        return f"{since} {disclosure.hidden_text(min_size)}"
    if missing(row["change"]) or not isinstance(verdict_, str):
        reason = "no data in one of the rounds" if state == disclosure.NO_DATA else None
        return f"{since} {reason or 'not asked in both rounds'}"
    # Rounds asked on different scales are compared on favourable share, in points.
    unit = " points of favourable share" if row.get("compared_on") == FAVOURABLE else ""
    return (
        f"{since} {signed(row['change'])}{unit} "
        f"(likely range {interval(row['low'], row['high'])}) · "
        f"{verdict(verdict_)} · n {count(row['previous_n'])} → {count(row['n'])}"
    )


def level_option(value: int, names: list[str], descriptors: list[str] | None) -> str:
    """A maturity level as a choice: '2 · Developing: <that level's descriptor>'."""
    text = level(value, names)
    return f"{text}: {descriptors[value - 1]}" if descriptors else text
