"""The store's tables as typed SQLAlchemy 2 ORM models (the schema Alembic migrates to)."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from carenet_dash.config import DEFAULT_MIN_GROUP_SIZE

# Explicit constraint names so migrations behave the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar = {dict[str, Any]: JSON}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class StoreState(Base):
    """One row whose revision goes up with every write, so caches in any process can tell."""

    __tablename__ = "store_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    # The scoring version every round's dimension totals were last checked under (NULL: check
    # them all on the next start), so an up-to-date store opens with one query.
    totals_version: Mapped[int | None] = mapped_column(SmallInteger)
    # Set once a lead removes the demo networks: they are never seeded into this store again.
    demo_removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Network(Base):
    __tablename__ = "networks"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    min_group_size: Mapped[int] = mapped_column(SmallInteger, default=DEFAULT_MIN_GROUP_SIZE)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # Smallest group whose comments carry its name; NULL: the minimum group size.
    comment_min_size: Mapped[int | None] = mapped_column(SmallInteger)
    # Whether viewers get the tables' "Download as CSV" (the lead's choice, off by default).
    viewer_downloads: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    # A fictional network seeded to try the app (demo.seed_demo), not the lead's own.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    rounds: Mapped[list[Round]] = relationship(back_populates="network", passive_deletes=True)


class InstrumentSnapshot(Base):
    """An instrument definition as it was when a round was imported, keyed by its hash."""

    __tablename__ = "instruments"
    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # Set when a lead added this instrument to the store (see store.instruments); None for a
    # definition stored only as a round's snapshot.
    added_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    source_name: Mapped[str | None] = mapped_column(String(255))


class Round(Base):
    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("network_id", "label", name="uq_rounds_network_label"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    instrument_pk: Mapped[int] = mapped_column(ForeignKey("instruments.id"))
    label: Mapped[str] = mapped_column(String(100))
    fielded_on: Mapped[dt.date | None] = mapped_column(Date)
    invited: Mapped[int | None] = mapped_column(Integer)
    source_name: Mapped[str | None] = mapped_column(String(255))
    # Unique where present: the same export file cannot become two rounds.
    source_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # The responses' fingerprint (Responses.fingerprint): the same answers re-saved in another
    # file or format give the same one.
    fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)
    network: Mapped[Network] = relationship(back_populates="rounds")
    instrument: Mapped[InstrumentSnapshot] = relationship()


class Respondent(Base):
    """One member's response in a round; the source's id survives only as a salted hash."""

    __tablename__ = "respondents"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    source_hash: Mapped[str | None] = mapped_column(String(64))
    # A hash of this response's answers, segments and comments (no personal data in it).
    content_hash: Mapped[str | None] = mapped_column(String(16))


class RespondentSegment(Base):
    """A respondent's answer to one segment question (member type, length of involvement...)."""

    __tablename__ = "respondent_segments"
    __table_args__ = ({"sqlite_with_rowid": False},)  # stored in key order (migration 0011)
    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True
    )
    segment_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Answer(Base):
    """A raw answer to one item: score 1..5 as the member gave it, or not applicable."""

    __tablename__ = "answers"
    __table_args__ = ({"sqlite_with_rowid": False},)  # stored in key order (migration 0011)
    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    score: Mapped[int | None] = mapped_column(SmallInteger)
    not_applicable: Mapped[bool] = mapped_column(Boolean, default=False)


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_respondent_id", "respondent_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    respondent_id: Mapped[int | None] = mapped_column(
        ForeignKey("respondents.id", ondelete="CASCADE")
    )
    question_id: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    # The day the lead redacted it (its text is then a fixed marker); NULL: as imported.
    redacted_on: Mapped[dt.date | None] = mapped_column(Date)


class ColumnMapping(Base):
    """A confirmed match of an export column to an instrument field, reused for later rounds."""

    __tablename__ = "column_mappings"
    __table_args__ = (
        UniqueConstraint("network_id", "instrument_id", "column", name="uq_column_mappings_key"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    instrument_id: Mapped[str] = mapped_column(String(100))
    column: Mapped[str] = mapped_column(String(500))
    # "item", "segment", "open_question" or "ignore"; target_id is None for "ignore".
    target_kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=func.now())


# The connection map: the network's member organisations, and who works with whom.


class Organisation(Base):
    """A member organisation on a network's list (from its exports' options, or added by the
    lead), with its type and its stored place on the map (x, y), kept from round to round."""

    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("network_id", "name", name="uq_organisations_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str | None] = mapped_column(String(200))
    x: Mapped[float | None] = mapped_column(Float)
    y: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class OrganisationAlias(Base):
    """Another spelling of an organisation's name (folded), kept when two are merged or one
    is renamed, so the next export that spells it so lands on the same organisation."""

    __tablename__ = "organisation_aliases"
    __table_args__ = (UniqueConstraint("network_id", "alias", name="uq_organisation_aliases_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )


class Tie(Base):
    """One organisation a respondent named for the relations question: a tie from the
    respondent's organisation to it. Kept per respondent so the map can be rebuilt after a
    merge, and so no tie outlives the response that gave it."""

    __tablename__ = "ties"
    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("respondents.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)


# Workshop: what the network agreed, what was said, and where it judges itself to be.

ACTION_STATUSES = ("open", "in_progress", "done", "dropped")


class _NetworkRecord:
    """Columns of a workshop record: it belongs to the network (and goes with it), and is tied
    to a round until that round is deleted, when round_id becomes NULL. What the room agreed
    outlives the survey numbers that prompted it."""

    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("rounds.id", ondelete="SET NULL"), index=True
    )
    # One up with every change: a write states the version it was based on, and one based on
    # an out-of-date screen is refused rather than overwriting someone else's change.
    version: Mapped[int] = mapped_column(Integer, server_default="1", default=1)


class Action(_NetworkRecord, Base):
    """An action agreed at a workshop: what, who (a role or organisation, never a person's
    contact details), by when, and how far it has got."""

    __tablename__ = "actions"
    __table_args__ = (
        CheckConstraint(
            "status IN ({})".format(", ".join(f"'{s}'" for s in ACTION_STATUSES)),
            name="status_known",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a network-wide action; otherwise a dimension id of the round's instrument.
    dimension_id: Mapped[str | None] = mapped_column(String(100))
    what: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class WorkshopNote(_NetworkRecord, Base):
    """A note taken while the room discussed one round (and one dimension, or the whole)."""

    __tablename__ = "workshop_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    dimension_id: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class MatrixSession(_NetworkRecord, Base):
    """A face-to-face maturity-matrix session: the date it was held and the round (if any)
    whose results were on the table."""

    __tablename__ = "matrix_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    # The instrument whose dimensions and level descriptors the session used.
    instrument_pk: Mapped[int] = mapped_column(ForeignKey("instruments.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class MatrixLevel(Base):
    """The levels the group agreed for one dimension in one session (1..5 each)."""

    __tablename__ = "matrix_levels"
    __table_args__ = (
        CheckConstraint("current_level BETWEEN 1 AND 5", name="current_level_range"),
        CheckConstraint("target_level BETWEEN 1 AND 5", name="target_level_range"),
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("matrix_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    dimension_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    current_level: Mapped[int] = mapped_column(SmallInteger)
    target_level: Mapped[int] = mapped_column(SmallInteger)
    note: Mapped[str | None] = mapped_column(Text)


class DimensionTotal(Base):
    """A round's respondent dimension scores summed up (n, total, squares), written with the
    round so a trend over many rounds never has to read every answer again."""

    __tablename__ = "dimension_totals"
    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    dimension_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    total: Mapped[float] = mapped_column(Float)
    squares: Mapped[float] = mapped_column(Float)
    # The scoring rules these were computed under; older ones are recomputed on start.
    scoring_version: Mapped[int] = mapped_column(SmallInteger)


class CommentMark(Base):
    """The lead's word on one comment and one dimension: tagged to it (True), untagged from it
    though its words or question name it (False), or neither (None); and pinned to that
    dimension's workshop step. No row: the comment's question and keywords decide."""

    __tablename__ = "comment_marks"
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
    )
    dimension_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    tagged: Mapped[bool | None] = mapped_column(Boolean)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class CommentMarkEvent(Base):
    """One change the lead made to a comment's tags or pins, kept for audit: when, which
    comment and dimension, and what ("tagged", "untagged", "tag cleared", "pinned",
    "unpinned")."""

    __tablename__ = "comment_mark_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    dimension_id: Mapped[str] = mapped_column(String(100))
    change: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
