"""Qualtrics CSV: three header rows (ids, labels, import ids), or the legacy two-row layout."""

from __future__ import annotations

import re

import pandas as pd

from carenet_dash.errors import ImportRefused
from carenet_dash.importers import frame
from carenet_dash.importers.files import RawTable

FORMAT = "qualtrics"
NAME = "Qualtrics"

# Qualtrics' own columns by their internal id (row 1), whatever the label language.
KNOWN_IDS = {
    "startdate": frame.STARTED,
    "enddate": frame.SUBMITTED,
    "recordeddate": frame.SUBMITTED,
    "status": frame.METADATA,
    "ipaddress": frame.PERSONAL,
    "progress": frame.METADATA,
    "duration(inseconds)": frame.METADATA,
    "finished": frame.METADATA,
    "responseid": frame.RESPONDENT_ID,
    "distributionchannel": frame.METADATA,
    "userlanguage": frame.METADATA,
    "recipientlastname": frame.PERSONAL,
    "recipientfirstname": frame.PERSONAL,
    "recipientemail": frame.PERSONAL,
    "externalreference": frame.PERSONAL,
    "externaldatareference": frame.PERSONAL,
    "locationlatitude": frame.PERSONAL,
    "locationlongitude": frame.PERSONAL,
    # Legacy layout (V1..V10 over these labels).
    "responseset": frame.METADATA,
    "name": frame.PERSONAL,
    "emailaddress": frame.PERSONAL,
}
# The third header row: JSON such as {"ImportId":"QID2_1"}, or a Python-style rendering with
# single quotes ({'ImportId': 'QID2-1'}) where a file has been re-saved by a script.
_IMPORT_ID = re.compile(r"""["']ImportId["']\s*:\s*["']([^"']+)["']""")
# Distribution channels whose responses are the survey's author testing it.
_TEST_CHANNELS = {"preview", "test"}
# Responses that are not members': previews, tests and spam (by label or numeric code).
_NOT_MEMBERS = {
    "survey preview",
    "survey test",
    "spam",
    "preview spam",
    "imported spam",
    "offline survey preview",
    "1",
    "2",
    "8",
    "9",
    "12",
    "17",
}


def _has_import_ids(row: list[str]) -> bool:
    return sum(1 for cell in row if _IMPORT_ID.search(cell)) >= 2


def _import_ids(row: list[str]) -> list[str]:
    return [m.group(1) if (m := _IMPORT_ID.search(cell)) else "" for cell in row]


def _legacy(cells: pd.DataFrame) -> bool:
    first = frame.first_row_keys(cells, 0)
    second = frame.first_row_keys(cells, 1)
    return bool(first) and first[0] == "v1" and "responseid" in [k.replace(" ", "") for k in second]


def detect(table: RawTable) -> float:
    cells = table.cells
    third = [str(v) for v in cells.iloc[2].tolist()] if len(cells) > 2 else []
    if _has_import_ids(third):
        return 0.98
    first = [k.replace(" ", "") for k in frame.first_row_keys(cells, 0)]
    if "responseid" in first and "startdate" in first:
        return 0.9
    if _legacy(cells):
        return 0.9
    return 0.0


def read(table: RawTable) -> frame.ExportFrame:
    cells = table.cells
    if _legacy(cells):
        ids, labels = frame.header_rows(cells, 2, NAME)
        variant, start, month_first = "legacy layout", 2, True
        # In the legacy layout the labels row carries Qualtrics' own column names.
        keys = [frame.header_key(label).replace(" ", "") for label in labels]
        import_ids = [""] * len(ids)
    else:
        ids, labels = frame.header_rows(cells, 2, NAME)
        third = [str(v) for v in cells.iloc[2].tolist()] if len(cells) > 2 else []
        has_import_ids = _has_import_ids(third)
        import_ids = _import_ids(third) if has_import_ids else [""] * len(ids)
        variant, start, month_first = None, 3 if has_import_ids else 2, False
        keys = [frame.header_key(i).replace(" ", "") for i in ids]
    headers = [label or column_id for label, column_id in zip(labels, ids, strict=True)]
    headers = frame.unique_headers(headers)
    known: dict[str, str] = {}
    for header, key in zip(headers, keys, strict=True):
        if key in KNOWN_IDS:
            known[frame.header_key(header)] = KNOWN_IDS[key]
        elif key.startswith("q_"):  # Q_RecaptchaScore, Q_RelevantIDDuplicate...: Qualtrics' own
            known[frame.header_key(header)] = frame.METADATA
    body = cells.iloc[start:]
    notes = []
    excluded = pd.Series(False, index=body.index)
    for key, not_members in (("status", _NOT_MEMBERS), ("distributionchannel", _TEST_CHANNELS)):
        at = next((i for i, k in enumerate(keys) if k == key), None)
        if at is not None:
            excluded |= body[at].str.strip().str.casefold().isin(not_members)
    if excluded.any():
        if excluded.all():
            raise ImportRefused(
                f"all {len(body)} response(s) in the file are survey previews, tests or spam "
                "(by Qualtrics' Status and DistributionChannel columns), so there is nothing to "
                "import; export again once members have answered, including only recorded "
                "responses"
            )
        notes.append(
            f"{int(excluded.sum())} survey preview, test or spam response(s) were left out"
        )
        body = body[~excluded.to_numpy()]
    names = [(column_id, import_id) for column_id, import_id in zip(ids, import_ids, strict=True)]
    return frame.build(
        FORMAT,
        headers,
        body,
        known,
        names=names,
        variant=variant,
        month_first=month_first,
        notes=notes,
    )
