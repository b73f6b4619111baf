"""The lead's tags and pins on comments: read for a round, and changed for one comment in one
transaction that also keeps each change for audit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, delete, insert, select

from carenet_dash.errors import NotFound
from carenet_dash.store.engine import read_connection, write_transaction
from carenet_dash.store.models import Comment, CommentMark, CommentMarkEvent
from carenet_dash.store.queries import rows_frame
from carenet_dash.store.writes import utc_now

TAGGED, UNTAGGED, TAG_CLEARED, PINNED, UNPINNED = (
    "tagged", "untagged", "tag cleared", "pinned", "unpinned",
)  # fmt: skip
MARK_COLUMNS = ["comment_id", "dimension_id", "tagged", "pinned"]


@dataclass(frozen=True)
class Mark:
    """The lead's word on one comment and one dimension: ``tagged`` True (about it), False
    (not about it, whatever its words or question say) or None (let them decide), and
    ``pinned`` to that dimension's workshop step (a pinned comment is about it)."""

    tagged: bool | None = None
    pinned: bool = False

    @property
    def empty(self) -> bool:
        return self.tagged is None and not self.pinned


def marks(engine: Engine, round_id: int) -> pd.DataFrame:
    """The marks on a round's comments: comment_id, dimension_id, tagged (True, False or
    None) and pinned."""
    with read_connection(engine) as conn:
        rows = conn.execute(
            select(
                CommentMark.comment_id,
                CommentMark.dimension_id,
                CommentMark.tagged,
                CommentMark.pinned,
            )
            .join(Comment, Comment.id == CommentMark.comment_id)
            .where(Comment.round_id == round_id)
            .order_by(CommentMark.comment_id, CommentMark.dimension_id)
        ).all()
    return rows_frame(rows, MARK_COLUMNS).astype({"tagged": "object", "pinned": "bool"})


def _events(before: Mark, after: Mark) -> list[str]:
    found = []
    if before.tagged != after.tagged:
        found.append(TAG_CLEARED if after.tagged is None else TAGGED if after.tagged else UNTAGGED)
    if before.pinned != after.pinned:
        found.append(PINNED if after.pinned else UNPINNED)
    return found


def set_marks(engine: Engine, comment_id: int, wanted: Mapping[str, Mark]) -> int:
    """Make a comment's marks ``wanted`` (dimension id -> Mark; a dimension left out, or
    given an empty Mark, has none), in one transaction; each change is kept with its time
    in comment_mark_events. Returns how many changes were made."""
    now = utc_now()
    with write_transaction(engine) as conn:
        if conn.execute(select(Comment.id).where(Comment.id == comment_id)).scalar() is None:
            raise NotFound(f"no comment with id {comment_id}; it may have been deleted")
        stored = {
            row.dimension_id: Mark(row.tagged, bool(row.pinned))
            for row in conn.execute(
                select(CommentMark.dimension_id, CommentMark.tagged, CommentMark.pinned).where(
                    CommentMark.comment_id == comment_id
                )
            )
        }
        events = []
        for dimension_id in sorted(set(stored) | set(wanted)):
            before = stored.get(dimension_id, Mark())
            after = wanted.get(dimension_id, Mark())
            events += [
                {"comment_id": comment_id, "dimension_id": dimension_id, "change": c, "at": now}
                for c in _events(before, after)
            ]
        conn.execute(delete(CommentMark).where(CommentMark.comment_id == comment_id))
        rows = [
            {
                "comment_id": comment_id,
                "dimension_id": dimension_id,
                "tagged": mark.tagged,
                "pinned": mark.pinned,
                "updated_at": now,
            }
            for dimension_id, mark in sorted(wanted.items())
            if not mark.empty
        ]
        if rows:
            conn.execute(insert(CommentMark), rows)
        if events:
            conn.execute(insert(CommentMarkEvent), events)
    return len(events)


def mark_events(engine: Engine, comment_id: int) -> pd.DataFrame:
    """The audit trail of one comment's marks, oldest first: dimension_id, change, at."""
    with read_connection(engine) as conn:
        rows = conn.execute(
            select(CommentMarkEvent.dimension_id, CommentMarkEvent.change, CommentMarkEvent.at)
            .where(CommentMarkEvent.comment_id == comment_id)
            .order_by(CommentMarkEvent.id)
        ).all()
    return rows_frame(rows, ["dimension_id", "change", "at"])
