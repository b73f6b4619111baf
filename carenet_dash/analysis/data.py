"""One round loaded for the figures (the last few kept by store revision), the order of a
network's rounds, and the items two rounds share."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from carenet_dash.errors import CareNetError
from carenet_dash.instrument import Instrument, common_items
from carenet_dash.store import queries
from carenet_dash.store.engine import revision
from carenet_dash.store.queries import RoundInfo


@dataclass(frozen=True)
class RoundData:
    """One round loaded for scoring: its record, instrument, answers and segments."""

    info: RoundInfo
    instrument: Instrument
    answers: pd.DataFrame
    segments: pd.DataFrame


_LOADED: OrderedDict[tuple[str, int, int], RoundData] = OrderedDict()
_LOADED_MAX = 8
_LOADED_LOCK = threading.Lock()


def load_round(engine: Engine, round_id: int) -> RoundData:
    """A round's record, instrument, answers and segments.

    The last few are kept, keyed by the store revision: one page asks for the same round
    from several figures (the Dimension page four times), and reading a large round's answers
    is the slow part. Callers must not modify the frames.
    """
    key = (engine.url.render_as_string(hide_password=False), round_id, revision(engine))
    with _LOADED_LOCK:
        if key in _LOADED:
            _LOADED.move_to_end(key)
            return _LOADED[key]
    info = queries.round_by_id(engine, round_id)
    loaded = RoundData(
        info=info,
        instrument=queries.instrument_snapshot(engine, info.instrument_pk),
        answers=queries.answers(engine, [round_id]),
        segments=queries.segments(engine, [round_id]),
    )
    with _LOADED_LOCK:
        _LOADED[key] = loaded
        while len(_LOADED) > _LOADED_MAX:
            _LOADED.popitem(last=False)
    return loaded


def shared_instrument(before: RoundData, after: RoundData) -> Instrument:
    """The later round's instrument cut to the items both rounds share (itself when they
    share every item); refuses two rounds with nothing in common."""
    shared = common_items(before.instrument, after.instrument)
    if not shared:
        raise CareNetError(
            f"rounds {before.info.label!r} and {after.info.label!r} share no statements, "
            "so they cannot be compared"
        )
    if shared != set(after.instrument.items) or shared != set(before.instrument.items):
        return after.instrument.restricted_to(shared)
    return after.instrument


def shared_rounds(
    engine: Engine, before_id: int, after_id: int
) -> tuple[RoundData, RoundData, Instrument]:
    """Two rounds loaded to be compared, and the instrument cut to the items they share."""
    before, after = load_round(engine, before_id), load_round(engine, after_id)
    return before, after, shared_instrument(before, after)


def previous_round(rounds: list[RoundInfo], current: RoundInfo) -> RoundInfo | None:
    """The round before ``current`` in the network's order, if any."""
    ids = [r.id for r in rounds]
    position = ids.index(current.id)
    return rounds[position - 1] if position > 0 else None


def in_order(rounds: list[RoundInfo], a: RoundInfo, b: RoundInfo) -> tuple[RoundInfo, RoundInfo]:
    """Two rounds of a network as (earlier, later), so a change always runs forward in time."""
    ids = [r.id for r in rounds]
    return (a, b) if ids.index(a.id) < ids.index(b.id) else (b, a)
