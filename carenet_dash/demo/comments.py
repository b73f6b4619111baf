"""The comments demo members write: sentences from the comment bank (comment_bank.toml), their
tone following each respondent's own views and the network's story."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from carenet_dash.demo.story import Plan

# A line of the bank is plain text, or (text, first round it may appear in, member types who
# could plausibly write it): see comment_bank.toml.
Line = str | tuple[str, int, tuple[str, ...]]
ANY = "any"
POS, NEG = "pos", "neg"
BANK_FILE = Path(__file__).with_name("comment_bank.toml")


@dataclass(frozen=True)
class Bank:
    """The comment bank as loaded: lines by use, in the file's order."""

    neutral: list[Line]
    impact_none: list[Line]
    overall: dict[str, dict[str, dict[str, list[Line]]]]  # who -> dimension -> polarity
    suggestions: dict[str, dict[str, list[Line]]]  # open question -> who
    impact_examples: dict[str, list[Line]]  # network key


def _line(entry: str | dict) -> Line:
    if isinstance(entry, str):
        return entry
    return (entry["text"], int(entry.get("from_round", 0)), tuple(entry.get("who", ())))


def _lines(entries: list) -> list[Line]:
    return [_line(entry) for entry in entries]


@functools.cache
def bank() -> Bank:
    """The comment bank, read once from comment_bank.toml."""
    raw = tomllib.loads(BANK_FILE.read_text(encoding="utf-8"))
    return Bank(
        neutral=_lines(raw["neutral"]),
        impact_none=_lines(raw["impact_none"]),
        overall={
            who: {
                dimension: {polarity: _lines(found) for polarity, found in by_polarity.items()}
                for dimension, by_polarity in by_dimension.items()
            }
            for who, by_dimension in raw["overall"].items()
        },
        suggestions={
            question: {who: _lines(found) for who, found in by_who.items()}
            for question, by_who in raw["suggestions"].items()
        },
        impact_examples={key: _lines(found) for key, found in raw["impact_examples"].items()},
    )


def comment_bank() -> list[str]:
    """Every sentence a demo comment can be made of (for checking the bank's size and tone)."""
    lines: list[Line] = [*bank().neutral, *bank().impact_none]
    for by_dimension in bank().overall.values():
        for by_polarity in by_dimension.values():
            for found in by_polarity.values():
                lines.extend(found)
    for by_network in bank().suggestions.values():
        for found in by_network.values():
            lines.extend(found)
    for found in bank().impact_examples.values():
        lines.extend(found)
    return sorted({_text(line) for line in lines})


def _text(line: Line) -> str:
    return line if isinstance(line, str) else line[0]


def _fits(line: Line, round_index: int, member_type: str | None) -> bool:
    if isinstance(line, str):
        return True
    _, first_round, who = line
    return round_index >= first_round and (not who or member_type in who)


class Picker:
    """Draws sentences for one round, avoiding repeats until a pool runs out."""

    def __init__(self, rng: np.random.Generator, round_index: int) -> None:
        self.rng = rng
        self.round_index = round_index
        self.used: set[str] = set()

    def pick(self, lines: Sequence[Line], member_type: str | None) -> str | None:
        pool = [_text(line) for line in lines if _fits(line, self.round_index, member_type)]
        if not pool:
            return None
        fresh = [text for text in pool if text not in self.used] or pool
        chosen = fresh[int(self.rng.integers(len(fresh)))]
        self.used.add(chosen)
        return chosen


def polarity_of(text: str, network_key: str, dimension_id: str) -> str | None:
    """Whether a bank sentence praises ("pos") or criticises ("neg") a dimension, else None."""
    for key in (ANY, network_key):
        by_polarity = bank().overall.get(key, {}).get(dimension_id, {})
        for polarity, lines in by_polarity.items():
            if text in {_text(line) for line in lines}:
                return polarity
    return None


def write_comments(
    plan: Plan,
    round_index: int,
    *,
    latent: np.ndarray,
    dimension_ids: list[str],
    member: np.ndarray,
    partial: set[int],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Comments whose tone follows each respondent's own views, leaning on the network's story."""
    picker = Picker(rng, round_index)
    overall_rate = rng.uniform(0.32, 0.48)
    boost = np.array([2.5 if d in plan.story else 1.0 for d in dimension_ids])
    impact = dimension_ids.index("impact")
    rows: list[tuple[int, str, str]] = []
    # The partial respondents left before the open questions.
    finished = np.array([row for row in range(latent.shape[0]) if row not in partial])
    overall = set(
        rng.choice(finished, size=round(overall_rate * len(finished)), replace=False).tolist()
    )
    for row in finished.tolist():
        who = member[row]
        views = latent[row]
        if row in overall:
            wants = 2 if rng.random() < 0.25 else 1
            sentences = [
                _overall_sentence(
                    plan,
                    views=views,
                    dimension_ids=dimension_ids,
                    boost=boost,
                    who=who,
                    picker=picker,
                    rng=rng,
                )
                for _ in range(wants)
            ]
            text = " ".join(dict.fromkeys(s for s in sentences if s))
            if text:
                rows.append((row, "comments", text))
        for question_id in ("trust_comments", "resources_comments"):
            if rng.random() < 0.15:
                asked = bank().suggestions[question_id]
                text = picker.pick([*asked[ANY], *asked.get(plan.key, [])], who)
                if text:
                    rows.append((row, question_id, text))
        if rng.random() < 0.15:
            lines = bank().impact_examples[plan.key] if views[impact] >= 3.0 else bank().impact_none
            text = picker.pick(lines, who)
            if text:
                rows.append((row, "impact_comments", text))
    return pd.DataFrame(
        {
            "row": pd.Series([r[0] for r in rows], dtype="int64"),
            "question_id": pd.Series([r[1] for r in rows], dtype="str"),
            "text": pd.Series([r[2] for r in rows], dtype="str"),
        }
    )


def _overall_sentence(
    plan: Plan,
    *,
    views: np.ndarray,
    dimension_ids: list[str],
    boost: np.ndarray,
    who: str | None,
    picker: Picker,
    rng: np.random.Generator,
) -> str | None:
    # People write about what they feel most strongly about, and the story's themes are what
    # everyone is talking about this year.
    weight = (np.abs(views - 3.25) + 0.05) * boost
    dimension = int(rng.choice(len(dimension_ids), p=weight / weight.sum()))
    view = views[dimension]
    if view >= 3.5:
        polarity = POS
    elif view <= 3.0:
        polarity = NEG
    else:
        return picker.pick(bank().neutral, who)
    dimension_id = dimension_ids[dimension]
    lines = [
        *bank().overall[ANY].get(dimension_id, {}).get(polarity, []),
        *bank().overall[plan.key].get(dimension_id, {}).get(polarity, []),
    ]
    return picker.pick(lines, who) or picker.pick(bank().neutral, who)
