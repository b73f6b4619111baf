"""CSV exports (scores, actions) that a spreadsheet cannot mistake for formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import analysis, disclosure
from carenet_dash.errors import CareNetError
from carenet_dash.store import queries

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Rounding of the figures; other columns are written as they are.
SCORE_DIGITS = {
    "mean": 3,
    "sd": 3,
    "favourable_pct": 1,
    "mean_before": 3,
    "change": 3,
    "ci_low": 3,
    "ci_high": 3,
}
# A figure's status as a CSV cell says it: one word each, so a script can match it.
STATUS_CELLS = {
    disclosure.SHOWN: "shown",
    disclosure.HIDDEN: "hidden",
    disclosure.NO_DATA: "no_data",
}
ACTIONS_COLUMNS = [
    "network",
    "round",
    "dimension_id",
    "dimension",
    "action",
    "owner",
    "due_on",
    "status",
    "created_at",
    "updated_at",
]


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula, prefixed with a quote to keep it text.

    Numbers pass unchanged: a real number such as -0.12 cannot carry a formula. Leading spaces
    are looked through, as some spreadsheets trim them before deciding.
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell(value: object, digits: int | None = None) -> object:
    """A value as a CSV cell: blank for missing, rounded when asked, whole floats as ints."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if digits is not None:
        return round(float(value), digits)  # type: ignore[arg-type]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_rows(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with every cell neutralised; one line per row, header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(c) for c in columns])
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return buffer.getvalue()


def status_cell(status: object) -> object:
    """A status column's cell: shown, hidden or no_data (blank where there is none)."""
    return STATUS_CELLS.get(status, cell(status)) if isinstance(status, str) else cell(status)


def figures_csv(rows: pd.DataFrame) -> str:
    """A frame of published figures as CSV (analysis.scores_rows, segments_rows,
    compare_rows): a figure not shown is a blank cell, and its status column says why."""
    columns = list(rows.columns)
    return write_rows(
        columns,
        (
            [
                status_cell(value)
                if column.startswith("status")
                else cell(value, SCORE_DIGITS.get(column))
                for column, value in zip(columns, row, strict=True)
            ]
            for row in rows.itertuples(index=False)
        ),
    )


def scores_csv(rows: pd.DataFrame) -> str:
    """analysis.scores_rows as CSV: hidden figures are blank, their status says "hidden"."""
    return figures_csv(rows)


def network_scores_csv(engine: Engine, network_name: str, round_label: str | None = None) -> str:
    """Every round's dimension scores for a network (or one round's)."""
    network = queries.network_by_name(engine, network_name)
    rows = analysis.scores_rows(engine, network, round_label)
    if rows.empty:
        raise CareNetError(f"{network.name} has no rounds yet; import one first")
    return scores_csv(rows)


def actions_csv(engine: Engine, network_name: str, round_label: str | None = None) -> str:
    """A network's agreed actions (or one round's), in the order agreed."""
    network = queries.network_by_name(engine, network_name)
    round_ids = None
    if round_label is not None:
        round_ids = [queries.round_by_label(engine, network.id, round_label).id]
    actions = analysis.actions_frame(engine, network.id, round_ids=round_ids)
    return write_rows(
        ACTIONS_COLUMNS,
        (
            [
                network.name,
                cell(a.round),
                cell(a.dimension_id),
                a.dimension,
                a.what,
                a.owner,
                cell(a.due_on),
                a.status.replace("_", " "),
                cell(a.created_at),
                cell(a.updated_at),
            ]
            for a in actions.itertuples()
        ),
    )
