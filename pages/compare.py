"""Compare: two rounds dimension by dimension, the statements that moved most, and the trend."""

import streamlit as st

from carenet_dash import analysis, charts, present
from carenet_dash.analysis import scales
from carenet_dash.ui import figures, pickers, selection, views
from carenet_dash.ui.text import plain

chosen = selection.require_round()
current, network, min_size = chosen.round, chosen.network, chosen.min_size
instrument = figures.instrument(current.instrument_pk)

st.title("Compare rounds")
st.caption(f"{plain(network.name)} · {plain(instrument.name)}")
if len(chosen.rounds) < 2:
    st.info(
        f"{plain(network.name)} has one round so far ({plain(current.label)}): comparisons "
        "start with the second. Import the next round's export on the Upload page."
    )
    st.stop()

other = pickers.comparison_round(chosen)
before, after = analysis.in_order(chosen.rounds, other, current)
st.markdown(f"#### {plain(before.label)} → {plain(after.label)}")
changes = figures.compare(before.id, after.id, min_size)
if changes["partial_instrument"].any():
    st.warning(
        f"{plain(before.label)} and {plain(after.label)} were asked with different versions of the "
        "instrument: only the statements both rounds share are compared, on both sides."
    )
on_share = scales.on_favourable_share(changes)
if on_share:
    st.info(
        plain(
            f"{before.label} and {after.label} asked the same statements on different answer "
            "scales, so they are compared on favourable share only: for each member, the share "
            "of their answers above the middle of the scale, averaged over members (0 to 100). "
            "A mean on one scale cannot be compared with a mean on another."
        ),
        icon=":material/straighten:",
    )

st.subheader("Every dimension")
views.chart_with_table(
    views.chart(charts.dumbbell, changes, before.label, after.label, min_size),
    views.memo(present.changes_table, changes, before.label, after.label, min_size),
    caption=(
        f"Hollow circle: {plain(before.label)}; filled mark: {plain(after.label)}; sorted by "
        "change. A change is a clear rise (▶) or clear fall (◀) only when its likely range "
        "leaves out zero; otherwise it is within noise (◆). n is given on both sides. "
        + views.hidden_note(min_size)
    ),
)

st.subheader("Statements that moved most")
if on_share:
    st.caption(
        "Statements asked on different scales are not compared one by one: their averages "
        "are on different scales."
    )
else:
    items = figures.item_changes(before.id, after.id, min_size)
    rises, falls = views.memo(analysis.items_moved_most, items)
    for title, moved, empty in (
        ("Rose most", rises, "No statement's average rose."),
        ("Fell most", falls, "No statement's average fell."),
    ):
        st.markdown(f"##### {title}")
        if moved.empty:
            st.caption(empty)
            continue
        views.text_table(
            views.memo(present.item_changes_table, moved, before.label, after.label, min_size)
        )
        both = views.memo(present.distribution_rows, moved, before.label, after.label)
        views.chart_with_table(
            views.chart(charts.item_bars, both, min_size),
            views.memo(present.distribution_table, both, min_size),
            caption="Answers as given, each statement in both rounds. ⇄ marks a reverse-worded "
            "statement: agreeing with it counts against the network, so its average runs the "
            "other way.",
        )
    with st.expander("Every statement both rounds share"):
        views.table(
            views.memo(present.item_changes_table, items, before.label, after.label, min_size),
            hide_index=True,
            width="stretch",
        )

st.subheader("Trend over all rounds")
trend = views.memo(present.mark_rounds, figures.trend(network.id, min_size))
views.chart_with_table(
    views.chart(charts.trend_lines, trend),
    views.memo(present.trend_table, trend, min_size),
    caption=views.other_scales_note(trend),
)
responses = views.memo(analysis.round_responses, trend)
views.chart_with_table(
    views.chart(charts.responses_per_round, responses),
    views.memo(present.responses_table, responses, min_size),
    caption="Responses per round. "
    + (
        f"{present.DIFFERENT_INSTRUMENT} marks a round asked with a different version of the "
        "instrument from the latest round; only shared statements are compared with it."
        if responses["instrument_differs"].any()
        else "Every round used the same instrument."
    ),
)
