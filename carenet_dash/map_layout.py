"""Where each organisation sits on the map: a seeded force-directed layout, computed once per
organisation and then kept, so the same organisation is in the same place in every round."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

Point = tuple[float, float]


def place(
    organisation_ids: Iterable[int],
    pairs: Iterable[tuple[int, int]],
    placed: Mapping[int, Point],
    seed: int,
) -> dict[int, Point]:
    """Positions for the organisations not yet ``placed``, the others held where they are.

    ``pairs`` are ties in any direction, over every round (organisations that work together
    sit near each other). With nothing placed yet, the whole map is laid out afresh; the seed
    (the network's id) makes the same ties give the same map on any machine.
    """
    graph = nx.Graph()
    graph.add_nodes_from(sorted(int(i) for i in organisation_ids))
    graph.add_edges_from((a, b) for a, b in pairs if a != b and a in graph and b in graph)
    fixed = {node: placed[node] for node in graph.nodes if node in placed}
    if len(fixed) == graph.number_of_nodes():
        return {}
    if not fixed:
        found = nx.spring_layout(graph, seed=seed)
    else:
        found = nx.spring_layout(graph, pos=dict(fixed), fixed=list(fixed), seed=seed)
    return {int(node): (float(x), float(y)) for node, (x, y) in found.items() if node not in fixed}
