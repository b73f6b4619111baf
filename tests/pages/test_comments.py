"""Comments: filtered, searched and counted, and always shown as plain text."""

from __future__ import annotations

from carenet_dash import analysis
from tests.pages.conftest import (
    MARKUP,
    chosen,
    open_page,
)


def test_comments_filter_search_and_count(app, demo_url):
    open_page(app, "comments")
    engine, _, _, current = chosen(app, demo_url)
    found = analysis.round_comments(engine, current.id, 5, "member_type")
    total = len(found.comments)
    assert app.get("metric")[0].value == f"{total} of {total}"
    app.selectbox(key="question").set_value("resources_comments").run()
    expected = analysis.select_comments(found, 5, question_id="resources_comments")
    assert app.get("metric")[0].value == f"{len(expected.comments)} of {total}"
    word = expected.comments["text"].iloc[0].split()[0]
    app.text_input(key="q").input(word).run()
    searched = analysis.select_comments(found, 5, question_id="resources_comments", search=word)
    assert app.get("metric")[0].value == f"{len(searched.comments)} of {total}"


def test_comments_are_plain_text(small_app):
    open_page(small_app, "comments")
    assert MARKUP in [t.value for t in small_app.text]
    markdown = [m.value for m in small_app.markdown]
    assert not any("<script>" in m or "**bold**" in m for m in markdown)
    # Tagged only with groups that pass: NHS trust and Patient or carer; the hidden two (Local
    # authority, 2, and Primary care, 5, kept back so the 2 cannot be worked out) share one tag.
    table = small_app.dataframe[-1].value
    assert set(table["Member type"]) == {"NHS trust", "Patient or carer", "Other groups"}
