"""The common frame every export structure is read into: a header per column, cells per row."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from carenet_dash.errors import ImportRefused

# What a column holds. Only ANSWER columns are matched to the instrument; the rest are the
# survey tool's own columns, read for the report and never stored.
ANSWER = "answer"
RESPONDENT_ID = "respondent_id"
SUBMITTED = "submitted"  # when a response was completed (or recorded)
STARTED = "started"
METADATA = "metadata"
PERSONAL = "personal"

# Header names (normalised by header_key) that any wide layout may use for its own columns.
COMMON_METADATA: dict[str, str] = {
    "respondent id": RESPONDENT_ID,
    "respondent": RESPONDENT_ID,
    "response id": RESPONDENT_ID,
    "responseid": RESPONDENT_ID,
    "id": RESPONDENT_ID,
    "#": RESPONDENT_ID,
    "user id": RESPONDENT_ID,
    "userid": RESPONDENT_ID,
    "unique id": RESPONDENT_ID,
    "token": RESPONDENT_ID,
    "timestamp": SUBMITTED,
    "submitted": SUBMITTED,
    "submitted at": SUBMITTED,
    "submit date": SUBMITTED,
    "submit date (utc)": SUBMITTED,
    "date submitted": SUBMITTED,
    "completed": SUBMITTED,
    "completion time": SUBMITTED,
    "end date": SUBMITTED,
    "ended": SUBMITTED,
    "date": SUBMITTED,
    "recorded date": SUBMITTED,
    "start date": STARTED,
    "start date (utc)": STARTED,
    "start time": STARTED,
    "started": STARTED,
    "stage date (utc)": METADATA,
    "last modified time": METADATA,
    "response type": METADATA,
    "status": METADATA,
    "collector id": METADATA,
    "duration": METADATA,
    "tags": METADATA,
    "ending": METADATA,
    "user no": METADATA,
    "userno": METADATA,
    "tracking link": METADATA,
    "score": METADATA,
    "total points": METADATA,
    "quiz feedback": METADATA,
    "language": METADATA,
}


@dataclass(frozen=True)
class SourceColumn:
    """One column of an export: where it is, its header as the file gives it, what it holds."""

    position: int
    header: str
    role: str = ANSWER
    names: tuple[str, ...] = ()  # other names to match by id (Qualtrics export tags)


@dataclass(frozen=True)
class ExportFrame:
    """An export after its structure is read: one row per response, cells as text."""

    format: str
    columns: tuple[SourceColumn, ...]
    cells: pd.DataFrame  # column labels are the positions in ``columns``; no NA, blanks are ""
    variant: str | None = None
    month_first: bool = False  # how to read an ambiguous date like 03/04/2026
    notes: tuple[str, ...] = field(default=())

    def with_columns(self, columns: Iterable[SourceColumn]) -> ExportFrame:
        return replace(self, columns=tuple(columns))

    def of_role(self, role: str) -> list[SourceColumn]:
        return [c for c in self.columns if c.role == role]


def header_key(text: str) -> str:
    """A header folded for comparing with known names: case, spaces, HTML tags."""
    text = re.sub(r"<[^>]+>", " ", str(text)).replace("_", " ")
    return " ".join(text.split()).casefold()


def unique_headers(headers: list[str]) -> list[str]:
    """Headers made unique, so a header can key a saved mapping: 'X', 'X (2)'."""
    seen: dict[str, int] = {}
    out = []
    for header in headers:
        text = " ".join(str(header).split())
        count = seen.get(text, 0) + 1
        seen[text] = count
        out.append(text if count == 1 else f"{text} ({count})")
    return out


def build(
    fmt: str,
    headers: list[str],
    body: pd.DataFrame,
    known: Mapping[str, str],
    *,
    names: list[tuple[str, ...]] | None = None,
    variant: str | None = None,
    month_first: bool = False,
    notes: Iterable[str] = (),
) -> ExportFrame:
    """A frame from header texts and body rows, with known metadata headers given roles."""
    headers = unique_headers(headers)
    columns = []
    for position, header in enumerate(headers):
        role = known.get(header_key(header), ANSWER)
        if not header:
            role = METADATA  # a column with no header cannot be matched to anything
        extra = names[position] if names else ()
        columns.append(SourceColumn(position, header, role, tuple(n for n in extra if n)))
    cells = body.reset_index(drop=True)
    cells.columns = range(len(headers))
    return ExportFrame(
        format=fmt,
        columns=tuple(columns),
        cells=cells,
        variant=variant,
        month_first=month_first,
        notes=tuple(notes),
    )


def header_rows(cells: pd.DataFrame, count: int, what: str) -> list[list[str]]:
    """The first ``count`` rows as header texts, or a refusal naming the layout expected."""
    if len(cells) < count:
        raise ImportRefused(
            f"the file has {len(cells)} row(s) but a {what} export starts with {count} header "
            "rows; export the responses again, or choose the right format"
        )
    return [[str(v).strip() for v in cells.iloc[i].tolist()] for i in range(count)]


def first_row_keys(cells: pd.DataFrame, row: int = 0) -> list[str]:
    if len(cells) <= row:
        return []
    return [header_key(v) for v in cells.iloc[row].tolist()]


_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_TRAILING = " .?!:;,…\"'"
_NUMBERING = re.compile(r"^(?:q\d+[a-z]?|\d{1,3})[.):]\s+")


def fold(text: str) -> str:
    """Text folded for comparison: HTML tags and entities, Unicode forms, curly quotes and
    dashes, spacing, case, numbering like "Q3." and trailing punctuation all set aside."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", str(text)))
    text = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION)
    text = " ".join(text.split()).casefold()
    text = _NUMBERING.sub("", text)
    return text.strip(_TRAILING)
