"""The Upload page's pieces: the file read and previewed, the mapping editor, the import."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine

from carenet_dash import importers
from carenet_dash.catalogue import catalogue
from carenet_dash.errors import CareNetError
from carenet_dash.importers import Export, Preview, Target
from carenet_dash.importers.mapping import (
    IGNORE,
    ITEM,
    MAX_TO_CONFIRM,
    NOT_USED,
    OPEN_QUESTION,
    RELATIONS,
    SEGMENT,
)
from carenet_dash.instrument import Instrument
from carenet_dash.store import queries
from carenet_dash.ui import connection, feedback, figures, selection, views
from carenet_dash.ui.cache import cached_read
from carenet_dash.ui.text import plain

UPLOAD_KEY = "upload"
NEW_NETWORK = "New network…"
BEST_MATCH = "Best match to the file"
# Widgets whose values belong to one file: forgotten when another file is uploaded.
_PER_FILE = ("round_label", "fielded_on", "invited", "replace", "unknown_as_missing",
             "confirm_mapping", "sheet", "format", "instrument", "drafting")  # fmt: skip
_PER_FILE_PREFIXES = ("map-", "draft-")  # the mapping editor's and the draft editor's
_FILE_SEEN = "_upload_file_id"
_LAST_IMPORT = "_last_import"
_DRAFT = "_import_draft"
_DRAFT_NETWORK = "_import_network"
UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls"]


@dataclass(frozen=True)
class Imported:
    """What the last import on this session wrote, to confirm it after the rerun."""

    file_id: str
    network: str
    label: str
    respondents: int


def forget_other_files(file_id: str) -> None:
    """Reset the per-file inputs when a different file is uploaded."""
    if st.session_state.get(_FILE_SEEN) == file_id:
        return
    for key in _PER_FILE:
        st.session_state.pop(key, None)
    for key in [k for k in st.session_state if str(k).startswith(_PER_FILE_PREFIXES)]:
        del st.session_state[key]
    st.session_state[_FILE_SEEN] = file_id


@st.cache_data(show_spinner="Reading the file…", max_entries=4)
def _read(
    file_id: str, name: str, fmt: str, sheet: str | None, _data: bytes, _instruments: dict
) -> Export:
    # Keyed by the upload's id, not its bytes: hashing 50 MB on every rerun is wasted time.
    return importers.read_export(_data, name, format=fmt, sheet=sheet, instruments=_instruments)


def read(uploaded, fmt: str, sheet: str | None) -> Export:
    """The uploaded file read (a workbook's sheet chosen by the instruments it matches)."""
    found = figures.catalogue()
    return _read(uploaded.file_id, uploaded.name, fmt, sheet, uploaded.getvalue(), found.latest())


@cached_read(
    max_entries=16, stop_on_refusal=False, spinner="Matching columns and checking answers…"
)
def _preview(
    engine: Engine,
    file_id: str,
    *,
    fmt: str,
    sheet: str | None,
    network: str | None,
    instrument_ref: str | None,
    chosen: tuple[tuple[str, Target], ...],
    unknown_as_missing: bool,
    _export: Export,
) -> Preview:
    # Keyed by the upload's id and the choices made, not by the file read (``_export``); the
    # store's revision (in every key) covers instruments added since.
    instrument_id, instruments = catalogue(engine).for_import(instrument_ref)
    return importers.preview(
        _export,
        engine=engine,
        network=network,
        instrument_id=instrument_id,
        chosen=dict(chosen),
        unknown_as_missing=unknown_as_missing,
        instruments=instruments,
    )


def preview(
    uploaded,
    export: Export,
    *,
    fmt: str,
    sheet: str | None,
    network: str | None,
    instrument_ref: str | None,
    chosen: dict[str, Target] | None = None,
    unknown_as_missing: bool = False,
) -> Preview:
    return _preview(
        uploaded.file_id,
        fmt=fmt,
        sheet=sheet,
        network=network,
        instrument_ref=instrument_ref,
        chosen=tuple(sorted((chosen or {}).items(), key=lambda pair: pair[0])),
        unknown_as_missing=unknown_as_missing,
        _export=export,
    )


def instrument_picker() -> str | None:
    """The instrument to import with, from the bundled and stored ones (each id's newest
    version first, older versions after it); None for the best match to the file."""
    found = figures.catalogue()
    entries = sorted(found.entries, key=lambda e: (e.instrument.id, -e.instrument.version))
    labels = {e.ref: e.describe() for e in entries}
    pick = st.selectbox(
        "Instrument",
        [BEST_MATCH, *labels],
        format_func=lambda ref: labels.get(ref, ref),
        key="instrument",
        help="Bundled instruments and those added on the Instruments page.",
    )
    return None if pick == BEST_MATCH else pick


def targets(instrument: Instrument) -> list[Target]:
    """Everything a column may feed, in the instrument's order, "not used" first."""
    return [
        NOT_USED,
        *(Target(ITEM, i) for i in instrument.items),
        *(Target(SEGMENT, s.id) for s in instrument.segments),
        *(Target(OPEN_QUESTION, q.id) for q in instrument.open_questions),
        *(Target(RELATIONS, q.id) for q in instrument.relations),
    ]


def target_label(target: Target, instrument: Instrument) -> str:
    if target.kind == IGNORE:
        return "Not used"
    text = target.describe(instrument)
    return text if len(text) < 110 else text[:107] + "…"


def mapping_editor(base: Preview) -> dict[str, Target]:
    """Selectboxes for the columns that matched only roughly (to confirm) or not at all (to
    map by hand). Returns the user's choices, by column header."""
    instrument = base.instrument
    options = targets(instrument)
    chosen: dict[str, Target] = {}
    uncertain = base.mapping.uncertain()
    if uncertain and len(uncertain) <= MAX_TO_CONFIRM:  # more is refused whole (blockers)
        st.warning(
            f"{len(uncertain)} column(s) match a statement only roughly. Check each match, "
            "change any that are wrong, then confirm. Your choice is saved for this network."
        )
        picks = {}
        for column in uncertain:
            picks[column.header] = st.selectbox(
                f"“{plain(column.header)}” (similarity {column.confidence:.2f})",
                options,
                index=options.index(column.target),
                format_func=lambda t: target_label(t, instrument),
                key=f"map-{column.position}",
            )
        if st.checkbox("These matches are right", key="confirm_mapping"):
            chosen.update(picks)
    unused = [c for c in base.mapping.columns if c.target is None]
    if unused:
        with st.expander(f"Columns not used ({len(unused)}): map one by hand if it should be"):
            if len(unused) > MAX_TO_CONFIRM:  # never thousands of widgets
                st.caption(f"The first {MAX_TO_CONFIRM} are shown.")
            for column in unused[:MAX_TO_CONFIRM]:
                pick = st.selectbox(
                    f"“{plain(column.header)}”",
                    options,
                    index=0,
                    format_func=lambda t: target_label(t, instrument),
                    key=f"map-{column.position}",
                )
                if pick != NOT_USED:
                    chosen[column.header] = pick
    return chosen


def suggest_a_draft(base: Preview) -> None:
    """Point to the draft editor when most of the file's columns match no statement: a
    survey of the lead's own, more likely than a badly matched scorecard."""
    columns = base.mapping.columns
    if sum(c.target is None or c.needs_confirmation for c in columns) * 2 > len(columns):
        st.info(
            "Most of this file's columns match no statement of the instrument. Is it a survey "
            "of your own? Turn on “Draft a new instrument from this file” above.",
            icon=":material/lightbulb:",
        )


def default_round_inputs(draft: Preview) -> None:
    """Suggested label and date for a newly uploaded file (the user may change them). A file
    whose responses span months suggests no date: the lead gives the round's."""
    report = draft.report
    st.session_state.setdefault("round_label", report.suggested_label or "")
    st.session_state.setdefault("fielded_on", None if report.needs_date else report.suggested_date)


def ask_for_date(draft: Preview, fielded_on: object) -> None:
    """Say why the date is needed while it is missing (Import stays off until it is given)."""
    request = draft.report.date_request()
    if request and fielded_on is None:
        st.warning(plain(f"{request[:1].upper()}{request[1:]}."), icon=":material/event:")


def show_tidied(draft: Preview) -> None:
    """Answers read only after tidying, and unknown answers treated as missing, per column."""
    tidied = draft.report.tidied()
    if tidied.empty:
        return
    cleaned, blanked = int(tidied["Cleaned"].sum()), int(tidied["Blanked"].sum())
    parts = []
    if cleaned:
        parts.append(f"{cleaned} answer(s) were read after tidying case, spaces or quotes")
    if blanked:
        parts.append(f"{blanked} unknown answer(s) are treated as missing")
    st.info(plain("; ".join(parts) + ", in these columns:"), icon=":material/cleaning_services:")
    views.table(tidied)


def on_import(file_id: str) -> None:
    """The Import round button's callback: writes the previewed round.

    A callback, not ``if st.button(...)``: it runs once, before the script, so the click
    survives a rerun during the script (AppTest reruns every page through app.py), and the
    sidebar can show the new round in the same run. Widget values come from session state.
    """
    draft: Preview | None = st.session_state.get(_DRAFT)
    network = st.session_state.get(_DRAFT_NETWORK) or ""
    invited = st.session_state.get("invited")
    if draft is None:
        return
    try:
        round_id = importers.commit(
            connection.engine(),
            draft,
            network=network,
            label=st.session_state.get("round_label", ""),
            fielded_on=st.session_state.get("fielded_on"),
            invited=int(invited) if invited else None,
            replace=bool(st.session_state.get("replace")),
        )
    except CareNetError as error:
        feedback.keep_refusal(error)
        return
    connection.clear_caches()
    # As stored: the network and round may have matched ones spelled differently.
    stored = queries.round_by_id(connection.engine(), round_id)
    name = queries.network_by_id(connection.engine(), stored.network_id).name
    st.session_state[_LAST_IMPORT] = Imported(file_id, name, stored.label, stored.respondents)
    selection.select_after_write(name, stored.label)


def hold_draft(draft: Preview, network: str | None) -> None:
    """Keep the preview on screen for the Import round callback."""
    st.session_state[_DRAFT] = draft
    st.session_state[_DRAFT_NETWORK] = network


def last_import(file_id: str | None) -> Imported | None:
    """The import just made from this very upload, if any."""
    done = st.session_state.get(_LAST_IMPORT)
    return done if done is not None and done.file_id == file_id else None
