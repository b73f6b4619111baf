"""The story of a round in words: each "what changed" line as a sentence, and every
dimension's change since the previous round beside its largest clear change since an
earlier round, as a table of plain words."""

from __future__ import annotations

import pandas as pd

from carenet_dash import disclosure
from carenet_dash.analysis.scales import FAVOURABLE
from carenet_dash.analysis.story import FALL, GROUP, NEW_PRIORITY, NEW_STRENGTH, RISE, StoryLine
from carenet_dash.present.columns import LARGEST, LIKELY_RANGE, RESPONSES, SINCE_PREVIOUS
from carenet_dash.present.words import (
    MINUS,
    change_verdict,
    count,
    interval,
    mean,
    missing,
    said,
    verdict,
)


def _sides(line: StoryLine) -> str:
    return (
        f"{line.mean_before:.2f} → {line.mean_after:.2f}, "
        f"n {count(line.n_before)} → {count(line.n_after)}"
    )


def line_text(line: StoryLine) -> str:
    """One "what changed" line as a sentence with its figures and n."""
    if line.kind in (FALL, RISE):
        text = (
            f"{line.dimension} {said(line.change)} since {line.since} ({_sides(line)}): "
            f"{line.verdict}"
        )
        if line.previous and line.previous != line.since and not missing(line.previous_change):
            text += f"; since {line.previous} {said(line.previous_change)}, "
            text += line.previous_verdict or "no verdict"
        return text
    if line.kind in (NEW_PRIORITY, NEW_STRENGTH):
        band = "priority" if line.kind == NEW_PRIORITY else "strength"
        return (
            f"{line.dimension} is a new {band}: {line.mean_after:.2f}, "
            f"{line.mean_before:.2f} in {line.since} (n {count(line.n_before)} → "
            f"{count(line.n_after)})"
        )
    if line.kind == GROUP:
        way = "higher" if line.change > 0 else "lower"
        return (
            f"{line.segment} “{line.group}” rate {line.dimension} {abs(line.change):.2f} {way} "
            f"than the rest of the network ({line.mean_after:.2f}, n {count(line.n_after)}, "
            f"against {line.mean_before:.2f}, n {count(line.n_before)}): a clear difference"
        )
    raise ValueError(f"unknown story line kind {line.kind!r}")


def story_texts(lines: list[StoryLine]) -> list[str]:
    return [line_text(line) for line in lines]


NO_STORY = (
    "No clear change since any earlier round, no dimension newly in the strength or priority "
    "band, and no group that differs clearly from the rest of the network."
)


def story_table(story: pd.DataFrame, min_size: int) -> pd.DataFrame:
    """Every dimension: responses, mean, change since the previous round with its likely
    range and verdict, and its largest clear change since an earlier round (analysis.
    dimension_story), in plain words."""
    rows = []
    for row in story.itertuples():
        shown = row.status == disclosure.SHOWN
        if missing(row.change):
            # Why there is none (a side hidden or empty), by the comparison's own status.
            since_previous = change_verdict(row._asdict(), min_size)
        else:
            unit = (
                " points of favourable share"
                if getattr(row, "compared_on", None) == FAVOURABLE
                else ""
            )
            since_previous = (
                f"{said(row.change)}{unit} · {verdict(row.verdict)} "
                f"(n {count(row.previous_n)} → {count(row.n)})"
            )
        largest = "–"
        if shown and isinstance(row.since_verdict, str):
            largest = (
                f"{said(row.since_change)} since {row.since_round} "
                f"(n {count(row.since_n_before)} → {count(row.n)}) · {verdict(row.since_verdict)}"
            )
        rows.append(
            {
                "Dimension": row.dimension,
                RESPONSES: count(row.n, row.status, min_size),
                "Mean": mean(row.mean, row.status, min_size),
                SINCE_PREVIOUS: since_previous,
                LIKELY_RANGE: interval(row.low, row.high).replace("-", MINUS),
                LARGEST: largest,
            }
        )
    columns = ["Dimension", RESPONSES, "Mean", SINCE_PREVIOUS, LIKELY_RANGE, LARGEST]
    return pd.DataFrame(rows, columns=columns)
