"""Exports for the workshop: a PowerPoint deck, a self-contained HTML report and CSV files."""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import Engine

from carenet_dash.filenames import download_name

# Format name -> (file suffix, media type), for the CLI and for download buttons.
FORMATS = {
    "pptx": (
        ".pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "html": (".html", "text/html"),
    "csv-scores": (".csv", "text/csv"),
    "csv-actions": (".csv", "text/csv"),
}


def export_bytes(
    engine: Engine,
    network_name: str,
    export_format: str,
    round_label: str | None = None,
    prepared_on: dt.date | None = None,
) -> bytes:
    """One export as the bytes of its file. Deck and report show one round (the latest unless
    named); the CSVs hold every round unless one is named."""
    # Deferred: python-pptx and the chart renderer load only when an export is asked for.
    from carenet_dash.exports import csv, deck, html
    from carenet_dash.exports.report import build_report

    if export_format == "csv-scores":
        # UTF-8 with a byte-order mark, so Excel shows names such as "Children’s" correctly.
        return csv.network_scores_csv(engine, network_name, round_label).encode("utf-8-sig")
    if export_format == "csv-actions":
        return csv.actions_csv(engine, network_name, round_label).encode("utf-8-sig")
    report = build_report(engine, network_name, round_label, prepared_on)
    if export_format == "html":
        return html.render(report).encode("utf-8")
    if export_format == "pptx":
        buffer = io.BytesIO()
        deck.write(report, buffer)
        return buffer.getvalue()
    raise ValueError(f"unknown export format {export_format!r}; use one of {sorted(FORMATS)}")


def file_name(network_name: str, round_label: str | None, export_format: str) -> str:
    """A download's name: network, round (or "every-round") and, for a CSV, what it holds
    ("riverside-childrens-health-network-2026-q3.pptx"; see filenames.download_name)."""
    parts = [network_name, round_label or "every round"]
    if export_format.startswith("csv-"):
        parts.append(export_format.removeprefix("csv-"))
    return download_name(*parts, suffix=FORMATS[export_format][0])
