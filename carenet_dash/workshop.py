"""The workshop as a presentation: its steps in order, and the few comments each step shows."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from carenet_dash.instrument import Instrument

TITLE = "title"
DIMENSION = "dimension"
CONNECTIONS = "connections"
MATRIX = "matrix"
ACTIONS = "actions"
COMMENTS_PER_STEP = 3


@dataclass(frozen=True)
class Step:
    """One screen of the workshop. ``number`` counts from 1, as the room reads it."""

    number: int
    kind: str
    title: str
    dimension_id: str | None = None


def steps(instrument: Instrument) -> list[Step]:
    """The round at a glance, one step per dimension in the instrument's order, who works with
    whom (when the instrument asks), the maturity matrix, then what was agreed."""
    titles = [(TITLE, "The round at a glance", None)]
    titles += [(DIMENSION, d.name, d.id) for d in instrument.dimensions]
    if instrument.relations_question is not None:
        titles.append((CONNECTIONS, "Who works with whom", None))
    titles += [(MATRIX, "Maturity matrix", None), (ACTIONS, "What we agreed", None)]
    return [
        Step(number, kind, title, dimension_id)
        for number, (kind, title, dimension_id) in enumerate(titles, start=1)
    ]


def clamp(number: int | float | None, total: int) -> int:
    """A step number within 1..total (a missing one is the first step)."""
    if number is None or (isinstance(number, float) and math.isnan(number)):
        return 1
    return max(1, min(int(number), total))


def indicator(step: Step, total: int) -> str:
    return f"Step {step.number} of {total}"


def comment_turn(
    comments: pd.DataFrame, turn: int = 0, count: int = COMMENTS_PER_STEP
) -> tuple[pd.DataFrame, int]:
    """``count`` comments for one turn of the discussion, spread across the list (one from
    its start, one from its middle, one from its end) rather than the first few; the next
    turn shows others, and after enough turns every comment has been shown once.

    A comment written in the same words more than once is shown once.
    Returns the chosen rows and the number of turns the list holds.
    """
    comments = comments.drop_duplicates("text")
    total = len(comments)
    if total == 0:
        return comments, 0
    turns = math.ceil(total / count)
    # Read the list in ``count`` bands of ``turns`` comments: turn t takes the t-th of each.
    order = [position for offset in range(turns) for position in range(offset, total, turns)]
    start = (turn % turns) * count
    return comments.iloc[order[start : start + count]], turns


def step_comments(
    comments: pd.DataFrame, dimension_id: str, turn: int = 0, count: int = COMMENTS_PER_STEP
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """What a dimension's step shows of its comments: every comment the lead pinned to it,
    then others about it a turn at a time (see ``comment_turn``) in the room left (at least
    one). Returns the pinned ones, this turn's others, and the number of turns."""
    pinned_on = comments.get("pinned_on")
    marked = (
        pinned_on.map(lambda found: dimension_id in found).astype(bool)
        if pinned_on is not None
        else pd.Series(False, index=comments.index)
    )
    pinned = comments[marked].drop_duplicates("text")
    others = comments[~marked & ~comments["text"].isin(pinned["text"])]
    shown, turns = comment_turn(others, turn, max(count - len(pinned), 1))
    return pinned, shown, turns
