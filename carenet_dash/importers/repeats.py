"""Responses seen before: the same round again, or a file that largely repeats an earlier one."""

from __future__ import annotations

from sqlalchemy import Engine

from carenet_dash.responses import Responses
from carenet_dash.store import fingerprints

# A new file is said to overlap an earlier round when at least this share of its responses
# (and at least a few) are identical, answer for answer and comment for comment, to that
# round's. Different members rarely give the very same answers to every statement.
LARGE_OVERLAP = 0.5
MIN_OVERLAP_ROWS = 3


def repeat_warnings(engine: Engine, network_id: int, responses: Responses) -> list[str]:
    """What the preview should say about responses the network holds already."""
    warnings = []
    same = fingerprints.round_with_fingerprint(engine, network_id, responses.fingerprint)
    if same is not None:
        warnings.append(fingerprints.repeat_message(same))
    total = responses.respondent_count
    found = fingerprints.overlaps(engine, network_id, responses.row_hashes.tolist())
    for label, matched in found.items():
        if label == same or matched < MIN_OVERLAP_ROWS or matched < LARGE_OVERLAP * total:
            continue
        warnings.append(
            f"{matched} of these {total} responses are identical to responses in round "
            f"{label!r}: is this file a re-export that includes that round's answers?"
        )
    return warnings
