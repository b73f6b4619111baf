"""Comment privacy in the store: lead redactions audited by date, and the comment threshold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select, update

from carenet_dash.disclosure import check_comment_min_size, comment_threshold
from carenet_dash.errors import NotFound
from carenet_dash.store.engine import read_connection, write_transaction
from carenet_dash.store.models import Comment, Network, Round

# What a redacted comment reads as. The original text is not kept anywhere in the store.
REDACTED_TEXT = "[comment removed by the network lead]"


@dataclass(frozen=True)
class Redaction:
    """One redaction for the audit list: when, in which round, under which open question.
    Never the text: that is what was removed."""

    comment_id: int
    redacted_on: dt.date
    round_label: str
    question_id: str


def redact_comment(
    engine: Engine, comment_id: int, on: dt.date | None = None, *, round_id: int | None = None
) -> None:
    """Replace a comment's text with REDACTED_TEXT and record the day, in one transaction.

    Redacting a comment again changes nothing (the first date stands). An unknown id (or,
    with ``round_id``, one of another round) is refused with NotFound.
    """
    on = on or dt.date.today()
    sqlite = engine.dialect.name == "sqlite"
    with write_transaction(engine) as conn:
        wanted = select(Comment.redacted_on).where(Comment.id == comment_id)
        if round_id is not None:
            wanted = wanted.where(Comment.round_id == round_id)
        found = conn.execute(wanted).first()
        if found is None:
            raise NotFound(
                f"no comment with id {comment_id}; it may have gone with its round. "
                "Reload the comments and pick it again"
            )
        if found.redacted_on is not None:
            return
        if sqlite:
            # Zero the old text's bytes in the page rather than leave them in free space
            # (Debian's SQLite does by default; a build without it would not).
            secure = conn.exec_driver_sql("PRAGMA secure_delete").scalar()
            conn.exec_driver_sql("PRAGMA secure_delete = ON")
        conn.execute(
            update(Comment)
            .where(Comment.id == comment_id)
            .values(text=REDACTED_TEXT, redacted_on=on)
        )
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA secure_delete = {int(secure)}")
    if sqlite:
        # Copy the log into the file and empty it, so the old page does not linger there.
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _network_k(conn: Connection, network_id: int) -> int:
    k = conn.execute(select(Network.min_group_size).where(Network.id == network_id)).scalar()
    if k is None:
        raise NotFound(f"no network with id {network_id}")
    return int(k)


def redactions(engine: Engine, network_id: int) -> list[Redaction]:
    """Every redacted comment of a network's rounds, oldest redaction first."""
    with read_connection(engine) as conn:
        _network_k(conn, network_id)
        rows = conn.execute(
            select(Comment.id, Comment.redacted_on, Round.label, Comment.question_id)
            .join(Round, Round.id == Comment.round_id)
            .where(Round.network_id == network_id, Comment.redacted_on.is_not(None))
            .order_by(Comment.redacted_on, Comment.id)
        ).all()
    return [Redaction(r.id, r.redacted_on, r.label, r.question_id) for r in rows]


def set_comment_min_size(engine: Engine, network_id: int, size: int | None) -> None:
    """Set the smallest group whose comments carry its name (None: the minimum group size).

    Refused below the network's minimum group size, with a message saying what to choose.
    """
    with write_transaction(engine) as conn:
        k = _network_k(conn, network_id)
        if size is not None:
            check_comment_min_size(size, k)
        conn.execute(update(Network).where(Network.id == network_id).values(comment_min_size=size))


def configured_comment_min_size(engine: Engine, network_id: int) -> int | None:
    """The comment threshold a network's lead set, or None (the minimum group size then)."""
    with read_connection(engine) as conn:
        _network_k(conn, network_id)
        return conn.execute(
            select(Network.comment_min_size).where(Network.id == network_id)
        ).scalar()


def comment_min_size(engine: Engine, network_id: int) -> int:
    """The comment threshold in force for a network (its setting, never below its k)."""
    with read_connection(engine) as conn:
        k = _network_k(conn, network_id)
        configured = conn.execute(
            select(Network.comment_min_size).where(Network.id == network_id)
        ).scalar()
    return comment_threshold(configured, k)
