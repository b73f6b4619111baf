"""The Manage page's network section: rename the network, delete it on a typed confirmation,
and remove the demo networks for good (the lead only; the page asks for the lead first)."""

from __future__ import annotations

import streamlit as st

from carenet_dash.errors import CareNetError
from carenet_dash.labels import same_label
from carenet_dash.store import networks
from carenet_dash.store.queries import NetworkInfo
from carenet_dash.ui import connection, feedback, figures, selection
from carenet_dash.ui.text import plain

_SAID = "_network_said"


def _say(kind: str, text: str) -> None:
    st.session_state[_SAID] = (kind, text)


def _said() -> None:
    kind, text = st.session_state.pop(_SAID, (None, None))
    if kind == "success":
        st.success(plain(text), icon=":material/check:")
    elif kind == "error":
        st.error(plain(text), icon=":material/error:")


def _rename_key(network_id: int) -> str:
    return f"rename-network-{network_id}"


def _confirm_key(network_id: int) -> str:
    return f"confirm-delete-network-{network_id}"


def _on_rename(network_id: int, round_label: str | None) -> None:
    try:
        name = networks.rename_network(
            connection.engine(), network_id, st.session_state.get(_rename_key(network_id), "")
        )
    except CareNetError as error:
        _say("error", feedback.sentence(error))
        return
    connection.clear_caches()
    selection.select_after_write(name, round_label)
    _say("success", f"The network is now called “{name}”.")


def _removing(remove, done) -> None:
    """Run a write that removes networks; then show the lead's own network (if any is left)
    and say what went, or why nothing did."""
    try:
        gone = remove(connection.engine())
    except CareNetError as error:
        _say("error", feedback.sentence(error))
        return
    connection.clear_caches()
    left = networks.own_network(figures.networks())
    if left is not None:
        selection.select_after_write(left.name, None)
    _say("success", done(gone))


def _on_delete(network_id: int) -> None:
    typed = st.session_state.get(_confirm_key(network_id), "")
    _removing(
        lambda store: networks.delete_network(store, network_id, typed),
        lambda name: f"“{name}” and everything stored for it were deleted.",
    )


def _on_remove_demo() -> None:
    _removing(
        networks.remove_demo,
        lambda names: f"Removed for good: {', '.join(names) or 'no demo network was left'}.",
    )


def network_section(network: NetworkInfo, round_label: str | None) -> None:
    """Rename, delete (typing the name to confirm), and remove the demo networks."""
    st.subheader("The network")
    _said()
    with st.form(f"rename-{network.id}"):
        st.text_input("Network name", value=network.name, key=_rename_key(network.id))
        st.form_submit_button(
            "Rename the network", on_click=_on_rename, args=(network.id, round_label)
        )
    typed = st.text_input(
        "To delete this network, type its name",
        key=_confirm_key(network.id),
        placeholder=network.name,
        help="Deletes every round, response, comment and workshop record of the network, for "
        "good. Download a backup first if you may want it back.",
    )
    st.button(
        "Delete the network",
        type="primary",
        key="delete_network",
        disabled=not same_label(typed, network.name),
        on_click=_on_delete,
        args=(network.id,),
    )
    if figures.network_window(1, demo=True)[0]:  # any demo network left
        st.caption(
            "The demo networks are fictional, for trying the app. Removed, they do not come "
            "back: not when the app starts, nor with `make run`."
        )
        st.button("Remove the demo networks", key="remove_demo", on_click=_on_remove_demo)
