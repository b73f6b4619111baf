"""Exports made on demand (a deck takes several seconds), then downloaded."""

from __future__ import annotations

import streamlit as st

from carenet_dash.errors import CareNetError
from carenet_dash.store.queries import NetworkInfo, RoundInfo
from carenet_dash.ui import connection, feedback
from carenet_dash.ui.text import plain

EXPORTS_KEY = "workshop_exports"
# (format, what it is, whether it shows this round only)
EXPORTS = (
    ("pptx", "PowerPoint deck", True),
    ("html", "HTML report", True),
    ("csv-scores", "scores of every round (CSV)", False),
    ("csv-actions", "actions of every round (CSV)", False),
)


def export_panel(network: NetworkInfo, info: RoundInfo) -> None:
    """Prepare-then-download buttons for the deck, the report and the CSVs. A prepared file is
    kept until anything in the store changes; then it must be prepared again."""
    from carenet_dash.exports import FORMATS, export_bytes, file_name

    prepared = st.session_state.setdefault(EXPORTS_KEY, {})
    stamp = (connection.url(), connection.revision(), network.id, info.id)
    for export_format, label, one_round in EXPORTS:
        prepare, download = st.columns(2, vertical_alignment="center")
        if prepare.button(f"Prepare the {label}", key=f"prepare_{export_format}"):
            with st.spinner(f"Preparing the {label}…"):
                try:
                    data = export_bytes(
                        connection.engine(),
                        network.name,
                        export_format,
                        info.label if one_round else None,
                    )
                except CareNetError as error:
                    st.error(plain(feedback.sentence(error)))
                    continue
            prepared[export_format] = (stamp, data)
        ready = prepared.get(export_format)
        if ready and ready[0] == stamp:
            download.download_button(
                f"Download the {label}",
                ready[1],
                file_name=file_name(network.name, info.label if one_round else None, export_format),
                mime=FORMATS[export_format][1],
                key=f"download_{export_format}",
                on_click="ignore",
                icon=":material/download:",
            )
