"""Altair chart builders: page-ready frames in, charts out; no Streamlit, no store.

By page area: ``rounds`` (scorecard, trend, change between rounds), ``answers``, ``segments``,
``workshop`` (change intervals, the maturity matrix); ``common`` holds what they share and
``screen`` sizes a chart for a shared screen.
"""

from carenet_dash.charts.answers import answer_distribution, item_bars, spread_histogram
from carenet_dash.charts.common import FONT
from carenet_dash.charts.rounds import (
    dimension_trend,
    dumbbell,
    responses_per_round,
    scorecard,
    trend_lines,
)
from carenet_dash.charts.screen import (
    INK,
    SCREEN_CONFIG,
    SCREEN_TEXT_SIZE,
    for_screen,
    screen_spec,
)
from carenet_dash.charts.segments import group_dots, segment_heatmap
from carenet_dash.charts.workshop import change_intervals, matrix_levels, matrix_movement

__all__ = [
    "FONT",
    "INK",
    "SCREEN_CONFIG",
    "SCREEN_TEXT_SIZE",
    "answer_distribution",
    "change_intervals",
    "dimension_trend",
    "dumbbell",
    "for_screen",
    "group_dots",
    "item_bars",
    "matrix_levels",
    "matrix_movement",
    "responses_per_round",
    "scorecard",
    "screen_spec",
    "segment_heatmap",
    "spread_histogram",
    "trend_lines",
]
