"""Comments: every comment of a round, searchable and filtered, shown exactly as written."""

import streamlit as st

from carenet_dash.present import comment_topics as comment_words
from carenet_dash.ui import (
    comment_marks,
    comment_privacy,
    figures,
    pickers,
    selection,
    sign_in,
    views,
)
from carenet_dash.ui.text import plain

ALL = ""  # the "no filter" choice; an empty value keeps the URL clean

chosen = selection.require_round()
current, network, min_size = chosen.round, chosen.network, chosen.min_size
instrument = figures.instrument(current.instrument_pk)

st.title("Comments")
st.caption(f"{plain(network.name)} · round {plain(current.label)} · {plain(instrument.name)}")

questions = {ALL: "All questions"} | {q.id: q.question for q in instrument.open_questions}
dimensions = {ALL: "All dimensions"} | {d.id: d.name for d in instrument.dimensions}
first, second = st.columns(2)
question = first.selectbox(
    "Open question", list(questions), format_func=questions.__getitem__, key="question",
    bind="query-params",
)  # fmt: skip
dimension = second.selectbox(
    "Dimension", list(dimensions), format_func=dimensions.__getitem__, key="about",
    bind="query-params",
)  # fmt: skip
third, fourth = st.columns(2)
with third:
    segment = pickers.segment_picker(instrument, "Group by")
found = figures.round_comments(current.id, min_size, segment.id if segment else None)
groups = [ALL, *found.filters]
threshold = found.threshold or min_size
group = fourth.selectbox(
    f"Only comments from ({plain(segment.label) if segment else 'group'})",
    groups,
    format_func=lambda g: g or "Everyone",
    key="group",
    bind="query-params",
    disabled=segment is None,
    help=f"Only groups of at least {threshold} respondents (the network's comment threshold) "
    "are named; comments of the others read “Other groups”.",
)
search = st.text_input(
    "Search the comments",
    key="q",
    bind="query-params",
    placeholder="a word or phrase",
)
filters = {
    "question_id": question or None,
    "dimension_id": dimension or None,
    "group": group or None,
    "search": search,
}
shown = figures.select_comments(current.id, min_size, segment.id if segment else None, **filters)

if not shown.reason:
    st.markdown("##### By dimension")
    summary = figures.comment_summary(
        current.id, min_size, segment.id if segment else None, **filters
    )
    views.table(comment_words.dimension_summary_table(summary))
    st.caption(
        "A comment counts under every dimension it is about: its question's, those whose "
        "keywords it uses, and those the lead tagged it to. Words and phrases are those used "
        "in at least two of the comments shown."
    )
left, right = st.columns([1, 3])
left.metric("Comments shown", f"{len(shown.comments)} of {shown.total}")
if not shown.counts.empty:
    views.table(
        shown.counts.rename(columns={"question": "Question", "comments": "Comments"}),
        place=right,
    )
if shown.reason:
    st.info(plain(shown.reason))
elif shown.comments.empty:
    st.caption("No comment matches these filters.")
else:
    st.caption(
        "Comments are shown exactly as written. A writer's group is named only where at least "
        f"{threshold} members of it answered (the comment threshold) and naming it cannot "
        "single out a smaller group; the others read “Other groups”."
    )
    views.comment_list(shown.comments, found.segment)
    comment_marks.mark_form(shown.comments, instrument)

if not shown.comments.empty:
    with st.expander("Remove a comment (network lead)", icon=":material/delete:"):
        st.caption(
            "A comment that names someone, or could identify its writer, can be removed: its "
            "text is replaced in the store and not kept. The day is recorded on the Manage page."
        )
        if sign_in.require_lead("remove a comment"):
            comment_privacy.redact_form(current.id, shown.comments)
