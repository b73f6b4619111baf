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
    found = figures.networks()
    with st.sidebar:
        st.markdown("### CareNet Dash")
        if not found:
            st.info("No networks yet: import a survey export on the Upload page.")
            return
        names = [n.name for n in found]
        name = st.selectbox(
            "Network",
            names,
            index=names.index(own_network(found).name),  # the lead's own, not a demo
            key=NETWORK_KEY,
            bind="query-params",
        )
        network = next(n for n in found if n.name == name)
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


def selection() -> Selection | None:
    """What the sidebar has chosen, or None when the store has no network yet."""
    shell.ensure_app_shell()
    found = figures.networks()
    if not found:
        return None
    chosen = st.session_state.get(NETWORK_KEY)
    network = next((n for n in found if n.name == chosen), None) or own_network(found)
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
