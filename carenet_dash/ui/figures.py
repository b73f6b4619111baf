"""Cached reads: every figure a page shows, read from the store once per store revision.

Each is declared once with ``cache.cached_read``: the library function it caches takes the
engine first, the cached one takes the rest (ids, not records, so keys stay small).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import analysis
from carenet_dash import catalogue as instruments
from carenet_dash.analysis import comment_topics, follow_up, story
from carenet_dash.store import queries, redaction, workshop_queries
from carenet_dash.store.workshop_queries import MatrixSessionInfo, NoteInfo
from carenet_dash.ui import clock
from carenet_dash.ui.cache import cached_read


def _networks(engine: Engine) -> tuple[queries.NetworkInfo, ...]:
    return tuple(queries.networks(engine))


def _network_window(
    engine: Engine, limit: int, search: str = "", *, demo: bool | None = None
) -> tuple[tuple[queries.NetworkInfo, ...], bool]:
    found, more = queries.network_window(engine, limit, search, demo=demo)
    return tuple(found), more


# Every network (Upload's "Into network"). Shared rather than copied.
networks = cached_read(max_entries=64, shared=True)(_networks)
# The sidebar's lists, read on every run of every page: a bounded window of networks (shared,
# not copied) and the chosen one, so a store of 1,000 networks costs no more than one of two.
network_window = cached_read(max_entries=64, shared=True)(_network_window)
network_named = cached_read(max_entries=64)(queries.network_named)
rounds = cached_read(max_entries=256)(queries.rounds)
label_in_use = cached_read(max_entries=64)(queries.round_label_in_use)
# A round's instrument as stored with it: a snapshot never changes, so no revision.
instrument = cached_read(max_entries=128, by_revision=False)(queries.instrument_snapshot)
# The instruments a lead can import with: bundled files and those added to the store.
catalogue = cached_read(max_entries=8)(instruments.catalogue)

# Overview, Compare, Dimension, Segments and Comments.
scorecard = cached_read(max_entries=256)(analysis.scorecard)
trend = cached_read(max_entries=128)(analysis.trend)
compare = cached_read(max_entries=128)(analysis.compare_rounds)
item_changes = cached_read(max_entries=128)(analysis.item_changes)
dimension_items = cached_read(max_entries=256)(analysis.dimension_items)
dimension_spread = cached_read(max_entries=256)(analysis.dimension_spread)
segment_scores = cached_read(max_entries=256)(analysis.segment_scores)
segment_changes = cached_read(max_entries=128)(analysis.segment_changes)
round_comments = cached_read(max_entries=128)(analysis.round_comments)
# The comment threshold in force, and the lead's redactions (Comments, Manage).
comment_threshold = cached_read(max_entries=64)(redaction.comment_min_size)
redactions = cached_read(max_entries=64)(redaction.redactions)


@cached_read(max_entries=256)
def select_comments(
    engine: Engine,
    round_id: int,
    min_size: int,
    segment_id: str | None,
    *,
    question_id: str | None = None,
    dimension_id: str | None = None,
    group: str | None = None,
    search: str | None = None,
) -> analysis.CommentSelection:
    """A round's comments filtered (see analysis.select_comments), from the cached list."""
    return analysis.select_comments(
        round_comments(round_id, min_size, segment_id),
        min_size,
        question_id=question_id,
        dimension_id=dimension_id,
        group=group,
        search=search or None,
    )


@cached_read(max_entries=128)
def comment_summary(
    engine: Engine,
    round_id: int,
    min_size: int,
    segment_id: str | None,
    **filters: str | None,
) -> pd.DataFrame:
    """The comments ``select_comments`` gives, by dimension: counts and the words used most
    (counted once per store revision and filter, not on every rerun)."""
    chosen = select_comments(round_id, min_size, segment_id, **filters)
    info = queries.round_by_id(engine, round_id)
    return comment_topics.dimension_summary(
        chosen.comments, queries.instrument_snapshot(engine, info.instrument_pk)
    )


# The workshop's records.
# Every actions frame says which are overdue today (ui.clock: one today for every page).
_open_actions = cached_read(max_entries=64)(analysis.open_actions)
_previous_actions = cached_read(max_entries=128)(analysis.previous_actions)
_round_actions = cached_read(max_entries=128)(analysis.round_actions)
movement = cached_read(max_entries=64)(follow_up.dimension_movement)
_progress = cached_read(max_entries=64)(follow_up.progress)


def open_actions(network_id: int) -> pd.DataFrame:
    """Actions still open or in progress, soonest due first, overdue ones marked."""
    return follow_up.with_overdue(_open_actions(network_id), clock.today())


def previous_actions(round_id: int, dimension_id: str | None = None) -> pd.DataFrame:
    """What we agreed last time (and older actions still open), for one dimension or all,
    overdue ones marked."""
    found = analysis.for_dimension(_previous_actions(round_id), dimension_id)
    return follow_up.with_overdue(found, clock.today())


def round_actions(round_id: int, dimension_id: str | None = None) -> pd.DataFrame:
    """The actions agreed against this round, for one dimension or all, overdue marked."""
    found = analysis.for_dimension(_round_actions(round_id), dimension_id)
    return follow_up.with_overdue(found, clock.today())


def progress(network_id: int) -> follow_up.Progress:
    """The network's actions by how far they have got today: done, open, overdue, dropped."""
    return _progress(network_id, clock.today())


@cached_read(max_entries=128)
def notes(
    engine: Engine, network_id: int, round_id: int, dimension_id: str | None
) -> list[NoteInfo]:
    """Notes taken at a round's workshop about one dimension (None: the round as a whole)."""
    found = workshop_queries.notes(engine, network_id, round_id=round_id)
    return [note for note in found if note.dimension_id == dimension_id]


@cached_read(max_entries=64)
def matrix(
    engine: Engine, network_id: int, round_id: int, min_size: int
) -> tuple[MatrixSessionInfo | None, pd.DataFrame, pd.DataFrame]:
    """The matrix session that discussed this round (else the latest), its levels beside the
    survey means, and how agreed levels moved session by session."""
    session = analysis.matrix_session_for_round(engine, network_id, round_id)
    summary = analysis.matrix_summary(engine, session, min_size) if session else pd.DataFrame()
    return session, summary, analysis.matrix_movement(engine, network_id)


# The story of a round (Overview, Workshop step 1, exports): what changed and since when.
story_lines = cached_read(max_entries=64)(story.story_lines)
dimension_story = cached_read(max_entries=64)(story.dimension_story)
