"""A drafted instrument edited before it is kept: dimensions renamed, statements moved between
dimensions on the same numbers, reverse-worded statements marked, segments and open questions
kept or left out. Each edit is a pure function from one valid instrument to the next.

    edited = drafting.rename_dimension(draft.instrument, "how_far_do_you_agree", "Partnership")
    edited = drafting.set_reverse(edited, "p2", True)
    edited = drafting.move_item(edited, "r2", drafting.NEW_DIMENSION)
    kept = drafting.finish(edited, instrument_id="our-survey", name="Our survey", version=1)
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from carenet_dash.errors import InstrumentError
from carenet_dash.instrument import Instrument, parse_instrument

NEW_DIMENSION = ""  # move_item's target for a dimension of the statement's own
NEW_DIMENSION_NAME = "New dimension"


def _rebuilt(definition: dict[str, Any]) -> Instrument:
    return parse_instrument(definition, source="the draft")


def _dimension(definition: dict[str, Any], dimension_id: str) -> dict[str, Any]:
    for d in definition["dimensions"]:
        if d["id"] == dimension_id:
            return d
    raise InstrumentError(f"the draft has no dimension {dimension_id!r}")


def _item_of(definition: dict[str, Any], item_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    for d in definition["dimensions"]:
        for item in d["items"]:
            if item["id"] == item_id:
                return d, item
    raise InstrumentError(f"the draft has no statement {item_id!r}")


def rename_dimension(instrument: Instrument, dimension_id: str, name: str) -> Instrument:
    """The same instrument with a dimension's name changed (its id, which the file's columns
    never see, stays)."""
    name = " ".join(name.split())
    if not name:
        raise InstrumentError("a dimension needs a name; type one, or keep the one it has")
    definition = instrument.definition()
    _dimension(definition, dimension_id)["name"] = name
    return _rebuilt(definition)


def set_reverse(instrument: Instrument, item_id: str, reverse: bool) -> Instrument:
    """The same instrument with a statement marked as worded negatively (scored low + high - x)
    or not."""
    definition = instrument.definition()
    _item_of(definition, item_id)[1]["reverse"] = bool(reverse)
    return _rebuilt(definition)


def move_targets(instrument: Instrument, item_id: str) -> list[str]:
    """The dimensions a statement may move to: those answered on the same numbers as its own
    (a dimension's mean must mean something), its own among them, in instrument order."""
    numbers = instrument.item_scales[item_id].scores
    return [d.id for d in instrument.dimensions if instrument.scale_of(d.id).scores == numbers]


def move_item(instrument: Instrument, item_id: str, target: str) -> Instrument:
    """The same instrument with a statement moved to the end of another dimension, or to a
    new dimension of its own (``NEW_DIMENSION``). The statement keeps its answer words; a
    dimension left without statements is left out, and open questions about it no longer
    name it. Refused: a dimension answered on other numbers."""
    source = instrument.dimension_of_item[item_id]
    if target == source:
        return instrument
    if target != NEW_DIMENSION and target not in move_targets(instrument, item_id):
        instrument.dimension(target)  # an unknown id is refused as such
        raise InstrumentError(
            f"statement {item_id!r} is answered on {instrument.item_scales[item_id].describe()}, "
            f"dimension {target!r} on {instrument.scale_of(target).describe()}: a dimension's "
            "statements share one scale, so move it to a dimension on the same scale"
        )
    words = instrument.item_scales[item_id].labels
    definition = instrument.definition()
    home, item = _item_of(definition, item_id)
    home["items"] = [i for i in home["items"] if i["id"] != item_id]
    if target == NEW_DIMENSION:
        taken = {d["id"] for d in definition["dimensions"]}
        number = len(taken) + 1
        while f"dimension_{number}" in taken:
            number += 1
        place = {"id": f"dimension_{number}", "name": NEW_DIMENSION_NAME, "items": []}
        # Its own scale and bands only when its home had them: else the instrument's serve.
        for key in ("scale", "bands"):
            if home.get(key) is not None:
                place[key] = home[key]
        definition["dimensions"].insert(definition["dimensions"].index(home) + 1, place)
    else:
        place = _dimension(definition, target)
    # A new dimension is on its home's scale. The statement's own words are written only
    # where they differ from its new dimension's, so the file's cells read as before.
    scale = instrument.scale_of(source if target == NEW_DIMENSION else target)
    item.pop("labels", None)
    if list(scale.labels) != list(words):
        item["labels"] = list(words)
    place["items"].append(item)
    if not home["items"]:
        definition["dimensions"].remove(home)
        for question in definition["open_questions"]:
            if question.get("dimension") == source:
                question["dimension"] = None
    return _rebuilt(definition)


def finish(
    instrument: Instrument,
    *,
    instrument_id: str,
    name: str,
    version: int = 1,
    dropped: Collection[str] = (),
    taken: Collection[str] = (),
) -> Instrument:
    """The draft as the instrument to keep: its id, name and version, without the segments
    and open questions whose ids are in ``dropped``. Refused (InstrumentError): an id in
    ``taken`` (another instrument's: a draft never becomes a version of it), and an id or
    name the schema does not allow (naming the field)."""
    instrument_id = instrument_id.strip()
    if instrument_id in taken:
        raise InstrumentError(
            f"the id {instrument_id!r} is another instrument's; give the draft an id of its own"
        )
    definition = instrument.definition()
    definition.update(id=instrument_id, name=" ".join(name.split()), version=version)
    definition["segments"] = [s for s in definition["segments"] if s["id"] not in dropped]
    definition["open_questions"] = [
        q for q in definition["open_questions"] if q["id"] not in dropped
    ]
    return _rebuilt(definition)
