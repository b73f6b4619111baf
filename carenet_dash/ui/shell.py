"""The app shell (app.py) round every page, and a page that finds itself run without it.

A ``pages/`` folder beside app.py puts Streamlit in its legacy multipage mode until the first
``st.navigation`` call of the process: until then a deep link (/compare as the first request
after the server starts) runs the page file alone, without app.py's store setup, sign-in and
sidebar. Streamlit documents that once any session calls ``st.navigation`` the app ignores the
``pages/`` folder, so a page run without the shell calls it, then runs again through app.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import streamlit as st

from carenet_dash.ui import navigation

_IN_SHELL: ContextVar[bool] = ContextVar("carenet_in_app_shell", default=False)
_WENT_ROUND = "_went_round_app_shell"


@contextmanager
def app_shell() -> Iterator[None]:
    """Mark a run of app.py, so the page it runs knows the shell is round it."""
    token = _IN_SHELL.set(True)
    st.session_state.pop(_WENT_ROUND, None)
    try:
        yield
    finally:
        _IN_SHELL.reset(token)


def ensure_app_shell() -> None:
    """Call first on every page (``selection.selection`` does): a page run without app.py
    leaves the legacy pages/ mode and goes round again, this time through app.py."""
    # Once per session at most: should Streamlit ever stop leaving the legacy mode on
    # st.navigation, the page is shown alone rather than rerun for ever.
    if not _IN_SHELL.get() and not st.session_state.pop(_WENT_ROUND, False):
        st.session_state[_WENT_ROUND] = True
        st.navigation(navigation.streamlit_pages(), position="hidden")
        st.rerun()
