"""The names people give networks and rounds: how a name is tidied, and when two are the same."""

from __future__ import annotations

from carenet_dash.errors import CareNetError

MAX_LABEL = 100


def clean_label(label: str, what: str = "round label") -> str:
    """A trimmed, non-empty label of sensible length, or a refusal saying what to change."""
    label = " ".join(str(label).split())
    if not label:
        raise CareNetError(f"the {what} is empty; give it a name such as '2026 Q3'")
    if len(label) > MAX_LABEL:
        raise CareNetError(f"the {what} is {len(label)} characters long; keep it under {MAX_LABEL}")
    return label
