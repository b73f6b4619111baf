"""Dimension: one dimension in depth: round by round, statement by statement, its spread,
its groups, its comments and the instrument's workshop prompts."""

import streamlit as st

from carenet_dash import analysis, charts, disclosure, present
from carenet_dash.ui import figures, pickers, selection, views
from carenet_dash.ui.text import plain

chosen = selection.require_round()
current, network, min_size = chosen.round, chosen.network, chosen.min_size
instrument = figures.instrument(current.instrument_pk)

dimension = pickers.dimension_picker(instrument)
st.title(plain(dimension.name))
st.caption(f"{plain(network.name)} · round {plain(current.label)} · {plain(instrument.name)}")
if dimension.description:
    st.markdown(plain(dimension.description))

card = figures.scorecard(current.id, min_size)
row = analysis.dimension_row(card, dimension.id)
left, middle, right, far = st.columns(4)
left.metric("Mean", present.mean(row["mean"], row["status"], min_size))
middle.metric("Band", present.band(row["band"]))
right.metric("Respondents counted", present.count(row["n"], row["status"], min_size))
far.metric(
    "Spread",
    present.mean(row["sd"], row["status"], min_size),
    help="How far members' scores differ (their standard deviation). Disagreement is itself "
    "a finding.",
)
if row["status"] == disclosure.NO_DATA:
    st.info(
        f"Nobody answered this dimension's statements in {plain(current.label)}, so it has no "
        "score this round. Its prompts below can still open a discussion."
    )
elif row["status"] == disclosure.HIDDEN:
    st.info(
        f"This dimension has {disclosure.hidden_text(min_size)} in {plain(current.label)}, so "
        "its figures are not shown."
    )
if row["split"]:
    st.warning(
        "▲▼ Members are split on this dimension: a quarter or more lean each way. "
        "Worth asking the room why."
    )

st.subheader("Round by round")
history = analysis.for_dimension(
    present.mark_rounds(figures.trend(network.id, min_size)), dimension.id
)
views.chart_with_table(
    views.chart(charts.dimension_trend, history, min_size),
    present.trend_table(history, min_size),
    caption=f"{present.DIFFERENT_INSTRUMENT} marks a round asked with a different version of "
    "the instrument."
    if history["instrument_differs"].any()
    else None,
)
if other_scales := views.other_scales_note(history):
    st.caption(other_scales)

st.subheader("Statement by statement")
items = present.labelled_items(figures.dimension_items(current.id, dimension.id, min_size))
views.chart_with_table(
    views.chart(charts.item_bars, items, min_size),
    present.distribution_table(items, min_size),
    caption="Answers as given, as a share of answers on the scale; not-applicable answers "
    "are counted apart. Answers chosen by too few people are shown together with the next "
    "answer towards the middle. ⇄ marks a reverse-worded statement (agreeing counts against "
    "the network). " + views.hidden_note(min_size),
)

st.subheader("How far members agree")
spread = figures.dimension_spread(current.id, dimension.id, min_size)
if row["status"] == disclosure.SHOWN:
    views.chart_with_table(
        views.chart(charts.spread_histogram, spread, row["mean"], bool(row["split"])),
        present.spread_table(spread, min_size),
        caption="Each respondent's own score on this dimension (the mean of their answers), "
        "counted in half-point steps; steps with too few respondents are counted together.",
    )
else:
    st.caption("The spread is shown once the dimension has enough responses.")

st.subheader("By group")
segment = pickers.segment_picker(instrument, "Break down by")
if segment is not None:
    cells = analysis.for_dimension(
        figures.segment_scores(current.id, segment.id, min_size), dimension.id
    )
    views.chart_with_table(
        views.chart(charts.group_dots, cells, min_size),
        present.segment_table(cells, min_size),
        caption=views.hidden_note(min_size)
        + " Where the hidden groups together are too few, the next smallest is hidden too.",
    )

st.subheader("Comments")
questions = [q for q in instrument.open_questions if q.dimension == dimension.id]
if not questions:
    st.caption("No open question in this instrument is about this dimension.")
else:
    chosen_comments = figures.select_comments(
        current.id, min_size, segment.id if segment else None, dimension_id=dimension.id
    )
    for question in questions:
        st.markdown(f"**{plain(question.question)}**")
    if chosen_comments.reason:
        st.info(plain(chosen_comments.reason))
    elif chosen_comments.comments.empty:
        st.caption(f"No comments on this dimension in {plain(current.label)}.")
    else:
        st.caption(f"{len(chosen_comments.comments)} comments. Shown exactly as written.")
        views.comment_list(chosen_comments.comments, segment.label if segment else None)

st.subheader("Workshop prompts")
if dimension.prompts:
    for prompt in dimension.prompts:
        st.markdown(f"- {plain(prompt)}")
else:
    st.caption("The instrument gives no prompts for this dimension.")
