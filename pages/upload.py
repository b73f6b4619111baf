"""Upload: a survey export becomes a round, previewed in full before anything is written."""

import streamlit as st

from carenet_dash import config, importers, present
from carenet_dash.errors import CareNetError, NoInstrumentMatches
from carenet_dash.importers import FORMAT_CHOICES, FORMATS, ChooseSheet
from carenet_dash.ui import (
    draft_editor,
    feedback,
    figures,
    navigation,
    shell,
    sign_in,
    upload,
    views,
)
from carenet_dash.ui.text import plain

shell.ensure_app_shell()
st.title("Upload a survey export")
st.caption(
    "A CSV or Excel export from SurveyMonkey, Qualtrics, Microsoft Forms, Google Forms, "
    "SmartSurvey, Typeform, or a file of your own with a column per statement. Nothing is "
    "stored until you press **Import round**. E-mail addresses, IP addresses, names and "
    "locations are dropped as the file is read, and never stored."
)
if not sign_in.require_lead("import a round"):
    st.stop()

uploaded = st.file_uploader(
    "Survey export",
    type=upload.UPLOAD_TYPES,
    key=upload.UPLOAD_KEY,
    max_upload_size=config.max_upload_mb(),
    help=f"Up to {config.max_upload_mb()} MB.",
)
if uploaded is None:
    st.info("Choose a file to see what it holds. You can check everything before importing.")
    st.stop()
upload.forget_other_files(uploaded.file_id)

done = upload.last_import(uploaded.file_id)
if done is not None:
    st.success(
        f"Imported round **{plain(done.label)}** into **{plain(done.network)}**: "
        f"{present.count(done.respondents)} respondents."
    )
    st.page_link(
        navigation.OVERVIEW.path, label="See it on the Overview", icon=":material/dashboard:"
    )
    st.caption("To import another round, choose its file above.")
    st.stop()

left, right = st.columns(2)
fmt = left.selectbox(
    "Format",
    FORMAT_CHOICES,
    format_func=lambda f: "Detect automatically" if f == "auto" else FORMATS[f],
    key="format",
)
sheet = st.session_state.get("sheet")
try:
    export = upload.read(uploaded, fmt, sheet)
except ChooseSheet as question:
    st.warning(plain(str(question).split(";")[0] + "."))
    right.selectbox(
        "Sheet",
        question.sheets,
        index=None,
        placeholder="Choose the sheet holding the responses",
        key="sheet",
    )
    st.stop()
except CareNetError as refusal:
    st.error(plain(refusal))
    st.stop()
if len(export.sheets) > 1:
    right.selectbox("Sheet", export.sheets, key="sheet", index=None, placeholder=export.how_read)

networks = [n.name for n in figures.networks()]
left, right = st.columns(2)
# Chosen on purpose every time: no default, so a round never lands in whichever network
# the sidebar (or a demo) happened to show.
network_pick = left.selectbox(
    "Into network",
    [*networks, upload.NEW_NETWORK],
    index=None,
    placeholder="Choose the network this round belongs to",
    key="target_network",
)
network = (
    right.text_input("New network's name", key="new_network").strip()
    if network_pick == upload.NEW_NETWORK
    else network_pick
)
instrument_ref = upload.instrument_picker()
if draft_editor.wanted():
    draft_editor.editor(uploaded, export, fmt, sheet)
    st.stop()
feedback.messages(draft_editor.SAVED_PLACE)

settings = {
    "fmt": fmt,
    "sheet": sheet,
    "network": network or None,
    "instrument_ref": instrument_ref,
}
summary = st.container()  # filled once the preview is known, but shown above the checks
try:
    base = upload.preview(uploaded, export, **settings)
    upload.suggest_a_draft(base)
    chosen = upload.mapping_editor(base)
    lenient = bool(st.session_state.get("unknown_as_missing"))
    draft = upload.preview(uploaded, export, **settings, chosen=chosen, unknown_as_missing=lenient)
except NoInstrumentMatches as refusal:
    st.warning(plain(feedback.sentence(refusal)), icon=":material/search_off:")
    draft_editor.editor(uploaded, export, fmt, sheet)
    st.stop()
except CareNetError as refusal:
    st.error(plain(refusal))
    st.stop()
report = draft.report

with summary:
    st.subheader("What the file holds")
    detected = "detected" if report.detected else "as chosen"
    st.markdown(
        f"**{plain(report.format_name)}** ({detected}) · {plain(report.how_read)} · instrument "
        f"**{plain(report.instrument_name)}**"
    )
    rows, kept, blank, partial, na = st.columns(5)
    rows.metric("Rows", present.count(report.rows))
    kept.metric("Respondents kept", present.count(report.respondents))
    blank.metric("Blank rows", present.count(report.blank_rows), help="No scored answer: not kept.")
    partial.metric("Partial responses", present.count(report.partial), help="Kept; some blanks.")
    na.metric("Not applicable", present.count(report.not_applicable_total), help="Never scored.")
    if report.dropped_personal:
        st.info(
            "Personal data dropped, never stored: "
            + ", ".join(f"“{plain(c)}”" for c in report.dropped_personal)
        )
    else:
        st.caption("No personal-data columns found.")
    for warning in report.warnings:
        st.warning(plain(warning))
    upload.show_tidied(draft)

    with st.expander("How each column was matched", expanded=bool(draft.mapping.uncertain())):
        views.table(importers.mapping_table(draft.mapping), hide_index=True, width="stretch")
    with st.expander("Answers per item"):
        views.table(report.item_table(draft.mapping), hide_index=True, width="stretch")

if draft.problems:
    st.warning(
        "Some cells cannot be scored: "
        + "; ".join(plain(p.message()) for p in draft.problems[:8])
        + (f"; and {len(draft.problems) - 8} more" if len(draft.problems) > 8 else "")
    )
    st.checkbox("Treat these cells as missing answers", key="unknown_as_missing")

st.subheader("The round")
upload.default_round_inputs(draft)
left, middle, right = st.columns(3)
label = left.text_input("Round label", key="round_label", help="For example 2026 Q3.")
fielded_on = middle.date_input("Fielded", key="fielded_on", format="YYYY-MM-DD")
upload.ask_for_date(draft, fielded_on)
invited = right.number_input(
    "Members invited (optional)", min_value=1, step=1, value=None, key="invited"
)
replace = False
in_use = figures.label_in_use(network, label)
if in_use:
    st.warning(f"{plain(network)} already has a round called “{plain(label)}”.")
    replace = st.checkbox(f"Replace the existing round “{plain(label)}”", key="replace")

for blocker in draft.blockers():
    st.error(plain(blocker))
if network_pick is None:
    st.info("Choose the network to import into: Import stays off until you do.")
elif not network:
    st.error("Name the new network first.")
refusal = feedback.take_refusal()
if refusal:
    st.error(plain(refusal))
upload.hold_draft(draft, network)
st.button(
    "Import round",
    type="primary",
    key="import_round",
    disabled=not draft.ready(
        network=network, label=label, label_in_use=in_use, replace=replace, fielded_on=fielded_on
    ),
    on_click=upload.on_import,
    args=(uploaded.file_id,),
)
