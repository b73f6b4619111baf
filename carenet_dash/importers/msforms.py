"""Microsoft Forms (Excel): one header row; a Likert question gives a column per statement."""

from __future__ import annotations

from carenet_dash.importers import frame
from carenet_dash.importers.files import RawTable

FORMAT = "msforms"
NAME = "Microsoft Forms"

KNOWN = {
    **frame.COMMON_METADATA,
    "id": frame.RESPONDENT_ID,
    "start time": frame.STARTED,
    "completion time": frame.SUBMITTED,
    "last modified time": frame.METADATA,
}


def detect(table: RawTable) -> float:
    first = frame.first_row_keys(table.cells)
    if "start time" in first and "completion time" in first:
        return 0.9 if first[:1] == ["id"] else 0.85
    return 0.0


def read(table: RawTable) -> frame.ExportFrame:
    (headers,) = frame.header_rows(table.cells, 1, NAME)
    return frame.build(FORMAT, headers, table.cells.iloc[1:], KNOWN, month_first=True)
