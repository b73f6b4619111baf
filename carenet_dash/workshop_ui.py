"""Streamlit pieces of the Workshop page: the presentation style, step navigation, the forms
that capture notes, actions, statuses and the maturity matrix, and exports made on demand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

from carenet_dash import analysis, charts, config, present, ui, workshop
from carenet_dash.errors import CareNetError
from carenet_dash.instrument import Dimension, Instrument
from carenet_dash.store import workshop_queries, workshop_writes
from carenet_dash.store.models import ACTION_STATUSES
from carenet_dash.store.opening import get_engine
from carenet_dash.store.queries import NetworkInfo, RoundInfo
from carenet_dash.store.workshop_queries import NoteInfo

STEP_KEY = "step"
CONTRAST_KEY = "contrast"
COMMENTS_PAGE = str(config.PROJECT_ROOT / "pages" / "comments.py")
WORKSHOP_PAGE = str(config.PROJECT_ROOT / "pages" / "workshop.py")

# Type for a shared screen: readable from the back of a room or in a video call's small window.
PRESENTATION_CSS = """
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li {
  font-size: 1.4rem; line-height: 1.45;
}
[data-testid="stMain"] h1 { font-size: 3rem; }
[data-testid="stMain"] h2 { font-size: 2.2rem; }
[data-testid="stMain"] h3 { font-size: 1.8rem; }
[data-testid="stMain"] h4, [data-testid="stMain"] h5 { font-size: 1.5rem; }
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {
  font-size: 2.8rem; line-height: 1.2;
}
[data-testid="stMain"] [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p {
  font-size: 1.25rem;
}
[data-testid="stMain"] [data-testid="stText"] {
  font-size: 1.35rem; line-height: 1.45; white-space: pre-wrap;
}
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.1rem; }
[data-testid="stMain"] [data-testid="stWidgetLabel"] p { font-size: 1.1rem; }
"""
# For projectors and bright rooms, which wash out greys and pastels: black on white, bolder
# type, solid outlines. Charts keep their colour-blind-safe palette, shapes and labels.
HIGH_CONTRAST_CSS = """
[data-testid="stApp"], [data-testid="stHeader"], [data-testid="stMain"] {
  background-color: #FFFFFF !important;
}
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] h1,
[data-testid="stMain"] h2, [data-testid="stMain"] h3, [data-testid="stMain"] h4,
[data-testid="stMain"] h5, [data-testid="stMain"] [data-testid="stText"],
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricLabel"] p {
  color: #000000 !important; font-weight: 600;
}
[data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3 {
  font-weight: 800 !important;
}
[data-testid="stMain"] [data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"],
[data-testid="stMain"] [data-testid="stExpander"] details,
[data-testid="stMain"] [data-testid="stForm"] {
  border-color: #000000 !important;
}
[data-testid="stMain"] [data-testid="stAlertContainer"] {
  background-color: #FFFFFF !important; border: 3px solid #000000 !important;
}
[data-testid="stMain"] [data-testid="stAlertContainer"] * { color: #000000 !important; }
[data-testid="stMain"] a, [data-testid="stMain"] a p {
  color: #0000B3 !important; text-decoration: underline !important;
}
[data-testid="stMain"] [data-testid^="stBaseButton"] {
  border: 2px solid #000000 !important; color: #000000 !important;
}
[data-testid="stMain"] [data-testid="stBaseButton-primary"],
[data-testid="stMain"] [data-testid="stBaseButton-primaryFormSubmit"] {
  background-color: #000000 !important; color: #FFFFFF !important;
}
[data-testid="stMain"] [data-testid="stBaseButton-primary"] p,
[data-testid="stMain"] [data-testid="stBaseButton-primaryFormSubmit"] p {
  color: #FFFFFF !important;
}
[data-testid="stMain"] [data-testid^="stBaseButton"]:disabled {
  border-style: dashed !important; opacity: 0.55;
}
[data-testid="stMain"] *:focus-visible {
  outline: 4px solid #000000 !important; outline-offset: 2px;
}
"""


def presentation_style(high_contrast: bool) -> None:
    """Large type on the Workshop page, and the high-contrast theme when it is switched on.

    Styles only (no markup), so nothing a member wrote can reach the page through them.
    """
    css = PRESENTATION_CSS + (HIGH_CONTRAST_CSS if high_contrast else "")
    st.html(f"<style>{css}</style>")


# ---------------------------------------------------------------------------------------------
# Moving between steps. The step number and the theme live in the URL, so a co-facilitator
# who opens the same link sees the same screen.


def _move(delta: int, total: int) -> None:
    st.session_state[STEP_KEY] = workshop.clamp(
        (st.session_state.get(STEP_KEY) or 1) + delta, total
    )


def _step_buttons(step: workshop.Step, total: int, where: str, back, forward) -> None:
    back.button(
        "◀ Previous",
        key=f"previous_{where}",
        on_click=_move,
        args=(-1, total),
        disabled=step.number == 1,
        width="stretch",
    )
    forward.button(
        "Next ▶",
        key=f"next_{where}",
        on_click=_move,
        args=(1, total),
        disabled=step.number == total,
        type="primary",
        width="stretch",
    )


def step_bar(steps: list[workshop.Step]) -> workshop.Step:
    """Previous and next, the step number, where we are, and the high-contrast switch; also
    applies the presentation style. Returns the step to show."""
    total = len(steps)
    back, number, where, forward, theme = st.columns(
        [1.2, 1, 3.6, 1.2, 1.6], vertical_alignment="center"
    )
    chosen = number.number_input(
        "Step",
        min_value=1,
        max_value=total,
        step=1,
        key=STEP_KEY,
        bind="query-params",
        help="Type a step number to jump to it. The step is part of the address: share the "
        "link and a co-facilitator sees the same step.",
    )
    step = steps[workshop.clamp(chosen, total) - 1]
    _step_buttons(step, total, "top", back, forward)
    where.markdown(f"**{workshop.indicator(step, total)}** · {step.title}")
    contrast = theme.toggle(
        "High contrast",
        key=CONTRAST_KEY,
        bind="query-params",
        help="Black on white with bolder type, for projectors and bright rooms.",
    )
    presentation_style(contrast)
    return step


def chart_with_table(
    chart: alt.TopLevelMixin, table: pd.DataFrame, caption: str | None = None
) -> None:
    """ui.chart_with_table with the chart's text sized for the shared screen (and in black
    when the high-contrast theme is on)."""
    screen = charts.for_screen(chart, high_contrast=bool(st.session_state.get(CONTRAST_KEY)))
    ui.chart_with_table(screen, table, caption)


def step_footer(step: workshop.Step, total: int) -> None:
    """Previous and next again at the foot of a long step."""
    st.divider()
    back, _, forward = st.columns([1.2, 5.8, 1.2])
    _step_buttons(step, total, "bottom", back, forward)


# ---------------------------------------------------------------------------------------------
# Cached reads, keyed by the store revision like ui.py's, so a write anywhere refreshes them.


@st.cache_data(show_spinner=False, max_entries=128)
def _previous_actions(store_url: str, rev: int, round_id: int) -> pd.DataFrame:
    return analysis.previous_actions(get_engine(store_url), round_id)


@st.cache_data(show_spinner=False, max_entries=128)
def _round_actions(store_url: str, rev: int, round_id: int) -> pd.DataFrame:
    return analysis.round_actions(get_engine(store_url), round_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _open_actions(store_url: str, rev: int, network_id: int) -> pd.DataFrame:
    return analysis.open_actions(get_engine(store_url), network_id)


@st.cache_data(show_spinner=False, max_entries=128)
def _notes(store_url: str, rev: int, network_id: int, round_id: int) -> list[NoteInfo]:
    return workshop_queries.notes(get_engine(store_url), network_id, round_id=round_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _matrix(
    store_url: str, rev: int, network_id: int, round_id: int, min_size: int
) -> tuple[workshop_queries.MatrixSessionInfo | None, pd.DataFrame, pd.DataFrame]:
    engine = get_engine(store_url)
    session = analysis.matrix_session_for_round(engine, network_id, round_id)
    summary = analysis.matrix_summary(engine, session, min_size) if session else pd.DataFrame()
    return session, summary, analysis.matrix_movement(engine, network_id)


def previous_actions(info: RoundInfo, dimension_id: str | None = None) -> pd.DataFrame:
    """What we agreed last time (and older actions still open), for one dimension or all."""
    return analysis.for_dimension(ui._or_stop(_previous_actions, info.id), dimension_id)


def round_actions(info: RoundInfo, dimension_id: str | None = None) -> pd.DataFrame:
    """The actions agreed against this round, for one dimension or all."""
    return analysis.for_dimension(ui._or_stop(_round_actions, info.id), dimension_id)


def open_actions(network_id: int) -> pd.DataFrame:
    """The network's actions still open or in progress, soonest due first."""
    return ui._or_stop(_open_actions, network_id)


def notes(info: RoundInfo, dimension_id: str | None) -> list[NoteInfo]:
    """Notes taken at this round's workshop about one dimension (None: the round as a whole)."""
    found = ui._or_stop(_notes, info.network_id, info.id)
    return [note for note in found if note.dimension_id == dimension_id]


def matrix(
    info: RoundInfo, min_size: int
) -> tuple[workshop_queries.MatrixSessionInfo | None, pd.DataFrame, pd.DataFrame]:
    """The matrix session that discussed this round (else the latest), its levels beside the
    survey means, and how agreed levels moved session by session."""
    return ui._or_stop(_matrix, info.network_id, info.id, min_size)


# ---------------------------------------------------------------------------------------------
# Writes. Each form's button runs a callback before the page does, so a saved record shows at
# once, a refused one keeps what was typed, and the message is shown beside the form.

FLASH_KEY = "workshop_messages"


def _say(place: str, kind: str, text: str) -> None:
    st.session_state.setdefault(FLASH_KEY, {})[place] = (kind, text)


def messages(place: str) -> None:
    """Show (once) what the last write at this place did."""
    kind, text = st.session_state.get(FLASH_KEY, {}).pop(place, (None, None))
    if kind == "success":
        st.success(text, icon=":material/check:")
    elif kind == "error":
        st.error(text, icon=":material/error:")


def _sentence(error: CareNetError) -> str:
    text = str(error)
    return f"{text[:1].upper()}{text[1:]}."


def _attempt(place: str, write: Callable[[], object], done: str) -> bool:
    """Run one write; on success clear the caches, on refusal say why (the store is unchanged:
    every write is one transaction)."""
    try:
        write()
    except CareNetError as error:
        _say(place, "error", _sentence(error))
        return False
    ui.clear_caches()
    _say(place, "success", done)
    return True


def _record_action(round_id: int, dimension_id: str | None, place: str) -> None:
    state = st.session_state
    keys = _action_keys(place)
    recorded = _attempt(
        f"{place}_action",
        lambda: workshop_writes.record_action(
            ui.engine(),
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
    messages(f"{place}_action")


def _record_note(round_id: int, dimension_id: str | None, place: str) -> None:
    key = f"{place}_note_text"
    if _attempt(
        f"{place}_note",
        lambda: workshop_writes.record_note(
            ui.engine(), round_id, st.session_state[key], dimension_id=dimension_id
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
    messages(f"{place}_note")


def note_list(found: list[NoteInfo]) -> None:
    """Notes as plain text (never Markdown), oldest first."""
    for note in found:
        with st.container(border=True):
            st.text(note.text)


def _set_status(action_id: int, key: str, place: str) -> None:
    status = st.session_state[key]
    _attempt(
        f"{place}_status",
        lambda: workshop_writes.update_action(ui.engine(), action_id, status=status),
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
        st.dataframe(
            present.actions_table(actions, with_round=with_round), hide_index=True, width="stretch"
        )
        return
    for row in actions.itertuples():
        text, choice = st.columns([4, 1.4], vertical_alignment="center")
        details = [row.dimension if with_dimension else ""]
        details += [row.owner or "no owner named", f"due {present.day(row.due_on)}"]
        if with_round:
            details.append(f"agreed at {row.round}" if isinstance(row.round, str) else "")
        text.text(f"{row.what}\n" + " · ".join(d for d in details if d))
        # The record's last change is part of the key: a status changed elsewhere shows here.
        key = f"status_{row.action_id}_{row.updated_at:%Y%m%d%H%M%S%f}"
        choice.selectbox(
            f"Status of: {row.what[:60]}",
            ACTION_STATUSES,
            index=ACTION_STATUSES.index(row.status),
            format_func=present.status,
            key=key,
            label_visibility="collapsed",
            on_change=_set_status,
            args=(row.action_id, key, place),
        )
    messages(f"{place}_status")


# ---------------------------------------------------------------------------------------------
# Comments: a few at a time, to start the conversation


def _next_turn(key: str) -> None:
    st.session_state[key] = st.session_state.get(key, 0) + 1


def comment_turn(info: RoundInfo, min_size: int, dimension: Dimension, asked: bool) -> None:
    """Two or three of the dimension's comments that pass suppression, as plain text, with a
    button for others and a link to all of them. ``asked``: an open question is about it."""
    if not asked:
        st.caption(
            "No open question in this instrument asks about this dimension. General comments "
            "are on the Comments page."
        )
        return
    chosen = ui.select_comments(info, min_size, None, dimension_id=dimension.id)
    if chosen.reason:
        st.info(chosen.reason)
        return
    turn_key = f"comment_turn_{info.id}_{dimension.id}"
    shown, turns = workshop.comment_turn(chosen.comments, st.session_state.get(turn_key, 0))
    if shown.empty:
        st.caption(f"No comments on this dimension in {info.label}.")
        return
    for text in shown["text"]:
        with st.container(border=True):
            st.text(text)
    st.caption(
        f"{len(shown)} of the {len(chosen.comments)} comments on this dimension, exactly as "
        "written."
    )
    if turns > 1:
        st.button(
            "Show other comments",
            key=f"more_comments_{dimension.id}",
            on_click=_next_turn,
            args=(turn_key,),
        )


def comments_link(network: NetworkInfo, info: RoundInfo, dimension: Dimension) -> None:
    st.page_link(
        COMMENTS_PAGE,
        label="Every comment on this dimension",
        icon=":material/forum:",
        query_params={
            ui.NETWORK_KEY: network.name,
            ui.ROUND_KEY: info.label,
            "about": dimension.name,
        },
    )


# ---------------------------------------------------------------------------------------------
# The maturity matrix


def _matrix_keys(dimension_id: str) -> tuple[str, str, str]:
    return (
        f"matrix_now_{dimension_id}",
        f"matrix_target_{dimension_id}",
        f"matrix_note_{dimension_id}",
    )


def _record_matrix(network_id: int, round_id: int, names: dict[str, str]) -> None:
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
    _attempt(
        "matrix",
        lambda: workshop_writes.record_matrix_session(
            ui.engine(), network_id, held_on, entries, round_id=round_id
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
    with st.form("matrix_form"):
        st.date_input("Held on", value=dt.date.today(), key="matrix_held_on", format="DD/MM/YYYY")
        for dimension in instrument.dimensions:
            now_key, target_key, note_key = _matrix_keys(dimension.id)
            agreed = before.get(dimension.id)
            with st.container(border=True):
                st.markdown(f"**{dimension.name}**")
                if dimension.levels:
                    st.caption(
                        "  \n".join(
                            f"{present.level(v, names)}: {text}"
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
            args=(network.id, info.id, {d.id: d.name for d in instrument.dimensions}),
            type="primary",
        )
    messages("matrix")


# ---------------------------------------------------------------------------------------------
# Exports: prepared when asked (a deck takes several seconds), then downloaded

EXPORTS_KEY = "workshop_exports"
# (format, what it is, whether it shows this round only)
EXPORTS = (
    ("pptx", "PowerPoint deck", True),
    ("html", "HTML report", True),
    ("csv-scores", "scores of every round (CSV)", False),
    ("csv-actions", "actions of every round (CSV)", False),
)


def export_panel(network: NetworkInfo, info: RoundInfo) -> None:
    """Prepare-then-download buttons for the deck, the report and the CSVs. A prepared file is
    kept until anything in the store changes; then it must be prepared again."""
    from carenet_dash.exports import FORMATS, export_bytes, file_name

    prepared = st.session_state.setdefault(EXPORTS_KEY, {})
    stamp = (ui.url(), ui.revision(), network.id, info.id)
    for export_format, label, one_round in EXPORTS:
        prepare, download = st.columns(2, vertical_alignment="center")
        if prepare.button(f"Prepare the {label}", key=f"prepare_{export_format}"):
            with st.spinner(f"Preparing the {label}…"):
                try:
                    data = export_bytes(
                        ui.engine(), network.name, export_format, info.label if one_round else None
                    )
                except CareNetError as error:
                    st.error(_sentence(error))
                    continue
            prepared[export_format] = (stamp, data)
        ready = prepared.get(export_format)
        if ready and ready[0] == stamp:
            download.download_button(
                f"Download the {label}",
                ready[1],
                file_name=file_name(network.name, info.label if one_round else None, export_format),
                mime=FORMATS[export_format][1],
                key=f"download_{export_format}",
                on_click="ignore",
                icon=":material/download:",
            )
