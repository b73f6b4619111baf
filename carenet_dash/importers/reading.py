"""Read any survey export: detect its structure (or take the one named), choose its sheet,
drop personal data and hash respondent ids. Nothing here writes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from carenet_dash.errors import ImportRefused
from carenet_dash.importers import (
    dates,
    frame,
    googleforms,
    long,
    msforms,
    personal,
    qualtrics,
    surveymonkey,
    wide,
)
from carenet_dash.importers.files import ChooseSheet, RawTable, read_tables, sha256
from carenet_dash.importers.mapping import (
    choose_instrument,
)
from carenet_dash.instrument import Instrument
from carenet_dash.instrument_files import shipped_instruments
from carenet_dash.privacy import hash_respondent_ids

# Most specific first: on a tie the earlier structure wins, and wide is the fallback.
_MODULES = (qualtrics, surveymonkey, msforms, googleforms, long, wide)
FORMATS: dict[str, str] = {m.FORMAT: m.NAME for m in _MODULES}
FORMAT_CHOICES = ("auto", *FORMATS)


def detect(table: RawTable) -> tuple[str, float]:
    """The export structure a table most looks like, and how sure that is (0..1)."""
    scores = [(module.detect(table), module.FORMAT) for module in _MODULES]
    best = max(scores, key=lambda pair: pair[0])  # max keeps the first of equals
    return best[1], best[0]


@dataclass(frozen=True)
class Export:
    """A file read: its structure known, personal data dropped, respondent ids hashed.

    ``frame`` keeps only the columns that may hold answers; the survey tool's own columns are
    named in ``tool_columns`` and gone.
    """

    source_name: str
    sha256: str
    format: str
    format_name: str
    detected: bool
    how_read: str
    sheets: tuple[str, ...]
    frame: frame.ExportFrame
    hashes: pd.Series  # salted hash of the source's respondent id per row, or None
    dates: pd.Series  # each row's date, NaT where unknown
    dropped_personal: tuple[str, ...]
    tool_columns: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def rows(self) -> int:
        return len(self.frame.cells)


def read_export(
    data: bytes,
    name: str,
    *,
    format: str = "auto",
    sheet: str | None = None,
    instruments: Mapping[str, Instrument] | None = None,
) -> Export:
    """Read a file's structure (detected, or the one named) and drop its personal data."""
    if format not in FORMAT_CHOICES:
        raise ImportRefused(f"unknown format {format!r}; choose one of {', '.join(FORMAT_CHOICES)}")
    tables = read_tables(data, name)
    instruments = instruments if instruments is not None else shipped_instruments()
    table = _choose_sheet(tables, name, sheet, instruments)
    if format == "auto":
        fmt, _ = detect(table)
    else:
        fmt = format
    module = next(m for m in _MODULES if fmt == m.FORMAT)
    if module is long:  # a multi-select question comes as several rows per respondent
        structure = long.read(table, {q.id for i in instruments.values() for q in i.relations})
    else:
        structure = module.read(table)
    if structure.cells.empty:
        raise ImportRefused(
            f"{name} has column headings but no responses; export it again once people have "
            "answered"
        )
    structure, dropped = personal.drop_personal(structure)
    cells = structure.cells
    id_columns = structure.of_role(frame.RESPONDENT_ID)
    if id_columns:
        ids = cells[id_columns[0].position]
        hashes = pd.Series(hash_respondent_ids(ids.tolist()), index=cells.index, dtype="object")
    else:
        hashes = pd.Series([None] * len(cells), index=cells.index, dtype="object")
    when = structure.of_role(frame.SUBMITTED) or structure.of_role(frame.STARTED)
    parsed = (
        dates.parse_dates(cells[when[0].position], structure.month_first)
        if when
        else pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns]")
    )
    answer_columns = structure.of_role(frame.ANSWER)
    tool_columns = tuple(c.header for c in structure.columns if c.role != frame.ANSWER)
    kept = structure.with_columns(answer_columns)
    format_name = FORMATS[fmt] + (f" ({structure.variant})" if structure.variant else "")
    return Export(
        source_name=name,
        sha256=sha256(data),
        format=fmt,
        format_name=format_name,
        detected=format == "auto",
        how_read=table.describe(),
        sheets=tuple(t.sheet for t in tables if t.sheet),
        frame=kept,
        hashes=hashes.reset_index(drop=True),
        dates=parsed.reset_index(drop=True),
        dropped_personal=tuple(dropped),
        tool_columns=tool_columns,
        notes=structure.notes,
    )


def _choose_sheet(
    tables: list[RawTable], name: str, sheet: str | None, instruments: Mapping[str, Instrument]
) -> RawTable:
    names = [t.sheet or "" for t in tables]
    if sheet:
        for table in tables:
            if (table.sheet or "").casefold() == sheet.strip().casefold():
                return table
        raise ImportRefused(
            f"{name} has no sheet called {sheet!r}; its sheets: {', '.join(map(repr, names))}"
        )
    if len(tables) == 1:
        return tables[0]
    strengths = []
    for table in tables:
        fmt, _ = detect(table)
        module = next(m for m in _MODULES if fmt == m.FORMAT)
        try:
            columns = module.read(table).columns
        except ImportRefused:
            strengths.append(0.0)
            continue
        best = choose_instrument(columns, instruments)
        strengths.append(best[0].strength if best else 0.0)
    ranked = sorted(range(len(tables)), key=lambda i: -strengths[i])
    top = ranked[0]
    if strengths[top] > 0 and strengths[top] > strengths[ranked[1]]:
        return tables[top]
    raise ChooseSheet(
        f"{name} has several sheets ({', '.join(map(repr, names))}) and it is not clear which "
        "holds the responses; choose one (--sheet NAME on the command line)",
        names,
    )
