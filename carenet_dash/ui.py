"""Small Streamlit pieces shared by pages: the store, cached figures, pickers, chart/table views."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from carenet_dash import analysis, config, scoring
from carenet_dash.errors import CareNetError
from carenet_dash.store import queries
from carenet_dash.store.engine import get_engine
from carenet_dash.store.engine import revision as store_revision
from carenet_dash.store.queries import NetworkInfo, RoundInfo

NETWORK_KEY = "network"
ROUND_KEY = "round"


def leave_legacy_pages_mode() -> None:
    """Make sure this run goes through app.py's st.navigation, not the legacy pages/ mode.

    Streamlit treats a ``pages/`` folder beside the main script as a v1 multipage app until
    the first ``st.navigation`` call of the process. Until then a deep link (/compare) runs the
    page file alone, without app.py's store setup and sidebar, and AppTest does the same on
    every run. Switching the flag off and rerunning puts the run back through app.py.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a future Streamlit without the legacy mode
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def url() -> str:
    return config.database_url()


def engine() -> Engine:
    return get_engine(url())


def revision() -> int:
    """The store's write counter: part of every cache key, so a write anywhere (this app, the
    CLI, another server) makes cached figures stale."""
    return store_revision(engine())


def clear_caches() -> None:
    """Drop every cached figure; call after any write from the UI."""
    st.cache_data.clear()


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
    return _networks(url(), revision())


def rounds(network_id: int) -> list[RoundInfo]:
    return _rounds(url(), revision(), network_id)


def scorecard(round_id: int, min_size: int) -> pd.DataFrame:
    return _scorecard(url(), revision(), round_id, min_size)


def trend(network_id: int, min_size: int) -> pd.DataFrame:
    return _trend(url(), revision(), network_id, min_size)


def instrument(info: RoundInfo):
    """The instrument a round was imported with (snapshots never change, so no revision)."""
    return _instrument(url(), info.instrument_pk)


@dataclass(frozen=True)
class Selection:
    """The network and round chosen in the sidebar, with the network's rounds."""

    network: NetworkInfo
    rounds: list[RoundInfo]
    round: RoundInfo | None

    @property
    def min_size(self) -> int:
        return self.network.min_group_size

    @property
    def previous(self) -> RoundInfo | None:
        if self.round is None:
            return None
        return analysis.previous_round(self.rounds, self.round)


def open_store() -> bool:
    """Open (and migrate) the store, seeding the demo networks into an empty one.

    Shows a message and returns False when the store cannot be opened.
    """
    try:
        store = engine()
        if queries.is_empty(store):
            from carenet_dash.demo import seed_demo

            with st.spinner("Setting up the demo networks…"):
                seed_demo(store)
            clear_caches()
    except CareNetError as error:
        st.error(f"The store could not be opened: {error}")
        return False
    return True


def sidebar() -> None:
    """The network and round pickers, kept in the URL so a link opens the same view."""
    _apply_pending_selection()
    found = networks()
    with st.sidebar:
        st.markdown("### CareNet Dash")
        if not found:
            st.info("No networks yet: import a survey export on the Upload page.")
            return
        names = [n.name for n in found]
        name = st.selectbox("Network", names, key=NETWORK_KEY, bind="query-params")
        network = next(n for n in found if n.name == name)
        labels = [r.label for r in rounds(network.id)]
        if labels:
            st.selectbox(
                "Round",
                labels,
                index=len(labels) - 1,
                key=ROUND_KEY,
                bind="query-params",
                help="Rounds run oldest to newest; the latest is chosen unless the link says "
                "otherwise.",
            )
        st.caption(
            "Scores are prompts for discussion, never verdicts. Groups of fewer than "
            f"{network.min_group_size} responses are never shown."
        )


def selection() -> Selection | None:
    """What the sidebar has chosen, or None when the store has no network yet."""
    leave_legacy_pages_mode()
    found = networks()
    if not found:
        return None
    chosen = st.session_state.get(NETWORK_KEY)
    network = next((n for n in found if n.name == chosen), found[0])
    network_rounds = rounds(network.id)
    label = st.session_state.get(ROUND_KEY)
    current = next((r for r in network_rounds if r.label == label), None)
    if current is None and network_rounds:
        current = network_rounds[-1]
    return Selection(network=network, rounds=network_rounds, round=current)


def require_round() -> Selection:
    """The selection, or a friendly stop when there is nothing to show yet."""
    chosen = selection()
    if chosen is None:
        st.info("There are no networks yet. Import a survey export on the **Upload** page.")
        st.stop()
    if chosen.round is None:
        st.info(f"{chosen.network.name} has no rounds yet. Import one on the **Upload** page.")
        st.stop()
    return chosen


def chart_with_table(
    chart: alt.TopLevelMixin, table: pd.DataFrame, caption: str | None = None
) -> None:
    """A chart and, beside it in a tab, the same numbers as a table (to read or copy)."""
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    with chart_tab:
        st.altair_chart(chart, width="stretch")
    with table_tab:
        st.dataframe(table, hide_index=True, width="stretch")
    if caption:
        st.caption(caption)


def hidden_note(min_size: int) -> str:
    return (
        f"“{scoring.hidden_text(min_size)}” marks a group too small to show without risking "
        "identifying members; “no data” means nobody answered."
    )


_PENDING = "_select_after_write"


def select_after_write(network: str, round_label: str | None) -> None:
    """Show this network and round from the next run on (after an import, rename or delete).

    The pickers exist by the time a page writes, and Streamlit refuses changes to a widget's
    value once it exists in a run, so the choice waits for the next run's sidebar.
    """
    st.session_state[_PENDING] = (network, round_label)


def _apply_pending_selection() -> None:
    pending = st.session_state.pop(_PENDING, None)
    if pending is None:
        return
    network, round_label = pending
    st.session_state[NETWORK_KEY] = network
    if round_label is None:
        st.session_state.pop(ROUND_KEY, None)
    else:
        st.session_state[ROUND_KEY] = round_label
