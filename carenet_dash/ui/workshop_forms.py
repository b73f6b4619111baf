"""The Workshop page's records: notes and agreed actions (with their status), and the
maturity matrix, each saved by a form whose button runs the write before the page does."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from carenet_dash import present
from carenet_dash.instrument import Instrument
from carenet_dash.present import follow_up
from carenet_dash.store import workshop_queries, workshop_writes
from carenet_dash.store.models import ACTION_STATUSES
from carenet_dash.store.queries import NetworkInfo, RoundInfo
from carenet_dash.store.workshop_queries import NoteInfo, SessionStamp
from carenet_dash.ui import connection, feedback, views
from carenet_dash.ui.text import plain


def _record_action(round_id: int, dimension_id: str | None, place: str) -> None:
    state = st.session_state
    keys = _action_keys(place)
    recorded = feedback.attempt(
        f"{place}_action",
        lambda: workshop_writes.record_action(
            connection.engine(),
            round_id,
            state[keys["what"]],
            owner=state[keys["owner"]],
            due_on=state[keys["due"]],
            status=state[keys["status"]],
            dimension_id=dimension_id,
        ),
        "Action recorded.",
    )
    if recorded:
        state[keys["what"]] = state[keys["owner"]] = ""
        state[keys["due"]] = None
        state[keys["status"]] = ACTION_STATUSES[0]


def _action_keys(place: str) -> dict[str, str]:
    return {field: f"{place}_action_{field}" for field in ("what", "owner", "due", "status")}


def action_form(info: RoundInfo, dimension_id: str | None, place: str) -> None:
    """Agree an action: what, owner, due date and status, stored against the round (and the
    dimension, or network-wide when ``dimension_id`` is None)."""
    keys = _action_keys(place)
    with st.form(f"{place}_action_form"):
        st.markdown("**Agree an action**")
        st.text_input(
            "What will be done",
            key=keys["what"],
            max_chars=workshop_writes.MAX_TEXT,
            placeholder="e.g. Publish a one-page guide to how decisions are made",
        )
        owner, due, status = st.columns([2, 1, 1])
        owner.text_input(
            "Owner",
            key=keys["owner"],
            max_chars=workshop_writes.MAX_OWNER,
            placeholder="a role or organisation",
            help="Name a role or organisation, never an e-mail address: CareNet Dash keeps "
            "no personal contact details.",
        )
        due.date_input("Due", value=None, key=keys["due"], format="DD/MM/YYYY")
        status.selectbox("Status", ACTION_STATUSES, format_func=present.status, key=keys["status"])
        st.form_submit_button(
            "Record the action",
            on_click=_record_action,
            args=(info.id, dimension_id, place),
            type="primary",
        )
    feedback.messages(f"{place}_action")


def _record_note(round_id: int, dimension_id: str | None, place: str) -> None:
    key = f"{place}_note_text"
    if feedback.attempt(
        f"{place}_note",
        lambda: workshop_writes.record_note(
            connection.engine(), round_id, st.session_state[key], dimension_id=dimension_id
        ),
        "Note recorded.",
    ):
        st.session_state[key] = ""


def note_form(info: RoundInfo, dimension_id: str | None, place: str) -> None:
    """Write down a point the room made, against the round (and the dimension)."""
    with st.form(f"{place}_note_form"):
        st.text_area(
            "Note",
            key=f"{place}_note_text",
            max_chars=workshop_writes.MAX_TEXT,
            placeholder="A point the room made, in a sentence or two",
            height=100,
        )
        st.form_submit_button(
            "Record the note", on_click=_record_note, args=(info.id, dimension_id, place)
        )
    feedback.messages(f"{place}_note")


def note_list(found: list[NoteInfo]) -> None:
    """Notes as plain text (never Markdown), oldest first."""
    for note in found:
        with st.container(border=True):
            st.text(note.text)


def _set_status(action_id: int, version: int, key: str, place: str) -> None:
    status = st.session_state[key]
    feedback.attempt(
        f"{place}_status",
        lambda: workshop_writes.update_action(
            connection.engine(), action_id, status=status, version=version
        ),
        f"Status changed to “{present.status(status)}”.",
    )


def action_list(
    actions: pd.DataFrame,
    place: str,
    editable: bool,
    with_round: bool,
    with_dimension: bool = False,
) -> None:
    """Actions with their status. A lead changes a status in place and it is saved at once;
    everyone else sees a table. Action text is shown as plain text, never Markdown."""
    if not editable:
        views.table(present.actions_table(actions, with_round=with_round))
        return
    for row in actions.itertuples():
        text, choice = st.columns([4, 1.4], vertical_alignment="center")
        details = [row.dimension if with_dimension else ""]
        due = follow_up.due_text(present.day(row.due_on), follow_up.is_overdue(row))
        details += [row.owner or "no owner named", f"due {due}"]
        if with_round:
            details.append(f"agreed at {row.round}" if isinstance(row.round, str) else "")
        text.text(f"{row.what}\n" + " · ".join(d for d in details if d))
        # The record's version is part of the key, so a status changed elsewhere shows here;
        # the change is saved only if the action is still at the version shown.
        key = f"status_{row.action_id}_v{row.version}"
        choice.selectbox(
            f"Status of: {plain(row.what[:60])}",
            ACTION_STATUSES,
            index=ACTION_STATUSES.index(row.status),
            format_func=present.status,
            key=key,
            label_visibility="collapsed",
            on_change=_set_status,
            args=(row.action_id, row.version, key, place),
        )
    feedback.messages(f"{place}_status")


# The maturity matrix


def _matrix_keys(dimension_id: str) -> tuple[str, str, str]:
    return (
        f"matrix_now_{dimension_id}",
        f"matrix_target_{dimension_id}",
        f"matrix_note_{dimension_id}",
    )


def _record_matrix(
    network_id: int, round_id: int, names: dict[str, str], seen: SessionStamp | None
) -> None:
    state = st.session_state
    entries = []
    for dimension_id in names:
        now_key, target_key, note_key = _matrix_keys(dimension_id)
        entries.append(
            workshop_writes.MatrixEntry(
                dimension_id, state.get(now_key), state.get(target_key), state.get(note_key) or None
            )
        )
    held_on = state.get("matrix_held_on")
    agreed = sum(1 for e in entries if e.current is not None or e.target is not None)
    feedback.attempt(
        "matrix",
        lambda: workshop_writes.record_matrix_session(
            connection.engine(), network_id, held_on, entries, round_id=round_id, seen=seen
        ),
        f"Session saved: {agreed} dimension(s) agreed"
        + (f" on {present.day(held_on)}." if held_on else "."),
    )


def matrix_form(
    network: NetworkInfo, info: RoundInfo, instrument: Instrument, earlier: pd.DataFrame
) -> None:
    """The group agrees, dimension by dimension, where the network is now and where it aims to
    be, reading each level's descriptor; saving records a session with its date. Choices start
    from ``earlier`` (the last session's levels), so the room revises rather than restarts."""
    names = instrument.maturity.level_names
    before = (
        {}
        if earlier.empty
        else {r.dimension_id: (r.current, r.target) for r in earlier.itertuples()}
    )
    levels = list(range(1, len(names) + 1))
    # The matrix as this form shows it: saving is refused if another session lands meanwhile.
    seen = workshop_queries.newest_session(connection.engine(), network.id)
    with st.form("matrix_form"):
        st.date_input("Held on", value=dt.date.today(), key="matrix_held_on", format="DD/MM/YYYY")
        for dimension in instrument.dimensions:
            now_key, target_key, note_key = _matrix_keys(dimension.id)
            agreed = before.get(dimension.id)
            with st.container(border=True):
                st.markdown(f"**{plain(dimension.name)}**")
                if dimension.levels:
                    st.caption(
                        "  \n".join(
                            plain(f"{present.level(v, names)}: {text}")
                            for v, text in zip(levels, dimension.levels, strict=True)
                        )
                    )
                else:
                    st.caption("The instrument gives no level descriptors for this dimension.")
                now, target = st.columns(2)
                for column, key, label, position in (
                    (now, now_key, "Where we are now", 0),
                    (target, target_key, "Where we aim to be", 1),
                ):
                    column.selectbox(
                        label,
                        levels,
                        index=agreed[position] - 1 if agreed else None,
                        format_func=lambda v, d=dimension: present.level_option(v, names, d.levels),
                        placeholder="Not agreed",
                        key=key,
                    )
                st.text_input("Note (optional)", key=note_key, max_chars=workshop_writes.MAX_TEXT)
        st.form_submit_button(
            "Save this session",
            on_click=_record_matrix,
            args=(network.id, info.id, {d.id: d.name for d in instrument.dimensions}, seen),
            type="primary",
        )
    feedback.messages("matrix")
