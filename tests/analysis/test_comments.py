"""Comments tagged only with groups that pass, a hidden group's filter says why, and a round
below the minimum shows none."""

from __future__ import annotations

from carenet_dash import analysis, disclosure, scoring
from carenet_dash.store import queries, redaction, writes
from tests.analysis.conftest import MARKUP, _round


def test_comments_are_tagged_only_with_groups_that_pass(store, two_rounds):
    # X 5, Y 2, Z 1; with k = 3 only X is named: Y and Z (3 people) share "Other groups".
    _, after = two_rounds
    found = analysis.round_comments(store, after, 3, "member_type")
    assert found.segment == "Member type"
    assert found.threshold == 3
    assert found.filters == ["X", disclosure.OTHER_GROUPS]
    by_text = found.comments.set_index("text")
    assert by_text.loc["More joint training please.", "group"] == "X"
    assert by_text.loc["Training days clash with clinics.", "group"] == disclosure.OTHER_GROUPS
    assert by_text.loc["Nobody asked us.", "group"] == disclosure.OTHER_GROUPS
    assert by_text.loc[MARKUP, "dimension"] == "Dimension B"
    assert by_text.loc["More joint training please.", "dimension"] == analysis.GENERAL

    everything = analysis.select_comments(found, 3)
    assert everything.total == 4
    assert dict(zip(everything.counts["question"], everything.counts["comments"], strict=True)) == {
        "Anything else?": 2,
        "About B?": 2,
    }
    assert list(analysis.select_comments(found, 3, search="TRAINING").comments["text"]) == [
        "More joint training please.",
        "Training days clash with clinics.",
    ]
    assert len(analysis.select_comments(found, 3, dimension_id="b").comments) == 2
    assert len(analysis.select_comments(found, 3, question_id="comments").comments) == 2
    assert list(analysis.select_comments(found, 3, group="X").comments["text"]) == [
        "More joint training please.",
        MARKUP,
    ]
    others = analysis.select_comments(found, 3, group=disclosure.OTHER_GROUPS)
    assert list(others.comments["text"]) == [
        "Training days clash with clinics.",
        "Nobody asked us.",
    ]


def test_when_no_group_can_be_named_every_comment_reads_other_groups(store, two_rounds):
    # With k = 5, Y and Z (3 people) would be the round minus X: X cannot be named either.
    _, after = two_rounds
    found = analysis.round_comments(store, after, 5, "member_type")
    assert set(found.comments["group"]) == {disclosure.OTHER_GROUPS}
    assert found.filters == [disclosure.OTHER_GROUPS]
    assert found.groups["n"].isna().all()


def test_the_comment_threshold_names_fewer_groups(store, two_rounds):
    _, after = two_rounds
    network = queries.network_by_name(store, "Test network")
    writes.set_min_group_size(store, network.id, 3)
    redaction.set_comment_min_size(store, network.id, 6)
    found = analysis.round_comments(store, after, 3, "member_type")
    assert found.threshold == 6
    assert set(found.comments["group"]) == {disclosure.OTHER_GROUPS}
    refused = analysis.select_comments(found, 3, group="X")
    assert refused.comments.empty
    assert "fewer than 6 responses (the comment threshold)" in refused.reason


def test_a_hidden_group_filter_shows_nothing_and_says_why(store, two_rounds):
    _, after = two_rounds
    found = analysis.round_comments(store, after, 3, "member_type")
    refused = analysis.select_comments(found, 3, group="Y")
    assert refused.comments.empty
    assert refused.counts.empty
    assert "fewer than 3 responses" in refused.reason
    assert disclosure.OTHER_GROUPS in refused.reason
    nobody = analysis.select_comments(found, 3, group=scoring.NOT_STATED)
    assert nobody.comments.empty
    assert "Nobody" in nobody.reason


def test_a_round_below_the_minimum_shows_no_comments(store, mini):
    rows = [(p, "a1", 4, False) for p in (1, 2, 3)]
    round_id = _round(store, mini, "2026 Q1", rows, [(1, "comments", "Hello")], network="Tiny")
    found = analysis.round_comments(store, round_id, 5, "member_type")
    assert found.comments.empty
    chosen = analysis.select_comments(found, 5)
    assert chosen.comments.empty
    assert "fewer than 5 responses" in chosen.reason
    assert queries.comments(store, [round_id]).shape[0] == 1  # stored, just never shown
