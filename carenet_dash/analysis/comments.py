"""A round's comments, tagged with the writer's group where it may be shown, and filtered."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import disclosure
from carenet_dash.analysis import comment_topics
from carenet_dash.analysis.data import load_round
from carenet_dash.analysis.segments import every_segment
from carenet_dash.store import comment_marks, queries, redaction


@dataclass(frozen=True)
class RoundComments:
    """A round's comments, each tagged (for one segment) with its writer's group where that
    group may be named, "Other groups" otherwise; the segment's groups with their status at
    the comment threshold; and the threshold in force."""

    comments: pd.DataFrame
    groups: pd.DataFrame
    segment: str | None
    refused: str | None = None
    threshold: int | None = None

    @property
    def filters(self) -> list[str]:
        """The groups a reader may filter by: those named, and "Other groups" when some
        comments carry it (together they are 0 or at least the threshold, by rule 2)."""
        named = list(self.groups.loc[self.groups["status"] == disclosure.SHOWN, "group"])
        others = disclosure.OTHER_GROUPS in set(self.comments["group"])
        return named + ([disclosure.OTHER_GROUPS] if others else [])


COMMENT_COLUMNS = ["comment_id", "question_id", "question", "dimension_id", "dimension", "group"]
GENERAL = "General"


def round_comments(
    engine: Engine, round_id: int, min_size: int, segment_id: str | None = None
) -> RoundComments:
    """All comments of a round, ready to filter with ``select_comments``.

    A round with fewer respondents than the minimum shows no comments at all (``refused``
    says why): with so few members a comment is too easy to attribute. With a segment, each
    comment carries its writer's group only where the group passes disclosure rule 2 at the
    network's comment threshold (never below ``min_size``); every other comment carries
    "Other groups", so no tag (a blank one included) singles out a small group.
    """
    data = load_round(engine, round_id)
    threshold = disclosure.comment_threshold(
        redaction.configured_comment_min_size(engine, data.info.network_id), min_size
    )
    empty_groups = pd.DataFrame(columns=["group", "n", "status"])
    if disclosure.status(data.info.respondents, min_size) != disclosure.SHOWN:
        return RoundComments(
            comments=pd.DataFrame(columns=[*COMMENT_COLUMNS, "text"]),
            groups=empty_groups,
            segment=None,
            refused=(
                f"This round has {disclosure.hidden_text(min_size)}, so its comments are not "
                "shown: with so few members a comment could identify its writer."
            ),
            threshold=threshold,
        )
    found = queries.comments(engine, [round_id])
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
        data.instrument.segment(segment_id)  # NotFound names the segment
        segments = every_segment(data)
        respondent_groups = segments[segment_id][0]
        # Every segment's groups are named side by side: decided together (rule 2 across
        # segments), at the comment threshold.
        membership = pd.DataFrame({"respondent_id": respondent_groups.index})
        for other, (groups_of, _) in segments.items():
            membership[other] = groups_of.reindex(respondent_groups.index).to_numpy()
        groups = disclosure.complement_across(
            membership, {s: order for s, (_, order) in segments.items()}, threshold
        )[segment_id].rename(columns={segment_id: "group"})
        frame["group"] = disclosure.comment_tags(
            found["respondent_id"], respondent_groups, groups
        ).to_numpy()
        label = data.instrument.segment(segment_id).label
    frame["text"] = found["text"]
    # Each comment's dimensions: its question's, its keywords', the lead's tags and pins.
    frame = comment_topics.with_dimensions(
        frame, data.instrument, comment_marks.marks(engine, round_id)
    )
    return RoundComments(comments=frame, groups=groups, segment=label, threshold=threshold)


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

    Only a group in ``found.filters`` can be chosen: any other gives no comments and a
    reason, never a partial list.
    """
    frame = found.comments
    total = len(frame)
    reason = found.refused
    if reason is None and group is not None and group not in found.filters:
        match = found.groups[found.groups["group"] == group]
        if match.empty or match["status"].iloc[0] == disclosure.NO_DATA:
            reason = f"Nobody in this round answered “{group}”."
        else:
            threshold = found.threshold or min_size
            reason = (
                f"Comments from “{group}” are not shown apart: the group has "
                f"{disclosure.hidden_text(threshold)} (the comment threshold), or naming it "
                f"would reveal a smaller group. They are in the whole list, as "
                f"“{disclosure.OTHER_GROUPS}”."
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
