"""Columns to the instrument: items, segments and open questions, by id, text, then similarity."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from carenet_dash.errors import ImportRefused, NotFound
from carenet_dash.importers.frame import ANSWER, SourceColumn, fold
from carenet_dash.importers.relations import column_shape
from carenet_dash.instrument import Instrument

ITEM = "item"
SEGMENT = "segment"
OPEN_QUESTION = "open_question"
RELATIONS = "relations"  # the relations question: one column, or a block (several feed it)
IGNORE = "ignore"

# A unique match this similar is taken as it is; weaker ones down to SUGGEST are offered to
# the user to confirm; below SUGGEST a column is left unused.
ACCEPT = 0.9
SUGGEST = 0.6
# The most rough matches a person is asked to confirm one by one (a selectbox each); a file with
# more is refused as a whole, with what to change.
MAX_TO_CONFIRM = 50

# How a column was matched, strongest first.
BY_SAVED = "saved"  # a mapping confirmed for this network before
BY_CHOICE = "chosen"  # chosen by the user just now
BY_ID = "id"
BY_TEXT = "text"
BY_SIMILARITY = "similarity"
UNMATCHED = "none"

_BRACKETED = re.compile(r"\[([^\[\]]+)\]\s*$")


@dataclass(frozen=True)
class Target:
    """What a column feeds: an item, a segment, an open question, or nothing (ignore)."""

    kind: str
    id: str | None = None

    def describe(self, instrument: Instrument) -> str:
        if self.kind == ITEM and self.id in instrument.items:
            return f"item {self.id}: {instrument.items[self.id].text}"
        if self.kind == SEGMENT:
            return f"segment {self.id}: {instrument.segment(self.id or '').question}"
        if self.kind == OPEN_QUESTION:
            question = next(q for q in instrument.open_questions if q.id == self.id)
            return f"comment {self.id}: {question.question}"
        if self.kind == RELATIONS and instrument.relations_question is not None:
            return f"relations {self.id}: {instrument.relations_question.question}"
        return "not used"


NOT_USED = Target(IGNORE)


@dataclass(frozen=True)
class ColumnMatch:
    """One answer column and the target it matched (or was offered), how, and how surely."""

    position: int
    header: str
    target: Target | None
    method: str
    confidence: float
    accepted: bool

    @property
    def needs_confirmation(self) -> bool:
        return not self.accepted and self.target is not None and self.target.kind != IGNORE

    @property
    def used(self) -> Target | None:
        """The target this column feeds as things stand (None when unused or unconfirmed)."""
        if self.accepted and self.target is not None and self.target.kind != IGNORE:
            return self.target
        return None


@dataclass(frozen=True)
class ColumnMapping:
    """Every answer column of an export matched against one instrument."""

    instrument: Instrument
    columns: tuple[ColumnMatch, ...]

    def uncertain(self) -> list[ColumnMatch]:
        return [c for c in self.columns if c.needs_confirmation]

    def used(self, kind: str) -> dict[str, int]:
        """Target id -> column position, for the accepted targets of one kind (see
        ``positions`` for the relations question, which a block of columns may feed)."""
        return {c.used.id: c.position for c in self.columns if c.used and c.used.kind == kind}  # type: ignore[misc]

    def positions(self, kind: str) -> list[int]:
        """Every accepted column feeding a target of one kind, in the file's order."""
        return [c.position for c in self.columns if c.used and c.used.kind == kind]

    def clashes(self) -> dict[Target, list[str]]:
        """Targets that two or more accepted columns feed, with those columns' headers."""
        by_target: dict[Target, list[str]] = defaultdict(list)
        for column in self.columns:
            if column.used is not None and column.used.kind != RELATIONS:
                by_target[column.used].append(column.header)
        return {t: headers for t, headers in by_target.items() if len(headers) > 1}

    def missing_items(self) -> list[str]:
        found = self.used(ITEM)
        return [item_id for item_id in self.instrument.items if item_id not in found]

    @property
    def strength(self) -> float:
        """How well the export fits the instrument: items matched, unconfirmed ones half."""
        return sum(
            1.0 if c.accepted else 0.5
            for c in self.columns
            if c.target is not None and c.target.kind == ITEM
        )


@dataclass(frozen=True)
class _Targets:
    by_id: dict[str, Target]
    by_text: dict[str, Target]
    texts: tuple[tuple[Target, str], ...]


_TARGETS: dict[str, _Targets] = {}


def _targets(instrument: Instrument) -> _Targets:
    # Keyed by content hash: instruments are unhashable models, and a snapshot may differ.
    cached = _TARGETS.get(instrument.sha256)
    if cached is None:
        cached = _TARGETS[instrument.sha256] = _build_targets(instrument)
    return cached


def _build_targets(instrument: Instrument) -> _Targets:
    entries: list[tuple[Target, str]] = []
    entries += [(Target(ITEM, i.id), i.text) for i in instrument.items.values()]
    entries += [(Target(SEGMENT, s.id), s.question) for s in instrument.segments]
    entries += [(Target(OPEN_QUESTION, q.id), q.question) for q in instrument.open_questions]
    entries += [(Target(RELATIONS, q.id), q.question) for q in instrument.relations]
    by_id = {target.id.casefold(): target for target, _ in entries if target.id}
    texts = tuple((target, fold(text)) for target, text in entries)
    return _Targets(by_id=by_id, by_text={text: t for t, text in texts}, texts=texts)


def candidates(header: str) -> list[str]:
    """The texts a header may stand for: itself, and the statement after a matrix stem
    (`Stem - Statement`, `Stem [Statement]`)."""
    found = [fold(header)]
    bracketed = _BRACKETED.search(header)
    if bracketed:
        found.append(fold(bracketed.group(1)))
    full = found[0]
    start = full.find(" - ")
    while start != -1:
        found.append(full[start + 3 :])
        start = full.find(" - ", start + 1)
    return [text for text in dict.fromkeys(found) if text]


def _similarity(texts: list[str], target_text: str) -> float:
    best = 0.0
    for text in texts:
        # rapidfuzz's ratio (a longest common subsequence, in C) is never below difflib's
        # (whose matching blocks are one common subsequence), so it skips, in about a
        # microsecond, every pair that cannot reach SUGGEST. difflib still gives the score, so
        # matches are what they were; thousands of near-matching headers take a second, not a
        # minute (difflib's own quick_ratio lets most sentences of a similar length through).
        if fuzz.ratio(text, target_text, score_cutoff=SUGGEST * 100 - 1e-6) == 0:
            continue
        matcher = difflib.SequenceMatcher(None, text, target_text, autojunk=False)
        best = max(best, matcher.ratio())
    return best


def _exact(column: SourceColumn, targets: _Targets) -> ColumnMatch | None:
    for name in (column.header, *column.names):
        target = targets.by_id.get(name.strip().casefold())
        if target is not None:
            return ColumnMatch(column.position, column.header, target, BY_ID, 1.0, True)
    for text in candidates(column.header):
        if text in targets.by_text:
            target = targets.by_text[text]
            return ColumnMatch(column.position, column.header, target, BY_TEXT, 1.0, True)
    return None


def _relations(column: SourceColumn, instrument: Instrument) -> ColumnMatch | None:
    """A column of the relations question: its whole answer, or one organisation's column of
    its block (a block's columns all feed the question)."""
    question = instrument.relations_question
    if question is None or column_shape(column.header, question) is None:
        return None
    target = Target(RELATIONS, question.id)
    return ColumnMatch(column.position, column.header, target, BY_TEXT, 1.0, True)


def _similar(
    column: SourceColumn, targets: _Targets, taken: set[Target], skip: bool = False
) -> ColumnMatch:
    """The closest target by text similarity, leaving out targets matched exactly already."""
    texts = candidates(column.header)
    scored = sorted(
        (
            (_similarity(texts, text), target)
            for target, text in targets.texts
            if target not in taken and not skip
        ),
        key=lambda pair: -pair[0],
    )
    best, target = scored[0] if scored else (0.0, None)
    if best < SUGGEST or target is None:
        return ColumnMatch(column.position, column.header, None, UNMATCHED, round(best, 3), False)
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    accepted = best >= ACCEPT and runner_up < ACCEPT
    return ColumnMatch(
        column.position, column.header, target, BY_SIMILARITY, round(best, 3), accepted
    )


def _settle_clashes(matches: list[ColumnMatch]) -> list[ColumnMatch]:
    """Where automatic matches compete for one target, only a single strongest keeps it."""
    by_target: dict[Target, list[int]] = defaultdict(list)
    for position, match in enumerate(matches):
        if (
            match.target is not None
            and match.target.kind != RELATIONS
            and match.method in (BY_ID, BY_TEXT, BY_SIMILARITY)
        ):
            by_target[match.target].append(position)
    for positions in by_target.values():
        if len(positions) < 2:
            continue
        ranked = sorted(positions, key=lambda p: -matches[p].confidence)
        top, second = matches[ranked[0]].confidence, matches[ranked[1]].confidence
        keep = ranked[0] if top > second else None
        for p in positions:
            if p != keep:
                matches[p] = replace(matches[p], accepted=False)
    return matches


def match_columns(
    columns: Sequence[SourceColumn],
    instrument: Instrument,
    *,
    saved: MappingType[str, Target] | None = None,
    chosen: MappingType[str, Target] | None = None,
    exact_only: bool = False,
) -> ColumnMapping:
    """Match every answer column to the instrument.

    ``chosen`` (the user's choices now) and ``saved`` (confirmed for this network before) are
    keyed by header and win over anything automatic. ``exact_only`` skips the similarity step
    (a quick first look when choosing between instruments).
    """
    targets = _targets(instrument)
    valid = {t for t, _ in targets.texts} | {NOT_USED}
    answer_columns = [c for c in columns if c.role == ANSWER]
    found: list[ColumnMatch | None] = []
    for column in answer_columns:
        for decisions, method in ((chosen, BY_CHOICE), (saved, BY_SAVED)):
            if decisions and column.header in decisions and decisions[column.header] in valid:
                target = decisions[column.header]
                found.append(ColumnMatch(column.position, column.header, target, method, 1.0, True))
                break
        else:
            found.append(_exact(column, targets) or _relations(column, instrument))
    # Similarity is slow (difflib), so only columns with no exact match pay for it.
    taken = {m.target for m in found if m is not None and m.target is not None}
    matches = [
        m if m is not None else _similar(column, targets, taken, skip=exact_only)
        for m, column in zip(found, answer_columns, strict=True)
    ]
    return ColumnMapping(instrument=instrument, columns=tuple(_settle_clashes(matches)))


def choose_instrument(
    columns: Sequence[SourceColumn],
    instruments: MappingType[str, Instrument],
    saved: MappingType[str, MappingType[str, Target]] | None = None,
    chosen: MappingType[str, Target] | None = None,
) -> list[ColumnMapping]:
    """Every instrument's mapping of the columns, best fit first.

    Instruments are first ranked on exact matches alone; similarity is then worked out for the
    leaders only (or for all of them when nothing matches exactly), as it is the slow part.
    """
    saved = saved or {}

    def mapping(instrument_id: str, exact_only: bool) -> ColumnMapping:
        return match_columns(
            columns,
            instruments[instrument_id],
            saved=saved.get(instrument_id),
            chosen=chosen,
            exact_only=exact_only,
        )

    quick = {instrument_id: mapping(instrument_id, True) for instrument_id in sorted(instruments)}
    top = max((m.strength for m in quick.values()), default=0.0)
    leaders = [i for i, m in quick.items() if m.strength == top] if top > 0 else list(quick)
    full = {instrument_id: mapping(instrument_id, False) for instrument_id in leaders}
    ranked = [full.get(i, m) for i, m in quick.items()]
    return sorted(ranked, key=lambda m: -m.strength)


# --- confirmations given on the command line (--map "HEADER=ITEM_ID") -------------------------

IGNORE_WORDS = ("ignore", "-")  # --map "HEADER=ignore": leave that column out


def _target_of(target_id: str, instrument: Instrument) -> Target | None:
    if target_id.casefold() in IGNORE_WORDS:
        return NOT_USED
    if target_id in instrument.items:
        return Target(ITEM, target_id)
    if any(s.id == target_id for s in instrument.segments):
        return Target(SEGMENT, target_id)
    if any(q.id == target_id for q in instrument.open_questions):
        return Target(OPEN_QUESTION, target_id)
    if any(q.id == target_id for q in instrument.relations):
        return Target(RELATIONS, target_id)
    return None


def _column_of(header: str, headers: list[str]) -> str | None:
    if header in headers:
        return header
    folded = [h for h in headers if fold(h) == fold(header)]
    return folded[0] if len(folded) == 1 else None


def resolve_confirmations(
    columns: Sequence[SourceColumn],
    pairs: Sequence[tuple[str, str]],
    instruments: MappingType[str, Instrument],
    instrument_id: str | None,
    saved: MappingType[str, MappingType[str, Target]] | None = None,
) -> tuple[str, dict[str, Target]]:
    """Confirmed columns as chosen targets, and the instrument they belong to.

    Without an instrument named, the best-fitting instrument that has every target named is
    used. A header may be given as the file has it, or differing only in case, spacing or
    quotes. Refused (ImportRefused naming the --map given): a column the file does not have,
    a target the instrument does not have.
    """
    if instrument_id is not None and instrument_id not in instruments:
        known = ", ".join(sorted(instruments))
        raise NotFound(f"no instrument {instrument_id!r}; available: {known}")
    headers = [c.header for c in columns if c.role == ANSWER]
    given: list[tuple[str, str]] = []  # (the file's column, target id)
    for header, target_id in pairs:
        column = _column_of(header, headers)
        if column is None:
            shown = ", ".join(repr(h[:50]) for h in headers[:6])
            raise ImportRefused(
                f"--map {header}={target_id}: the file has no answer column {header!r} (its "
                f"columns include {shown}); copy the header exactly as the report shows it"
            )
        given.append((column, target_id))
    if instrument_id is None:
        ranked = choose_instrument(columns, instruments, saved=saved)
        fitting = [
            m.instrument.id for m in ranked if all(_target_of(t, m.instrument) for _, t in given)
        ]
        if not fitting:
            names = ", ".join(repr(t) for _, t in given)
            raise ImportRefused(
                f"--map: no instrument has every target named ({names}); check the ids, or "
                "name the instrument with --instrument"
            )
        instrument_id = fitting[0]
    instrument = instruments[instrument_id]
    resolved = {}
    for column, target_id in given:
        target = _target_of(target_id, instrument)
        if target is None:
            items = ", ".join(list(instrument.items)[:8])
            raise ImportRefused(
                f"--map {column}={target_id}: instrument {instrument.id!r} has no item, segment "
                f"or open question {target_id!r} (its items include {items}); use an id from "
                f"`instrument show {instrument.id}`, or 'ignore' to leave the column out"
            )
        resolved[column] = target
    return instrument_id, resolved
