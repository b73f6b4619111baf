"""The Workshop page as a presentation: large type (and high contrast), steps in the URL,
charts sized for a shared screen, and comments a few at a time."""

from __future__ import annotations

import functools
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from carenet_dash import charts, workshop
from carenet_dash.instrument import Dimension
from carenet_dash.store.queries import NetworkInfo, RoundInfo
from carenet_dash.ui import figures, navigation, selection, views
from carenet_dash.ui.text import plain

STEP_KEY = "step"
CONTRAST_KEY = "contrast"
STYLES = Path(__file__).resolve().parent / "styles"


@functools.cache
def stylesheet(name: str) -> str:
    """A stylesheet from ui/styles/, read once."""
    return (STYLES / name).read_text(encoding="utf-8")


def presentation_style(high_contrast: bool) -> None:
    """Large type on the Workshop page, and the high-contrast theme when it is switched on.

    Styles only (no markup), so nothing a member wrote can reach the page through them.
    """
    css = stylesheet("presentation.css")
    if high_contrast:
        css += stylesheet("high_contrast.css")
    st.html(f"<style>{css}</style>")


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
    where.markdown(f"**{workshop.indicator(step, total)}** · {plain(step.title)}")
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
    views.chart_with_table(screen, table, caption)


def step_footer(step: workshop.Step, total: int) -> None:
    """Previous and next again at the foot of a long step."""
    st.divider()
    back, _, forward = st.columns([1.2, 5.8, 1.2])
    _step_buttons(step, total, "bottom", back, forward)


# Comments: a few at a time, to start the conversation.


def _next_turn(key: str) -> None:
    st.session_state[key] = st.session_state.get(key, 0) + 1


def comment_turn(info: RoundInfo, min_size: int, dimension: Dimension, asked: bool) -> None:
    """Two or three of the dimension's comments, as plain text, with a
    button for others and a link to all of them. ``asked``: an open question is about it."""
    if not asked:
        st.caption(
            "No open question in this instrument asks about this dimension. General comments "
            "are on the Comments page."
        )
        return
    chosen = figures.select_comments(info.id, min_size, None, dimension_id=dimension.id)
    if chosen.reason:
        st.info(plain(chosen.reason))
        return
    turn_key = f"comment_turn_{info.id}_{dimension.id}"
    shown, turns = workshop.comment_turn(chosen.comments, st.session_state.get(turn_key, 0))
    if shown.empty:
        st.caption(f"No comments on this dimension in {plain(info.label)}.")
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
        navigation.COMMENTS.path,
        label="Every comment on this dimension",
        icon=":material/forum:",
        query_params={
            selection.NETWORK_KEY: network.name,
            selection.ROUND_KEY: info.label,
            "about": dimension.name,
        },
    )
