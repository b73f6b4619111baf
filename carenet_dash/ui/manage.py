"""The Manage page's writes: a round renamed, re-dated or deleted, the minimum group size."""

from __future__ import annotations

import streamlit as st

from carenet_dash.errors import CareNetError
from carenet_dash.store import writes
from carenet_dash.ui import connection, feedback, selection


def on_write(action, *args, select: tuple[str, str | None] | None = None, **kwargs) -> None:
    """A button callback that runs a store write; a refusal is kept for ``take_refusal``.

    ``select`` (network, round label) is what the sidebar should show once the write landed.
    """
    try:
        action(connection.engine(), *args, **kwargs)
    except CareNetError as error:
        feedback.keep_refusal(error)
        return
    connection.clear_caches()
    if select is not None:
        selection.select_after_write(*select)


def on_save_round(network: str, round_id: int) -> None:
    """The round details form's callback: rename, re-date or change the invited count."""
    label = st.session_state.get(f"label-{round_id}", "")
    invited = st.session_state.get(f"invited-{round_id}")
    on_write(
        writes.update_round,
        round_id,
        label=label,
        fielded_on=st.session_state.get(f"date-{round_id}"),
        invited=int(invited) if invited else None,
        clear_invited=not invited,
        select=(network, " ".join(str(label).split())),
    )


def on_delete_round(round_id: int, network: str, then_show: str | None) -> None:
    """The delete button's callback; the sidebar then shows ``then_show`` (or nothing)."""
    on_write(writes.delete_round, round_id, select=(network, then_show))


def min_group_size_key(network_id: int) -> str:
    return f"min-group-size-{network_id}"


def on_min_group_size(network_id: int) -> None:
    """The minimum group size button's callback (the store refuses anything below 3)."""
    size = st.session_state.get(min_group_size_key(network_id))
    if size is not None:
        on_write(writes.set_min_group_size, network_id, int(size))


def viewer_downloads_key(network_id: int) -> str:
    return f"viewer-downloads-{network_id}"


def on_viewer_downloads(network_id: int) -> None:
    """The viewer downloads switch's callback: saved at once."""
    allowed = bool(st.session_state.get(viewer_downloads_key(network_id)))
    on_write(writes.set_viewer_downloads, network_id, allowed)
