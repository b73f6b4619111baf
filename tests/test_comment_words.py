"""Keywords find the dimensions a comment names (whole words, the usual endings), and the
words and phrases a set of comments uses most are counted comment by comment."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from carenet_dash import comment_words as cw

LEADERSHIP = cw.keyword_pattern(["lead", "co-chair", "from the centre"])


def test_a_keyword_finds_its_word_with_the_usual_endings_and_nothing_else():
    for text in ("The lead listens.", "Our LEADER is new", "leaders rotate", "Leading well",
                 "Leadership is shared.", "She leads the work."):  # fmt: skip
        assert LEADERSHIP.search(text), text
    for text in ("The leaflet was useful.", "misleading minutes", "A pleading tone",
                 "unleaded", "mislead"):  # fmt: skip
        assert not LEADERSHIP.search(text), text


def test_phrases_and_hyphens_match_whole():
    assert LEADERSHIP.search("Decisions come from  the\ncentre.")
    assert LEADERSHIP.search("Ask a patient to co-chair.")
    assert not LEADERSHIP.search("The chair was fine.")
    fund = cw.keyword_pattern(["fund"])
    assert fund.search("funding ran out")
    assert fund.search("It was funded.")
    assert not fund.search("a fundamental problem")


def test_no_keywords_no_pattern_and_dimensions_come_in_the_order_given():
    assert cw.keyword_pattern([]) is None
    assert cw.keyword_pattern(["  "]) is None
    found = cw.patterns({"leadership": ["lead"], "value": [], "resources": ["budget"]})
    assert list(found) == ["leadership", "resources"]
    assert cw.named_dimensions("No budget and no lead.", found) == ("leadership", "resources")
    assert cw.named_dimensions("Nothing to say.", found) == ()


def test_frequent_terms_are_counted_once_per_comment_and_need_two_comments():
    texts = [
        "Travel expenses are a barrier. Travel, travel, travel.",
        "Paid travel expenses would help carers.",
        "Online meetings help carers who cannot travel.",
        "The room was cold.",
    ]
    # travel: 3 comments; "help carers" and "travel expenses": 2 each, so "help", "carers"
    # and "expenses" (also 2 each) add nothing and are left out. Stopwords ("the", "are",
    # "who") and words in one comment only ("room", "online") never count.
    assert cw.frequent_terms(texts, top=10) == [
        ("travel", 3),
        ("help carers", 2),
        ("travel expenses", 2),
    ]


@given(st.lists(st.text(max_size=60), max_size=8))
def test_every_term_is_in_at_least_two_of_the_comments(texts):
    for term, count in cw.frequent_terms(texts, top=20):
        assert count >= 2
        assert sum(term in " ".join(cw._WORD.findall(t.casefold())) for t in texts) >= 2
