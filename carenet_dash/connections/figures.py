"""The connection map of a round, ready for a page, the CLI or an export: each organisation's
figures and place, the ties, the network's figures, and how honest they can be (coverage).

Ties are organisation-level facts; the one figure about people here, each organisation's
respondent count, passes through disclosure (complement rule, k = the network's minimum group
size). A round of fewer than k respondents shows no map at all.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import networkx as nx
import pandas as pd
from sqlalchemy import Engine

from carenet_dash import disclosure
from carenet_dash.connections import graph
from carenet_dash.errors import CareNetError
from carenet_dash.store import organisations, queries, ties
from carenet_dash.store.engine import revision
from carenet_dash.store.queries import RoundInfo

NOT_GIVEN = "Organisation not given"


@dataclass(frozen=True)
class RoundMap:
    """One round's map.

    ``organisations`` (by name): organisation_id, name, type, x, y, answered (has a respondent
    of its own), respondents (NaN unless shown), respondents_status, named_by, names,
    betweenness (NaN when coverage is too low), core_number, position, broker (None when
    coverage is too low). ``ties``: source, target, confirmed (both sides named each other).
    """

    info: RoundInfo
    asked: bool  # the round's instrument asks the relations question
    enough: bool  # the round has at least min_size respondents
    min_size: int
    organisations: pd.DataFrame
    ties: pd.DataFrame
    figures: graph.NetworkFigures
    coverage: graph.Coverage
    # The whole network's x and y range on the map (every round draws on the same one).
    extent: tuple[float, float, float, float] = (-1.0, 1.0, -1.0, 1.0)

    @property
    def shown(self) -> bool:
        return self.asked and self.enough

    def graph(self) -> nx.DiGraph:
        return graph.directed_graph(self.organisations["organisation_id"], self.ties)

    def names(self) -> dict[int, str]:
        table = self.organisations
        return dict(zip(table["organisation_id"], table["name"], strict=True))


def round_organisations(engine: Engine, info: RoundInfo, listed: pd.DataFrame) -> pd.DataFrame:
    """The network's organisations (``listed``) that belong on a round's map: those that
    appear (answer, or are named) in this round or an earlier one, and those on the list that
    no round mentions yet (added by the lead)."""
    order = {r.id: position for position, r in enumerate(queries.rounds(engine, info.network_id))}
    seen = ties.appearances(engine, info.network_id)
    first = seen.assign(at=seen["round_id"].map(order)).groupby("organisation_id")["at"].min()
    at = listed["organisation_id"].map(first)
    keep = at.isna() | (at <= order[info.id])
    return listed[keep.to_numpy()].reset_index(drop=True)


_MAPS: OrderedDict[tuple[str, int, int, int], RoundMap] = OrderedDict()
_MAPS_KEPT = 8
_MAPS_LOCK = threading.Lock()


def round_map(engine: Engine, round_id: int, min_size: int) -> RoundMap:
    """A round's map with every figure, coverage and disclosure applied.

    The last few are kept by store revision (as analysis keeps rounds): the page, position
    and perception, and a comparison all ask for the same map, and betweenness on a large
    network is the slow part.
    """
    key = (engine.url.render_as_string(hide_password=False), round_id, min_size, revision(engine))
    with _MAPS_LOCK:
        if key in _MAPS:
            _MAPS.move_to_end(key)
            return _MAPS[key]
    found = _round_map(engine, round_id, min_size)
    with _MAPS_LOCK:
        _MAPS[key] = found
        while len(_MAPS) > _MAPS_KEPT:
            _MAPS.popitem(last=False)
    return found


def _round_map(engine: Engine, round_id: int, min_size: int) -> RoundMap:
    info = queries.round_by_id(engine, round_id)
    instrument = queries.instrument_snapshot(engine, info.instrument_pk)
    everyone = organisations.organisations(engine, info.network_id)
    listed = round_organisations(engine, info, everyone)
    segment = instrument.organisation_segment
    members = ties.round_members(engine, round_id, segment.id if segment else None)
    named = ties.round_named(engine, round_id)
    found = graph.edges(members, named)
    found = found[
        found["source"].isin(listed["organisation_id"])
        & found["target"].isin(listed["organisation_id"])
    ].reset_index(drop=True)
    directed = graph.directed_graph(listed["organisation_id"], found)
    per = graph.organisation_figures(directed)
    answered = set(members["organisation_id"].dropna().astype(int))
    coverage = graph.Coverage(
        answered=len(answered & set(listed["organisation_id"])), organisations=len(listed)
    )
    table = listed.merge(per, on="organisation_id", how="left")
    table["answered"] = table["organisation_id"].isin(answered)
    table = table.merge(
        _respondents(members, listed["organisation_id"].tolist(), min_size),
        on="organisation_id",
        how="left",
    )
    if coverage.level == graph.WITHHELD:
        table["betweenness"] = math.nan
        table["broker"] = None
    mutual = graph.confirmed(directed)
    pairs = set(zip(mutual["first"], mutual["second"], strict=True))
    found["confirmed"] = [
        (min(a, b), max(a, b)) in pairs
        for a, b in zip(found["source"], found["target"], strict=True)
    ]
    return RoundMap(
        info=info,
        asked=instrument.relations_question is not None,
        enough=disclosure.status(info.respondents, min_size) == disclosure.SHOWN,
        min_size=min_size,
        organisations=table,
        ties=found,
        figures=graph.network_figures(directed),
        coverage=coverage,
        extent=extent(everyone),
    )


def extent(listed: pd.DataFrame, margin: float = 0.08) -> tuple[float, float, float, float]:
    """The x and y range of every organisation's place, square and with a margin, so the map
    keeps its proportions (and its arrowheads their angles)."""
    placed = listed.dropna(subset=["x", "y"])
    if placed.empty:
        return (-1.0, 1.0, -1.0, 1.0)
    low_x, high_x = float(placed["x"].min()), float(placed["x"].max())
    low_y, high_y = float(placed["y"].min()), float(placed["y"].max())
    half = max(high_x - low_x, high_y - low_y, 0.2) / 2 * (1 + 2 * margin)
    middle_x, middle_y = (low_x + high_x) / 2, (low_y + high_y) / 2
    return (middle_x - half, middle_x + half, middle_y - half, middle_y + half)


def _respondents(members: pd.DataFrame, organisation_ids: list[int], k: int) -> pd.DataFrame:
    """Each organisation's respondents under the complement rule (respondents without an
    organisation are a part of the round's total like any other)."""
    membership = pd.DataFrame(
        {
            "respondent_id": members["respondent_id"],
            "part": members["organisation_id"]
            .astype("object")
            .where(members["organisation_id"].notna(), NOT_GIVEN),
        }
    )
    membership["part"] = [p if p == NOT_GIVEN else int(p) for p in membership["part"]]
    decided = disclosure.complement(membership, [*organisation_ids, NOT_GIVEN], k)
    decided = decided[decided["part"] != NOT_GIVEN]
    return pd.DataFrame(
        {
            "organisation_id": decided["part"].astype("int64").to_numpy(),
            "respondents": decided["n"].to_numpy(dtype="float64"),
            "respondents_status": decided["status"].to_numpy(dtype=object),
        }
    )


@dataclass(frozen=True)
class MapChanges:
    """Two rounds' maps side by side: every tie of either with its change (new, lost, kept),
    the organisations of either, and the density change."""

    before: RoundMap
    after: RoundMap
    ties: pd.DataFrame  # source, target, change
    changes: graph.TieChanges

    @property
    def organisations(self) -> pd.DataFrame:
        """The later round's organisations, then any only the earlier round had."""
        later = self.after.organisations
        earlier = self.before.organisations
        gone = earlier[~earlier["organisation_id"].isin(later["organisation_id"])]
        return pd.concat([later, gone], ignore_index=True)


NEW = "new"
LOST = "lost"
KEPT = "kept"


def map_changes(engine: Engine, before_id: int, after_id: int, min_size: int) -> MapChanges:
    """Ties gained and lost between two rounds (earlier first), and the density change."""
    before, after = round_map(engine, before_id, min_size), round_map(engine, after_id, min_size)
    if not (before.asked and after.asked):
        raise CareNetError("both rounds must ask the relations question to compare their maps")
    found = graph.tie_changes(before.graph(), after.graph())
    frames = [
        found.gained.assign(change=NEW),
        found.lost.assign(change=LOST),
        found.kept.assign(change=KEPT),
    ]
    return MapChanges(before, after, pd.concat(frames, ignore_index=True), found)
