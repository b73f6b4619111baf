"""What an import found, before anything is written: counts, mapping, drops and warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from carenet_dash.importers.dates import describe_span
from carenet_dash.importers.mapping import (
    BY_CHOICE,
    BY_ID,
    BY_SAVED,
    BY_SIMILARITY,
    BY_TEXT,
    ITEM,
    ColumnMapping,
)

METHODS = {
    BY_SAVED: "saved for this network",
    BY_CHOICE: "chosen",
    BY_ID: "by id",
    BY_TEXT: "by text",
    BY_SIMILARITY: "similar text",
}
_LISTED = 6


@dataclass(frozen=True)
class ImportReport:
    """Everything the lead should see before an import is committed."""

    source_name: str
    sha256: str
    format: str  # the structure id: surveymonkey, qualtrics, ...
    format_name: str  # as a person says it: "SurveyMonkey", "Wide file (Typeform)"
    how_read: str  # "CSV, UTF-8, comma-separated" or 'Excel workbook, sheet "Sheet1"'
    detected: bool  # False when the user named the format
    instrument_id: str
    instrument_name: str
    rows: int  # response rows in the file (header rows not counted)
    respondents: int  # kept: at least one scored answer
    blank_rows: int  # no scored answer at all: counted, not stored
    partial: int  # kept respondents who left at least one item blank
    duplicates: int  # rows dropped because their respondent id came again later
    answers_per_item: dict[str, int]
    not_applicable: dict[str, int]
    comments: int
    dropped_personal: tuple[str, ...]
    unused_columns: tuple[str, ...]
    missing_items: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())
    suggested_label: str | None = None
    suggested_date: dt.date | None = None
    # Per column: answers read only after tidying case, spaces or quotes, and cells blanked
    # because their label or number was unknown and the lead chose to treat them as missing.
    cleaned: dict[str, int] = field(default_factory=dict)
    blanked: dict[str, int] = field(default_factory=dict)
    date_span: tuple[dt.date, dt.date] | None = None  # first and last dates, when far apart

    @property
    def needs_date(self) -> bool:
        """True when the responses span more than three months, so the lead must say when
        the round was fielded rather than take the earliest response's date."""
        return self.date_span is not None

    def date_request(self) -> str | None:
        """Why the round's date must be given, when it must (see ``needs_date``)."""
        if self.date_span is None:
            return None
        return (
            f"the responses span {describe_span(self.date_span)}, so the file's earliest date "
            "may not be the round's; give the round's date"
        )

    def tidied(self) -> pd.DataFrame:
        """Per answer column with any: answers read after tidying case, spaces or quotes
        (Cleaned), and unknown answers treated as missing (Blanked)."""
        headers = list(dict.fromkeys([*self.cleaned, *self.blanked]))
        return pd.DataFrame(
            {
                "Column": headers,
                "Cleaned": [self.cleaned.get(h, 0) for h in headers],
                "Blanked": [self.blanked.get(h, 0) for h in headers],
            },
            columns=["Column", "Cleaned", "Blanked"],
        )

    @property
    def not_applicable_total(self) -> int:
        return sum(self.not_applicable.values())

    def lines(self, mapping: ColumnMapping) -> list[str]:
        """The report as short lines for a terminal: fits one screen."""
        items = len(mapping.instrument.items)
        found = items - len(self.missing_items)
        methods = pd.Series([METHODS.get(c.method, c.method) for c in mapping.columns if c.used])
        by = ", ".join(f"{n} {m}" for m, n in methods.value_counts().items())
        answers = sum(self.answers_per_item.values())
        lines = [
            f"file:          {self.source_name} ({self.how_read})",
            f"format:        {self.format_name}{'' if self.detected else ' (as named)'}",
            f"instrument:    {self.instrument_name} ({self.instrument_id})",
            f"items:         {found} of {items} found in the file",
            f"columns used:  {len(methods)} ({by or 'none'})",
            f"rows:          {self.rows} in the file; {self.respondents} respondents kept, "
            f"{self.blank_rows} without any scored answer, {self.partial} partial",
            f"answers:       {answers} scored, {self.not_applicable_total} not applicable, "
            f"{self.comments} comments",
            f"personal data: {_listed(self.dropped_personal) or 'none found'} (dropped)",
        ]
        if self.unused_columns:
            lines.append(f"not used:      {_listed(self.unused_columns)}")
        if self.cleaned:
            lines.append(
                f"cleaned:       {sum(self.cleaned.values())} answer(s) read after tidying case, "
                f"spaces or quotes ({_per_column(self.cleaned)})"
            )
        if self.blanked:
            lines.append(
                f"blanked:       {sum(self.blanked.values())} unknown answer(s) treated as "
                f"missing ({_per_column(self.blanked)})"
            )
        if self.duplicates:
            lines.append(
                f"duplicates:    {self.duplicates} earlier row(s) of a repeated id left out"
            )
        lines += [f"warning:       {w}" for w in self.warnings]
        return lines

    def item_table(self, mapping: ColumnMapping) -> pd.DataFrame:
        """Per item: its column, answers, not applicable, and blanks among kept respondents."""
        columns = {c.used.id: c.header for c in mapping.columns if c.used and c.used.kind == ITEM}  # type: ignore[union-attr]
        rows = []
        for item_id, item in mapping.instrument.items.items():
            answered = self.answers_per_item.get(item_id, 0)
            na = self.not_applicable.get(item_id, 0)
            present = item_id in columns
            rows.append(
                {
                    "Item": item_id,
                    "Statement": item.text,
                    "Column": columns.get(item_id, "not in the file"),
                    "Answers": answered,
                    "Not applicable": na,
                    "Blank": self.respondents - answered - na if present else None,
                    "Cleaned": self.cleaned.get(columns.get(item_id, ""), 0),
                    "Blanked": self.blanked.get(columns.get(item_id, ""), 0),
                }
            )
        return pd.DataFrame(rows)


def _short(header: str, width: int = 60) -> str:
    # A matrix header's statement is at its end: keep both ends of a long one.
    return header if len(header) <= width else f"{header[:20]}…{header[-(width - 21) :]}"


def _per_column(counts: dict[str, int]) -> str:
    shown = ", ".join(f"{_short(header)!r} {n}" for header, n in list(counts.items())[:_LISTED])
    more = len(counts) - _LISTED
    return f"{shown} and {more} more column(s)" if more > 0 else shown


def _listed(values: tuple[str, ...]) -> str:
    shown = ", ".join(repr(v) for v in values[:_LISTED])
    more = len(values) - _LISTED
    return f"{shown} and {more} more" if more > 0 else shown


def mapping_table(mapping: ColumnMapping) -> pd.DataFrame:
    """Every answer column: what it feeds, how it was matched, and whether it needs a look."""
    rows = []
    for column in mapping.columns:
        if column.used is not None:
            status = "matched"
        elif column.needs_confirmation:
            status = "to confirm"
        else:
            status = "not used"
        target = column.target.describe(mapping.instrument) if column.target else "not used"
        rows.append(
            {
                "Column": column.header,
                "Matched to": target,
                "How": METHODS.get(column.method, "no close match"),
                "Similarity": column.confidence,
                "Status": status,
            }
        )
    return pd.DataFrame(rows)
