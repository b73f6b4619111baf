"""Answer cells to raw scores: scale labels, numbers 1-5, "4 - Agree", not applicable, blank."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from carenet_dash.importers.frame import fold
from carenet_dash.instrument import Instrument, Segment

# Codes for one cell; 1..5 are the scores themselves.
BLANK = -1
NOT_APPLICABLE = 0
UNKNOWN = -2
OUT_OF_RANGE = -3

# Said in many tools for "no view"; counted as not applicable, never scored.
NA_VARIANTS = (
    "N/A",
    "NA",
    "n.a.",
    "Not applicable",
    "Don't know",
    "Dont know",
    "Do not know",
    "Prefer not to say",
    "Don't know / Not applicable",
    "Don't know/Not applicable",
    "Not applicable / Don't know",
)
_NUMBER = re.compile(r"^[+-]?\d+(?:\.0+)?$")
_DECIMAL = re.compile(r"^[+-]?\d*[.,]\d+$")
_NUMBER_FIRST = re.compile(r"^\(?(\d{1,2})\)?\s*[-=.:)]\s*(\S.*)$")
_NUMBER_LAST = re.compile(r"^(.*\S)\s*[(\[](\d{1,2})[)\]]$")
_SHOWN_PROBLEMS = 5


@dataclass(frozen=True)
class Problem:
    """Cells that cannot be scored: an unknown label, or a number outside 1..5."""

    column: str
    value: str
    count: int
    kind: str  # "unknown" or "out of range"
    hint: str = ""

    def message(self) -> str:
        cells = "cell" if self.count == 1 else "cells"
        what = (
            "is not a label of the instrument's scale"
            if self.kind == "unknown"
            else "is not a whole number from 1 to 5"
        )
        text = f"column {self.column!r} holds {self.value!r} in {self.count} {cells}, which {what}"
        return f"{text} ({self.hint})" if self.hint else text


def describe_problems(problems: list[Problem]) -> str:
    """One sentence naming the first few problems, for a refusal."""
    shown = "; ".join(p.message() for p in problems[:_SHOWN_PROBLEMS])
    more = len(problems) - _SHOWN_PROBLEMS
    if more > 0:
        shown += f"; and {more} more"
    return shown


class Scale:
    """The instrument's answer labels, folded for lookup."""

    def __init__(self, instrument: Instrument) -> None:
        self.labels = {
            fold(label): position for position, label in enumerate(instrument.scale.labels, 1)
        }
        self.not_applicable = {
            fold(label) for label in (*instrument.scale.not_applicable, *NA_VARIANTS)
        }

    def _label(self, text: str) -> int | None:
        key = fold(text)
        if key in self.labels:
            return self.labels[key]
        if key in self.not_applicable:
            return NOT_APPLICABLE
        return None

    def code(self, raw: object) -> int:
        """The code of one cell: 1..5, NOT_APPLICABLE, BLANK, UNKNOWN or OUT_OF_RANGE."""
        text = "" if raw is None or (isinstance(raw, float) and np.isnan(raw)) else str(raw)
        text = text.strip()
        if not text:
            return BLANK
        label = self._label(text)
        if label is not None:
            return label
        if _NUMBER.match(text):
            number = int(float(text))
            return number if 1 <= number <= 5 else OUT_OF_RANGE
        if _DECIMAL.match(text):
            return OUT_OF_RANGE
        # "4 - Agree", "(4) Agree", "Agree (4)": the label decides, the number is decoration.
        for pattern, group in ((_NUMBER_FIRST, 2), (_NUMBER_LAST, 1)):
            match = pattern.match(text)
            if match:
                label = self._label(match.group(group))
                if label is not None:
                    return label
        return UNKNOWN


def _hint(value: str, fmt: str) -> str:
    if fmt == "surveymonkey" and value.strip() in ("6", "7"):
        return (
            "in SurveyMonkey's numerical export a 6 is usually the column after the five "
            "agreement columns, such as Don't know or N/A: export with actual answer text, or "
            "treat these cells as missing"
        )
    if fmt == "qualtrics" and _NUMBER.match(value.strip()):
        return (
            "Qualtrics numeric recodes of Don't know are often 6 or -99: export choice text, or "
            "treat these cells as missing"
        )
    return ""


def score_block(
    block: pd.DataFrame, headers: list[str], scale: Scale, fmt: str = ""
) -> tuple[np.ndarray, list[Problem]]:
    """Codes for a block of answer cells (rows x item columns), and the cells that failed.

    Vectorised: each distinct cell text is interpreted once, then codes are laid out by index.
    """
    if block.shape[1] == 0:
        return np.empty((len(block), 0), dtype=np.int8), []
    # Column by column: factorising Arrow-backed text is fast, while the whole block as Python
    # objects costs ten times as much. ``positions`` numbers each cell's distinct text.
    numbered: dict[object, int] = {}
    positions = np.empty(block.shape, dtype=np.int64)
    for column in range(block.shape[1]):
        index, found = pd.factorize(block.iloc[:, column], use_na_sentinel=False)
        ids = np.array([numbered.setdefault(text, len(numbered)) for text in found], dtype=np.int64)
        positions[:, column] = ids[index]
    uniques = list(numbered)
    lookup = np.array([scale.code(u) for u in uniques], dtype=np.int8)
    codes = lookup[positions]
    problems = []
    bad = np.flatnonzero((lookup == UNKNOWN) | (lookup == OUT_OF_RANGE))
    if len(bad):
        for u in bad:
            counts = (positions == u).sum(axis=0)
            value = str(uniques[u]).strip()
            kind = "unknown" if lookup[u] == UNKNOWN else "out of range"
            for column in np.flatnonzero(counts):
                problems.append(
                    Problem(headers[column], value, int(counts[column]), kind, _hint(value, fmt))
                )
    problems.sort(key=lambda p: (headers.index(p.column), -p.count, p.value))
    return codes, problems


@dataclass(frozen=True)
class SegmentValues:
    values: pd.Series  # the instrument's option text, or NA
    unmatched: dict[str, int]  # answers that are no option, with how many cells hold each
    stored_as: str | None  # what those became: "Other", or None (not stated)


def segment_values(cells: pd.Series, segment: Segment) -> SegmentValues:
    """A segment column as the instrument's options; other answers become "Other" (if the
    segment has it) or not stated, so a free-text answer never lands in the store."""
    options = {fold(option): option for option in segment.options}
    not_stated = {fold(label) for label in NA_VARIANTS}
    # Fold each distinct answer once: a segment column repeats a handful of texts.
    folded = {text: fold(text) for text in cells.unique()}
    keys = cells.map(folded)
    values = keys.map(options)
    unmatched_mask = values.isna() & (keys != "") & ~keys.isin(not_stated)
    unmatched = cells[unmatched_mask].str.strip().value_counts().to_dict()
    fallback = options.get("other")
    if fallback is not None:
        values = values.where(~unmatched_mask, fallback)
    return SegmentValues(
        values=values.astype("object").where(values.notna(), None),
        unmatched={str(k): int(v) for k, v in unmatched.items()},
        stored_as=fallback,
    )
