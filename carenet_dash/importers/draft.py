"""Draft an instrument from a survey export: rating questions and their scales, dimensions by
question stem, segments and open questions, personal columns left out.

    draft = draft_instrument(data, "responses.csv")
    draft.instrument          # a valid Instrument that imports the file it came from
    draft.toml()              # the file a lead checks, edits and adds to the store

The draft is a starting point: which answers are the low end of a scale, which statements
belong together and which are worded negatively are the lead's to confirm.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from carenet_dash.errors import ImportRefused, InstrumentError
from carenet_dash.importers import Export, read_export
from carenet_dash.importers.frame import ANSWER, fold
from carenet_dash.importers.values import _NUMBER_FIRST, _NUMBER_LAST, NA_VARIANTS
from carenet_dash.instrument import MAX_POINTS, Instrument, parse_instrument
from carenet_dash.instrument_toml import instrument_toml

# Label orders a rating question may use, lowest first. Each level: the label as written in a
# draft, then other wordings of the same level.
FAMILIES: dict[str, list[tuple[str, ...]]] = {
    "agreement": [
        ("Strongly disagree",),
        ("Disagree", "Somewhat disagree", "Tend to disagree", "Mostly disagree"),
        ("Neither agree nor disagree", "Neither agree or disagree", "Neutral", "Undecided"),
        ("Agree", "Somewhat agree", "Tend to agree", "Mostly agree"),
        ("Strongly agree",),
    ],
    "agreement (7 points)": [
        ("Strongly disagree",),
        ("Disagree",),
        ("Somewhat disagree", "Slightly disagree"),
        ("Neither agree nor disagree", "Neither agree or disagree", "Neutral"),
        ("Somewhat agree", "Slightly agree"),
        ("Agree",),
        ("Strongly agree",),
    ],
    "agreement (4 points)": [
        ("Strongly disagree",),
        ("Disagree", "Tend to disagree", "Somewhat disagree"),
        ("Agree", "Tend to agree", "Somewhat agree"),
        ("Strongly agree",),
    ],
    "frequency": [
        ("Never",),
        ("Rarely", "Seldom"),
        ("Sometimes", "Occasionally"),
        ("Often", "Usually", "Frequently", "Very often", "Most of the time"),
        ("Always",),
    ],
    "relevance": [
        ("Not relevant", "Not at all relevant", "Irrelevant"),
        ("Slightly relevant", "A little relevant", "Somewhat relevant"),
        ("Relevant", "Moderately relevant", "Fairly relevant", "Quite relevant"),
        ("Very relevant", "Highly relevant", "Extremely relevant"),
    ],
    "usefulness": [
        ("Not useful", "Not at all useful"),
        ("Slightly useful", "A little useful", "Somewhat useful"),
        ("Useful", "Moderately useful", "Fairly useful", "Quite useful"),
        ("Very useful", "Extremely useful"),
    ],
    "satisfaction": [
        ("Very dissatisfied",),
        ("Dissatisfied",),
        ("Neither satisfied nor dissatisfied", "Neutral"),
        ("Satisfied",),
        ("Very satisfied",),
    ],
    "importance": [
        ("Not at all important", "Not important"),
        ("Slightly important",),
        ("Moderately important",),
        ("Very important",),
        ("Extremely important",),
    ],
    "quality": [
        ("Very poor",),
        ("Poor",),
        ("Fair", "Average"),
        ("Good",),
        ("Very good", "Excellent"),
    ],
    "extent": [
        ("Not at all",),
        ("To a small extent", "A little", "Slightly"),
        ("To some extent", "To a moderate extent", "Moderately", "Somewhat"),
        ("To a large extent", "To a great extent", "A lot", "Very much"),
        ("Completely", "To a very large extent", "To a very great extent", "A great deal"),
    ],
    "likelihood": [
        ("Very unlikely",),
        ("Unlikely",),
        ("Neither likely nor unlikely", "Neutral"),
        ("Likely",),
        ("Very likely",),
    ],
    "yes / neutral / no": [
        ("No",),
        ("Neutral", "Partly", "Not sure", "Unsure", "Maybe", "Somewhat"),
        ("Yes",),
    ],
    "yes / no": [("No",), ("Yes",)],
}
# A 4-point agreement scale is told from a 5-point one whose middle nobody chose only with
# this many answers in the question.
_FOUR_POINT_EVIDENCE = 30
# Numeric scales end at one of these unless a larger number was answered.
_NUMERIC_ENDS = (2, 3, 4, 5, 7, 10)
_NA_WORDS = re.compile(r"don'?t know|dont know|not applicable|\bn/?a\b|prefer not|no opinion")
SEGMENT_MAX_OPTIONS = 12
_SEGMENT_MAX_LENGTH = 60
_SEGMENT_MAX_WORDS = 8
_OPEN_HINTS = re.compile(
    r"comment|anything else|suggest|please (explain|describe|specify|tell)|\bwhy\b|other \("
)
_BRACKETED = re.compile(r"^(.*\S)\s*\[([^\[\]]+)\]\s*$")
_SLUG = re.compile(r"[^a-z0-9]+")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,59}")


@dataclass(frozen=True)
class Draft:
    """An instrument drafted from an export, with what it could not be sure of."""

    instrument: Instrument
    source_name: str
    format_name: str
    notes: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()  # "header: why" for answer columns not used
    dropped_personal: tuple[str, ...] = ()

    def toml(self) -> str:
        header = (
            f"Drafted by CareNet Dash from {self.source_name} ({self.format_name}) on "
            f"{dt.date.today().isoformat()}. Check it before adding it to the store:",
            "the order of each scale (lowest first), which statements belong together in a "
            "dimension, and which are worded negatively (reverse = true).",
            *self.notes,
            *(f"not used: {line}" for line in self.left_out),
            *(f"personal data, left out: {h}" for h in self.dropped_personal),
        )
        return instrument_toml(self.instrument, notes=header)

    def summary(self) -> list[str]:
        instrument = self.instrument
        lines = [
            f"drafted {instrument.id!r} from {self.source_name} ({self.format_name}): "
            f"{len(instrument.dimensions)} dimension(s), {len(instrument.items)} item(s), "
            f"{len(instrument.segments)} segment(s), {len(instrument.open_questions)} open "
            "question(s)"
        ]
        for d in instrument.dimensions:
            scale = d.scale or instrument.scale
            lines.append(
                f"  {d.id}: {len(d.items)} item(s) on {scale.describe()} "
                f"({scale.labels[0]!r} .. {scale.labels[-1]!r})"
            )
        lines += [f"note: {n}" for n in self.notes]
        if self.left_out:
            lines.append(f"not used: {len(self.left_out)} column(s), listed in the file")
        if self.dropped_personal:
            lines.append(f"personal data left out: {', '.join(map(repr, self.dropped_personal))}")
        return lines


@dataclass
class _Column:
    position: int
    header: str
    answered: int
    values: Counter  # stripped cell text -> cells
    na: Counter
    stem: str | None = None
    statement: str = ""
    kind: str | None = None  # a FAMILIES key, "numeric", or None
    levels: dict[str, int] = field(default_factory=dict)  # folded answer -> level or number


def draft_instrument(
    data: bytes,
    file_name: str,
    *,
    format: str = "auto",
    sheet: str | None = None,
    instrument_id: str | None = None,
    name: str | None = None,
) -> Draft:
    """Read an export (any format the importers read) and draft an instrument from it."""
    export = read_export(data, file_name, format=format, sheet=sheet, instruments={})
    return draft_from_export(export, instrument_id=instrument_id, name=name)


def draft_from_export(
    export: Export, *, instrument_id: str | None = None, name: str | None = None
) -> Draft:
    """Draft an instrument from an export already read (personal columns are gone)."""
    columns = [_describe(export, c.position, c.header) for c in export.frame.of_role(ANSWER)]
    ratings = [c for c in columns if c.kind is not None]
    notes: list[str] = []
    left_out: list[str] = []
    segments: list[dict] = []
    questions: list[dict] = []
    groups = _groups(ratings)
    # A lone yes/no question is a way to tell members apart, not a rating.
    for group in list(groups):
        if len(group) == 1 and group[0].kind == "yes / no":
            groups.remove(group)
            group[0].kind = None
    rated = {c.position for g in groups for c in g}
    taken_ids: set[str] = set()
    for column in columns:
        if column.position in rated:
            continue
        role, why = _other_role(column)
        if role == "segment":
            options = list({fold(v): v for v, _ in reversed(column.values.most_common())}.values())[
                ::-1
            ]
            segments.append(
                {
                    "id": _id_for(column.header, _slug(column.header, "segment"), taken_ids),
                    "question": column.header,
                    "options": options,
                }
            )
        elif role == "open":
            questions.append(
                {
                    "id": _unique_id(_slug(column.header, "comments"), taken_ids),
                    "question": column.header,
                }
            )
        else:
            left_out.append(f"{column.header!r}: {why}")
    if not groups:
        raise ImportRefused(
            f"no rating questions found in {export.source_name}: no column holds answers on a "
            "scale (agreement, frequency, relevance, numbers 0 to 10...); write the instrument "
            "by hand, or check that this is the responses export"
        )
    dimensions = []
    scales: list[dict] = []
    texts = Counter(fold(c.statement) for g in groups for c in g)
    for number, group in enumerate(groups, 1):
        scale, item_labels, note = _group_scale(group)
        if note:
            notes.append(note)
        title = group[0].stem or (group[0].header if len(group) == 1 else f"Questions {number}")
        base = _slug(title, f"dimension_{number}")[:30].strip("_")
        dimension_id = _unique_id(base or f"dimension_{number}", taken_ids)
        items = []
        for position, column in enumerate(group, 1):
            text = column.statement if texts[fold(column.statement)] == 1 else column.header
            item = {
                "id": _id_for(column.header, f"{dimension_id}_{position}", taken_ids),
                "text": text,
            }
            if item_labels.get(column.position):
                item["labels"] = item_labels[column.position]
            items.append(item)
        dimensions.append(
            {
                "id": dimension_id,
                "name": title[:200],
                "items": items,
                "scale": scale,
            }
        )
        scales.append(scale)
    # The scale most items use is the instrument's; other dimensions keep their own.
    main = Counter(_scale_key(d["scale"]) for d in dimensions for _ in d["items"])
    key = main.most_common(1)[0][0]
    instrument_scale = next(s for s in scales if _scale_key(s) == key)
    for d in dimensions:
        if _scale_key(d["scale"]) == key:
            del d["scale"]
    na_seen = Counter()
    for column in columns:
        na_seen.update(column.na)
    # One spelling of each not-applicable answer (the commonest); others read after cleaning.
    na = sorted(
        {v.strip().casefold(): v for v, _ in reversed(na_seen.most_common())}.values(),
        key=str.casefold,
    )
    instrument_scale = {**instrument_scale, "not_applicable": na}
    for d in dimensions:
        if "scale" in d:
            d["scale"] = {**d["scale"], "not_applicable": na}
    definition = {
        "id": instrument_id or _slug(PurePath(export.source_name).stem, "draft")[:60],
        "version": 1,
        "name": name or f"Drafted from {export.source_name}",
        "scale": instrument_scale,
        "dimensions": dimensions,
        "segments": segments,
        "open_questions": questions,
    }
    try:
        instrument = parse_instrument(definition, source="the draft")
    except InstrumentError as error:
        raise ImportRefused(
            f"the draft from {export.source_name} is not a valid instrument ({error}); write "
            "the instrument by hand"
        ) from None
    return Draft(
        instrument=instrument,
        source_name=export.source_name,
        format_name=export.format_name,
        notes=tuple(notes),
        left_out=tuple(left_out),
        dropped_personal=export.dropped_personal,
    )


# --- one column ------------------------------------------------------------------------------


def _is_na(text: str) -> bool:
    key = fold(text)
    return key in _NA_FOLDED or bool(_NA_WORDS.search(key))


_NA_FOLDED = {fold(v) for v in NA_VARIANTS}


def _split(header: str) -> tuple[str | None, str]:
    """A matrix header's question stem and statement: `Stem [Statement]`, `Stem - Statement`."""
    bracketed = _BRACKETED.match(header)
    if bracketed:
        return bracketed.group(1).strip(), bracketed.group(2).strip()
    stem, dash, statement = header.partition(" - ")
    if dash and stem.strip() and statement.strip():
        return stem.strip(), statement.strip()
    return None, header


def _describe(export: Export, position: int, header: str) -> _Column:
    cells = export.frame.cells[position].astype("str").str.strip()
    given = cells[cells != ""]
    counts = Counter(given.value_counts().to_dict())
    na = Counter({v: n for v, n in counts.items() if _is_na(v)})
    values = Counter({v: n for v, n in counts.items() if v not in na})
    stem, statement = _split(header)
    column = _Column(position, header, len(given), values, na, stem, statement)
    column.kind, column.levels = _rating(values)
    return column


def _number(text: str) -> tuple[int, str | None] | None:
    """A whole number in a cell, with any words around it: '3', '1 - not at all', '(0) None.'"""
    if re.fullmatch(r"[+-]?\d{1,3}(?:\.0+)?", text):
        return int(float(text)), None
    for pattern, digits, words in ((_NUMBER_FIRST, 1, 2), (_NUMBER_LAST, 2, 1)):
        match = pattern.match(text)
        if match:
            return int(match.group(digits)), match.group(words)
    return None


def _rating(values: Counter) -> tuple[str | None, dict[str, int]]:
    """Whether answers sit on a scale: a known label order (some cells may give the level's
    number instead), or numbers 0..10 with or without words; and each answer's level (0-based)
    or number."""
    if not values:
        return None, {}
    numbers = {v: _number(v) for v in values}
    if all(n is not None for n in numbers.values()):
        found = {fold(v): n[0] for v, n in numbers.items() if n is not None}
        if all(0 <= n <= 10 for n in found.values()) and len(set(found.values())) == len(found):
            return "numeric", found
        return None, {}
    plain = {v for v, n in numbers.items() if n is not None and n[1] is None}
    words = {fold(v): fold(n[1]) if n and n[1] else fold(v) for v, n in numbers.items()}
    keys = {words[fold(v)] for v in values if v not in plain}
    for family, levels in FAMILIES.items():
        synonyms = {fold(word): level for level, words_ in enumerate(levels) for word in words_}
        if not keys <= set(synonyms):
            continue
        at = {key: synonyms[key] for key in keys}
        if len(set(at.values())) != len(at):  # two wordings of one level: another family
            continue
        given = {numbers[v][0] for v in plain}  # type: ignore[index]
        if all(1 <= n <= len(levels) for n in given):
            return family, at
    return None, {}


def _other_role(column: _Column) -> tuple[str | None, str]:
    """'segment', 'open' or None for a column that is not a rating, and why not used."""
    if not column.answered:
        return None, "no answers"
    if column.values and all(_number(v) for v in column.values):
        return None, "numbers, not on a scale of 0 to 10"
    distinct = len(column.values) + len(column.na)
    free_text = any(
        len(v) > _SEGMENT_MAX_LENGTH or len(v.split()) > _SEGMENT_MAX_WORDS for v in column.values
    )
    if _OPEN_HINTS.search(fold(column.header)) or distinct > SEGMENT_MAX_OPTIONS or free_text:
        return "open", ""
    if distinct >= 2:
        return "segment", ""
    return None, "the same answer throughout"


# --- dimensions and their scales -------------------------------------------------------------


def _groups(ratings: Sequence[_Column]) -> list[list[_Column]]:
    """Rating columns grouped into dimensions: by question stem (and kind of scale within
    it); columns without a stem by runs of columns on the same kind of scale."""
    groups: dict[tuple, list[_Column]] = {}
    run = 0
    previous: _Column | None = None
    for column in ratings:
        if column.stem is None:
            kind = _kind_key(column, alone=True)
            if (
                previous is None
                or previous.stem is not None
                or _kind_key(previous, True) != kind
                or any(_own_agreement_scales(c, column) for c in groups[("run", run)])
            ):
                run += 1
            key: tuple = ("run", run)
        else:
            key = ("stem", fold(column.stem), _kind_key(column, alone=False))
        groups.setdefault(key, []).append(column)
        previous = column
    merged = list(groups.values())
    # One agreement scale per dimension: a column whose answers fit the 5-point scale joins
    # its neighbours' 7-point one when they need it.
    for group in merged:
        kinds = {c.kind for c in group}
        if len(kinds) > 1 and all((k or "").startswith("agreement") for k in kinds):
            widest = max(kinds, key=lambda k: len(FAMILIES[k or ""]))
            for column in group:
                column.kind, column.levels = widest, _refit(column, widest)
    return merged


def _own_agreement_scales(one: _Column, other: _Column) -> bool:
    """Whether two columns without a common stem are on different agreement scales: a 7-point
    one beside one that answered every level of the 5-point scale. (A partly answered 5-point
    column may be its 7-point neighbours' question with the "somewhat" answers unchosen.)"""
    if {one.kind, other.kind} != {"agreement", "agreement (7 points)"}:
        return False
    five = one if one.kind == "agreement" else other
    return len(set(five.levels.values())) == len(FAMILIES["agreement"])


def _kind_key(column: _Column, alone: bool) -> str:
    """What the columns of one dimension share: a numeric range (judged per column when it
    stands alone, over the whole question in a matrix), agreement, or a number of labels."""
    kind = column.kind or ""
    if kind == "numeric":
        return f"numeric {_numeric_range(column.levels.values(), set())}" if alone else kind
    if kind.startswith("agreement"):
        return "agreement"
    return f"{len(FAMILIES[kind])} labels"


def _refit(column: _Column, family: str | None) -> dict[str, int]:
    levels = FAMILIES.get(family or "", [])
    synonyms = {fold(word): level for level, words in enumerate(levels) for word in words}
    return {key: synonyms[key] for key in column.levels if key in synonyms}


def _group_scale(group: list[_Column]) -> tuple[dict, dict[int, list[str]], str | None]:
    """A dimension's scale (labels, values), any item's own words, and a note."""
    if group[0].kind == "numeric":
        return _numeric_scale(group)
    families = Counter(c.kind for c in group)
    main = families.most_common(1)[0][0]
    assert main is not None
    labels, note = _family_labels(main, [c for c in group if c.kind == main])
    own = {}
    for column in group:
        if column.kind != main and column.kind is not None:
            own[column.position] = _family_labels(column.kind, [column])[0]
    return {"labels": labels}, own, note


def _family_labels(kind: str, group: list[_Column]) -> tuple[list[str], str | None]:
    """A family's labels as this question spelled them, and a note on a missing middle."""
    levels = FAMILIES[kind]
    seen: Counter = Counter()
    spelled: dict[int, Counter] = {i: Counter() for i in range(len(levels))}
    for column in group:
        for value, n in column.values.items():
            level = column.levels.get(fold(value))
            if level is not None:
                spelled[level][value] += n
                seen[level] += n
    note = None
    name = group[0].stem or group[0].header
    if kind == "agreement" and 2 not in seen:
        total = sum(seen.values())
        if total >= _FOUR_POINT_EVIDENCE:
            levels = FAMILIES["agreement (4 points)"]
            spelled = {i: spelled[j] for i, j in enumerate((0, 1, 3, 4))}
            note = (
                f"{name!r}: nobody of {total} answered the middle of the agreement scale, so "
                "it is drafted as 4 points; add 'Neither agree nor disagree' back if the "
                "question had it"
            )
        else:
            note = (
                f"{name!r}: nobody answered 'Neither agree nor disagree'; it is kept as the "
                "middle of a 5-point scale: remove it if the question had no middle answer"
            )
    labels = [
        spelled[i].most_common(1)[0][0] if spelled.get(i) else words[0]
        for i, words in enumerate(levels)
    ]
    return labels, note


def _numeric_range(seen_values, worded: set[int]) -> tuple[int, int]:
    """The ends of a numeric scale from the numbers answered: 0 when answered (or when the
    top is 10, the usual 0-10 "how likely"), and the next usual end (3, 4, 5, 7, 10) above
    the highest answer unless that answer carries words (an end label)."""
    seen = sorted(set(seen_values))
    high = max(seen)
    if high not in worded and high not in _NUMERIC_ENDS:
        high = next((end for end in _NUMERIC_ENDS if end >= high), high)
    low = 0 if seen[0] == 0 or (high == 10 and 1 not in worded) else 1
    high = max(high, low + 1)
    return max(low, high - MAX_POINTS + 1), high


def _numeric_scale(group: list[_Column]) -> tuple[dict, dict[int, list[str]], str | None]:
    seen = sorted({n for c in group for n in c.levels.values()})
    # How each number is written, per column and over the whole question.
    spelled: dict[int, dict[int, Counter]] = {}
    overall: dict[int, Counter] = {}
    worded = set()
    for column in group:
        mine = spelled.setdefault(column.position, {})
        for value, n in column.values.items():
            parsed = _number(value)
            if parsed is None:
                continue
            mine.setdefault(parsed[0], Counter())[value] += n
            overall.setdefault(parsed[0], Counter())[value] += n
            if parsed[1]:
                worded.add(parsed[0])
    low, high = _numeric_range(seen, worded)
    values = list(range(low, high + 1))

    def label(counts: dict[int, Counter], value: int) -> str:
        if value in counts:
            return counts[value].most_common(1)[0][0]
        if value in overall:
            return overall[value].most_common(1)[0][0]
        return str(value)

    per_column = {p: [label(counts, v) for v in values] for p, counts in spelled.items()}
    common = Counter(tuple(labels) for labels in per_column.values()).most_common(1)[0][0]
    own = {p: labels for p, labels in per_column.items() if tuple(labels) != common}
    note = None
    if set(values) - set(seen):
        note = (
            f"{group[0].stem or group[0].header!r}: scale {values[0]} to {values[-1]} inferred "
            f"from the answers seen ({', '.join(map(str, seen))}); check the survey's own ends"
        )
    scale: dict = {"labels": list(common)}
    if values != list(range(1, len(values) + 1)):
        scale["values"] = values
    return scale, own, note


def _scale_key(scale: dict) -> tuple:
    return (tuple(scale["labels"]), tuple(scale.get("values") or ()))


# --- names -----------------------------------------------------------------------------------


def _slug(text: str, fallback: str) -> str:
    slug = _SLUG.sub("_", fold(text)).strip("_")[:40].strip("_")
    return slug or fallback


def _id_for(header: str, fallback: str, taken: set[str]) -> str:
    """A column's header when it is an id already (a file of item ids), else the fallback."""
    if _ID.fullmatch(header) and header not in taken:
        taken.add(header)
        return header
    return _unique_id(fallback, taken)


def _unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


__all__ = ["FAMILIES", "Draft", "draft_from_export", "draft_instrument"]
