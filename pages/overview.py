"""Overview: how healthy the network is this round, what changed, and the trend."""

import streamlit as st

from carenet_dash import analysis, charts, present, ui, workshop_ui

chosen = ui.require_round()
current, network, min_size = chosen.round, chosen.network, chosen.min_size
instrument = ui.instrument(current)
card = ui.scorecard(current.id, min_size)

st.title(f"{network.name}")
st.markdown(f"#### Round {current.label}")
fielded = current.fielded_on.strftime("%d %B %Y") if current.fielded_on else "date not given"
st.caption(f"Fielded {fielded} · {instrument.name} (version {instrument.version})")

respondents = analysis.respondent_count(current, min_size)
previous = chosen.previous
strengths, priorities = ui.memo(analysis.strengths_and_priorities, card)
left, middle, right, far = st.columns(4)
left.metric(
    "Responses",
    present.count(respondents) if respondents is not None else f"fewer than {min_size}",
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
ui.chart_with_table(
    ui.chart(charts.scorecard, card, instrument.bands, min_size),
    ui.memo(present.scorecard_table, card, min_size),
    caption=(
        f"Bands: ▲ strength (mean ≥ {instrument.bands.strength:g}), ● discuss, ▼ priority "
        f"(mean < {instrument.bands.priority:g}). " + ui.hidden_note(min_size)
    ),
)

st.markdown("##### Look closer at a dimension")
ui.dimension_links(network, current, instrument)

strength_col, priority_col = st.columns(2)
with strength_col:
    st.markdown("##### ▲ Strengths to build on")
    for row in strengths.itertuples():
        st.markdown(f"- **{row.dimension}**: {present.mean(row.mean)} (n={present.count(row.n)})")
    if strengths.empty:
        st.caption("No dimension reaches the strength band this round.")
with priority_col:
    st.markdown("##### ▼ Priorities to discuss")
    for row in priorities.itertuples():
        st.markdown(f"- **{row.dimension}**: {present.mean(row.mean)} (n={present.count(row.n)})")
    if priorities.empty:
        st.caption("No dimension falls in the priority band this round.")

st.subheader("Change since the previous round")
if previous is None:
    st.info(
        "This is the network's first round: comparisons start with the second. "
        "Import the next round's export on the Upload page."
    )
else:
    st.caption(
        f"{previous.label} → {current.label}. A change counts as clear only when its 95% "
        "interval leaves out zero; otherwise it is within noise. n is given on both sides."
    )
    st.dataframe(
        ui.memo(present.scorecard_table, card, min_size)[
            ["Dimension", "n before", "n", "Mean", "Change", "95% interval", "Verdict"]
        ],
        hide_index=True,
        width="stretch",
    )

st.subheader("Trend over all rounds")
trend = ui.trend(network.id, min_size)
if len(chosen.rounds) < 2:
    st.caption("The trend appears once the network has two rounds.")
else:
    ui.chart_with_table(
        ui.chart(charts.trend_lines, trend, instrument.bands),
        ui.memo(present.trend_table, trend, min_size),
    )

st.subheader("Open actions")
still_open = workshop_ui.open_actions(network.id)
if still_open.empty:
    st.caption(
        "No open actions. Actions agreed on the Workshop page show here until they are done "
        "or dropped."
    )
else:
    st.caption("Agreed at a workshop and not yet done, soonest due first.")
    st.dataframe(
        present.actions_table(still_open, with_round=True), hide_index=True, width="stretch"
    )
st.page_link(
    workshop_ui.WORKSHOP_PAGE,
    label="Run the workshop for this round",
    icon=":material/co_present:",
    query_params={ui.NETWORK_KEY: network.name, ui.ROUND_KEY: current.label},
)
