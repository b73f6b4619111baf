"""A round's comments, tagged with the writer's group where it may be shown, and filtered."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import scoring, suppression
from carenet_dash.analysis import comment_topics
from carenet_dash.analysis.data import load_round
from carenet_dash.analysis.rounds import respondent_count
from carenet_dash.analysis.segments import segment_of
from carenet_dash.store import comment_marks, queries


@dataclass(frozen=True)
class RoundComments:
    """A round's comments, each tagged with its writer's group for one segment when that
    group passes suppression (blank otherwise), and the segment's groups with their status."""

    comments: pd.DataFrame
    groups: pd.DataFrame
    segment: str | None
    refused: str | None = None


COMMENT_COLUMNS = ["comment_id", "question_id", "question", "dimension_id", "dimension", "group"]
GENERAL = "General"


def round_comments(
    engine: Engine, round_id: int, min_size: int, segment_id: str | None = None
) -> RoundComments:
    """All comments of a round, ready to filter with ``select_comments``.

    A round with fewer respondents than the minimum shows no comments at all (``refused``
    says why): with so few members a comment is too easy to attribute.
    """
    data = load_round(engine, round_id)
    empty_groups = pd.DataFrame(columns=["group", "status", "n"])
    found = queries.comments(engine, [round_id])
    if respondent_count(data.info, min_size) is None:
        return RoundComments(
            comments=pd.DataFrame(columns=[*COMMENT_COLUMNS, "text"]),
            groups=empty_groups,
            segment=None,
            refused=(
                f"This round has {suppression.hidden_text(min_size)}, so its comments are not "
                "shown: with so few members a comment could identify its writer."
            ),
        )
    questions = {q.id: q for q in data.instrument.open_questions}
    names = {d.id: d.name for d in data.instrument.dimensions}
    frame = pd.DataFrame(
        {
            "comment_id": found["comment_id"],
            "question_id": found["question_id"],
            "question": found["question_id"].map(
                lambda q: questions[q].question if q in questions else q
            ),
            "dimension_id": found["question_id"].map(
                lambda q: questions[q].dimension if q in questions else None
            ),
        }
    )
    frame["dimension"] = [names.get(d, GENERAL) if d else GENERAL for d in frame["dimension_id"]]
    frame["group"] = ""
    groups = empty_groups
    label = None
    if segment_id is not None:
        respondent_groups, order = segment_of(data, segment_id)
        groups = scoring.group_counts(respondent_groups, order, min_size)
        shown = set(groups.loc[groups["status"] == suppression.SHOWN, "group"])
        tags = found["respondent_id"].map(respondent_groups)
        frame["group"] = [t if t in shown else "" for t in tags]
        label = data.instrument.segment(segment_id).label
    frame["text"] = found["text"]
    # Each comment's dimensions: its question's, its keywords', the lead's tags and pins.
    frame = comment_topics.with_dimensions(
        frame, data.instrument, comment_marks.marks(engine, round_id)
    )
    return RoundComments(comments=frame, groups=groups, segment=label)


@dataclass(frozen=True)
class CommentSelection:
    """Comments left after filtering, how many there are per open question, and the reason
    when a filter had to show nothing."""

    comments: pd.DataFrame
    counts: pd.DataFrame
    total: int
    reason: str | None = None


def select_comments(
    found: RoundComments,
    min_size: int,
    *,
    question_id: str | None = None,
    dimension_id: str | None = None,
    group: str | None = None,
    search: str | None = None,
) -> CommentSelection:
    """Filter a round's comments by open question, dimension, group and a plain-text search.

    A group that is hidden (fewer than ``min_size`` respondents, or kept back to protect a
    smaller group) gives no comments and a reason, never a partial list.
    """
    frame = found.comments
    total = len(frame)
    reason = found.refused
    if reason is None and group is not None:
        match = found.groups[found.groups["group"] == group]
        if match.empty or match["status"].iloc[0] == suppression.NO_DATA:
            reason = f"Nobody in this round answered “{group}”."
        elif match["status"].iloc[0] != suppression.SHOWN:
            reason = (
                f"Comments from “{group}” are not shown: the group has "
                f"{suppression.hidden_text(min_size)}, or showing it would reveal a smaller group."
            )
    if reason is not None:
        frame = frame.iloc[0:0]
    else:
        if question_id is not None:
            frame = frame[frame["question_id"] == question_id]
        if dimension_id is not None:
            frame = frame[comment_topics.about(frame, dimension_id)]
        if group is not None:
            frame = frame[frame["group"] == group]
        if search:
            frame = frame[frame["text"].str.contains(search.strip(), case=False, regex=False)]
    counts = (
        frame.groupby(["question_id", "question"], sort=False)
        .size()
        .reset_index(name="comments")[["question", "comments"]]
    )
    return CommentSelection(
        comments=frame.reset_index(drop=True), counts=counts, total=total, reason=reason
    )
