"""The common shape of one round's responses, between the importers and the store."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from carenet_dash.instrument import Instrument

RESPONDENT_COLUMNS = ["source_hash"]
ANSWER_COLUMNS = ["row", "item_id", "score", "not_applicable"]
COMMENT_COLUMNS = ["row", "question_id", "text"]


@dataclass(frozen=True)
class Responses:
    """One round as importers produce it and the store takes it.

    respondents: one row per kept respondent, index 0..n-1 (the "row" other frames refer to),
        column ``source_hash`` (salted hash or None) and one column per segment id (str or NA).
    answers: long, columns row, item_id, score (raw as given, on the item's scale: 1..5,
        0..10..., NA when not applicable),
        not_applicable (bool). Missing answers are simply absent.
    comments: columns row, question_id, text.
    """

    respondents: pd.DataFrame
    answers: pd.DataFrame
    comments: pd.DataFrame

    @property
    def respondent_count(self) -> int:
        return len(self.respondents)

    def validate(self, instrument: Instrument) -> None:
        """Check the frames fit the instrument; a failure here is a bug in an importer."""
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
            codes = pd.Categorical(given["item_id"], categories=ids).codes
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
        rows = set(self.respondents.index)
        for name, frame in (("answers", self.answers), ("comments", self.comments)):
            orphans = set(frame["row"].unique()) - rows
            if orphans:
                raise ValueError(f"{name} refer to rows with no respondent: {sorted(orphans)[:5]}")
        if self.answers.duplicated(["row", "item_id"]).any():
            raise ValueError("a respondent has two answers to the same item")
        questions = {q.id for q in instrument.open_questions}
        unknown_questions = set(self.comments["question_id"].unique()) - questions
        if unknown_questions:
            raise ValueError(f"comments for unknown questions: {sorted(unknown_questions)}")


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
