"""The Instruments page's pieces: an uploaded instrument file checked and added, the catalogue
listed with the files that cannot be used, and any instrument as a TOML download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from carenet_dash import catalogue
from carenet_dash.errors import CareNetError, InstrumentError
from carenet_dash.instrument import Instrument
from carenet_dash.instrument_toml import instrument_toml
from carenet_dash.ui import connection, feedback, views
from carenet_dash.ui.text import plain

FILE_KEY = "instrument_file"
ADD_PLACE = "add_instrument"
LISTING_COLUMNS = {"id": "Id", "version": "Version", "name": "Name", "items": "Items",
                   "scale": "Scale", "from": "From"}  # fmt: skip
OUTLINE_COLUMNS = {"dimension": "Dimension", "id": "Id", "items": "Items",
                   "reverse-worded": "Reverse-worded", "scale": "Scale",
                   "bands": "Bands"}  # fmt: skip


def checked(uploaded) -> Instrument | None:
    """The uploaded file as an instrument, or None after listing its problems one per line
    (file: field: problem)."""
    try:
        return catalogue.check_file(uploaded.getvalue(), uploaded.name)
    except InstrumentError as error:
        st.error(
            plain(f"{uploaded.name} is not a valid instrument, so it cannot be added."),
            icon=":material/error:",
        )
        for line in error.lines:
            st.markdown(f"- {plain(line)}")
        st.caption("Correct the file and choose it again; nothing was added.")
        return None


def show_outline(instrument: Instrument) -> None:
    """What a lead checks before adding an instrument: its counts, scales and dimensions."""
    st.markdown(
        f"**{plain(instrument.name)}** ({plain(instrument.id)}, version {instrument.version}): "
        f"{plain(catalogue.counts(instrument))}; answered on "
        f"{plain(catalogue.scale_summary(instrument))}."
    )
    outline = pd.DataFrame(catalogue.outline(instrument)).rename(columns=OUTLINE_COLUMNS)
    views.table(outline)


def on_add(file_name: str) -> None:
    """The Add button's callback: keeps the uploaded instrument in the store as a new version
    (a refusal is said beside the button, and the store is unchanged)."""
    uploaded = st.session_state.get(FILE_KEY)
    if uploaded is None:
        return
    try:
        instrument = catalogue.check_file(uploaded.getvalue(), file_name)
        catalogue.add_instrument(connection.engine(), instrument, file_name)
    except CareNetError as error:
        feedback.say(ADD_PLACE, "error", feedback.sentence(error))
        return
    connection.clear_caches()
    feedback.say(
        ADD_PLACE,
        "success",
        f"Added {instrument.name} ({instrument.id}, version {instrument.version}). The "
        "Upload page now offers it, and finds it by a file's columns.",
    )


def listing(found: catalogue.Catalogue) -> None:
    """Every usable instrument version; the files that cannot be used, each on its own line."""
    rows = catalogue.listing(found)
    if rows:
        table = pd.DataFrame(rows).rename(columns=LISTING_COLUMNS)
        views.table(table)
    else:
        st.info("No instruments yet: add one above.")
    if found.problems:
        st.warning(
            f"{len(found.problems)} instrument file(s) cannot be used. Every other instrument "
            "works as usual; correct or remove these files:",
            icon=":material/warning:",
        )
        for problem in found.problems:
            st.markdown(f"- {plain(problem)}")


def download(found: catalogue.Catalogue) -> None:
    """Any instrument version as its TOML file."""
    if not found.entries:
        return
    by_ref = {e.ref: e for e in sorted(found.entries, key=lambda e: e.describe().casefold())}
    ref = st.selectbox(
        "Instrument", list(by_ref), format_func=lambda r: by_ref[r].describe(), key="download_ref"
    )
    instrument = by_ref[ref].instrument
    st.download_button(
        "Download as TOML",
        data=instrument_toml(instrument),
        file_name=catalogue.file_name(instrument),
        mime="application/toml",
        key="download_instrument",
        icon=":material/download:",
    )
