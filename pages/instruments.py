"""Instruments: add a lead's own questionnaire to the store, see every instrument a round can
be imported with, and download any of them."""

import streamlit as st

from carenet_dash.ui import feedback, figures, instruments, shell, sign_in

shell.ensure_app_shell()
st.title("Instruments")
st.caption(
    "An instrument is the questionnaire a round is imported with: its dimensions, statements, "
    "answer scales (2 to 11 points), bands, segments and open questions, written as a TOML "
    "file. Two ship with CareNet Dash; add your own survey's here, and each version is kept. "
    "Rounds keep the version they were imported with."
)
if not sign_in.require_lead("add or download instruments"):
    st.stop()

st.subheader("Add an instrument")
uploaded = st.file_uploader(
    "Instrument file (TOML)",
    type=["toml"],
    key=instruments.FILE_KEY,
    help="See the README's Instruments section for the schema, or download one below to "
    "start from. No file? The Upload page drafts one from a survey export.",
)
if uploaded is not None:
    instrument = instruments.checked(uploaded)
    if instrument is not None:
        st.success(
            "The file is a valid instrument. Check it, then add it.", icon=":material/check:"
        )
        instruments.show_outline(instrument)
        st.button(
            "Add to the store",
            type="primary",
            key="add_instrument",
            on_click=instruments.on_add,
            args=(uploaded.name,),
        )
feedback.messages(instruments.ADD_PLACE)

found = figures.catalogue()
st.subheader("Instruments you can import with")
instruments.listing(found)

st.subheader("Download")
st.caption("Any instrument as its TOML file, to edit and add again as a new version.")
instruments.download(found)
