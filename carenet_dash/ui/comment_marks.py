"""The lead tags a comment to dimensions, untags it, and pins it to a dimension's workshop
step (Comments page); every change is stored with its time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from carenet_dash.analysis import comment_topics
from carenet_dash.instrument import Instrument
from carenet_dash.store import comment_marks
from carenet_dash.ui import connection, feedback, sign_in
from carenet_dash.ui.text import plain

PLACE = "comment_marks"
_CHOSEN, _TAGS, _PINS = "mark_comment", "mark_tags", "mark_pins"


def _short(text: str, width: int = 90) -> str:
    one_line = " ".join(str(text).split())
    return one_line if len(one_line) <= width else one_line[: width - 1] + "…"


def _on_save(comments: pd.DataFrame) -> None:
    comment_id = st.session_state.get(_CHOSEN)
    row = comments[comments["comment_id"] == comment_id]
    if row.empty:
        feedback.say(PLACE, "error", "Choose a comment first.")
        return
    wanted = comment_topics.marks_for(
        row["auto_dimensions"].iloc[0],
        set(st.session_state.get(f"{_TAGS}_{comment_id}", [])),
        set(st.session_state.get(f"{_PINS}_{comment_id}", [])),
    )
    feedback.attempt(
        PLACE,
        lambda: comment_marks.set_marks(connection.engine(), int(comment_id), wanted),
        "Saved: the comment's dimensions and pins are updated everywhere it shows.",
    )


def mark_form(comments: pd.DataFrame, instrument: Instrument) -> None:
    """Choose one of the comments listed, then the dimensions it is about and the workshop
    steps it is pinned to (the lead only)."""
    with st.expander("Tag and pin a comment", icon=":material/push_pin:"):
        if not sign_in.require_lead("tag and pin comments"):
            return
        feedback.messages(PLACE)
        if comments.empty:
            st.caption("No comment is listed with these filters.")
            return
        texts = dict(zip(comments["comment_id"], comments["text"], strict=True))
        if st.session_state.get(_CHOSEN) not in texts:
            # Chosen under other filters: the widget would keep a comment no longer listed.
            st.session_state.pop(_CHOSEN, None)
        comment_id = st.selectbox(
            "Comment",
            list(texts),
            format_func=lambda c: _short(texts[c]),
            key=_CHOSEN,
            help="One of the comments listed with the filters above.",
        )
        row = comments[comments["comment_id"] == comment_id].iloc[0]
        names = {d.id: d.name for d in instrument.dimensions}
        st.caption(
            "Its question and its words put it under: "
            + plain(", ".join(names[d] for d in row["auto_dimensions"] if d in names) or "none")
            + ". Tag or untag it here; a pinned comment is shown first on that dimension's "
            "workshop step."
        )
        st.multiselect(
            "About these dimensions",
            list(names),
            default=list(row["dimensions"]),
            format_func=names.__getitem__,
            key=f"{_TAGS}_{comment_id}",
        )
        st.multiselect(
            "Pinned to the workshop step of",
            list(names),
            default=list(row["pinned_on"]),
            format_func=names.__getitem__,
            key=f"{_PINS}_{comment_id}",
        )
        st.button("Save tags and pins", key="save_marks", on_click=_on_save, args=(comments,))
