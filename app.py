"""CareNet Dash: the entry point that declares every page and the shared sidebar."""

from pathlib import Path

import streamlit as st

from carenet_dash import ui

ui.leave_legacy_pages_mode()
st.set_page_config(
    page_title="CareNet Dash",
    # An emoji favicon is drawn in the browser; a :material/...: one is fetched from Google.
    page_icon="🤝",
    layout="wide",
    initial_sidebar_state="expanded",
)

# Absolute paths: AppTest loses the sidebar on reruns when page paths are relative.
HERE = Path(__file__).resolve().parent / "pages"
PAGES = [
    st.Page(HERE / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
]

navigation = st.navigation(PAGES)
if not ui.open_store():
    st.stop()
ui.sidebar()
navigation.run()
