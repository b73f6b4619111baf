"""Comments by dimension: each comment's dimensions (its question's; for a general comment,
the dimensions whose keywords it uses; then the lead's tags and untags), its pins for the
workshop, and a dimension-by-dimension summary with counts and the words used most."""

from __future__ import annotations

import pandas as pd

from carenet_dash import comment_words
from carenet_dash.instrument import Instrument
from carenet_dash.instrument_files import shipped_instruments
from carenet_dash.store import comment_marks

GENERAL = "General"
PHRASES_SHOWN = 6


def dimension_keywords(instrument: Instrument) -> dict[str, list[str]]:
    """Dimension id -> keywords. A round stored before its instrument file listed keywords
    takes them from the bundled file of the same instrument (same hash: keywords are outside
    it), so adding keywords tags the comments of every earlier round too."""
    found = {d.id: list(d.keywords) for d in instrument.dimensions if d.keywords}
    if found:
        return found
    for candidate in shipped_instruments().values():
        if candidate.id == instrument.id and candidate.sha256 == instrument.sha256:
            return {d.id: list(d.keywords) for d in candidate.dimensions if d.keywords}
    return {}


def with_dimensions(
    comments: pd.DataFrame, instrument: Instrument, marks: pd.DataFrame
) -> pd.DataFrame:
    """``comments`` (comment_id, dimension_id of its question, text...) with: auto_dimensions
    (its question's dimension, or for a general comment those its keywords name), dimensions
    (those, with the lead's tags added and untags taken away; a pinned comment is tagged),
    pinned_on (the dimensions whose workshop step it is pinned to), and dimension (their
    names, or "General"). Dimension ids follow the instrument's order."""
    order = [d.id for d in instrument.dimensions]
    names = {d.id: d.name for d in instrument.dimensions}
    found = comment_words.patterns(dimension_keywords(instrument))
    by_comment: dict[int, list] = {}
    for mark in marks.itertuples():
        by_comment.setdefault(int(mark.comment_id), []).append(mark)
    auto, tagged, pinned = [], [], []
    for comment_id, question_dimension, text in zip(
        comments["comment_id"], comments["dimension_id"], comments["text"], strict=True
    ):
        own = (
            (question_dimension,)
            if isinstance(question_dimension, str) and question_dimension
            else comment_words.named_dimensions(str(text), found)
        )
        chosen = set(own)
        pins = set()
        for mark in by_comment.get(int(comment_id), []):
            if mark.dimension_id not in names:
                continue  # a dimension this round's instrument no longer has
            if mark.pinned or mark.tagged is True:
                chosen.add(mark.dimension_id)
            elif mark.tagged is False:
                chosen.discard(mark.dimension_id)
            if mark.pinned:
                pins.add(mark.dimension_id)
        auto.append(tuple(own))
        tagged.append(tuple(d for d in order if d in chosen))
        pinned.append(tuple(d for d in order if d in pins))
    frame = comments.copy()
    frame["auto_dimensions"] = pd.Series(auto, index=frame.index, dtype="object")
    frame["dimensions"] = pd.Series(tagged, index=frame.index, dtype="object")
    frame["pinned_on"] = pd.Series(pinned, index=frame.index, dtype="object")
    frame["dimension"] = [", ".join(names[d] for d in ds) or GENERAL for ds in tagged]
    return frame


def about(comments: pd.DataFrame, dimension_id: str) -> pd.Series:
    """Which comments are about a dimension (tagged to it, by question, words or the lead)."""
    if "dimensions" not in comments:
        return comments["dimension_id"] == dimension_id
    return comments["dimensions"].map(lambda found: dimension_id in found).astype(bool)


def dimension_summary(comments: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Comments per dimension (a comment counts under each dimension it is about; those about
    none under "General"), with the words and phrases they use most (each in at least two
    comments): dimension_id, dimension, comments, terms (list of (term, comments)).

    ``comments`` is what may be shown already (a round below the minimum group size gives
    none, a hidden group's filter gives none): counting them tells no more than reading them.
    """
    rows = []
    groups = [(d.id, d.name) for d in instrument.dimensions] + [(None, GENERAL)]
    for dimension_id, name in groups:
        if dimension_id is None:
            chosen = comments[comments["dimensions"].map(len) == 0] if len(comments) else comments
        else:
            chosen = comments[about(comments, dimension_id)] if len(comments) else comments
        rows.append(
            {
                "dimension_id": dimension_id,
                "dimension": name,
                "comments": len(chosen),
                "terms": comment_words.frequent_terms(chosen["text"], top=PHRASES_SHOWN),
            }
        )
    return pd.DataFrame(rows, columns=["dimension_id", "dimension", "comments", "terms"])


def marks_for(
    auto: tuple[str, ...], tagged: set[str], pinned: set[str]
) -> dict[str, comment_marks.Mark]:
    """The marks that make a comment about exactly ``tagged`` (and pinned to ``pinned``,
    each of which it is then about), given the dimensions its question and words give it:
    a tag only where those differ, so a keyword added later still counts where the lead
    said nothing."""
    tagged = tagged | pinned
    found = {}
    for dimension_id in set(auto) | tagged:
        inside, own = dimension_id in tagged, dimension_id in auto
        found[dimension_id] = comment_marks.Mark(
            tagged=None if inside == own else inside, pinned=dimension_id in pinned
        )
    return found
