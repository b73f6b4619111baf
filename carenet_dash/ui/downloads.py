"""What leaves the app as a file: a table's "Download as CSV" only for whom the network allows,
and every CSV's cells neutralised so a spreadsheet cannot run them as formulas.

Streamlit 1.67 offers no per-table or per-session switch for the dataframe toolbar's download
(``client.disableDataExport`` is one setting for the whole server, and would take the lead's
downloads and everyone's copying with it), so the button is hidden by a stylesheet for a
session that may not download. The data of a table shown is in the browser either way; what
this decides is whether the app hands it over as a file. Whatever does leave as CSV is safe:
every table is drawn from a neutralised copy (``safe_frame``), so the toolbar's CSV carries
``'=HYPERLINK(...)`` rather than a live formula.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from carenet_dash import access
from carenet_dash.exports.csv import neutralise
from carenet_dash.present import words
from carenet_dash.store.queries import NetworkInfo
from carenet_dash.ui import sign_in

# The app's own signed figures ('+0.25 ↑', '-0.10 to +0.32', '+0.20 ↑ (n 10→14)', '+1') and
# words ('= in line') start like a formula but hold no name a spreadsheet could call and no
# '|' for DDE. They are kept as shown; any other text starting with = + - @ tab or CR is
# neutralised (by exports.csv.neutralise, the one guard every CSV uses).
_FIGURE = re.compile(
    r"[+-]\d+(?:\.\d+)?(?: to [+-]\d+(?:\.\d+)?)?(?: [↑↓≈▶◀◆])?(?: \(n[ =]\d+(?: ?→ ?\d+)?\))?"
)
_APP_WORDS = frozenset(words.views(view) for view in words.VIEWS_MARKS)
HIDE_DOWNLOAD = (
    "<style>"
    '[data-testid="stElementToolbarButton"]:has(button[aria-label^="Download as CSV"]),'
    '[data-testid="stElementToolbar"] button[aria-label^="Download as CSV"]'
    "{display: none !important;}"
    "</style>"
)


def safe_cell(value: object) -> object:
    """A table cell as it may leave the app: formula-like text neutralised, numbers as they are."""
    if isinstance(value, str) and (value in _APP_WORDS or _FIGURE.fullmatch(value)):
        return value
    return neutralise(value)


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names cannot run in a spreadsheet."""
    text = [
        c
        for c in frame.columns
        if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c].dtype)
    ]
    safe = frame.copy()
    for column in text:
        safe[column] = frame[column].map(safe_cell, na_action="ignore")
    safe.columns = [safe_cell(c) for c in frame.columns]
    return safe


def may_download(network: NetworkInfo) -> bool:
    """Whether this session gets the tables' "Download as CSV" for this network."""
    rules = sign_in.access_policy()
    return access.can_download_tables(rules, sign_in.current_role(rules), network.viewer_downloads)


def table_downloads(network: NetworkInfo) -> None:
    """Hide the tables' "Download as CSV" for this run unless this session may download."""
    if not may_download(network):
        st.html(HIDE_DOWNLOAD)
