"""Manage: rename a round, change its date or invited count, download or delete it; and the
network's minimum group size."""

from functools import partial

import streamlit as st

from carenet_dash import analysis, backup, config, present
from carenet_dash.exports import answers
from carenet_dash.ui import (
    comment_privacy,
    connection,
    feedback,
    figures,
    manage,
    networks,
    selection,
    sign_in,
    views,
)
from carenet_dash.ui.text import plain

chosen = selection.require_round()
network, min_size = chosen.network, chosen.min_size

st.title("Manage rounds")
st.markdown(f"#### {plain(network.name)}")
views.table(
    present.rounds_table(analysis.round_list(chosen.rounds, min_size), min_size),
    hide_index=True,
    width="stretch",
)

if not sign_in.require_lead("change, download or delete rounds"):
    st.stop()

current = chosen.round
st.markdown(f"##### Round {plain(current.label)}")
st.caption("Choose another round in the sidebar.")

refusal = feedback.take_refusal()
if refusal:
    st.error(plain(refusal))

st.subheader("Details")
# Keyed by round id, so choosing another round shows that round's values.
with st.form(f"details-{current.id}"):
    left, middle, right = st.columns(3)
    left.text_input("Label", value=current.label, key=f"label-{current.id}")
    middle.date_input(
        "Fielded", value=current.fielded_on, format="YYYY-MM-DD", key=f"date-{current.id}"
    )
    right.number_input(
        "Members invited", min_value=1, step=1, value=current.invited, key=f"invited-{current.id}",
        help="Leave empty if not known.",
    )  # fmt: skip
    st.form_submit_button(
        "Save changes", on_click=manage.on_save_round, args=(network.name, current.id)
    )

st.subheader("Download")
if analysis.respondent_count(current, min_size) is None:
    st.caption(
        f"This round's answers are not offered: it has {present.responses(None, min_size)}, "
        "so each row would belong to one of too few members."
    )
else:
    st.download_button(
        "Download answers (CSV)",
        data=partial(answers.answers_csv, connection.engine(), current.id),  # made on click
        file_name=answers.file_name(network.name, current.label),
        mime="text/csv",
        key="download_answers",
        help="Each respondent's raw scores per item (as given, or Not applicable); no "
        "personal data, no segments and no comments.",
    )

st.subheader("Back up the store")
st.caption(
    "Everything in the store (every network, round, comment and workshop record) in one "
    "file that `python -m carenet_dash restore FILE` can bring back, into SQLite or "
    "PostgreSQL. It holds members' comments: keep it as safe as the store itself."
)
st.download_button(
    "Download a backup",
    data=partial(backup.backup_bytes, connection.engine()),  # made on click, not on every rerun
    file_name=backup.file_name(),
    mime="application/gzip",
    key="download_backup",
)

st.subheader("Delete")
sure = st.checkbox(
    f"Delete round “{plain(current.label)}” and its responses "
    f"({present.responses(analysis.respondent_count(current, min_size), min_size)}) for good",
    key=f"confirm-delete-{current.id}",
)
remaining = [r.label for r in chosen.rounds if r.id != current.id]
st.button(
    "Delete round",
    type="primary",
    disabled=not sure,
    key="delete_round",
    on_click=manage.on_delete_round,
    args=(current.id, network.name, remaining[-1] if remaining else None),
)

st.subheader("Minimum group size")
st.caption(
    "Scores for any group smaller than this are never shown, nor is the next-smallest group "
    "beside it. The usual survey convention is 5; it cannot go below "
    f"{config.MIN_GROUP_SIZE_FLOOR}."
)
size = st.number_input(
    "Minimum group size",
    min_value=config.MIN_GROUP_SIZE_FLOOR,
    step=1,
    value=min_size,
    key=manage.min_group_size_key(network.id),
)
st.button(
    "Save minimum group size",
    key="save_min_group_size",
    disabled=size == min_size,
    on_click=manage.on_min_group_size,
    args=(network.id,),
)

st.subheader("Downloads for viewers")
st.caption(
    "People who sign in with the viewer password see every table, but get its “Download as "
    "CSV” only if you allow it here. Any CSV that leaves CareNet Dash has formula-like cells "
    "made harmless for spreadsheets."
)
st.toggle(
    "Viewers may download tables as CSV",
    value=network.viewer_downloads,
    key=manage.viewer_downloads_key(network.id),
    on_change=manage.on_viewer_downloads,
    args=(network.id,),
)

st.subheader("Comment threshold")
st.caption(
    "A writer's group is named beside comments (and offered as a filter) only when at least "
    "this many members of it answered; comments of smaller groups read “Other groups”. It is "
    "never below the minimum group size."
)
comment_privacy.threshold_form(network.id, min_size)

st.subheader("Removed comments")
removed = figures.redactions(network.id)
if removed:
    views.table(present.redactions_table(removed), hide_index=True, width="stretch")
else:
    st.caption("No comment of this network has been removed. The lead removes one on the "
               "Comments page.")  # fmt: skip

networks.network_section(network, current.label)
