"""The lead's tags and pins on comments: stored in one transaction with an audit trail, on
SQLite and PostgreSQL, and applied on top of what a comment's question and words say."""

from __future__ import annotations

import pytest

from carenet_dash import analysis
from carenet_dash.analysis import comment_topics
from carenet_dash.errors import NotFound
from carenet_dash.store import comment_marks, queries
from carenet_dash.store.comment_marks import Mark
from tests.analysis.conftest import GROUPS, _round


def comments_of(store, mini):
    rows = [(p, "b1", 4, False) for p in GROUPS] + [(p, "a1", 3, False) for p in GROUPS]
    round_id = _round(
        store,
        mini,
        "2026 Q1",
        rows,
        comments=[(1, "comments", "More joint training please."), (2, "b_comments", "B is fine.")],
    )
    found = queries.comments(store, [round_id])
    return round_id, dict(zip(found["text"], found["comment_id"], strict=True))


def test_marks_are_stored_replaced_and_audited(any_store, mini):
    round_id, ids = comments_of(any_store, mini)
    general = int(ids["More joint training please."])
    assert comment_marks.set_marks(any_store, general, {"a": Mark(True, True)}) == 2
    stored = comment_marks.marks(any_store, round_id)
    assert stored[["dimension_id", "tagged", "pinned"]].values.tolist() == [["a", True, True]]
    # Replaced whole: unpinned and untagged from A, tagged to B.
    changed = comment_marks.set_marks(any_store, general, {"a": Mark(None), "b": Mark(True)})
    assert changed == 3  # A: tag cleared and unpinned; B: tagged
    stored = comment_marks.marks(any_store, round_id)
    assert stored[["dimension_id", "tagged", "pinned"]].values.tolist() == [["b", True, False]]
    events = comment_marks.mark_events(any_store, general)
    assert list(zip(events["dimension_id"], events["change"], strict=True)) == [
        ("a", "tagged"), ("a", "pinned"), ("a", "tag cleared"), ("a", "unpinned"), ("b", "tagged"),
    ]  # fmt: skip


def test_a_missing_comment_is_refused_and_nothing_changes(store, mini):
    round_id, _ = comments_of(store, mini)
    with pytest.raises(NotFound, match="no comment with id 999"):
        comment_marks.set_marks(store, 999, {"a": Mark(True)})
    assert comment_marks.marks(store, round_id).empty


def test_tags_and_pins_decide_what_a_comment_is_about(store, mini):
    round_id, ids = comments_of(store, mini)
    about_b = int(ids["B is fine."])  # its question is about B
    general = int(ids["More joint training please."])
    comment_marks.set_marks(store, about_b, {"b": Mark(False), "a": Mark(None, True)})
    comment_marks.set_marks(store, general, {"b": Mark(True)})
    found = analysis.round_comments(store, round_id, 5).comments.set_index("comment_id")
    assert found.loc[about_b, "auto_dimensions"] == ("b",)
    assert found.loc[about_b, "dimensions"] == ("a",)  # untagged from B, pinned to A
    assert found.loc[about_b, "pinned_on"] == ("a",)
    assert found.loc[general, "dimensions"] == ("b",)
    assert found.loc[general, "dimension"] == "Dimension B"
    chosen = analysis.select_comments(
        analysis.round_comments(store, round_id, 5), 5, dimension_id="b"
    )
    assert chosen.comments["text"].tolist() == ["More joint training please."]


def test_marks_are_kept_only_where_the_lead_differs_from_question_and_words():
    marks = comment_topics.marks_for(("b",), tagged={"b", "a"}, pinned={"a"})
    assert marks == {"b": Mark(None, False), "a": Mark(True, True)}
    marks = comment_topics.marks_for(("b",), tagged=set(), pinned=set())
    assert marks == {"b": Mark(False, False)}
    # Pinned means about it, even when not ticked as a tag.
    assert comment_topics.marks_for((), tagged=set(), pinned={"a"}) == {"a": Mark(True, True)}
