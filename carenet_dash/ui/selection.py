"""The sidebar: the network and round chosen, kept in the URL so a link opens the same view."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from carenet_dash import analysis, disclosure
from carenet_dash.store.networks import own_network
from carenet_dash.store.queries import NetworkInfo, RoundInfo
from carenet_dash.ui import downloads, figures, shell
from carenet_dash.ui.text import plain

NETWORK_KEY = "network"
ROUND_KEY = "round"
SEARCH_KEY = "network_search"
# The network picker lists at most this many networks. A store holding more (a lead's own
# network among hundreds) offers a search instead: listing every network would make every
# page's first visit read them all, and nobody scrolls through a thousand names.
PICKER_LIMIT = 50


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


def sidebar() -> None:
    """The network and round pickers, kept in the URL so a link opens the same view."""
    _apply_pending_selection()
    listed, more = figures.network_window(PICKER_LIMIT)
    with st.sidebar:
        st.markdown("### CareNet Dash")
        if not listed:
            st.info("No networks yet: import a survey export on the Upload page.")
            return
        current = _chosen(listed, more)
        if more:
            search = st.text_input(
                "Find a network",
                key=SEARCH_KEY,
                placeholder="Part of its name",
                help=f"The list shows {PICKER_LIMIT} networks at a time: type part of a name "
                "to list the networks that hold it.",
            )
            if search.strip():
                listed, more = figures.network_window(PICKER_LIMIT, search.strip())
        names = [n.name for n in listed]
        if current.name not in names:  # the network shown stays in the list, found or not
            names.insert(0, current.name)
        name = st.selectbox(
            "Network",
            names,
            index=names.index(current.name),
            key=NETWORK_KEY,
            bind="query-params",
        )
        network = next((n for n in listed if n.name == name), current)
        if more:
            st.caption(f"The first {PICKER_LIMIT} by name; type more of a name to narrow them.")
        downloads.table_downloads(network)
        if network.is_demo:
            st.caption(
                "A demo network: fictional members, to try the app. The Manage page removes "
                "the demo networks for good."
            )
        labels = [r.label for r in figures.rounds(network.id)]
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
            "Scores are prompts for discussion, never verdicts. "
            f"{disclosure.never_shown(network.min_group_size)}."
        )


def _chosen(listed: tuple[NetworkInfo, ...], more: bool) -> NetworkInfo:
    """The network this session (or its link) has chosen, else the lead's own (not a demo).
    Looked up by its name when it is not among those listed: a large store lists a few."""
    name = st.session_state.get(NETWORK_KEY) or st.query_params.get(NETWORK_KEY)
    if name:
        found = next((n for n in listed if n.name == name), None) or figures.network_named(name)
        if found is not None:
            return found
    own = own_network(list(listed))
    if own.is_demo and more:  # every network listed is a demo: the lead's own lies beyond
        beyond, _ = figures.network_window(1, demo=False)
        own = beyond[0] if beyond else own
    return own


def selection() -> Selection | None:
    """What the sidebar has chosen, or None when the store has no network yet."""
    shell.ensure_app_shell()
    listed, more = figures.network_window(PICKER_LIMIT)
    if not listed:
        return None
    network = _chosen(listed, more)
    network_rounds = figures.rounds(network.id)
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
        name = plain(chosen.network.name)
        st.info(f"{name} has no rounds yet. Import one on the **Upload** page.")
        st.stop()
    return chosen


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
