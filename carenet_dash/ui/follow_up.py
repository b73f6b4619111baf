"""Did it move? Under the actions agreed on a dimension, that dimension's change since the
round they were agreed, for the room to read beside them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from carenet_dash.analysis import follow_up as figures_of
from carenet_dash.present import follow_up
from carenet_dash.store.queries import RoundInfo
from carenet_dash.ui import figures
from carenet_dash.ui.text import plain


def did_it_move(actions: pd.DataFrame, current: RoundInfo, min_size: int) -> None:
    """One line per round the actions were agreed at: the dimension's change since then."""
    moved = figures_of.with_movement(actions, figures.movement(current.id, min_size))
    seen = set()
    for row in moved.itertuples():
        key = (row.round, row.dimension_id)
        if not isinstance(row.moved_status, str) or key in seen:
            continue
        seen.add(key)
        st.caption(
            plain(f"Did it move? {row.dimension} {follow_up.moved_text(row, min_size)}")
            + plain(f", from the round these were agreed to {current.label}.")
        )
