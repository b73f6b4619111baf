"""Answer cells to raw scores on any scale: labels, numbers on the scale, "4 - Agree",
"(0) Not a problem.", "1 - not at all", not applicable, blank."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from carenet_dash.importers.frame import fold
from carenet_dash.instrument import Instrument, Segment
from carenet_dash.instrument import Scale as InstrumentScale

# Codes for one cell; 1..k are positions on the item's scale (the scores themselves on 1..5;
# see AnswerScale.scores for other scales).
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
MAX_POSITIONS = 11  # the most points a scale has


@dataclass(frozen=True)
class Problem:
    """Cells that cannot be scored: an unknown label, or a number not on the scale."""

    column: str
    value: str
    count: int
    kind: str  # "unknown" or "out of range"
    hint: str = ""
    scale: str = "a whole number from 1 to 5"  # what a number should have been

    def message(self) -> str:
        cells = "cell" if self.count == 1 else "cells"
        what = (
            "is not a label of the instrument's scale"
            if self.kind == "unknown"
            else f"is not {self.scale}"
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


class AnswerScale:
    """One scale's answer labels and numbers, folded for lookup: cell text to a position.

    A cell is read as, in turn: a label (or a not-applicable word), exactly or once case,
    spacing, curly quotes and trailing punctuation are set aside ("cleaned"); a whole number
    on the scale; a label or number with decoration ("4 - Agree", "(0) Not a problem.",
    "Agree (4)", "1 - not at all"), where a known label decides and otherwise the number does.
    """

    def __init__(self, scale: InstrumentScale) -> None:
        self.scores = scale.scores
        # Exact texts first (read as they are), then folded ones (read after cleaning).
        self.exact = dict.fromkeys((*NA_VARIANTS, *scale.not_applicable), NOT_APPLICABLE)
        self.exact.update(
            {label.strip(): position for position, label in enumerate(scale.labels, 1)}
        )
        self.labels = {fold(label): position for position, label in enumerate(scale.labels, 1)}
        self.not_applicable = {fold(label) for label in (*scale.not_applicable, *NA_VARIANTS)}
        self.positions = {value: position for position, value in enumerate(scale.scores, 1)}
        step = (scale.high - scale.low) // max(1, scale.points - 1)
        self.expected = (
            f"a whole number from {scale.low} to {scale.high}"
            if step == 1
            else f"one of the scale's values ({', '.join(map(str, scale.scores))})"
        )

    def _label(self, text: str) -> int | None:
        key = fold(text)
        if key in self.labels:
            return self.labels[key]
        if key in self.not_applicable:
            return NOT_APPLICABLE
        return None

    def read(self, raw: object) -> tuple[int, bool]:
        """The code of one cell, and whether it was read only after cleaning its text."""
        text = "" if raw is None or (isinstance(raw, float) and np.isnan(raw)) else str(raw)
        text = text.strip()
        if not text:
            return BLANK, False
        if text in self.exact:
            return self.exact[text], False
        label = self._label(text)
        if label is not None:
            return label, True
        if _NUMBER.match(text):
            return self.positions.get(int(float(text)), OUT_OF_RANGE), False
        if _DECIMAL.match(text):
            return OUT_OF_RANGE, False
        return self._decorated(text), False

    def _decorated(self, text: str) -> int:
        """A label or number with decoration: a known label decides, else the number."""
        for pattern, words, digits in ((_NUMBER_FIRST, 2, 1), (_NUMBER_LAST, 1, 2)):
            match = pattern.match(text)
            if match:
                label = self._label(match.group(words))
                if label is None:
                    label = self.positions.get(int(match.group(digits)))
                if label is not None:
                    return label
        return UNKNOWN

    def code(self, raw: object) -> int:
        """The code of one cell: a position 1..k, NOT_APPLICABLE, BLANK, UNKNOWN or
        OUT_OF_RANGE."""
        return self.read(raw)[0]


def Scale(instrument: Instrument | InstrumentScale) -> AnswerScale:  # noqa: N802
    """The answer lookup of an instrument's own scale (or of any scale)."""
    scale = instrument.scale if isinstance(instrument, Instrument) else instrument
    return AnswerScale(scale)


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


@dataclass(frozen=True)
class Block:
    """A block of answer cells read: codes (rows x columns), cells that failed, and per
    column how many cells were read only after cleaning their text."""

    codes: np.ndarray
    problems: list[Problem]
    cleaned: np.ndarray


def read_block(block: pd.DataFrame, headers: list[str], scale: AnswerScale, fmt: str = "") -> Block:
    """Read a block of answer cells on one scale.

    Vectorised: each distinct cell text is interpreted once, then codes are laid out by index.
    """
    if block.shape[1] == 0:
        empty = np.empty((len(block), 0), dtype=np.int8)
        return Block(empty, [], np.zeros(0, dtype=np.int64))
    # Column by column: factorising Arrow-backed text is fast, while the whole block as Python
    # objects costs ten times as much. ``positions`` numbers each cell's distinct text.
    numbered: dict[object, int] = {}
    positions = np.empty(block.shape, dtype=np.int64)
    for column in range(block.shape[1]):
        index, found = pd.factorize(block.iloc[:, column], use_na_sentinel=False)
        ids = np.array([numbered.setdefault(text, len(numbered)) for text in found], dtype=np.int64)
        positions[:, column] = ids[index]
    uniques = list(numbered)
    read = [scale.read(u) for u in uniques]
    lookup = np.array([code for code, _ in read], dtype=np.int8)
    codes = lookup[positions]
    tidied = np.array([was_cleaned for _, was_cleaned in read], dtype=bool)
    cleaned = tidied[positions].sum(axis=0).astype(np.int64)
    problems = []
    bad = np.flatnonzero((lookup == UNKNOWN) | (lookup == OUT_OF_RANGE))
    for u in bad:
        counts = (positions == u).sum(axis=0)
        value = str(uniques[u]).strip()
        kind = "unknown" if lookup[u] == UNKNOWN else "out of range"
        for column in np.flatnonzero(counts):
            problems.append(
                Problem(
                    headers[column],
                    value,
                    int(counts[column]),
                    kind,
                    _hint(value, fmt),
                    scale.expected,
                )
            )
    problems.sort(key=lambda p: (headers.index(p.column), -p.count, p.value))
    return Block(codes, problems, cleaned)


def score_block(
    block: pd.DataFrame, headers: list[str], scale: AnswerScale, fmt: str = ""
) -> tuple[np.ndarray, list[Problem]]:
    """Codes for a block of answer cells (rows x item columns), and the cells that failed."""
    found = read_block(block, headers, scale, fmt)
    return found.codes, found.problems


@dataclass(frozen=True)
class ItemBlock(Block):
    """A block of item columns, each on its own item's scale. ``values[c, p]`` is the score
    of position p (1..k) in column c, so scores are ``values[c, codes[r, c]]``."""

    values: np.ndarray

    def scores(self, columns: np.ndarray, codes: np.ndarray) -> np.ndarray:
        """The scores of positions (codes >= 1) in the given columns."""
        return self.values[columns, codes]


def read_items(
    block: pd.DataFrame, headers: list[str], scales: list[InstrumentScale], fmt: str = ""
) -> ItemBlock:
    """Read item columns, each on its own scale; columns sharing a scale are read together."""
    width = block.shape[1]
    codes = np.empty(block.shape, dtype=np.int8)
    cleaned = np.zeros(width, dtype=np.int64)
    values = np.zeros((width, MAX_POSITIONS + 1), dtype=np.int8)
    problems: list[Problem] = []
    groups: dict[tuple, list[int]] = {}
    for column, scale in enumerate(scales):
        key = (tuple(scale.labels), scale.scores, tuple(scale.not_applicable))
        groups.setdefault(key, []).append(column)
        values[column, 1 : scale.points + 1] = scale.scores
    for columns in groups.values():
        scale = scales[columns[0]]
        part = block if len(groups) == 1 else block.iloc[:, columns]  # one scale: no copy
        found = read_block(part, [headers[c] for c in columns], AnswerScale(scale), fmt)
        codes[:, columns] = found.codes
        cleaned[columns] = found.cleaned
        problems += found.problems
    problems.sort(key=lambda p: (headers.index(p.column), -p.count, p.value))
    return ItemBlock(codes, problems, cleaned, values)


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
