"""Streamlit pieces shared by the pages; the rules they apply live in the rest of the package.

``navigation`` declares the pages; ``shell`` keeps the app shell round every page; ``connection``
opens the store; ``figures`` holds the cached reads; ``selection`` is the sidebar; ``sign_in``,
``pickers``, ``views`` and ``feedback`` are small pieces any page uses; ``upload``, ``manage``,
``presentation``, ``workshop_forms`` and ``export_panel`` belong to one page each.
"""
