"""SurveyMonkey "All responses data" (CSV or XLSX): two header rows, matrix blocks."""

from __future__ import annotations

from carenet_dash.importers import frame
from carenet_dash.importers.files import RawTable

FORMAT = "surveymonkey"
NAME = "SurveyMonkey"

KNOWN = {
    **frame.COMMON_METADATA,
    "respondent id": frame.RESPONDENT_ID,
    "collector id": frame.METADATA,
    "start date": frame.STARTED,
    "end date": frame.SUBMITTED,
}
# Row 2's word for a column that holds a single question's answer rather than a statement.
SINGLE = {"response", "open-ended response", "open ended response"}


def detect(table: RawTable) -> float:
    first, second = frame.first_row_keys(table.cells, 0), frame.first_row_keys(table.cells, 1)
    if "respondent id" in first and "collector id" in first:
        return 0.95
    if any(key in SINGLE for key in second):
        return 0.8
    return 0.0


def read(table: RawTable) -> frame.ExportFrame:
    questions, subheads = frame.header_rows(table.cells, 2, NAME)
    headers = []
    stem = ""
    for question, sub in zip(questions, subheads, strict=True):
        if question:
            stem = question  # a block's question stands over its first column only
        if not sub or frame.header_key(sub) in SINGLE:
            headers.append(question or stem)
        else:
            headers.append(f"{stem} - {sub}" if stem else sub)
    # Only a column headed in row 1 with nothing under it is one of SurveyMonkey's own.
    known = {
        key: role
        for key, role in KNOWN.items()
        if any(
            frame.header_key(q) == key and not s for q, s in zip(questions, subheads, strict=True)
        )
    }
    return frame.build(FORMAT, headers, table.cells.iloc[2:], known, month_first=True, variant=None)
