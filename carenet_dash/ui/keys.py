"""Keys that move the Workshop's steps: ← and →, PageUp and PageDown (what presentation
clickers send), Home and End.

A few lines of script in the page itself: it loads nothing from anywhere, and a key press
clicks the step button it stands for, so it does exactly what a click does (the step stays
in the address). Keys typed into a field (a note, an action, the step number) are left
alone, as are presses with Ctrl, Alt or the Command key.
"""

from __future__ import annotations

import json

import streamlit as st

# Key -> the Streamlit key of the button it presses (Streamlit marks each keyed element's
# container with the class "st-key-<key>").
STEP_KEYS = {
    "ArrowRight": "next_top",
    "PageDown": "next_top",
    "ArrowLeft": "previous_top",
    "PageUp": "previous_top",
    "Home": "first_step",
    "End": "last_step",
}

_SCRIPT = """
<script>
(() => {
  if (window.carenetStepKeys) return;
  window.carenetStepKeys = true;
  const buttons = %s;
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    const target = event.target;
    if (target && target.closest &&
        target.closest("input, textarea, select, [contenteditable=true], [role=slider]")) return;
    const key = buttons[event.key];
    if (!key) return;
    const button = document.querySelector(".st-key-" + key + " button");
    if (!button) return;  // not on the Workshop page
    event.preventDefault();
    if (!button.disabled) button.click();
  });
})();
</script>
"""


def step_keys() -> None:
    """Listen for the step keys (once per browser tab, however often the page reruns)."""
    st.html(_SCRIPT % json.dumps(STEP_KEYS), unsafe_allow_javascript=True)
