"""The lead's comment privacy controls: removing a comment (with a confirmation), and the
network's comment threshold."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from carenet_dash.errors import CareNetError
from carenet_dash.store import redaction
from carenet_dash.ui import connection, feedback, figures, manage
from carenet_dash.ui.text import plain

REDACT_KEY = "redact_comment"
CONFIRM_KEY = "confirm_redact"
REDACTED = "redacted_comment"


def threshold_key(network_id: int) -> str:
    return f"comment-threshold-{network_id}"


def on_redact(round_id: int) -> None:
    """The remove button's callback: the chosen comment's text is replaced for good."""
    comment_id = st.session_state.get(REDACT_KEY)
    if comment_id is None or not st.session_state.get(CONFIRM_KEY):
        return
    try:
        redaction.redact_comment(connection.engine(), int(comment_id), round_id=round_id)
    except CareNetError as error:
        feedback.keep_refusal(error)
        return
    connection.clear_caches()
    st.session_state[CONFIRM_KEY] = False
    st.session_state[REDACTED] = int(comment_id)


def redact_form(round_id: int, comments: pd.DataFrame) -> None:
    """Choose one of the comments listed, confirm, and remove its text (lead only: the page
    asks for the lead sign-in first)."""
    refusal = feedback.take_refusal()
    if refusal:
        st.error(plain(refusal))
    done = st.session_state.pop(REDACTED, None)
    if done is not None:
        st.success(plain(f"Comment {done} was removed: it now reads {redaction.REDACTED_TEXT}"))
    if comments.empty:
        st.caption("No comment is listed with these filters.")
        return
    texts = dict(zip(comments["comment_id"], comments["text"], strict=True))
    st.selectbox(
        "Comment to remove",
        list(texts),
        format_func=lambda c: f"{c} · {' '.join(str(texts[c]).split())[:90]}",
        key=REDACT_KEY,
        help="Listed as the filters above show them. Use it for names and other details that "
        "could identify someone: the text is replaced in the store and not kept.",
    )
    sure = st.checkbox(
        "I understand the comment's text is removed for good", key=CONFIRM_KEY, value=False
    )
    st.button(
        "Remove this comment",
        type="primary",
        disabled=not sure,
        key="redact",
        on_click=on_redact,
        args=(round_id,),
    )


def on_threshold(network_id: int, reset: bool = False) -> None:
    """The comment threshold's buttons: save the number, or go back to the minimum group size."""
    size = None if reset else st.session_state.get(threshold_key(network_id))
    manage.on_write(redaction.set_comment_min_size, network_id, None if size is None else int(size))


def threshold_form(network_id: int, min_size: int) -> None:
    """The network's comment threshold: a number of at least the minimum group size."""
    in_force = figures.comment_threshold(network_id)
    size = st.number_input(
        "Comment threshold",
        min_value=min_size,
        step=1,
        value=in_force,
        key=threshold_key(network_id),
    )
    left, right = st.columns(2)
    left.button(
        "Save comment threshold",
        key="save_comment_threshold",
        disabled=size == in_force,
        on_click=on_threshold,
        args=(network_id,),
    )
    right.button(
        "Use the minimum group size",
        key="reset_comment_threshold",
        disabled=in_force == min_size,
        on_click=on_threshold,
        args=(network_id, True),
    )
