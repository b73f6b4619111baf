"""The Connections page and the Workshop's Connections step: the map, its figures, a table
view, comparing rounds, position and perception, and the lead's organisation list."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from carenet_dash import charts, disclosure, present
from carenet_dash.charts.connections import SCREEN_SIZE, SIZE, named_map
from carenet_dash.connections import figures as map_figures
from carenet_dash.connections import graph, perception
from carenet_dash.errors import CareNetError
from carenet_dash.present import connections as words
from carenet_dash.store import organisations
from carenet_dash.store.queries import RoundInfo
from carenet_dash.ui import connection, feedback, sign_in, views
from carenet_dash.ui.cache import cached_read
from carenet_dash.ui.selection import Selection
from carenet_dash.ui.text import plain

COMPARE_KEY = "compare_with"
VIEW_KEY = "ties_view"
TYPES_KEY = "types"
NO_COMPARISON = "No comparison"
DIRECTED = "Who names whom"
CONFIRMED = "Confirmed by both sides"
PLACE = "organisations"

round_map = cached_read(max_entries=64)(map_figures.round_map)
map_changes = cached_read(max_entries=32)(map_figures.map_changes)
position_perception = cached_read(max_entries=64)(perception.position_perception)
organisation_list = cached_read(max_entries=32)(organisations.organisations)


def _with_data(spec: dict, data: dict[str, pd.DataFrame]) -> dict:
    """A spec drawing on named datasets, with them attached as Arrow (as st.altair_chart sends
    a chart's frames): thousands of ties cost a few milliseconds, not a JSON row each."""
    return {**spec, "datasets": {n: convert_anything_to_arrow_bytes(f) for n, f in data.items()}}


@st.cache_data(show_spinner=False, max_entries=128)
def map_spec(
    nodes: pd.DataFrame,
    ties: pd.DataFrame,
    extent: tuple[float, float, float, float],
    directed: bool,
    size: int,
) -> dict:
    """The map's spec, built once for the same figures (building it is the slow part of a
    rerun)."""
    chart, data = named_map(nodes, ties, extent, directed=directed, size=size)
    return _with_data(chart.to_dict(), data)


def draw_map(spec: dict) -> None:
    st.vega_lite_chart(spec=spec, width="content")


def unavailable(found: map_figures.RoundMap) -> str | None:
    """Why a round has no map to show, or None."""
    if not found.asked:
        return (
            "This round's instrument does not ask which member organisations people work with, "
            "so it has no connection map. The Network Health Scorecard asks it from version 2."
        )
    if not found.enough:
        return (
            f"This round has {disclosure.hidden_text(found.min_size)}, so its connection map "
            "is not shown."
        )
    if found.organisations.empty:
        return (
            "No member organisation was named in this round: its export had no answers to "
            "the organisation and relations questions."
        )
    return None


def coverage_note(found: map_figures.RoundMap) -> None:
    text = words.coverage_text(found.coverage)
    if found.coverage.level == graph.FULL:
        st.caption(text)
    else:
        st.warning(text, icon=":material/warning:")


def network_metrics(found: map_figures.RoundMap) -> None:
    figures = found.figures
    cells = st.columns(5)
    cells[0].metric("Organisations", figures.organisations)
    cells[1].metric("Ties", figures.ties, help="A → B when at least one respondent of A named B.")
    cells[2].metric(
        "Density",
        "–" if math.isnan(figures.density) else f"{figures.density:.1%}",
        help="The share of all possible ties that exist.",
    )
    cells[3].metric(
        "Reciprocity",
        "–" if math.isnan(figures.reciprocity) else f"{figures.reciprocity:.0%}",
        help="The share of ties that are returned (B also named A).",
    )
    cells[4].metric(
        "Connected groups",
        figures.components,
        help="Groups of organisations with a path between them; more than one means some "
        "organisations have no path to the rest.",
    )


def _comparison(chosen: Selection) -> RoundInfo | None:
    """An earlier round to compare with, kept in the URL (none unless chosen)."""
    at = next(i for i, r in enumerate(chosen.rounds) if r.id == chosen.round.id)
    earlier = chosen.rounds[:at][::-1]  # the latest first
    labels = [NO_COMPARISON, *(r.label for r in earlier)]
    if st.session_state.get(COMPARE_KEY) not in labels:  # a round no longer earlier
        st.session_state.pop(COMPARE_KEY, None)
    picked = st.selectbox(
        "Compare with",
        labels,
        key=COMPARE_KEY,
        bind="query-params",
        help="New ties are drawn in green, lost ties dashed in red.",
    )
    return next((r for r in earlier if r.label == picked), None)


def page(chosen: Selection) -> None:
    """The whole Connections page below its title."""
    current, min_size = chosen.round, chosen.min_size
    found = round_map(current.id, min_size)
    reason = unavailable(found)
    if reason:
        st.info(reason)
        organisation_manager(chosen)
        return
    coverage_note(found)
    network_metrics(found)
    view, compare, kinds = st.columns([1.2, 1.2, 2])
    shape = view.radio(
        "Ties shown",
        [DIRECTED, CONFIRMED],
        key=VIEW_KEY,
        bind="query-params",
        horizontal=True,
        help="Confirmed by both sides: A named B and B named A.",
    )
    with compare:
        before = _comparison(chosen) if shape == DIRECTED else None
    chosen_types = None
    available = words.types(found)
    if len(available) > 1:
        chosen_types = kinds.multiselect(
            "Organisation types", available, default=available, key=TYPES_KEY
        )
    changes = None
    if before is not None:
        changes = map_changes(before.id, current.id, min_size)
        if not changes.before.shown:
            st.info(unavailable(changes.before) or "")
            changes = None
    if changes is not None:
        nodes, ties = words.change_nodes_and_ties(changes, chosen_types)
        for line in words.change_lines(changes):
            st.markdown(f"- {plain(line)}")
    else:
        nodes = words.map_nodes(found, chosen_types)
        ties = words.map_ties(found, nodes, confirmed_only=shape == CONFIRMED)
    map_tab, table_tab = st.tabs(["Map", "Table"])
    with map_tab:
        draw_map(map_spec(nodes, ties, found.extent, shape == DIRECTED, SIZE))
        st.caption(
            "Each circle is a member organisation, sized by how many others name it; faded "
            "circles have no respondent of their own this round. An arrow runs from the "
            "organisation whose members named a partner to that partner. Organisations keep "
            "their place on the map from round to round. The map shows organisations, never "
            "the people who answered."
        )
    with table_tab:
        views.table(words.organisation_table(found))
        if changes is not None:
            st.markdown("#### New and lost ties")
            views.table(words.change_table(changes))
        else:
            st.markdown("#### Ties")
            views.table(words.tie_table(found, confirmed_only=shape == CONFIRMED))
    position_and_perception(current, found, min_size)
    organisation_manager(chosen)


def position_and_perception(current: RoundInfo, found: map_figures.RoundMap, min_size: int) -> None:
    st.markdown("### Position and perception")
    cells = position_perception(current.id, min_size)
    if cells.empty:
        st.caption("No dimension scores to set beside the map in this round.")
        return
    note = (
        "Members grouped by where their organisation sits on the map: bridging organisations "
        "(whose departure would cut some others off), the core (the most tightly tied), and "
        "the periphery. Each member is in one group."
    )
    if found.coverage.level == graph.WITHHELD:
        note += " Too few organisations answered to name bridging organisations this round."
    elif found.coverage.level == graph.CAUTION:
        note += " With this coverage, read the bridging group with caution."
    labelled = present.segment_cells(cells, min_size)
    views.chart_with_table(
        views.chart(charts.segment_heatmap, labelled, "Difference from the network's mean"),
        present.segment_table(cells, min_size),
        caption=f"{note} {views.hidden_note(min_size)} Where one group is hidden, the next "
        "smallest is hidden too, so it cannot be worked out from the total.",
    )


# --- the lead's organisation list ---------------------------------------------------------


def _write(action, *args) -> None:
    """One change to the list; a refusal (which may quote a name from a file) said as text."""
    try:
        action(connection.engine(), *args)
    except CareNetError as error:
        feedback.say(PLACE, "error", feedback.sentence(error))
        return
    connection.clear_caches()
    feedback.say(PLACE, "success", "Saved.")


def _on_add(network_id: int) -> None:
    _write(
        organisations.add_organisation,
        network_id,
        st.session_state.get("org_add_name", ""),
        st.session_state.get("org_add_type") or None,
    )


def _on_rename(ids: dict[str, int]) -> None:
    picked = st.session_state.get("org_rename_which")
    if picked in ids:
        _write(
            organisations.rename_organisation,
            ids[picked],
            st.session_state.get("org_rename_to", ""),
        )


def _on_merge(ids: dict[str, int]) -> None:
    keep, other = st.session_state.get("org_merge_keep"), st.session_state.get("org_merge_other")
    if keep in ids and other in ids:
        _write(organisations.merge_organisations, ids[keep], ids[other])


def _on_type(ids: dict[str, int]) -> None:
    picked = st.session_state.get("org_type_which")
    if picked in ids:
        _write(organisations.set_type, ids[picked], st.session_state.get("org_type_to") or None)


def organisation_manager(chosen: Selection) -> None:
    """The network's list of member organisations, and (for the lead) its changes."""
    network = chosen.network
    listed = organisation_list(network.id)
    with st.expander(f"The network's organisations ({len(listed)})", icon=":material/apartment:"):
        st.caption(
            "The list grows from each export's answers. Add an organisation that nobody "
            "answered for (so that an export naming it is read), rename one, or merge two "
            "spellings of the same organisation: the old spelling is kept, so the next export "
            "that uses it lands on the same organisation."
        )
        views.table(
            pd.DataFrame({"Organisation": listed["name"], "Type": listed["type"].fillna("")})
        )
        feedback.messages(PLACE)
        if not sign_in.require_lead("change the list of organisations"):
            return
        ids = dict(zip(listed["name"], listed["organisation_id"], strict=True))
        names = list(ids)
        add, rename, merge, kind = st.tabs(["Add", "Rename", "Merge two spellings", "Type"])
        with add, st.form("org_add", clear_on_submit=True):
            st.text_input("Name", key="org_add_name", max_chars=200)
            st.text_input("Type (optional)", key="org_add_type", max_chars=200)
            st.form_submit_button("Add", on_click=_on_add, args=(network.id,))
        if not names:
            return
        with rename, st.form("org_rename"):
            st.selectbox("Organisation", names, key="org_rename_which")
            st.text_input("New name", key="org_rename_to", max_chars=200)
            st.form_submit_button("Rename", on_click=_on_rename, args=(ids,))
        with merge, st.form("org_merge"):
            st.selectbox("Keep", names, key="org_merge_keep")
            st.selectbox(
                "Merge into it", names, index=min(1, len(names) - 1), key="org_merge_other"
            )
            st.form_submit_button("Merge", on_click=_on_merge, args=(ids,))
        with kind, st.form("org_type"):
            st.selectbox("Organisation", names, key="org_type_which")
            st.text_input("Type (blank clears it)", key="org_type_to", max_chars=200)
            st.form_submit_button("Set type", on_click=_on_type, args=(ids,))
        if st.button("Lay the map out afresh", help="From every round's ties; places change."):
            _write(organisations.rearrange, network.id)
            st.rerun()


# --- the Workshop's step ----------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=64)
def screen_map_spec(
    nodes: pd.DataFrame,
    ties: pd.DataFrame,
    extent: tuple[float, float, float, float],
    high_contrast: bool,
) -> dict:
    """The map's spec with its text sized for the shared screen (see charts.for_screen)."""
    chart, data = named_map(nodes, ties, extent, size=SCREEN_SIZE)
    return _with_data(charts.for_screen(chart, high_contrast), data)


def workshop_step(chosen: Selection) -> None:
    """Who works with whom, for the room: the map beside the round before (new ties in green,
    lost ones dashed), the figures in words, the bridging organisations and a few prompts."""
    from carenet_dash.ui.presentation import CONTRAST_KEY  # the Workshop's own switch

    current, min_size = chosen.round, chosen.min_size
    st.title("Who works with whom")
    st.caption(f"{plain(chosen.network.name)} · round {plain(current.label)}")
    found = round_map(current.id, min_size)
    reason = unavailable(found)
    if reason:
        st.info(reason)
        return
    previous = chosen.previous
    changes = None
    if previous is not None and round_map(previous.id, min_size).shown:
        changes = map_changes(previous.id, current.id, min_size)
    if changes is not None:
        nodes, ties = words.change_nodes_and_ties(changes)
    else:
        nodes = words.map_nodes(found)
        ties = words.map_ties(found, nodes)
    drawing, talk = st.columns([3, 2], gap="large")
    with drawing:
        contrast = bool(st.session_state.get(CONTRAST_KEY))
        draw_map(screen_map_spec(nodes, ties, found.extent, contrast))
        coverage_note(found)
    with talk:
        lines = words.summary_lines(found)
        if changes is not None:
            lines += words.change_lines(changes)
        st.markdown("\n".join(f"- {plain(line)}" for line in lines))
        st.markdown(f"**{plain(words.broker_line(found))}**")
        st.markdown("### For discussion")
        st.markdown("\n".join(f"- {plain(p)}" for p in words.PROMPTS))
        st.caption("The map shows organisations, never the people who answered.")
