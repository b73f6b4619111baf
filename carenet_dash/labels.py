"""The names people give networks and rounds: how a name is tidied, and when two are the same."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from carenet_dash.errors import CareNetError

MAX_LABEL = 100
T = TypeVar("T")


def clean_label(label: str, what: str = "round label") -> str:
    """A trimmed, non-empty label of sensible length, or a refusal saying what to change."""
    label = tidy(label)
    if not label:
        raise CareNetError(f"the {what} is empty; give it a name such as '2026 Q3'")
    if len(label) > MAX_LABEL:
        raise CareNetError(f"the {what} is {len(label)} characters long; keep it under {MAX_LABEL}")
    return label


def tidy(label: str) -> str:
    """A label as stored: runs of spaces, tabs and newlines become one space, none at the ends."""
    return " ".join(str(label).split())


def same_label(first: str, second: str) -> bool:
    """True when two labels name the same thing: spacing and case aside ("2026 Q3" is
    "2026  q3"). The one rule for network names and round labels, in the store and on screen."""
    return tidy(first).casefold() == tidy(second).casefold()


def find_label(candidates: Iterable[T], wanted: str, label: Callable[[T], str]) -> T | None:
    """The candidate called ``wanted``: one spelled exactly so first, else the same label."""
    found = list(candidates)
    exact = next((c for c in found if label(c) == wanted), None)
    if exact is not None:
        return exact
    return next((c for c in found if same_label(label(c), wanted)), None)
