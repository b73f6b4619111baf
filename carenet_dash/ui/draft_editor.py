"""The Upload page's draft editor: an instrument drafted from the uploaded export, edited by
the lead (dimensions renamed, statements moved and marked reverse-worded, segments and open
questions kept or left out), then kept in the store and used to import the file.

The edits themselves are ``carenet_dash.drafting``'s pure functions; this module only lays out
the widgets and runs an edit when one changes.
"""

from __future__ import annotations

import streamlit as st

from carenet_dash import catalogue, drafting
from carenet_dash.errors import CareNetError
from carenet_dash.importers import Export
from carenet_dash.importers.draft import Draft, draft_from_export
from carenet_dash.instrument import Instrument
from carenet_dash.instrument_toml import instrument_toml
from carenet_dash.ui import connection, feedback
from carenet_dash.ui.text import plain

# Every key starts "draft-" (forgotten with the file) but the toggle's, which is per file too.
TOGGLE = "drafting"
_STATE = "draft-state"
_EDIT_PLACE = "draft-edit"
SAVED_PLACE = "draft-saved"
INSTRUMENT_ID = "draft-id"
INSTRUMENT_NAME = "draft-name"
SAVE = "draft-save"
_NEW = "A new dimension"


@st.cache_data(show_spinner="Drafting an instrument from the file…", max_entries=4)
def _drafted(file_id: str, fmt: str, sheet: str | None, _export: Export) -> Draft:
    # Keyed like the file read: the upload's id and how it was read.
    return draft_from_export(_export)


def wanted() -> bool:
    """The lead's own request for a draft, even when an instrument matches the file."""
    return st.toggle(
        "Draft a new instrument from this file",
        key=TOGGLE,
        help="For a survey of your own: CareNet Dash reads its questions and answer scales, "
        "you check and name them, and the file is imported with the instrument you save.",
    )


def _state() -> Instrument:
    return st.session_state[_STATE][1]


def _edit(change, *args: object) -> None:
    """Run one of drafting's edits on the draft held for this file; a refusal is said once."""
    try:
        edited = change(_state(), *args)
    except CareNetError as error:
        feedback.say(_EDIT_PLACE, "error", feedback.sentence(error))
        return
    key = st.session_state[_STATE][0]
    st.session_state[_STATE] = (key, edited)


def _on_rename(dimension_id: str, key: str) -> None:
    _edit(drafting.rename_dimension, dimension_id, st.session_state.get(key, ""))


def _on_move(item_id: str, key: str) -> None:
    target = st.session_state.get(key)
    _edit(drafting.move_item, item_id, drafting.NEW_DIMENSION if target == _NEW else target)


def _on_reverse(item_id: str, key: str) -> None:
    _edit(drafting.set_reverse, item_id, bool(st.session_state.get(key)))


def _keep_key(kind: str, element_id: str) -> str:
    return f"draft-keep-{kind}-{element_id}"


def _on_save(source_name: str) -> None:
    """Save: the edited draft named, kept in the store as a new version, and chosen as the
    instrument the file is imported with."""
    state = _state()
    dropped = {
        element.id
        for kind, elements in (("segment", state.segments), ("question", state.open_questions))
        for element in elements
        if not st.session_state.get(_keep_key(kind, element.id), True)
    }
    engine = connection.engine()
    try:
        kept = drafting.finish(
            state,
            instrument_id=str(st.session_state.get(INSTRUMENT_ID, state.id)),
            name=str(st.session_state.get(INSTRUMENT_NAME, state.name)),
            dropped=dropped,
            taken=catalogue.catalogue(engine).ids(),
        )
        catalogue.add_instrument(engine, kept, f"{source_name} (drafted)")
    except CareNetError as error:
        feedback.say(_EDIT_PLACE, "error", feedback.sentence(error))
        return
    connection.clear_caches()
    st.session_state["instrument"] = f"{kept.id}@{kept.version}"
    st.session_state[TOGGLE] = False
    feedback.say(
        SAVED_PLACE,
        "success",
        f"Saved {kept.name} ({kept.id}, version {kept.version}) in the store; the file is "
        "previewed with it below.",
    )


def editor(uploaded, export: Export, fmt: str, sheet: str | None) -> None:
    """The draft of this file's instrument, to edit and save."""
    try:
        draft = _drafted(uploaded.file_id, fmt, sheet, export)
    except CareNetError as refusal:
        st.error(plain(feedback.sentence(refusal)))
        return
    key = (uploaded.file_id, fmt, sheet)
    if st.session_state.get(_STATE, (None,))[0] != key:
        st.session_state[_STATE] = (key, draft.instrument)
    state = _state()

    st.subheader("Draft an instrument from this file")
    st.caption(
        "Each question block on one answer scale became a dimension. Check them: rename each "
        "dimension, move a statement to another dimension on the same scale (or one of its "
        "own), and tick the statements worded negatively, where agreeing counts against the "
        "network. Then save: the instrument is kept in the store, and this file is imported "
        "with it."
    )
    for note in draft.notes:
        st.info(plain(note), icon=":material/help:")
    if draft.left_out:
        with st.expander(f"Columns not used ({len(draft.left_out)})"):
            for line in draft.left_out:
                st.text(line)
    feedback.messages(_EDIT_PLACE)
    for dimension in state.dimensions:
        _dimension_box(state, dimension.id)
    _review_others(state)
    _save_form(state, draft)


def _dimension_box(state: Instrument, dimension_id: str) -> None:
    dimension = state.dimension(dimension_id)
    scale, bands = state.scale_of(dimension_id), state.bands_of(dimension_id)
    with st.container(border=True):
        name_key = f"draft-dimension-{dimension_id}"
        st.text_input(
            "Dimension",
            value=dimension.name,
            key=name_key,
            on_change=_on_rename,
            args=(dimension_id, name_key),
        )
        st.caption(
            plain(
                f"Answered on {scale.describe()}: {' · '.join(scale.labels)}. Bands: strength "
                f"at {bands.strength:g} and above, priority below {bands.priority:g}."
            )
        )
        for item in dimension.items:
            text, where, reverse = st.columns([6, 3, 2], vertical_alignment="center")
            text.text(item.text)
            if item.labels:
                text.caption(plain(f"Its own answers: {' · '.join(item.labels)}"))
            targets = [*drafting.move_targets(state, item.id), _NEW]
            names = {d.id: d.name for d in state.dimensions}
            # Keyed by where the statement is, so a move redraws it in its new place.
            move_key = f"draft-move-{item.id}-{dimension_id}"
            where.selectbox(
                "In dimension",
                targets,
                index=targets.index(dimension_id),
                format_func=lambda t, names=names: names.get(t, t),
                key=move_key,
                on_change=_on_move,
                args=(item.id, move_key),
            )
            reverse_key = f"draft-reverse-{item.id}"
            reverse.checkbox(
                "Worded negatively",
                value=item.reverse,
                key=reverse_key,
                on_change=_on_reverse,
                args=(item.id, reverse_key),
                help="Scored the other way round: low + high − answer.",
            )


def _review_others(state: Instrument) -> None:
    if state.segments:
        st.markdown("##### Segments: ways to tell members apart")
        for segment in state.segments:
            st.checkbox(
                plain(f"{segment.question} ({', '.join(segment.options)})"),
                value=True,
                key=_keep_key("segment", segment.id),
            )
    if state.open_questions:
        st.markdown("##### Open questions: members' comments")
        for question in state.open_questions:
            st.checkbox(
                plain(question.question), value=True, key=_keep_key("question", question.id)
            )
    if state.segments or state.open_questions:
        st.caption("Untick any that should not be kept; its column is then left out.")


def _save_form(state: Instrument, draft: Draft) -> None:
    left, right = st.columns([1, 2])
    left.text_input(
        "Instrument id",
        value=state.id,
        key=INSTRUMENT_ID,
        help="Letters, digits, '-', '_' and '.'; how the command line names it.",
    )
    right.text_input("Instrument name", value=state.name, key=INSTRUMENT_NAME)
    save, download = st.columns(2)
    save.button(
        "Save the instrument and import with it",
        type="primary",
        key=SAVE,
        on_click=_on_save,
        args=(draft.source_name,),
    )
    download.download_button(
        "Download the draft as TOML",
        data=instrument_toml(state, notes=draft.notes),
        file_name=catalogue.file_name(state),
        mime="application/toml",
        key="draft-download",
        help="To edit by hand, then add on the Instruments page.",
    )
