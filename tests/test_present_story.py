"""Plain words and honest colours: a change coloured only when it is clear, overdue and
progress in words, the story table of every dimension."""

from __future__ import annotations

import math

import pandas as pd

from carenet_dash import present
from carenet_dash.analysis.follow_up import Progress
from carenet_dash.present import follow_up
from carenet_dash.present import story as words


def test_a_change_within_noise_is_never_coloured_however_large():
    cells = pd.DataFrame(
        {
            "dimension_id": ["a", "a", "a"],
            "dimension": ["A", "A", "A"],
            "group": ["X", "Y", "Z"],
            "status": ["shown", "shown", "hidden"],
            "change": [-0.38, -0.40, math.nan],
            "verdict": ["within noise", "clear fall", None],
            "n_before": [6.0, 40.0, math.nan],
            "n_after": [7.0, 42.0, math.nan],
        }
    )
    shaded = present.segment_cells(cells, 5, change=True)["shade"].tolist()
    assert shaded[:2] == [0.0, -0.40]  # -0.38 within noise: neutral; -0.40 clear: coloured
    assert math.isnan(shaded[2])


def test_follow_up_in_words():
    assert follow_up.status_text("open", True) == "○ Open · ⚠ overdue"
    assert follow_up.status_text("done") == "✓ Done"
    assert follow_up.progress_text(Progress(3, 4, 2, 1)) == (
        "3 done · 4 open · 2 overdue · 1 dropped, of 10 agreed"
    )
    assert follow_up.progress_text(Progress(0, 0, 0, 0)) == "No actions agreed yet."


def test_the_story_table_says_both_changes_in_plain_words():
    story = pd.DataFrame(
        {
            "dimension": ["Leadership", "Trust"],
            "status": ["shown", "hidden"],
            "n": [67.0, math.nan],
            "mean": [3.05, math.nan],
            "change": [-0.17, math.nan],
            "previous_n": [62.0, math.nan],
            "low": [-0.37, math.nan],
            "high": [0.03, math.nan],
            "verdict": ["within noise", None],
            "change_status": ["shown", "hidden"],  # as analysis.scorecard publishes it
            "since_round": ["2025 Q4", None],
            "since_change": [-0.97, math.nan],
            "since_n_before": [43.0, math.nan],
            "since_verdict": ["clear fall", None],
        }
    )
    table = words.story_table(story, 5)
    assert table.columns.tolist() == [
        "Dimension",
        "Responses",
        "Mean",
        "Change since the previous round",
        "Likely range of the change",
        "Largest clear change since an earlier round",
    ]
    assert table.iloc[0].tolist() == [
        "Leadership",
        "67",
        "3.05",
        "\u22120.17 · ≈ within noise (n 62 → 67)",
        "\u22120.37 to +0.03",
        "\u22120.97 since 2025 Q4 (n 43 → 67) · ↓ clear fall",
    ]
    assert table.iloc[1].tolist() == [
        "Trust",
        "fewer than 5 responses",
        "fewer than 5 responses",
        "fewer than 5 responses",
        "–",
        "–",
    ]
