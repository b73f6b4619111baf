"""A wide file: one row per respondent, a column per item (SmartSurvey, Typeform, by hand)."""

from __future__ import annotations

from carenet_dash.importers import frame
from carenet_dash.importers.files import RawTable

FORMAT = "wide"
NAME = "Wide file"

# Typeform's trailing columns, and SmartSurvey's / Jisc Online Surveys' leading ones.
TYPEFORM = {"submit date (utc)", "network id", "stage date (utc)", "start date (utc)"}
SMARTSURVEY = {"userno", "user no", "tracking link", "unique id", "started", "ended"}
KNOWN = {**frame.COMMON_METADATA, "network id": frame.PERSONAL}


def detect(table: RawTable) -> float:
    first = set(frame.first_row_keys(table.cells))
    if len(first & TYPEFORM) >= 2:
        return 0.85
    if len(first & SMARTSURVEY) >= 2:
        return 0.8
    return 0.2 if len(first) > 1 else 0.05  # the fallback for any table with a header row


def variant(table: RawTable) -> str | None:
    first = set(frame.first_row_keys(table.cells))
    if len(first & TYPEFORM) >= 2:
        return "Typeform"
    if len(first & SMARTSURVEY) >= 2:
        return "SmartSurvey"
    return None


def read(table: RawTable) -> frame.ExportFrame:
    (headers,) = frame.header_rows(table.cells, 1, NAME)
    return frame.build(
        FORMAT, headers, table.cells.iloc[1:], KNOWN, variant=variant(table), month_first=False
    )
