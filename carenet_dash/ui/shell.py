"""The app shell (app.py) around every page, and Streamlit's legacy pages/ mode."""

from __future__ import annotations

import streamlit as st


def leave_legacy_pages_mode() -> bool:
    """Switch off Streamlit's legacy pages/ mode; True if this run was in it.

    Streamlit treats a ``pages/`` folder beside the main script as a v1 multipage app until
    the first ``st.navigation`` call of the process. Until then a deep link (/compare) runs the
    page file alone, without app.py's store setup and sidebar. app.py switches the mode off;
    a page that finds it still on knows app.py did not run, and reruns (see ``selection``).
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a future Streamlit without the legacy mode
        return False
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        return True
    return False


def ensure_app_shell() -> None:
    """Call first on a page that does not start with ``selection()``: a page run without
    app.py (a first deep link after the server starts) goes round again through it."""
    if leave_legacy_pages_mode():
        st.rerun()
