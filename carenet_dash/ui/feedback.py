"""What a write did, said once beside the form or button that made it; refusals as sentences."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from carenet_dash.errors import CareNetError
from carenet_dash.ui import connection
from carenet_dash.ui.text import plain

# A form's button runs its write in a callback, before the page does, so a saved record shows
# at once, a refused one keeps what was typed, and the message is shown beside the form.
FLASH_KEY = "workshop_messages"


def say(place: str, kind: str, text: str) -> None:
    st.session_state.setdefault(FLASH_KEY, {})[place] = (kind, text)


def messages(place: str) -> None:
    """Show (once) what the last write at this place did."""
    kind, text = st.session_state.get(FLASH_KEY, {}).pop(place, (None, None))
    # A message may quote what was typed (an action, a label): shown as text.
    if kind == "success":
        st.success(plain(text), icon=":material/check:")
    elif kind == "error":
        st.error(plain(text), icon=":material/error:")


def sentence(error: CareNetError) -> str:
    text = str(error)
    return f"{text[:1].upper()}{text[1:]}."


def attempt(place: str, write: Callable[[], object], done: str) -> bool:
    """Run one write; on success clear the caches, on refusal say why (the store is unchanged:
    every write is one transaction)."""
    try:
        write()
    except CareNetError as error:
        say(place, "error", sentence(error))
        return False
    connection.clear_caches()
    say(place, "success", done)
    return True


_REFUSAL = "_import_refusal"


def keep_refusal(error: CareNetError) -> None:
    """Keep why a button's write was refused, for the page to show (Upload, Manage)."""
    st.session_state[_REFUSAL] = str(error)


def take_refusal() -> str | None:
    """Why the last write from a button was refused (shown once)."""
    return st.session_state.pop(_REFUSAL, None)
