"""Google Forms (CSV from the responses sheet): Timestamp first; grids as `Question [Row]`."""

from __future__ import annotations

import re

from carenet_dash.importers import frame
from carenet_dash.importers.files import RawTable

FORMAT = "googleforms"
NAME = "Google Forms"

KNOWN = {**frame.COMMON_METADATA, "timestamp": frame.SUBMITTED}
_GRID = re.compile(r".+\[[^\[\]]+\]\s*$")


def detect(table: RawTable) -> float:
    first = frame.first_row_keys(table.cells)
    if not first or first[0] != "timestamp":
        return 0.0
    return 0.85 if any(_GRID.match(key) for key in first) else 0.7


def read(table: RawTable) -> frame.ExportFrame:
    (headers,) = frame.header_rows(table.cells, 1, NAME)
    # Google writes "2026/09/27 3:00:00 PM GMT+1" (year first) or the sheet's locale order.
    return frame.build(FORMAT, headers, table.cells.iloc[1:], KNOWN, month_first=False)
