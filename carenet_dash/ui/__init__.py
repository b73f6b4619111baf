"""Streamlit pieces shared by the pages; the rules they apply live in the rest of the package.

``navigation`` declares the pages; ``shell`` keeps the app shell round every page; ``connection``
opens the store; ``figures`` holds the cached reads; ``selection`` is the sidebar; ``sign_in``,
``pickers``, ``views`` and ``feedback`` are small pieces any page uses; ``upload``, ``manage``,
``presentation``, ``workshop_forms`` and ``export_panel`` belong to one page each.
"""

import gc

# Streamlit, pandas, Altair and SQLAlchemy leave hundreds of thousands of objects that live as
# long as the server. Frozen once, when the package is first imported, the garbage collector
# stops rescanning them in every run that allocates (10 ms for a sidebar of 1,000 networks).
gc.freeze()
