"""Compare: two rounds dimension by dimension, the statements that moved most, and the trend."""

import streamlit as st

from carenet_dash import analysis, charts, present
from carenet_dash.ui import figures, pickers, selection, views

chosen = selection.require_round()
current, network, min_size = chosen.round, chosen.network, chosen.min_size
instrument = figures.instrument(current.instrument_pk)

st.title("Compare rounds")
st.caption(f"{network.name} · {instrument.name}")
if len(chosen.rounds) < 2:
    st.info(
        f"{network.name} has one round so far ({current.label}): comparisons start with the "
        "second. Import the next round's export on the Upload page."
    )
    st.stop()

other = pickers.comparison_round(chosen)
before, after = analysis.in_order(chosen.rounds, other, current)
st.markdown(f"#### {before.label} → {after.label}")
changes = figures.compare(before.id, after.id, min_size)
if changes["partial_instrument"].any():
    st.warning(
        f"{before.label} and {after.label} were asked with different versions of the "
        "instrument: only the statements both rounds share are compared, on both sides."
    )

st.subheader("Every dimension")
views.chart_with_table(
    views.chart(charts.dumbbell, changes, instrument.bands, before.label, after.label, min_size),
    present.changes_table(changes, before.label, after.label, min_size),
    caption=(
        f"Hollow circle: {before.label}; filled mark: {after.label}; sorted by change. A change "
        "is a clear rise (▶) or clear fall (◀) only when its 95% interval leaves out zero; "
        "otherwise it is within noise (◆). n is given on both sides. " + views.hidden_note(min_size)
    ),
)

st.subheader("Statements that moved most")
items = figures.item_changes(before.id, after.id, min_size)
rises, falls = analysis.items_moved_most(items)
for title, moved, empty in (
    ("Rose most", rises, "No statement's average rose."),
    ("Fell most", falls, "No statement's average fell."),
):
    st.markdown(f"##### {title}")
    if moved.empty:
        st.caption(empty)
        continue
    st.dataframe(
        present.item_changes_table(moved, before.label, after.label, min_size),
        hide_index=True,
        width="stretch",
    )
    both = present.distribution_rows(moved, before.label, after.label)
    views.chart_with_table(
        views.chart(charts.item_bars, both, min_size),
        present.distribution_table(both, min_size),
        caption="Answers as given, each statement in both rounds. ⇄ marks a reverse-worded "
        "statement: agreeing with it counts against the network, so its average runs the "
        "other way.",
    )
with st.expander("Every statement both rounds share"):
    st.dataframe(
        present.item_changes_table(items, before.label, after.label, min_size),
        hide_index=True,
        width="stretch",
    )

st.subheader("Trend over all rounds")
trend = present.mark_rounds(figures.trend(network.id, min_size))
views.chart_with_table(
    views.chart(charts.trend_lines, trend, instrument.bands), present.trend_table(trend, min_size)
)
responses = analysis.round_responses(trend)
views.chart_with_table(
    views.chart(charts.responses_per_round, responses),
    present.responses_table(responses, min_size),
    caption="Responses per round. "
    + (
        f"{present.DIFFERENT_INSTRUMENT} marks a round asked with a different version of the "
        "instrument from the latest round; only shared statements are compared with it."
        if responses["instrument_differs"].any()
        else "Every round used the same instrument."
    ),
)
