"""Connections: which member organisations work with whom, on a map that keeps each one in its
place from round to round; how that changed; and how position shapes members' views."""

import streamlit as st

from carenet_dash.ui import connections, selection
from carenet_dash.ui.text import plain

chosen = selection.require_round()
st.title("Connections")
st.caption(f"{plain(chosen.network.name)} · round {plain(chosen.round.label)}")
connections.page(chosen)
