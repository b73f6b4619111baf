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

# Absolute paths, so the app runs the same from any working directory.
HERE = Path(__file__).resolve().parent / "pages"
PAGES = [
    st.Page(HERE / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page(HERE / "compare.py", title="Compare", icon=":material/compare_arrows:"),
    st.Page(HERE / "dimension.py", title="Dimension", icon=":material/radar:"),
    st.Page(HERE / "segments.py", title="Segments", icon=":material/groups:"),
    st.Page(HERE / "comments.py", title="Comments", icon=":material/forum:"),
    st.Page(HERE / "workshop.py", title="Workshop", icon=":material/co_present:"),
    st.Page(HERE / "upload.py", title="Upload", icon=":material/upload_file:"),
    st.Page(HERE / "manage.py", title="Manage", icon=":material/tune:"),
]

allowed = ui.viewing_allowed()
navigation = st.navigation(PAGES, position="sidebar" if allowed else "hidden")
if navigation.url_path == "workshop":
    # A presentation: the room sees the step, not the pickers (one click brings them back).
    st.set_page_config(initial_sidebar_state="collapsed")
if not allowed:
    ui.sign_in_screen()
    st.stop()
if not ui.open_store():
    st.stop()
ui.sidebar()
navigation.run()
