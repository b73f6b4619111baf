"""Pickers bound to the URL: the dimension, the segment, the round to compare with."""

from __future__ import annotations

import streamlit as st

from carenet_dash.instrument import Dimension, Instrument, Segment
from carenet_dash.store.queries import RoundInfo
from carenet_dash.ui.selection import Selection
from carenet_dash.ui.text import plain

DIMENSION_KEY = "dimension"
SEGMENT_KEY = "segment"
BEFORE_KEY = "before"


def dimension_picker(instrument: Instrument) -> Dimension:
    """The dimension to look at, kept in the URL (by name) so a link opens the same one."""
    names = {d.id: d.name for d in instrument.dimensions}
    chosen = st.selectbox(
        "Dimension",
        list(names),
        format_func=names.__getitem__,
        key=DIMENSION_KEY,
        bind="query-params",
    )
    return instrument.dimension(chosen)


def segment_picker(instrument: Instrument, label: str = "Segment") -> Segment | None:
    """The segment (member attribute) to break results down by, kept in the URL."""
    if not instrument.segments:
        st.info(f"The instrument “{plain(instrument.name)}” asks no segment question, so results "
                "cannot be broken down by group.")  # fmt: skip
        return None
    labels = {s.id: s.label for s in instrument.segments}
    chosen = st.selectbox(
        label,
        list(labels),
        format_func=labels.__getitem__,
        key=SEGMENT_KEY,
        bind="query-params",
        help="Groups with fewer responses than the network's minimum are never shown, and "
        "where one group is hidden the next smallest is hidden too.",
    )
    return instrument.segment(chosen)


def comparison_round(chosen: Selection) -> RoundInfo:
    """The round to compare the sidebar's round with: the one before it unless the URL says
    otherwise (the first round is compared with the second)."""
    others = [r for r in chosen.rounds if r.id != chosen.round.id]
    default = chosen.previous or others[0]
    label = st.selectbox(
        "Compare with",
        [r.label for r in others],
        index=others.index(default),
        key=BEFORE_KEY,
        bind="query-params",
        help="The round chosen in the sidebar is compared with this one; the change always "
        "runs from the earlier round to the later.",
    )
    return next(r for r in others if r.label == label)
