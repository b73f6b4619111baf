"""CareNet Dash: the entry point that declares every page and the shared sidebar."""

import streamlit as st

from carenet_dash import ui

st.set_page_config(
    page_title="CareNet Dash",
    page_icon=":material/hub:",
    layout="wide",
    initial_sidebar_state="expanded",
)

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
]

navigation = st.navigation(PAGES)
if not ui.open_store():
    st.stop()
ui.sidebar()
navigation.run()
