"""Cached reads: every figure a page shows, read from the store once per store revision."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from carenet_dash import analysis
from carenet_dash.errors import CareNetError
from carenet_dash.store import queries, workshop_queries
from carenet_dash.store.opening import get_engine
from carenet_dash.store.queries import NetworkInfo, RoundInfo
from carenet_dash.store.workshop_queries import NoteInfo
from carenet_dash.ui import connection


# Cached reads. Each takes (url, revision, ...) so entries never outlive the data they describe.
@st.cache_data(show_spinner=False, max_entries=64)
def _networks(store_url: str, rev: int) -> list[NetworkInfo]:
    return queries.networks(get_engine(store_url))


@st.cache_data(show_spinner=False, max_entries=256)
def _rounds(store_url: str, rev: int, network_id: int) -> list[RoundInfo]:
    return queries.rounds(get_engine(store_url), network_id)


@st.cache_data(show_spinner=False, max_entries=256)
def _scorecard(store_url: str, rev: int, round_id: int, min_size: int) -> pd.DataFrame:
    return analysis.scorecard(get_engine(store_url), round_id, min_size)


@st.cache_data(show_spinner=False, max_entries=128)
def _trend(store_url: str, rev: int, network_id: int, min_size: int) -> pd.DataFrame:
    return analysis.trend(get_engine(store_url), network_id, min_size)


@st.cache_data(show_spinner=False, max_entries=128)
def _instrument(store_url: str, instrument_pk: int):
    return queries.instrument_snapshot(get_engine(store_url), instrument_pk)


def networks() -> list[NetworkInfo]:
    return _networks(connection.url(), connection.revision())


def rounds(network_id: int) -> list[RoundInfo]:
    return _rounds(connection.url(), connection.revision(), network_id)


def scorecard(round_id: int, min_size: int) -> pd.DataFrame:
    return _scorecard(connection.url(), connection.revision(), round_id, min_size)


def trend(network_id: int, min_size: int) -> pd.DataFrame:
    return _trend(connection.url(), connection.revision(), network_id, min_size)


def instrument(info: RoundInfo):
    """The instrument a round was imported with (snapshots never change, so no revision)."""
    return _instrument(connection.url(), info.instrument_pk)


@st.cache_data(show_spinner=False, max_entries=128)
def _compare(store_url: str, rev: int, before_id: int, after_id: int, min_size: int):
    return analysis.compare_rounds(get_engine(store_url), before_id, after_id, min_size)


@st.cache_data(show_spinner=False, max_entries=128)
def _item_changes(store_url: str, rev: int, before_id: int, after_id: int, min_size: int):
    return analysis.item_changes(get_engine(store_url), before_id, after_id, min_size)


@st.cache_data(show_spinner=False, max_entries=256)
def _dimension_items(store_url: str, rev: int, round_id: int, dimension_id: str, min_size: int):
    return analysis.dimension_items(get_engine(store_url), round_id, dimension_id, min_size)


@st.cache_data(show_spinner=False, max_entries=256)
def _dimension_spread(store_url: str, rev: int, round_id: int, dimension_id: str, min_size: int):
    return analysis.dimension_spread(get_engine(store_url), round_id, dimension_id, min_size)


@st.cache_data(show_spinner=False, max_entries=256)
def _segment_scores(store_url: str, rev: int, round_id: int, segment_id: str, min_size: int):
    return analysis.segment_scores(get_engine(store_url), round_id, segment_id, min_size)


@st.cache_data(show_spinner=False, max_entries=128)
def _segment_changes(
    store_url: str, rev: int, round_ids: tuple[int, int], segment_id: str, min_size: int
):
    before_id, after_id = round_ids
    return analysis.segment_changes(
        get_engine(store_url), before_id, after_id, segment_id, min_size
    )


@st.cache_data(show_spinner=False, max_entries=128)
def _round_comments(
    store_url: str, rev: int, round_id: int, min_size: int, segment_id: str | None
) -> analysis.RoundComments:
    return analysis.round_comments(get_engine(store_url), round_id, min_size, segment_id)


@st.cache_data(show_spinner=False, max_entries=256)
def _select_comments(
    store_url: str,
    rev: int,
    round_id: int,
    min_size: int,
    choice: tuple[str | None, str | None, str | None, str | None, str | None],
) -> analysis.CommentSelection:
    segment_id, question_id, dimension_id, group, search = choice
    found = _round_comments(store_url, rev, round_id, min_size, segment_id)
    return analysis.select_comments(
        found,
        min_size,
        question_id=question_id,
        dimension_id=dimension_id,
        group=group,
        search=search,
    )


def or_stop(compute, *args):
    """Run a cached figure; a refusal (CareNetError) is shown as a message and stops the page."""
    try:
        return compute(connection.url(), connection.revision(), *args)
    except CareNetError as error:
        st.error(f"{str(error)[:1].upper()}{str(error)[1:]}.")
        st.stop()


def compare(before: RoundInfo, after: RoundInfo, min_size: int) -> pd.DataFrame:
    return or_stop(_compare, before.id, after.id, min_size)


def item_changes(before: RoundInfo, after: RoundInfo, min_size: int) -> pd.DataFrame:
    return or_stop(_item_changes, before.id, after.id, min_size)


def dimension_items(info: RoundInfo, dimension_id: str, min_size: int) -> pd.DataFrame:
    return or_stop(_dimension_items, info.id, dimension_id, min_size)


def dimension_spread(info: RoundInfo, dimension_id: str, min_size: int) -> pd.DataFrame:
    return or_stop(_dimension_spread, info.id, dimension_id, min_size)


def segment_scores(info: RoundInfo, segment_id: str, min_size: int) -> pd.DataFrame:
    return or_stop(_segment_scores, info.id, segment_id, min_size)


def segment_changes(
    before: RoundInfo, after: RoundInfo, segment_id: str, min_size: int
) -> pd.DataFrame:
    return or_stop(_segment_changes, (before.id, after.id), segment_id, min_size)


def round_comments(
    info: RoundInfo, min_size: int, segment_id: str | None
) -> analysis.RoundComments:
    return or_stop(_round_comments, info.id, min_size, segment_id)


def select_comments(
    info: RoundInfo,
    min_size: int,
    segment_id: str | None,
    *,
    question_id: str | None = None,
    dimension_id: str | None = None,
    group: str | None = None,
    search: str | None = None,
) -> analysis.CommentSelection:
    choice = (segment_id, question_id, dimension_id, group, search or None)
    return or_stop(_select_comments, info.id, min_size, choice)


# Cached reads, keyed by the store revision like ui.py's, so a write anywhere refreshes them.


@st.cache_data(show_spinner=False, max_entries=128)
def _previous_actions(store_url: str, rev: int, round_id: int) -> pd.DataFrame:
    return analysis.previous_actions(get_engine(store_url), round_id)


@st.cache_data(show_spinner=False, max_entries=128)
def _round_actions(store_url: str, rev: int, round_id: int) -> pd.DataFrame:
    return analysis.round_actions(get_engine(store_url), round_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _open_actions(store_url: str, rev: int, network_id: int) -> pd.DataFrame:
    return analysis.open_actions(get_engine(store_url), network_id)


@st.cache_data(show_spinner=False, max_entries=128)
def _notes(store_url: str, rev: int, network_id: int, round_id: int) -> list[NoteInfo]:
    return workshop_queries.notes(get_engine(store_url), network_id, round_id=round_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _matrix(
    store_url: str, rev: int, network_id: int, round_id: int, min_size: int
) -> tuple[workshop_queries.MatrixSessionInfo | None, pd.DataFrame, pd.DataFrame]:
    engine = get_engine(store_url)
    session = analysis.matrix_session_for_round(engine, network_id, round_id)
    summary = analysis.matrix_summary(engine, session, min_size) if session else pd.DataFrame()
    return session, summary, analysis.matrix_movement(engine, network_id)


def previous_actions(info: RoundInfo, dimension_id: str | None = None) -> pd.DataFrame:
    """What we agreed last time (and older actions still open), for one dimension or all."""
    return analysis.for_dimension(or_stop(_previous_actions, info.id), dimension_id)


def round_actions(info: RoundInfo, dimension_id: str | None = None) -> pd.DataFrame:
    """The actions agreed against this round, for one dimension or all."""
    return analysis.for_dimension(or_stop(_round_actions, info.id), dimension_id)


def open_actions(network_id: int) -> pd.DataFrame:
    """The network's actions still open or in progress, soonest due first."""
    return or_stop(_open_actions, network_id)


def notes(info: RoundInfo, dimension_id: str | None) -> list[NoteInfo]:
    """Notes taken at this round's workshop about one dimension (None: the round as a whole)."""
    found = or_stop(_notes, info.network_id, info.id)
    return [note for note in found if note.dimension_id == dimension_id]


def matrix(
    info: RoundInfo, min_size: int
) -> tuple[workshop_queries.MatrixSessionInfo | None, pd.DataFrame, pd.DataFrame]:
    """The matrix session that discussed this round (else the latest), its levels beside the
    survey means, and how agreed levels moved session by session."""
    return or_stop(_matrix, info.network_id, info.id, min_size)


@st.cache_data(show_spinner=False, max_entries=64)
def _label_in_use(store_url: str, rev: int, network: str | None, label: str) -> bool:
    return queries.round_label_in_use(get_engine(store_url), network, label)


def label_in_use(network: str | None, label: str) -> bool:
    return _label_in_use(connection.url(), connection.revision(), network, label)
