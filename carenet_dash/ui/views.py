"""How figures are shown: a chart beside its table, links to each dimension, comments as text."""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from streamlit import dataframe_util

from carenet_dash import charts, disclosure, present
from carenet_dash.analysis import scales
from carenet_dash.instrument import Instrument
from carenet_dash.present import columns
from carenet_dash.store.queries import NetworkInfo, RoundInfo
from carenet_dash.ui import downloads, navigation, pickers, selection
from carenet_dash.ui.text import plain


def _frame_key(frame: pd.DataFrame) -> tuple[bytes, ...]:
    # Its labels and each column's name, type and values, each pickled on its own: equal keys
    # mean equal frames however pandas lays them out in memory, at a tenth of the cost of
    # Streamlit's own hash of a frame.
    parts = [frame.index, *((name, column.array) for name, column in frame.items())]
    return tuple(pickle.dumps(part, protocol=5) for part in parts)


# Cache keys for figures passed by value (a page's frames) rather than by id.
_BY_VALUE = {pd.DataFrame: _frame_key}


@st.cache_data(show_spinner=False, max_entries=512, hash_funcs=_BY_VALUE)
def _chart_spec(builder: str, args: tuple, kwargs: dict) -> dict:
    spec = getattr(charts, builder)(*args, **kwargs).to_dict()
    # The data as Streamlit sends it (Arrow), converted once here rather than on every rerun.
    for name, values in spec.get("datasets", {}).items():
        spec["datasets"][name] = dataframe_util.convert_anything_to_arrow_bytes(values)
    return spec


def chart(builder: Callable[..., alt.TopLevelMixin], *args: object, **kwargs: object) -> dict:
    """A chart from ``carenet_dash.charts`` as a finished Vega-Lite spec, cached by its inputs.

    Building an Altair chart and validating it on the way to the browser costs most of a warm
    rerun (0.4 s of Compare's 0.6 s): with the same figures, the spec is simply reused.
    """
    return _chart_spec(builder.__name__, args, kwargs)


@st.cache_data(show_spinner=False, max_entries=512, hash_funcs=_BY_VALUE)
def _memo(module: str, name: str, args: tuple, kwargs: dict) -> object:
    return getattr(sys.modules[module], name)(*args, **kwargs)


def memo(function: Callable[..., object], *args: object, **kwargs: object) -> Any:
    """``function(*args, **kwargs)`` for a pure function of a page's figures (a table for the
    screen, a split of a frame), computed once and reused while its inputs stay the same."""
    return _memo(function.__module__, function.__qualname__, args, kwargs)


def table(frame: pd.DataFrame, place=st, **options: object) -> None:
    """A table (st.dataframe, which shows cells as text, never Markdown), drawn from a copy
    whose formula-like cells are neutralised, so its "Download as CSV" is safe. Every table
    goes through here; ``place`` is a column or container to draw it in."""
    options = {"hide_index": True, "width": "stretch", **options}
    place.dataframe(downloads.safe_frame(frame), **options)


def chart_with_table(
    chart: alt.TopLevelMixin | dict, frame: pd.DataFrame, caption: str | None = None
) -> None:
    """A chart and, beside it in a tab, the same numbers as a table (to read or copy)."""
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    with chart_tab:
        if isinstance(chart, dict):  # a finished Vega-Lite spec, e.g. charts.for_screen's
            st.vega_lite_chart(spec=chart, width="stretch")
        else:
            st.altair_chart(chart, width="stretch")
    with table_tab:
        table(frame, column_config=column_help())
    if caption:
        st.caption(caption)


def column_help() -> dict[str, st.column_config.Column]:
    """Plain column names with the statistics they stand for as help (for st.dataframe's
    column_config: columns a table lacks are ignored)."""
    return {name: st.column_config.Column(help=text) for name, text in columns.HELP.items()}


def text_table(table: pd.DataFrame) -> None:
    """A table of text that wraps to the page's width rather than scrolling sideways (no
    column cut off at 1280 pixels), every cell shown as typed (st.table reads Markdown, so each
    goes through ``plain``) and formula-like cells neutralised as ``table`` does; the
    statistics behind plain column names said beneath it."""
    safe = downloads.safe_frame(table)
    shown = pd.DataFrame(
        {plain(c): [plain(v) for v in safe[c]] for c in safe.columns}, index=table.index
    )
    st.table(shown, hide_index=True, border="horizontal")
    notes = [f"{name}: {text}" for name, text in columns.HELP.items() if name in table.columns]
    if notes:
        st.caption(plain(" ".join(notes)))


def other_scales_note(trend: pd.DataFrame) -> str | None:
    """Under a trend: which rounds asked a dimension on another scale (left off its line)."""
    rounds = scales.rounds_on_other_scales(trend)
    if not rounds:
        return None
    return plain(
        f"{', '.join(rounds)} asked some dimensions on another answer scale: those means are "
        "in the table, not on the line, as a mean on one scale cannot be compared with a mean "
        "on another."
    )


def hidden_note(min_size: int) -> str:
    return (
        f"“{disclosure.hidden_text(min_size)}” marks a group too small to show without risking "
        "identifying members; “no data” means nobody answered."
    )


def dimension_links(network: NetworkInfo, info: RoundInfo, instrument: Instrument) -> None:
    """A link to each dimension's page for this network and round, in three columns."""
    columns = st.columns(3)
    for position, dimension in enumerate(instrument.dimensions):
        columns[position % 3].page_link(
            navigation.DIMENSION.path,
            label=plain(dimension.name),
            icon=":material/arrow_forward:",
            query_params={
                selection.NETWORK_KEY: network.name,
                selection.ROUND_KEY: info.label,
                pickers.DIMENSION_KEY: dimension.name,
            },
        )


COMMENTS_LISTED = 100


def comment_list(comments: pd.DataFrame, segment: str | None) -> None:
    """Comments as readable cards, then all of them as a table to copy. Everything is written
    with st.text or a dataframe: a comment is never read as Markdown or HTML."""
    for row in comments.head(COMMENTS_LISTED).itertuples():
        with st.container(border=True):
            st.text(row.text)
            tags = [row.question, row.dimension, row.group if segment and row.group else ""]
            st.text(" · ".join(t for t in tags if t))
    if len(comments) > COMMENTS_LISTED:
        st.caption(f"The first {COMMENTS_LISTED} are listed; the table has all {len(comments)}.")
    with st.expander("All as a table (to copy into a report)"):
        table(present.comments_table(comments, segment))
