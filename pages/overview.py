"""Overview: how healthy the network is this round, what changed, and the trend."""

import streamlit as st

from carenet_dash import analysis, charts, present
from carenet_dash.analysis import follow_up as follow_up_figures
from carenet_dash.analysis import scales
from carenet_dash.present import follow_up
from carenet_dash.present.scales import bands_caption
from carenet_dash.ui import figures, navigation, selection, story, views
from carenet_dash.ui.text import plain

chosen = selection.require_round()
current, network, min_size = chosen.round, chosen.network, chosen.min_size
instrument = figures.instrument(current.instrument_pk)
card = figures.scorecard(current.id, min_size)

st.title(plain(network.name))
st.markdown(f"#### Round {plain(current.label)}")
fielded = current.fielded_on.strftime("%d %B %Y") if current.fielded_on else "date not given"
st.caption(f"Fielded {fielded} · {plain(instrument.name)} (version {instrument.version})")
story.what_changed(network, current)

respondents = analysis.respondent_count(current, min_size)
previous = chosen.previous
strengths, priorities = views.memo(analysis.strengths_and_priorities, card)
left, middle, right, far = st.columns(4)
left.metric(
    "Responses",
    present.responses(respondents, min_size),
    help=present.response_rate(respondents, current.invited) or "Number invited not recorded.",
)
if current.invited and respondents is not None:
    middle.metric(
        "Response rate",
        present.percent(current.response_rate),
        help=f"{respondents} of {current.invited} invited members answered.",
    )
else:
    middle.metric("Response rate", "–", help="Record the number invited on the Manage page.")
right.metric("Strengths", len(strengths), help="Dimensions with a mean in the strength band.")
far.metric("Priorities", len(priorities), help="Dimensions with a mean in the priority band.")

st.subheader("Scorecard")
views.chart_with_table(
    views.chart(charts.scorecard, card, min_size),
    views.memo(present.scorecard_table, card, min_size),
    caption=bands_caption(instrument, quote=plain) + " " + views.hidden_note(min_size),
)

st.markdown("##### Look closer at a dimension")
views.dimension_links(network, current, instrument)

strength_col, priority_col = st.columns(2)
for column, heading, found, empty in (
    (strength_col, "▲ Strengths to build on", strengths,
     "No dimension reaches the strength band this round."),
    (priority_col, "▼ Priorities to discuss", priorities,
     "No dimension falls in the priority band this round."),
):  # fmt: skip
    column.markdown(f"##### {heading}")
    for line in present.mean_lines(found, plain):
        column.markdown(line)
    if found.empty:
        column.caption(empty)

st.subheader("Change since the previous round")
if previous is None:
    st.info(
        "This is the network's first round: comparisons start with the second. "
        "Import the next round's export on the Upload page."
    )
else:
    st.caption(
        plain(f"{previous.label} → {current.label}.")
        + " A change is clear only when its likely range leaves out zero; otherwise it is "
        "within noise. Point at a column's name for what it means."
    )
    if scales.on_favourable_share(card):
        st.info(
            plain(
                f"{previous.label} asked these statements on other answer scales, so the change "
                "is in favourable share (percentage points: the share of each member's answers "
                "above the middle of the scale), not in the mean. A mean on one scale cannot "
                "be compared with a mean on another."
            ),
            icon=":material/straighten:",
        )
    story.changes_table(network, current)

st.subheader("Trend over all rounds")
trend = figures.trend(network.id, min_size)
if len(chosen.rounds) < 2:
    st.caption("The trend appears once the network has two rounds.")
else:
    views.chart_with_table(
        views.chart(charts.trend_lines, trend),
        views.memo(present.trend_table, trend, min_size),
        caption=views.other_scales_note(trend),
    )

st.subheader("Open actions")
st.caption("Every action agreed: " + follow_up.progress_text(figures.progress(network.id)))
still_open = follow_up_figures.with_movement(
    figures.open_actions(network.id), figures.movement(current.id, min_size)
)
if still_open.empty:
    st.caption(
        "No open actions. Actions agreed on the Workshop page show here until they are done "
        "or dropped."
    )
else:
    st.caption(
        "Agreed at a workshop and not yet done, soonest due first. “Did it move?” gives the "
        f"dimension's change from the round it was agreed to {plain(current.label)}."
    )
    open_table = present.actions_table(still_open, with_round=True, min_size=min_size)
    views.text_table(open_table)
    with st.expander("The open actions as a table (to copy or download)"):
        views.table(open_table)
st.page_link(
    navigation.WORKSHOP.path,
    label="Run the workshop for this round",
    icon=":material/co_present:",
    query_params={selection.NETWORK_KEY: network.name, selection.ROUND_KEY: current.label},
)
