"""Load and validate instrument TOML files (diagnostic questionnaires) into typed objects."""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from carenet_dash.config import DEFAULT_INSTRUMENT_ID, INSTRUMENTS_DIR
from carenet_dash.errors import InstrumentError, NotFound

BANDS = ("strength", "discuss", "priority")
MATURITY_LEVELS = 5


class _Strict(BaseModel):
    # Unknown keys are refused so a typo ("revers = true") is caught, not silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scale(_Strict):
    labels: list[str] = Field(min_length=5, max_length=5)
    not_applicable: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _labels_distinct(self) -> Scale:
        folded = [label.strip().casefold() for label in self.labels + self.not_applicable]
        if len(set(folded)) != len(folded):
            raise ValueError("scale labels and not_applicable labels must all differ")
        return self


class Bands(_Strict):
    strength: float = 4.0
    priority: float = 3.0

    @model_validator(mode="after")
    def _ordered(self) -> Bands:
        if not 1 <= self.priority <= self.strength <= 5:
            raise ValueError("need 1 <= priority <= strength <= 5")
        return self


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


class Dimension(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=1)
    description: str = ""
    prompts: list[str] = Field(default_factory=list)
    # Maturity-matrix level descriptors, level 1..5. Optional so older files stay valid.
    levels: list[str] | None = None
    items: list[Item] = Field(min_length=1)

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
    options: list[str] = Field(min_length=1)
    name: str | None = None  # short label for charts; defaults to a tidy form of the id

    @property
    def label(self) -> str:
        return self.name or self.id.replace("_", " ").capitalize()


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
    bands: Bands = Bands()
    maturity: Maturity = Maturity()
    dimensions: list[Dimension] = Field(min_length=1)
    segments: list[Segment] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
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
        return self

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

    def valid_scores(self) -> frozenset[int]:
        """The raw scores an answer may hold on this instrument's scale (1..number of labels)."""
        return frozenset(range(1, len(self.scale.labels) + 1))

    def band(self, mean: float | None) -> str | None:
        """The discussion band of a mean: strength, discuss or priority (None without a mean)."""
        if mean is None or math.isnan(mean):
            return None
        if mean >= self.bands.strength:
            return "strength"
        if mean < self.bands.priority:
            return "priority"
        return "discuss"

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
        """The plain-data form stored with each round, so old rounds keep their meaning."""
        return self.model_dump(mode="json")

    @cached_property
    def sha256(self) -> str:
        canonical = json.dumps(self.definition(), sort_keys=True, separators=(",", ":"))
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


def _unique(what: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"duplicate {what} {value!r}")
        seen.add(value)


def _describe(error: ValidationError) -> str:
    """Pydantic's errors as 'field: problem' lines a person can find in the file."""
    lines = []
    for e in error.errors():
        location = ".".join(str(part) for part in e["loc"]) or "(top level)"
        message = e["msg"].removeprefix("Value error, ")
        lines.append(f"{location}: {message}")
    return "; ".join(lines)


def parse_instrument(data: dict[str, Any], source: str = "instrument") -> Instrument:
    """Validate plain data (a parsed TOML file or a stored snapshot) as an instrument."""
    try:
        return Instrument.model_validate(data)
    except ValidationError as error:
        raise InstrumentError(f"{source}: {_describe(error)}") from None


def load_instrument(path: Path | str) -> Instrument:
    """Read and validate one instrument file; errors name the file, the field and the problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InstrumentError(f"{path}: cannot read instrument file ({error.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InstrumentError(f"{path}: not UTF-8 text; save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise InstrumentError(f"{path}: not valid TOML ({error})") from None
    return parse_instrument(data, source=str(path))


def load_instruments(directory: Path | str = INSTRUMENTS_DIR) -> dict[str, Instrument]:
    """Every instrument file in a folder, by instrument id (ids must not repeat)."""
    found: dict[str, Instrument] = {}
    for path in sorted(Path(directory).glob("*.toml")):
        instrument = load_instrument(path)
        if instrument.id in found:
            raise InstrumentError(
                f"{path}: instrument id {instrument.id!r} is used by another file"
            )
        found[instrument.id] = instrument
    return found


@lru_cache(maxsize=8)
def _shipped(directory: Path, stamp: tuple[tuple[str, float], ...]) -> dict[str, Instrument]:
    return load_instruments(directory)


def shipped_instruments(directory: Path = INSTRUMENTS_DIR) -> dict[str, Instrument]:
    """The instruments in a folder, parsed once until a file in it changes."""
    stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(Path(directory).glob("*.toml")))
    return _shipped(Path(directory), stamp)


def get_instrument(instrument_id: str = DEFAULT_INSTRUMENT_ID) -> Instrument:
    """One shipped instrument by id."""
    instruments = shipped_instruments()
    if instrument_id not in instruments:
        available = ", ".join(sorted(instruments)) or "none"
        raise NotFound(f"no instrument {instrument_id!r}; available: {available}")
    return instruments[instrument_id]
