"""The common shape of one round's responses, between the importers and the store."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from carenet_dash.instrument import Instrument

RESPONDENT_COLUMNS = ["source_hash"]
ANSWER_COLUMNS = ["row", "item_id", "score", "not_applicable"]
COMMENT_COLUMNS = ["row", "question_id", "text"]
TIE_COLUMNS = ["row", "organisation"]


def empty_ties() -> pd.DataFrame:
    return pd.DataFrame({"row": pd.Series(dtype="int64"), "organisation": pd.Series(dtype="str")})


@dataclass(frozen=True)
class Responses:
    """One round as importers produce it and the store takes it.

    respondents: one row per kept respondent, index 0..n-1 (the "row" other frames refer to),
        column ``source_hash`` (salted hash or None) and one column per segment id (str or NA).
    answers: long, columns row, item_id, score (raw as given, on the item's scale: 1..5,
        0..10..., NA when not applicable),
        not_applicable (bool). Missing answers are simply absent.
    comments: columns row, question_id, text.
    ties: columns row, organisation: each member organisation a respondent named for the
        instrument's relations question (its name as the network's list spells it).
    """

    respondents: pd.DataFrame
    answers: pd.DataFrame
    comments: pd.DataFrame
    ties: pd.DataFrame = field(default_factory=empty_ties)

    @property
    def respondent_count(self) -> int:
        return len(self.respondents)

    @cached_property
    def row_hashes(self) -> pd.Series:
        """A 16-hex-digit hash of each response's content (answers, segments, comments), by
        row. The same response re-saved (line endings, CSV or XLSX, column order, encoding)
        hashes the same: it is taken from the scores and texts read, not from the file."""
        return _row_hashes(self)

    @cached_property
    def fingerprint(self) -> str:
        """One hash of all the responses, whatever their order: the same round re-saved in
        another file gives the same fingerprint."""
        items = sorted(self.answers["item_id"].unique().tolist())
        hashes = np.sort(np.array([int(h, 16) for h in self.row_hashes], dtype=np.uint64))
        digest = hashlib.sha256(f"responses-v1|{'|'.join(items)}|".encode())
        digest.update(hashes.tobytes())
        return digest.hexdigest()

    def validate(self, instrument: Instrument) -> None:
        """Check the frames fit the instrument; a failure here is a bug in an importer.

        Checked once per instrument: the preview checks, and the store's write, handed the
        same responses, does not pay for a second pass over 300,000 answers."""
        if self.__dict__.get("_fits") is instrument:
            return
        self._check(instrument)
        # Frozen dataclass: remembered beside the cached properties, not as a field.
        object.__setattr__(self, "_fits", instrument)

    def _check(self, instrument: Instrument) -> None:
        # unique() first: iterating 300,000 Arrow-backed strings one by one takes half a second.
        unknown_items = set(self.answers["item_id"].unique()) - set(instrument.items)
        if unknown_items:
            raise ValueError(f"answers for items not in {instrument.id}: {sorted(unknown_items)}")
        given = self.answers.loc[self.answers["score"].notna(), ["item_id", "score"]]
        if len(given):
            # Vectorised through the items' category codes: one check, not one per answer.
            ids = list(instrument.items)
            scales = [instrument.item_scales[i] for i in ids]
            low = np.array([s.low for s in scales])
            high = np.array([s.high for s in scales])
            step = np.array([max(1, (s.high - s.low) // max(1, s.points - 1)) for s in scales])
            codes = _codes(given["item_id"], ids)
            score = given["score"].to_numpy(dtype="int64")
            bad = (
                (score < low[codes])
                | (score > high[codes])
                | ((score - low[codes]) % step[codes] != 0)
            )
            if bad.any():
                first = int(np.flatnonzero(bad)[0])
                item_id = ids[codes[first]]
                raise ValueError(
                    f"score {score[first]} of {item_id} is not on its scale "
                    f"{list(instrument.item_scales[item_id].scores)}"
                )
        segment_ids = {s.id for s in instrument.segments}
        extra = set(self.respondents.columns) - segment_ids - set(RESPONDENT_COLUMNS)
        if extra:
            raise ValueError(f"respondent columns not in {instrument.id}: {sorted(extra)}")
        if not self.respondents.index.equals(pd.RangeIndex(len(self.respondents))):
            raise ValueError("respondents must be indexed by row, 0 to n-1")
        rows = set(self.respondents.index)
        if len(self.ties) and instrument.relations_question is None:
            raise ValueError(f"ties for {instrument.id}, which asks no relations question")
        if self.ties.duplicated(TIE_COLUMNS).any():
            raise ValueError("a respondent names the same organisation twice")
        for name, frame in (
            ("answers", self.answers),
            ("comments", self.comments),
            ("ties", self.ties),
        ):
            orphans = set(frame["row"].unique()) - rows
            if orphans:
                raise ValueError(f"{name} refer to rows with no respondent: {sorted(orphans)[:5]}")
        if self.answers.duplicated(["row", "item_id"]).any():
            raise ValueError("a respondent has two answers to the same item")
        questions = {q.id for q in instrument.open_questions}
        unknown_questions = set(self.comments["question_id"].unique()) - questions
        if unknown_questions:
            raise ValueError(f"comments for unknown questions: {sorted(unknown_questions)}")


def _codes(item_ids: pd.Series, ids: list[str]) -> np.ndarray:
    """Each answer's position in ``ids`` (all known): factorized, as strings are slow to look
    up one by one."""
    codes, found = pd.factorize(item_ids)
    position = {item_id: i for i, item_id in enumerate(ids)}
    return np.array([position[str(i)] for i in found], dtype=np.int64)[codes]


_NO_ANSWER = -1000  # outside every scale's values (-100..100)
_NOT_APPLICABLE = -999


def _row_hashes(responses: Responses) -> pd.Series:
    people = responses.respondents
    n = len(people)
    answers = responses.answers
    # Vectorised: a respondents x items matrix of scores (items in id order, whatever the
    # file's column order), hashed row by row by pandas.
    codes, found = pd.factorize(answers["item_id"])
    items = sorted(str(i) for i in found)
    rank = np.empty(len(found), dtype=np.int64)
    rank[np.argsort(np.asarray(found, dtype=object))] = np.arange(len(found))
    matrix = np.full((n, len(items)), _NO_ANSWER, dtype=np.int16)
    if len(answers):
        codes = rank[codes]
        scores = answers["score"].to_numpy(dtype="float64", na_value=np.nan)
        given = np.where(np.isnan(scores), _NOT_APPLICABLE, scores).astype(np.int16)
        matrix[answers["row"].to_numpy(dtype="int64"), codes] = given
    columns: dict[str, object] = {f"item:{item}": matrix[:, j] for j, item in enumerate(items)}
    for segment in sorted(c for c in people.columns if c not in RESPONDENT_COLUMNS):
        values = people[segment].astype("object")
        columns[f"segment:{segment}"] = values.where(values.notna(), "").astype(str).to_numpy()
    comments = responses.comments
    for question in sorted(comments["question_id"].unique().tolist()):
        mine = comments[comments["question_id"] == question]
        # Whitespace set aside: a spreadsheet may rewrite line breaks inside a cell.
        texts = [" ".join(text.split()) for text in mine["text"].astype(str).tolist()]
        column = np.full(n, "", dtype=object)
        column[mine["row"].to_numpy(dtype="int64")] = texts
        columns[f"comment:{question}"] = column
    ties = responses.ties
    if len(ties):  # only then, so rounds without ties keep the hashes they were stored with
        named = np.full(n, "", dtype=object)
        # Each row's organisations in sorted order, joined: one sort of (row, name) pairs
        # rather than a pandas group per respondent.
        rows, names = ties["row"].astype("int64").tolist(), ties["organisation"].tolist()
        pairs = sorted(zip(rows, names, strict=True))
        for row, group in itertools.groupby(pairs, key=lambda pair: pair[0]):
            named[row] = "\x1f".join(name for _, name in group)
        columns["ties"] = named
    if not columns:
        return pd.Series([], dtype="str", index=people.index)
    hashed = pd.util.hash_pandas_object(pd.DataFrame(columns), index=False).to_numpy()
    # Big-endian bytes in hex, cut every 16 digits: each hash as format(h, "016x") spells it.
    digits = hashed.astype(">u8").tobytes().hex()
    return pd.Series(
        [digits[i : i + 16] for i in range(0, len(digits), 16)], index=people.index, dtype="str"
    )


def empty_answers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": pd.Series(dtype="int64"),
            "item_id": pd.Series(dtype="str"),
            "score": pd.Series(dtype="Int8"),
            "not_applicable": pd.Series(dtype="bool"),
        }
    )


def empty_comments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": pd.Series(dtype="int64"),
            "question_id": pd.Series(dtype="str"),
            "text": pd.Series(dtype="str"),
        }
    )
