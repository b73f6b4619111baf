"""The connection map's figures: a directed graph of organisations built from the ties
respondents named (networkx), per organisation, for the network, and between two rounds."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

CORE = "core"
PERIPHERY = "periphery"
ISOLATE = "isolate"

# Share of the member organisations with a respondent of their own, below which figures that
# need the whole network (betweenness, brokers) carry a caution, and below which they are kept
# back: a missing organisation's ties are simply absent, so paths through it vanish.
CAUTION_BELOW = 80  # per cent
WITHHELD_BELOW = 65
FULL = "full"
CAUTION = "caution"
WITHHELD = "withheld"


def edges(members: pd.DataFrame, named: pd.DataFrame) -> pd.DataFrame:
    """Organisation A -> B once for every pair where at least one respondent of A named B.

    ``members``: respondent_id, organisation_id (NA where the respondent gave none).
    ``named``: respondent_id, organisation_id (one row per organisation a respondent named).
    A respondent with no organisation gives no tie; an organisation naming itself is left out.
    """
    source = members.dropna(subset=["organisation_id"]).set_index("respondent_id")
    found = pd.DataFrame(
        {
            "source": named["respondent_id"].map(source["organisation_id"]),
            "target": named["organisation_id"],
        }
    ).dropna()
    found = found.astype("int64")
    found = found[found["source"] != found["target"]].drop_duplicates()
    return found.sort_values(["source", "target"], kind="stable").reset_index(drop=True)


def directed_graph(organisation_ids: Iterable[int], ties: pd.DataFrame) -> nx.DiGraph:
    """Every organisation as a node (in id order, so results never depend on input order),
    and each tie (source, target) as an edge."""
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(int(i) for i in organisation_ids))
    graph.add_edges_from(
        zip(ties["source"].astype(int).tolist(), ties["target"].astype(int).tolist(), strict=True)
    )
    return graph


def both_ways(graph: nx.DiGraph) -> nx.Graph:
    """The ties taken both ways (A - B when either named the other), without copying attributes
    (to_undirected deep-copies them, a third of the time on a large network)."""
    undirected = nx.Graph()
    undirected.add_nodes_from(graph.nodes)
    undirected.add_edges_from(graph.edges)
    return undirected


def positions(graph: nx.DiGraph, undirected: nx.Graph | None = None) -> dict[int, str]:
    """Core, periphery or isolate, from the k-core of the ties taken both ways: the core is the
    main core (the organisations of the highest core number), an isolate has no tie at all."""
    undirected = both_ways(graph) if undirected is None else undirected
    numbers = nx.core_number(undirected) if undirected.number_of_nodes() else {}
    top = max(numbers.values(), default=0)
    found = {}
    for node, number in numbers.items():
        if undirected.degree(node) == 0:
            found[node] = ISOLATE
        else:
            found[node] = CORE if number == top else PERIPHERY
    return found


def brokers(graph: nx.DiGraph, undirected: nx.Graph | None = None) -> set[int]:
    """Organisations whose departure would cut some others off from the rest (articulation
    points of the ties taken both ways)."""
    return set(nx.articulation_points(both_ways(graph) if undirected is None else undirected))


def organisation_figures(graph: nx.DiGraph) -> pd.DataFrame:
    """Per organisation (node order): named_by (in-degree), names (out-degree), betweenness
    (normalised, directed), core_number, position (core, periphery, isolate) and broker."""
    nodes = list(graph.nodes)
    betweenness = nx.betweenness_centrality(graph, normalized=True) if nodes else {}
    undirected = both_ways(graph)
    numbers = nx.core_number(undirected) if nodes else {}
    where = positions(graph, undirected)
    cut = brokers(graph, undirected)
    return pd.DataFrame(
        {
            "organisation_id": pd.Series(nodes, dtype="int64"),
            "named_by": pd.Series([graph.in_degree(n) for n in nodes], dtype="int64"),
            "names": pd.Series([graph.out_degree(n) for n in nodes], dtype="int64"),
            "betweenness": pd.Series([betweenness[n] for n in nodes], dtype="float64"),
            "core_number": pd.Series([numbers[n] for n in nodes], dtype="int64"),
            "position": pd.Series([where[n] for n in nodes], dtype="object"),
            "broker": pd.Series([n in cut for n in nodes], dtype="bool"),
        }
    )


@dataclass(frozen=True)
class NetworkFigures:
    """The network as a whole: organisations, ties, density, reciprocity (NaN with no tie) and
    weakly connected components."""

    organisations: int
    ties: int
    density: float
    reciprocity: float
    components: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "organisations": self.organisations,
            "ties": self.ties,
            "density": self.density,
            "reciprocity": self.reciprocity,
            "components": self.components,
        }


def network_figures(graph: nx.DiGraph) -> NetworkFigures:
    nodes, ties = graph.number_of_nodes(), graph.number_of_edges()
    return NetworkFigures(
        organisations=nodes,
        ties=ties,
        density=nx.density(graph) if nodes else math.nan,
        # networkx refuses reciprocity for a graph with no edges: there is nothing to return.
        reciprocity=float(nx.reciprocity(graph)) if ties else math.nan,
        components=nx.number_weakly_connected_components(graph) if nodes else 0,
    )


def confirmed(graph: nx.DiGraph) -> pd.DataFrame:
    """Ties confirmed by both sides (A named B and B named A), once per pair: first, second
    with first < second."""
    pairs = sorted((a, b) for a, b in graph.edges if a < b and graph.has_edge(b, a))
    return pd.DataFrame(
        {
            "first": pd.Series([a for a, _ in pairs], dtype="int64"),
            "second": pd.Series([b for _, b in pairs], dtype="int64"),
        }
    )


@dataclass(frozen=True)
class TieChanges:
    """Between two rounds: the ties gained and lost (source, target), and the density change."""

    gained: pd.DataFrame
    lost: pd.DataFrame
    kept: pd.DataFrame
    density_before: float
    density_after: float

    @property
    def density_change(self) -> float:
        return self.density_after - self.density_before


def _pairs(pairs: Iterable[tuple[int, int]]) -> pd.DataFrame:
    ordered = sorted(pairs)
    return pd.DataFrame(
        {
            "source": pd.Series([a for a, _ in ordered], dtype="int64"),
            "target": pd.Series([b for _, b in ordered], dtype="int64"),
        }
    )


def tie_changes(before: nx.DiGraph, after: nx.DiGraph) -> TieChanges:
    """Ties in ``after`` and not ``before`` (gained), the reverse (lost), and those in both."""
    old, new = set(before.edges), set(after.edges)
    return TieChanges(
        gained=_pairs(new - old),
        lost=_pairs(old - new),
        kept=_pairs(old & new),
        density_before=network_figures(before).density,
        density_after=network_figures(after).density,
    )


@dataclass(frozen=True)
class Coverage:
    """How many of the round's member organisations have a respondent of their own."""

    answered: int
    organisations: int

    @property
    def share(self) -> float:
        return self.answered / self.organisations if self.organisations else 0.0

    @property
    def level(self) -> str:
        """full, caution (below 80%: betweenness and brokers carry a caution) or withheld
        (below 65%: they are not shown). Named-by counts are shown at every level."""
        # In whole numbers, so that 4 of 5 is exactly 80%, never a hair below it.
        if not self.organisations or self.answered * 100 < WITHHELD_BELOW * self.organisations:
            return WITHHELD
        if self.answered * 100 < CAUTION_BELOW * self.organisations:
            return CAUTION
        return FULL
