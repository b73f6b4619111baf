"""Segments: every dimension by group (e.g. member type) for a round, or its change."""

import streamlit as st

from carenet_dash import charts, present
from carenet_dash.ui import figures, pickers, selection, views
from carenet_dash.ui.text import plain

chosen = selection.require_round()
current, network, min_size = chosen.round, chosen.network, chosen.min_size
instrument = figures.instrument(current.instrument_pk)

st.title("Segments")
st.caption(f"{plain(network.name)} · round {plain(current.label)} · {plain(instrument.name)}")
segment = pickers.segment_picker(instrument, "Group members by")
if segment is None:
    st.stop()
change = st.toggle(
    "Change since the previous round",
    key="change",
    bind="query-params",
    help="Each group's change from the round before, with n on both sides.",
)
previous = chosen.previous
if change and previous is None:
    st.info(
        f"{plain(current.label)} is the network's first round: comparisons start with the "
        "second. Showing this round's scores instead."
    )
    change = False

if change:
    cells = figures.segment_changes(previous.id, current.id, segment.id, min_size)
    legend = f"Change {previous.label} → {current.label}"
    explain = (
        f"Each cell: the group's change from {plain(previous.label)} to {plain(current.label)} "
        "(↑ clear rise, ↓ clear fall, ≈ within noise) with n in each round. A group hidden in "
        "either round stays hidden."
    )
else:
    cells = figures.segment_scores(current.id, segment.id, min_size)
    legend = "Difference from the network's mean"
    explain = (
        "Each cell: the group's mean (n). Colour shows how far it sits above (purple) or "
        "below (orange) the whole network's mean for that dimension; the numbers carry the "
        "same information as the colour."
    )

st.markdown(f"#### {plain(segment.label)}: {plain(segment.question)}")
labelled = present.segment_cells(cells, min_size, change=change)
views.chart_with_table(
    views.chart(charts.segment_heatmap, labelled, legend),
    present.segment_table(cells, min_size, change=change),
    caption=f"{explain} {views.hidden_note(min_size)} Where one group is hidden, the next "
    "smallest is hidden too, so it cannot be worked out from the total.",
)
