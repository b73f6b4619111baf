"""Rounds built by hand on the mini instrument, for the analysis tests."""

from __future__ import annotations

import pytest

from carenet_dash.store import writes
from tests.conftest import make_responses

MARKUP = "**bold** <script>alert(1)</script>"


# Eight respondents: five X, two Y, one Z (so Y and Z are both below a minimum of 5).
GROUPS = {1: "X", 2: "X", 3: "X", 4: "X", 5: "X", 6: "Y", 7: "Y", 8: "Z"}


def _round(store, mini, label, rows, comments=None, *, network="Test network"):
    return writes.import_round(
        store,
        writes.RoundMeta(network=network, label=label),
        mini,
        make_responses(rows, segments=GROUPS, comments=comments),
    )


@pytest.fixture
def two_rounds(store, mini):
    # Round 1: every answer 3 on A (a2 reverse: 6-3 = 3), 4 on B.
    first = [
        (p, item, score, False)
        for p in GROUPS
        for item, score in (("a1", 3), ("a2", 3), ("a3", 3), ("b1", 4), ("b2", 4))
    ]
    # Round 2: a1 4 (all eight), a2 2 -> scored 4, a3 answered by three people only.
    second = [(p, "a1", 4, False) for p in GROUPS] + [(p, "a2", 2, False) for p in GROUPS]
    second += [(p, "a3", 5, False) for p in (1, 2, 3)]
    second += [(p, "b1", 4, False) for p in GROUPS] + [(p, "b2", None, True) for p in GROUPS]
    comments = [
        (1, "comments", "More joint training please."),
        (2, "b_comments", MARKUP),
        (6, "comments", "Training days clash with clinics."),
        (8, "b_comments", "Nobody asked us."),
    ]
    before = _round(store, mini, "2026 Q1", first)
    after = _round(store, mini, "2026 Q2", second, comments)
    return before, after
