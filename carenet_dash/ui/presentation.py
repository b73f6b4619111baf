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
from carenet_dash.ui import figures, keys, navigation, selection, views
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


def _go_to(number: int) -> None:
    st.session_state[STEP_KEY] = number


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
        label_visibility="collapsed",  # "Step n of N" beside it says what it is
        help="Type a step number to jump to it. The step is part of the address: share the "
        "link and a co-facilitator sees the same step.",
    )
    step = steps[workshop.clamp(chosen, total) - 1]
    _step_buttons(step, total, "top", back, forward)
    where.markdown(f"**{workshop.indicator(step, total)}** · {plain(step.title)}")
    with where:
        # Home and End press these (hidden: the keys are the way to them); see ui.keys.
        st.button("First step", key="first_step", on_click=_go_to, args=(1,))
        st.button("Last step", key="last_step", on_click=_go_to, args=(total,))
        keys.step_keys()
    contrast = theme.toggle(
        "High contrast",
        key=CONTRAST_KEY,
        bind="query-params",
        help="Black on white with bolder type, for projectors and bright rooms.",
    )
    presentation_style(contrast)
    return step


def chart_with_table(
    chart: alt.TopLevelMixin,
    table: pd.DataFrame,
    caption: str | None = None,
    height: int | None = None,
    legend: bool = True,
) -> None:
    """ui.chart_with_table with the chart's text sized for the shared screen (and in black
    when the high-contrast theme is on). ``height`` (pixels, axes and legend included) and
    no ``legend`` (the caption says it instead) fit it to a step that must show whole on a
    1280 x 720 projector."""
    screen = charts.for_screen(chart, high_contrast=bool(st.session_state.get(CONTRAST_KEY)))
    if height is not None:
        screen["height"] = height
    if not legend:
        screen["config"] = {**screen["config"], "legend": {"disable": True}}
    views.chart_with_table(screen, table, caption)


def step_footer(step: workshop.Step, total: int) -> None:
    """Previous and next again at the foot of a long step."""
    st.divider()
    back, _, forward = st.columns([1.2, 5.8, 1.2])
    _step_buttons(step, total, "bottom", back, forward)


# Comments: a few at a time, to start the conversation.


def _next_turn(key: str) -> None:
    st.session_state[key] = st.session_state.get(key, 0) + 1


def comment_turn(info: RoundInfo, min_size: int, dimension: Dimension) -> None:
    """The comments the lead pinned to this dimension's step, then two or three others about
    it (by its question, its keywords or the lead's tags) that may be shown, as plain text,
    with a button for others."""
    chosen = figures.select_comments(info.id, min_size, None, dimension_id=dimension.id)
    if chosen.reason:
        st.info(plain(chosen.reason))
        return
    turn_key = f"comment_turn_{info.id}_{dimension.id}"
    pinned, shown, turns = workshop.step_comments(
        chosen.comments, dimension.id, st.session_state.get(turn_key, 0)
    )
    if pinned.empty and shown.empty:
        st.caption(
            "No comment is about this dimension in " + plain(info.label) + ": none answers "
            "its question, uses its keywords, or was tagged to it."
        )
        return
    for marked, rows in ((True, pinned), (False, shown)):
        for text in rows["text"]:
            with st.container(border=True):
                st.text(("📌 " if marked else "") + text)
    total = chosen.comments["text"].nunique()
    st.caption(
        f"{len(pinned) + len(shown)} of the {total} comments about this dimension, exactly as "
        "written" + (" (📌 pinned by the lead)" if len(pinned) else "") + "."
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
