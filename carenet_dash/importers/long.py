"""A long file: one row per answer, columns respondent_id, item_id, value (a multi-select
question, such as the relations question, one row per option chosen)."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from carenet_dash.errors import ImportRefused
from carenet_dash.importers import frame
from carenet_dash.importers.files import RawTable

FORMAT = "long"
NAME = "Long file"

RESPONDENT = {"respondent id", "respondent", "response id", "id"}
ITEM = {"item id", "item", "question id", "question"}
VALUE = {"value", "answer", "score", "response"}
_MAX_EXTRA = 3
# Joins a multi-select question's rows for one respondent into one cell, as a line each.
JOINED_BY = "\n"


def _roles(keys: list[str]) -> tuple[int, int, int] | None:
    found = []
    for names in (RESPONDENT, ITEM, VALUE):
        found.append(next((i for i, key in enumerate(keys) if key in names), None))
    if None in found or len(keys) > len(found) + _MAX_EXTRA:
        return None
    return found[0], found[1], found[2]  # type: ignore[return-value]


def detect(table: RawTable) -> float:
    return 0.95 if _roles(frame.first_row_keys(table.cells)) else 0.0


def read(table: RawTable, multi: Collection[str] = ()) -> frame.ExportFrame:
    """The file as a wide frame: one row per respondent, one column per item. ``multi`` are
    the ids of multi-select questions, whose several rows per respondent become one cell."""
    (headers,) = frame.header_rows(table.cells, 1, NAME)
    roles = _roles([frame.header_key(h) for h in headers])
    if roles is None:
        raise ImportRefused(
            "a long file needs the columns respondent_id, item_id and value; this file's header "
            f"is {', '.join(repr(h) for h in headers[:8])}; choose another format"
        )
    person, item, value = roles
    body = table.cells.iloc[1:]
    answers = pd.DataFrame(
        {
            "respondent": body[person].str.strip(),
            "item": body[item].str.strip(),
            "value": body[value],
        }
    )
    answers = answers[(answers["respondent"] != "") & (answers["item"] != "")]
    order = list(dict.fromkeys(answers["item"]))
    people = list(dict.fromkeys(answers["respondent"]))
    chosen = answers["item"].str.casefold().isin({m.casefold() for m in multi})
    if chosen.any():
        several = (
            answers[chosen]
            .groupby(["respondent", "item"], sort=False)["value"]
            .agg(lambda v: JOINED_BY.join(t for t in v.str.strip() if t))
            .reset_index()
        )
        answers = pd.concat([answers[~chosen], several], ignore_index=True)
    repeated = answers.duplicated(["respondent", "item"], keep=False)
    if repeated.any():
        first = answers[repeated].iloc[0]
        raise ImportRefused(
            f"respondent {first['respondent']!r} has {int(repeated.sum())} rows for item "
            f"{first['item']!r} or others like it; a long file needs one row per respondent and "
            "item. Remove the repeats and try again"
        )
    wide = (
        answers.pivot(index="respondent", columns="item", values="value")
        .reindex(index=people, columns=order)
        .fillna("")
        .reset_index()
    )
    headers = [headers[person], *order]
    known = {frame.header_key(headers[0]): frame.RESPONDENT_ID}
    return frame.build(FORMAT, headers, wide.astype("str"), known)
