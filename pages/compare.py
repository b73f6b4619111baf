"""Compare: two rounds dimension by dimension, the statements that moved most, and the trend."""

import streamlit as st

from carenet_dash import analysis, charts, present, ui

chosen = ui.require_round()
current, network, min_size = chosen.round, chosen.network, chosen.min_size
instrument = ui.instrument(current)

st.title("Compare rounds")
st.caption(f"{network.name} · {instrument.name}")
if len(chosen.rounds) < 2:
    st.info(
        f"{network.name} has one round so far ({current.label}): comparisons start with the "
        "second. Import the next round's export on the Upload page."
    )
    st.stop()

other = ui.comparison_round(chosen)
before, after = analysis.in_order(chosen.rounds, other, current)
st.markdown(f"#### {before.label} → {after.label}")
changes = ui.compare(before, after, min_size)
if changes["partial_instrument"].any():
    st.warning(
        f"{before.label} and {after.label} were asked with different versions of the "
        "instrument: only the statements both rounds share are compared, on both sides."
    )

st.subheader("Every dimension")
ui.chart_with_table(
    ui.chart(charts.dumbbell, changes, instrument.bands, before.label, after.label, min_size),
    ui.memo(present.changes_table, changes, before.label, after.label, min_size),
    caption=(
        f"Hollow circle: {before.label}; filled mark: {after.label}; sorted by change. A change "
        "is a clear rise (▶) or clear fall (◀) only when its 95% interval leaves out zero; "
        "otherwise it is within noise (◆). n is given on both sides. " + ui.hidden_note(min_size)
    ),
)

st.subheader("Statements that moved most")
items = ui.item_changes(before, after, min_size)
rises, falls = ui.memo(analysis.items_moved_most, items)
labels = instrument.scale.labels
for title, moved, empty in (
    ("Rose most", rises, "No statement's average rose."),
    ("Fell most", falls, "No statement's average fell."),
):
    st.markdown(f"##### {title}")
    if moved.empty:
        st.caption(empty)
        continue
    st.dataframe(
        ui.memo(present.item_changes_table, moved, before.label, after.label, min_size),
        hide_index=True,
        width="stretch",
    )
    both = ui.memo(present.distribution_rows, moved, before.label, after.label)
    ui.chart_with_table(
        ui.chart(charts.item_bars, both, labels, min_size),
        ui.memo(present.distribution_table, both, labels, min_size),
        caption="Answers as given, each statement in both rounds. ⇄ marks a reverse-worded "
        "statement: agreeing with it counts against the network, so its average runs the "
        "other way.",
    )
with st.expander("Every statement both rounds share"):
    st.dataframe(
        ui.memo(present.item_changes_table, items, before.label, after.label, min_size),
        hide_index=True,
        width="stretch",
    )

st.subheader("Trend over all rounds")
trend = ui.memo(present.mark_rounds, ui.trend(network.id, min_size))
ui.chart_with_table(
    ui.chart(charts.trend_lines, trend, instrument.bands),
    ui.memo(present.trend_table, trend, min_size),
)
responses = ui.memo(analysis.round_responses, trend)
ui.chart_with_table(
    ui.chart(charts.responses_per_round, responses),
    ui.memo(present.responses_table, responses, min_size),
    caption="Responses per round. "
    + (
        f"{present.DIFFERENT_INSTRUMENT} marks a round asked with a different version of the "
        "instrument from the latest round; only shared statements are compared with it."
        if responses["instrument_differs"].any()
        else "Every round used the same instrument."
    ),
)
