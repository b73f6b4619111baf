"""The organisation and relations questions read from any export: which member organisation
each respondent belongs to, and which others they named, whatever shape the tool gave them.

Shapes: a block of columns, one per organisation, with the organisation's name (SurveyMonkey)
or 1 (Qualtrics, "split multi-value fields") in a ticked cell; or one column with the names
joined by "," (Qualtrics), ", " or ";" (Google Forms), ";" with a trailing ";" (Microsoft
Forms), or by line (a long file's rows for one respondent). Joined names are matched against
the organisations known (the network's list, this file's answers to the organisation question
and its block columns), longest first, so a name with a comma in it is read whole.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from carenet_dash.importers.frame import SourceColumn, fold
from carenet_dash.importers.values import NA_VARIANTS, Problem
from carenet_dash.instrument import Instrument, RelationsQuestion
from carenet_dash.organisations import clean_name, name_key, tidy_name

JOINED = "joined"
OPTION = "option"
OTHER = "other"

# How each tool joins a multi-select answer in one cell ("\n": a long file's rows joined).
SEPARATORS: dict[str, str] = {
    "qualtrics": r",",
    "googleforms": r"[,;]",
    "msforms": r";",
}
ANY_SEPARATOR = r"[,;|\n]"
# A block's column header the same as the question's, give or take an edit.
STEM_SIMILARITY = 90
_SELECTED = re.compile(r"^(?:.*\s-\s)?selected choice(?:\s-\s)?", re.IGNORECASE)
_UNTICKED = {"", "0", "false", "no", "not selected"}
UNKNOWN_ORGANISATION = "unknown organisation"
NOT_AN_ORGANISATION = (
    "an organisation on the network's list (add it on the Connections page, or with "
    "`organisations add`)"
)
CHOICE_NUMBERS = (
    "Qualtrics choice numbers, not names: export the responses with choice text, or split "
    "multi-value fields into columns"
)


def _stem_matches(stem: str, question: RelationsQuestion) -> bool:
    folded = fold(stem)
    if folded in (fold(question.question), question.id.casefold()):
        return True
    return fuzz.ratio(folded, fold(question.question)) >= STEM_SIMILARITY


def column_shape(header: str, question: RelationsQuestion) -> tuple[str, str | None] | None:
    """What a column of the relations question holds: (JOINED, None) for the whole answer in
    one cell, (OPTION, name) for one organisation's column of a block, (OTHER, None) for a
    block's free-text "Other" column (never read); None when the header is not the question's.
    """
    text = tidy_name(header)
    bracketed = re.match(r"^(.*\S)\s*\[([^\[\]]+)\]\s*$", text)
    if bracketed and _stem_matches(bracketed.group(1), question):
        return _option(bracketed.group(2))
    start = text.find(" - ")
    while start != -1:
        if _stem_matches(text[:start], question):
            return _option(text[start + 3 :])
        start = text.find(" - ", start + 1)
    if _stem_matches(_SELECTED.sub("", text) or text, question):
        return JOINED, None
    return None


def _option(text: str) -> tuple[str, str | None]:
    option = _SELECTED.sub("", text).strip()
    folded = fold(option)
    if not folded or folded == "selected choice":
        return JOINED, None
    if folded.startswith("other"):
        return OTHER, None  # "Other (please specify)" and its text: free text, never read
    return OPTION, option


@dataclass(frozen=True)
class RelationsRead:
    """What the organisation and relations questions gave, row by row of the kept rows.

    ``organisation``: each kept row's organisation as the network's list spells it (None: not
    given). ``ties``: row (0..n-1 among the kept rows), organisation. ``new``: organisations
    not yet on the network's list, in the order first met. ``problems``: joined names that are
    no known organisation, per column (like unknown answer labels).
    """

    organisation: pd.Series
    ties: pd.DataFrame
    new: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = field(default=())
    blanked: dict[str, int] = field(default_factory=dict)


class Names:
    """Organisation names by name_key: the network's list first, then each spelling met."""

    def __init__(self, known: Mapping[str, str]) -> None:
        self.known = dict(known)
        self.listed = set(self.known)
        self.new: dict[str, str] = {}
        self._parts: int | None = None

    def add(self, name: str) -> str | None:
        """The listed spelling of a name, adding it when new (None when not a name)."""
        key = name_key(name)
        if not key or fold(name) in _NOT_STATED or fold(name).startswith("other"):
            return None
        if key not in self.known:
            self.known[key] = self.new[key] = clean_name(name)
            self._parts = None
        return self.known[key]

    def parts(self) -> int:
        """The most separator-split pieces one known name spans."""
        if self._parts is None:
            self._parts = max((len(re.split(ANY_SEPARATOR, k)) for k in self.known), default=1)
        return self._parts


_NOT_STATED = {fold(v) for v in NA_VARIANTS}


def split_names(text: str, names: Names, separator: str) -> tuple[list[str], list[str]]:
    """A joined cell as the organisations it names (listed spellings) and the pieces that
    name none. Known names are matched longest first, so "Age UK, Leeds" is one name when the
    list has it, and two pieces otherwise. A name never spans two lines (a long file's rows)."""
    found: list[str] = []
    unknown: list[str] = []
    for line in text.splitlines():
        _split_line(line.strip().rstrip(";").strip(), names, separator, found, unknown)
    return found, unknown


def _split_line(
    text: str, names: Names, separator: str, found: list[str], unknown: list[str]
) -> None:
    if not text:
        return
    pieces = re.split(f"({separator})", text)
    words, joins = pieces[0::2], pieces[1::2]
    widest = names.parts()
    at = 0
    while at < len(words):
        for end in range(min(len(words), at + widest), at, -1):
            candidate = words[at] + "".join(joins[k] + words[k + 1] for k in range(at, end - 1))
            key = name_key(candidate)
            if key in names.known:
                found.append(names.known[key])
                at = end
                break
        else:
            piece = words[at].strip()
            if piece and fold(piece) not in _NOT_STATED and fold(piece) != "other":
                unknown.append(piece)
            at += 1


def read_relations(
    cells: pd.DataFrame,
    columns: Sequence[SourceColumn],
    instrument: Instrument,
    *,
    fmt: str,
    organisation_column: int | None,
    relations_columns: Sequence[int],
    kept_rows: np.ndarray,
    known: Mapping[str, str],
    unknown_as_missing: bool = False,
) -> RelationsRead:
    """The organisation and relations answers of the kept rows (see RelationsRead).

    ``known``: the network's spellings (name_key -> listed name). Answers to the organisation
    question and a block's organisation columns are this file's options: organisations new to
    the list among them are added (and reported). A joined name that is neither is a problem,
    or dropped and counted with ``unknown_as_missing``.
    """
    names = Names(known)
    headers = {c.position: c.header for c in columns}
    kept = cells.iloc[kept_rows].reset_index(drop=True)
    organisation = pd.Series([None] * len(kept), dtype="object")
    if organisation_column is not None:
        given = kept[organisation_column].astype(str)
        spelled = {text: names.add(text) for text in given.unique()}
        organisation = given.map(spelled).astype("object")
    question = instrument.relations_question
    rows: list[int] = []
    named: list[str] = []
    notes: list[str] = []
    joined: list[int] = []
    if question is not None:
        for position in relations_columns:
            shape = column_shape(headers[position], question)
            kind, option = shape if shape is not None else (JOINED, None)
            if kind == OTHER:
                notes.append(
                    f"column {headers[position]!r} (free text for the relations question) "
                    "was left out: only organisations on the list are read"
                )
            elif kind == OPTION and option is not None:
                listed = names.add(option)
                cells = kept[position].astype(str)
                # Each distinct cell judged once: a column of 10,000 ticks holds two or three.
                unticked = [v for v in cells.unique() if v.strip().casefold() in _UNTICKED]
                ticked = np.flatnonzero(~cells.isin(unticked).to_numpy()).tolist()
                rows += ticked
                named += [listed] * len(ticked)  # type: ignore[list-item]
            else:
                joined.append(position)
    separator = SEPARATORS.get(fmt, ANY_SEPARATOR)
    unknown: dict[int, Counter] = {}
    blanked: dict[str, int] = {}
    for position in joined:
        seen: Counter = Counter()
        for row, text in enumerate(kept[position].astype(str)):
            found, missing = split_names(text, names, separator)
            rows += [row] * len(found)
            named += found
            seen.update(missing)
        if seen:
            unknown[position] = seen
            if unknown_as_missing:
                blanked[headers[position]] = sum(seen.values())
    problems = [] if unknown_as_missing else _problems(unknown, headers)
    ties = pd.DataFrame(
        {"row": pd.Series(rows, dtype="int64"), "organisation": pd.Series(named, dtype="str")}
    ).drop_duplicates()
    return RelationsRead(
        organisation=organisation,
        ties=ties.reset_index(drop=True),
        new=tuple(name for key, name in names.new.items() if key not in names.listed),
        problems=tuple(problems),
        notes=tuple(notes),
        blanked=blanked,
    )


def _problems(unknown: dict[int, Counter], headers: dict[int, str]) -> list[Problem]:
    found = []
    for position, counts in unknown.items():
        numbers = all(piece.isdigit() for piece in counts)
        for piece, count in counts.most_common():
            found.append(
                Problem(
                    column=headers[position],
                    value=piece,
                    count=count,
                    kind=UNKNOWN_ORGANISATION,
                    hint=CHOICE_NUMBERS if numbers else "",
                    scale=NOT_AN_ORGANISATION,
                )
            )
    return found
