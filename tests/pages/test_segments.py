"""Segments: the heatmap and its change match the engine."""

from __future__ import annotations

from carenet_dash import analysis, present
from tests.pages.conftest import (
    chosen,
    open_page,
    text_of,
)


def test_segments_heatmap_and_change_match_the_engine(app, demo_url):
    open_page(app, "segments")
    engine, _, rounds, current = chosen(app, demo_url)
    cells = analysis.segment_scores(engine, current.id, "member_type", 5)
    assert app.dataframe[0].value.equals(present.segment_table(cells, 5))
    assert "fewer than 5 responses" in text_of(app)  # the demo's "Other" group is small
    app.toggle(key="change").set_value(True).run()
    assert not app.exception
    changes = analysis.segment_changes(engine, rounds[-2].id, current.id, "member_type", 5)
    assert app.dataframe[0].value.equals(present.segment_table(changes, 5, change=True))
