"""The instrument model (a diagnostic questionnaire): typed, validated from plain data."""

from __future__ import annotations

import hashlib
import itertools
import json
from functools import cached_property
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from carenet_dash import disclosure
from carenet_dash.errors import InstrumentError, NotFound

BANDS = ("strength", "discuss", "priority")
MATURITY_LEVELS = 5
# Scales of 2 to 11 points (a yes/no pair up to 0-10), on whole numbers this far from zero.
MIN_POINTS = 2
MAX_POINTS = 11
VALUE_LIMIT = 100
# Default bands, as shares of the way up a scale: 4 and 3 on 1..5, 7.5 and 5 on 0..10.
STRENGTH_SHARE = 0.75
PRIORITY_SHARE = 0.5


class _Strict(BaseModel):
    # Unknown keys are refused so a typo ("revers = true") is caught, not silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scale(_Strict):
    """An answer scale: 2 to 11 labels, lowest first, each standing for a whole number.

    ``values`` are the numbers the labels stand for (default 1..k); they must rise in equal
    steps so that a reversed answer (low + high - x) and the midpoint land where they should.
    """

    labels: list[str] = Field(min_length=MIN_POINTS, max_length=MAX_POINTS)
    values: list[int] | None = None
    not_applicable: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Scale:
        folded = [label.strip().casefold() for label in self.labels + self.not_applicable]
        if len(set(folded)) != len(folded):
            raise ValueError("scale labels and not_applicable labels must all differ")
        if any(not label.strip() for label in self.labels):
            raise ValueError("scale labels must not be empty")
        if self.values is not None:
            if len(self.values) != len(self.labels):
                raise ValueError(
                    f"values has {len(self.values)} numbers for {len(self.labels)} labels; "
                    "give one number per label"
                )
            if not all(-VALUE_LIMIT <= v <= VALUE_LIMIT for v in self.values):
                raise ValueError(f"values must lie between -{VALUE_LIMIT} and {VALUE_LIMIT}")
            steps = {b - a for a, b in itertools.pairwise(self.values)}
            if len(steps) != 1 or steps.pop() <= 0:
                raise ValueError("values must rise in equal steps, lowest first (e.g. 0 to 10)")
        for label, value in zip(self.labels, self.scores, strict=True):
            # A label that is a number must be that number, or "3" in a cell would be ambiguous.
            if label.strip().lstrip("+-").isdigit() and int(label) != value:
                raise ValueError(f"label {label!r} is a number but stands for {value}")
        return self

    @property
    def scores(self) -> tuple[int, ...]:
        """The number each label stands for, lowest first."""
        if self.values is not None:
            return tuple(self.values)
        return tuple(range(1, len(self.labels) + 1))

    @property
    def points(self) -> int:
        return len(self.labels)

    @property
    def low(self) -> int:
        return self.scores[0]

    @property
    def high(self) -> int:
        return self.scores[-1]

    @property
    def midpoint(self) -> float:
        """Answers above it are favourable, below it unfavourable; on it (odd scales) neutral."""
        return (self.low + self.high) / 2

    def reverse(self, value: float) -> float:
        """A reverse-worded item's answer turned round: low + high - x (6 - x on 1..5)."""
        return self.low + self.high - value

    def at_share(self, share: float) -> float:
        """The point a share of the way up the scale (0.75 of 1..5 is 4)."""
        return self.low + share * (self.high - self.low)

    def default_bands(self) -> Bands:
        return Bands(strength=self.at_share(STRENGTH_SHARE), priority=self.at_share(PRIORITY_SHARE))

    def describe(self) -> str:
        """'5-point, 1-5' as a person says it."""
        return f"{self.points}-point, {self.low}–{self.high}"

    def with_labels(self, labels: list[str]) -> Scale:
        """The same numbers and not-applicable labels worded differently (one item's words)."""
        return Scale(labels=labels, values=list(self.scores), not_applicable=self.not_applicable)


class Bands(_Strict):
    """Discussion bands of a mean: strength at or above ``strength``, priority below
    ``priority``, discuss between.

    The band is decided on the mean rounded to 2 decimals, the precision every page shows, so
    a mean shown as 4.00 is always a strength (even 3.999999 from floating point) and one
    shown as 3.00 is always "discuss".
    """

    strength: float
    priority: float

    @model_validator(mode="after")
    def _ordered(self) -> Bands:
        if not self.priority <= self.strength:
            raise ValueError(
                f"need priority <= strength (got priority {self.priority:g}, "
                f"strength {self.strength:g})"
            )
        return self

    def of(self, mean: float | None) -> str | None:
        """The band of a mean: strength, discuss or priority (None without a mean), by the
        one band rule (disclosure.band)."""
        return disclosure.band(mean, self.strength, self.priority)

    def check_within(self, scale: Scale, where: str) -> None:
        for name, value in (("priority", self.priority), ("strength", self.strength)):
            if not scale.low <= value <= scale.high:
                raise ValueError(
                    f"{where}.{name} {value:g} is outside the scale ({scale.low} to {scale.high})"
                )


def _with_default_bands(data: Any, scale: Any, own_bands: bool = True) -> Any:
    """Fill a [bands] table's missing thresholds from its scale (75% and 50% of the way up)."""
    if not isinstance(data, dict) or not isinstance(scale, dict):
        return data
    given = data.get("bands")
    if given is None and not own_bands:
        return data
    given = {} if given is None else given
    if not isinstance(given, dict) or {"strength", "priority"} <= set(given):
        return data
    try:
        defaults = Scale.model_validate(scale).default_bands()
    except ValidationError:
        return data  # the scale's own errors are reported where it is validated
    return {**data, "bands": {**defaults.model_dump(), **given}}


class Maturity(_Strict):
    level_names: list[str] = Field(
        default_factory=lambda: [
            "Emerging",
            "Developing",
            "Established",
            "Embedded",
            "Leading",
        ],
        min_length=MATURITY_LEVELS,
        max_length=MATURITY_LEVELS,
    )


class Item(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    text: str = Field(min_length=1)
    reverse: bool = False
    # This item's answer words, where they differ from its dimension's (same numbers).
    labels: list[str] | None = None


class Dimension(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=1)
    description: str = ""
    prompts: list[str] = Field(default_factory=list)
    # Maturity-matrix level descriptors, level 1..5. Optional so older files stay valid.
    levels: list[str] | None = None
    # A scale of the dimension's own, where it differs from the instrument's: every item of a
    # dimension shares one numeric range, so a dimension mean means something.
    scale: Scale | None = None
    bands: Bands | None = None
    items: list[Item] = Field(min_length=1)
    # Words that tag a general comment to this dimension ("lead" finds leader, leadership).
    # Outside the instrument's hash: they sort comments, they never change what a score means.
    keywords: list[str] = Field(default_factory=list)

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, keywords: list[str]) -> list[str]:
        tidy = [" ".join(k.split()) for k in keywords]
        if any(not k for k in tidy):
            raise ValueError("a keyword is empty; remove it or give a word")
        return tidy

    @field_validator("levels")
    @classmethod
    def _five_levels(cls, levels: list[str] | None) -> list[str] | None:
        if levels is not None and len(levels) != MATURITY_LEVELS:
            raise ValueError(
                f"needs exactly {MATURITY_LEVELS} level descriptors, got {len(levels)}"
            )
        return levels

    @property
    def min_answered(self) -> int:
        """Items a respondent must answer to count in this dimension: half, rounded up."""
        return (len(self.items) + 1) // 2


class Segment(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    question: str = Field(min_length=1)
    options: list[str] = Field(default_factory=list)
    name: str | None = None  # short label for charts; defaults to a tidy form of the id
    # True for "which member organisation do you belong to?": its options are the network's
    # member organisations, kept per network (store.organisations), not listed here.
    organisations: bool = False

    @model_validator(mode="after")
    def _has_options(self) -> Segment:
        if not self.options and not self.organisations:
            raise ValueError(
                "options: list at least one option (or set organisations = true when the "
                "options are the network's member organisations)"
            )
        return self

    @property
    def label(self) -> str:
        return self.name or self.id.replace("_", " ").capitalize()


class RelationsQuestion(_Strict):
    """A multi-select over the network's member organisations ("which of these have you
    worked with?"), answered on behalf of the respondent's organisation: one tie per
    organisation named, from the respondent's organisation to it."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    question: str = Field(min_length=1)
    # The segment (organisations = true) that says which organisation a respondent answers for.
    organisation: str = "organisation"
    # A segment whose answers give an organisation's type (its colour on the map), if any.
    type_segment: str | None = None


class OpenQuestion(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    question: str = Field(min_length=1)
    dimension: str | None = None


class Instrument(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    version: int = Field(ge=1)
    name: str = Field(min_length=1)
    description: str = ""
    scale: Scale
    bands: Bands  # filled from the scale when the file gives none (see _default_bands)
    maturity: Maturity = Maturity()
    dimensions: list[Dimension] = Field(min_length=1)
    segments: list[Segment] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    # At most one: the connection map is drawn from one question's ties.
    relations: list[RelationsQuestion] = Field(default_factory=list, max_length=1)

    @model_validator(mode="before")
    @classmethod
    def _default_bands(cls, data: Any) -> Any:
        # Bands not given scale with the range (4 and 3 on 1..5). A dimension with a scale of
        # its own gets its own defaults; one without keeps the instrument's bands.
        if not isinstance(data, dict):
            return data
        scale = data.get("scale")
        data = _with_default_bands(data, scale)
        dimensions = data.get("dimensions")
        if isinstance(dimensions, list):
            data = {
                **data,
                "dimensions": [
                    _with_default_bands(
                        d,
                        d.get("scale") or scale if isinstance(d, dict) else None,
                        own_bands=isinstance(d, dict) and d.get("scale") is not None,
                    )
                    for d in dimensions
                ],
            }
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        self.bands.check_within(self.scale, "bands")
        for number, d in enumerate(self.dimensions):
            scale = d.scale or self.scale
            if d.bands is not None:
                d.bands.check_within(scale, f"dimensions.{number}.bands")
            for position, item in enumerate(d.items):
                if item.labels is None:
                    continue
                where = f"dimensions.{number}.items.{position}.labels"
                if len(item.labels) != scale.points:
                    raise ValueError(
                        f"{where}: {len(item.labels)} labels, but the dimension's scale has "
                        f"{scale.points} points; an item's words may differ, its numbers not"
                    )
                try:
                    scale.with_labels(item.labels)
                except ValidationError as error:
                    raise ValueError(f"{where}: {_describe(error)}") from None
        _unique("dimension id", [d.id for d in self.dimensions])
        _unique("item id", [i.id for d in self.dimensions for i in d.items])
        _unique(
            "item text",
            [i.text.strip().casefold() for d in self.dimensions for i in d.items],
        )
        _unique("segment id", [s.id for s in self.segments])
        _unique("open question id", [q.id for q in self.open_questions])
        dimension_ids = {d.id for d in self.dimensions}
        for question in self.open_questions:
            if question.dimension is not None and question.dimension not in dimension_ids:
                raise ValueError(
                    f"open question {question.id!r} names dimension {question.dimension!r}, "
                    f"which is not one of {sorted(dimension_ids)}"
                )
        self._check_relations()
        return self

    def _check_relations(self) -> None:
        segments = {s.id: s for s in self.segments}
        for question in self.relations:
            taken = set(self.items) | set(segments) | {q.id for q in self.open_questions}
            if question.id in taken:
                raise ValueError(
                    f"relations question {question.id!r} shares its id with an item, segment "
                    "or open question; give it an id of its own"
                )
            found = segments.get(question.organisation)
            if found is None or not found.organisations:
                raise ValueError(
                    f"relations question {question.id!r} names organisation segment "
                    f"{question.organisation!r}: add a [[segments]] with that id and "
                    "organisations = true (which member organisation do you belong to?)"
                )
            if question.type_segment is not None and (
                question.type_segment not in segments
                or segments[question.type_segment].organisations
            ):
                raise ValueError(
                    f"relations question {question.id!r} names type_segment "
                    f"{question.type_segment!r}, which is not a segment with options"
                )

    @property
    def relations_question(self) -> RelationsQuestion | None:
        """The question whose ties draw the connection map, if the instrument asks one."""
        return self.relations[0] if self.relations else None

    @property
    def organisation_segment(self) -> Segment | None:
        """The segment saying which member organisation a respondent belongs to, if any."""
        question = self.relations_question
        if question is not None:
            return self.segment(question.organisation)
        return next((s for s in self.segments if s.organisations), None)

    @cached_property
    def items(self) -> dict[str, Item]:
        return {item.id: item for d in self.dimensions for item in d.items}

    @cached_property
    def dimension_of_item(self) -> dict[str, str]:
        return {item.id: d.id for d in self.dimensions for item in d.items}

    def dimension(self, dimension_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dimension_id:
                return d
        raise NotFound(f"instrument {self.id!r} has no dimension {dimension_id!r}")

    def segment(self, segment_id: str) -> Segment:
        for s in self.segments:
            if s.id == segment_id:
                return s
        raise NotFound(f"instrument {self.id!r} has no segment {segment_id!r}")

    def valid_scores(self, item_id: str) -> frozenset[int]:
        """The raw scores an answer to an item may hold: the numbers of the item's scale."""
        return frozenset(self.item_scales[item_id].scores)

    def scale_of(self, dimension_id: str) -> Scale:
        """The scale a dimension's answers are on: its own, or the instrument's."""
        return self.dimension(dimension_id).scale or self.scale

    def bands_of(self, dimension_id: str | None = None) -> Bands:
        """A dimension's bands: its own, else defaults for its own scale, else the
        instrument's (the instrument's when no dimension is named)."""
        if dimension_id is None:
            return self.bands
        return self.dimension(dimension_id).bands or self.bands

    @cached_property
    def item_scales(self) -> dict[str, Scale]:
        """Each item's scale: its dimension's numbers, in the item's own words if it has them."""
        found = {}
        for d in self.dimensions:
            scale = d.scale or self.scale
            for item in d.items:
                found[item.id] = scale.with_labels(item.labels) if item.labels else scale
        return found

    @property
    def single_scale(self) -> bool:
        """True when every item is answered on the instrument's own scale (its words too)."""
        return all(s is self.scale for s in self.item_scales.values())

    def band(self, mean: float | None, dimension_id: str | None = None) -> str | None:
        """The discussion band of a mean: strength, discuss or priority (None without a mean).

        Decided on the mean rounded to 2 decimals (see ``Bands.of``), against the named
        dimension's bands, or the instrument's.
        """
        return self.bands_of(dimension_id).of(mean)

    def restricted_to(self, item_ids: set[str]) -> Instrument:
        """The same instrument keeping only the given items (and dimensions that keep any)."""
        # Rebuilt from plain data, not model_copy: a copy would carry stale cached properties.
        definition = self.definition()
        dimensions = []
        for d in definition["dimensions"]:
            kept = [i for i in d["items"] if i["id"] in item_ids]
            if kept:
                dimensions.append({**d, "items": kept})
        if not dimensions:
            raise NotFound(f"instrument {self.id!r} shares no items with the other round")
        kept_ids = {d["id"] for d in dimensions}
        questions = [q for q in definition["open_questions"] if q["dimension"] in (None, *kept_ids)]
        return parse_instrument(
            {**definition, "dimensions": dimensions, "open_questions": questions}
        )

    def definition(self) -> dict[str, Any]:
        """The plain-data form stored with each round, so old rounds keep their meaning.

        Keys added for other scales are left out while unused, so an instrument written before
        they existed keeps its hash (and its rounds keep sharing one stored snapshot).
        """
        data = self.model_dump(mode="json")
        _drop_unset(data["scale"], ("values",))
        # Connection-map keys likewise, so older instruments keep their hashes.
        if not data["relations"]:
            data.pop("relations")
        for question in data.get("relations", []):
            _drop_unset(question, ("type_segment",))
        for segment in data["segments"]:
            if not segment["organisations"]:
                segment.pop("organisations")
        for d in data["dimensions"]:
            _drop_unset(d, ("scale", "bands"))
            if not d.get("keywords"):
                d.pop("keywords", None)
            if d.get("scale"):
                _drop_unset(d["scale"], ("values",))
            for item in d["items"]:
                _drop_unset(item, ("labels",))
        return data

    @cached_property
    def sha256(self) -> str:
        """The hash of what the instrument asks and how it scores. Dimension keywords are
        left out: adding them to a file keeps its rounds' snapshot (and their comparisons)."""
        definition = self.definition()
        for d in definition["dimensions"]:
            d.pop("keywords", None)
        canonical = json.dumps(definition, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


def common_items(a: Instrument, b: Instrument) -> set[str]:
    """Items two instruments share: same id, same wording and same direction."""
    return {
        item_id
        for item_id, item in a.items.items()
        if item_id in b.items
        and " ".join(item.text.split()).casefold()
        == " ".join(b.items[item_id].text.split()).casefold()
        and item.reverse == b.items[item_id].reverse
    }


def _drop_unset(data: dict[str, Any], keys: tuple[str, ...]) -> None:
    for key in keys:
        if data.get(key) is None:
            data.pop(key, None)


def _unique(what: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"duplicate {what} {value!r}")
        seen.add(value)


def _problems(error: ValidationError) -> list[str]:
    """Pydantic's errors as 'field: problem' lines a person can find in the file."""
    lines = []
    for e in error.errors():
        location = ".".join(str(part) for part in e["loc"])
        message = e["msg"].removeprefix("Value error, ")
        # Checks across fields name their own field in the message.
        lines.append(f"{location}: {message}" if location else message)
    return lines


def _describe(error: ValidationError) -> str:
    return "; ".join(_problems(error))


def parse_instrument(data: dict[str, Any], source: str = "instrument") -> Instrument:
    """Validate plain data (a parsed TOML file or a stored snapshot) as an instrument."""
    try:
        return Instrument.model_validate(data)
    except ValidationError as error:
        problems = _problems(error)
        raise InstrumentError(
            f"{source}: {'; '.join(problems)}", tuple(f"{source}: {p}" for p in problems)
        ) from None
