"""CareNet Dash: the entry point that declares every page and the shared sidebar."""

import streamlit as st

from carenet_dash.ui import connection, navigation, selection, shell, sign_in

with shell.app_shell():
    st.set_page_config(
        page_title="CareNet Dash",
        # An emoji favicon is drawn in the browser; a :material/...: one is fetched from Google.
        page_icon="🤝",
        layout="wide",
    )
    allowed = sign_in.viewing_allowed()
    chosen = st.navigation(
        navigation.streamlit_pages(), position="sidebar" if allowed else "hidden"
    )
    # One sidebar state per run, sent once: a run that sent "expanded" and then "collapsed"
    # let the browser apply both in turn, so the Workshop's sidebar sprang open on some steps.
    # On the Workshop (a presentation) the room sees the step, not the pickers.
    presenting = chosen.url_path == navigation.WORKSHOP.url_path
    st.set_page_config(initial_sidebar_state="collapsed" if presenting else "expanded")
    if not allowed:
        sign_in.sign_in_screen()
        st.stop()
    if not connection.open_store():
        st.stop()
    selection.sidebar()
    chosen.run()
