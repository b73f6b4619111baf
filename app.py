"""CareNet Dash: the entry point that declares every page and the shared sidebar."""

from pathlib import Path

import streamlit as st

from carenet_dash import ui

ui.leave_legacy_pages_mode()
st.set_page_config(
    page_title="CareNet Dash",
    page_icon=":material/hub:",
    layout="wide",
    initial_sidebar_state="expanded",
)

# Absolute paths: AppTest loses the sidebar on reruns when page paths are relative.
HERE = Path(__file__).resolve().parent / "pages"
PAGES = [
    st.Page(HERE / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page(HERE / "upload.py", title="Upload", icon=":material/upload_file:"),
    st.Page(HERE / "manage.py", title="Manage", icon=":material/tune:"),
]

navigation = st.navigation(PAGES)
if not ui.open_store():
    st.stop()
ui.sidebar()
navigation.run()
