"""Where each organisation sits on the map: a seeded force-directed layout, computed once per
organisation and then kept, so the same organisation is in the same place in every round."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

Point = tuple[float, float]

ITERATIONS = 50
THRESHOLD = 1e-4


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

    The layout is Fruchterman and Reingold's, step for step as networkx's ``spring_layout``
    computes it for graphs under 500 nodes (same random start from the seed, same cooling,
    same stop), so maps placed before are placed the same way now; written here in numpy
    because loading networkx took a tenth of a second of every import that adds an
    organisation. A test holds the two equal on any graph.
    """
    nodes = sorted({int(i) for i in organisation_ids})
    index = {node: i for i, node in enumerate(nodes)}
    fixed = [node for node in nodes if node in placed]
    if len(fixed) == len(nodes):
        return {}
    count = len(nodes)
    adjacency = np.zeros((count, count))
    for a, b in pairs:
        if a != b and a in index and b in index:
            adjacency[index[a], index[b]] = adjacency[index[b], index[a]] = 1.0
    random = np.random.RandomState(seed)
    if count == 1:
        return {nodes[0]: (0.0, 0.0)}
    if fixed:
        held = {node: placed[node] for node in fixed}
        # networkx sizes the random start and the ideal distance by the largest coordinate held
        size = max(coordinate for point in held.values() for coordinate in point) or 1
        start = random.rand(count, 2) * size
        for node, point in held.items():
            start[index[node]] = np.asarray(point, dtype=float)
        positions = _settle(adjacency, start, size / np.sqrt(count), [index[n] for n in fixed])
    else:
        positions = _rescaled(_settle(adjacency, random.rand(count, 2), np.sqrt(1.0 / count), []))
    return {
        node: (float(positions[i, 0]), float(positions[i, 1]))
        for i, node in enumerate(nodes)
        if node not in placed
    }


def _settle(
    adjacency: np.ndarray, positions: np.ndarray, ideal: float, fixed: list[int]
) -> np.ndarray:
    """Move the nodes by attraction along ties and repulsion between all, cooling linearly."""
    count = len(positions)
    step = max(np.ptp(positions[:, 0]), np.ptp(positions[:, 1])) * 0.1
    cooling = step / (ITERATIONS + 1)
    for _ in range(ITERATIONS):
        delta = positions[:, np.newaxis, :] - positions[np.newaxis, :, :]
        distance = np.linalg.norm(delta, axis=-1)
        np.clip(distance, 0.01, None, out=distance)
        force = ideal * ideal / distance**2 - adjacency * distance / ideal
        displacement = np.einsum("ijk,ij->ik", delta, force)
        length = np.clip(np.linalg.norm(displacement, axis=-1), 0.01, None)
        moved = np.einsum("ij,i->ij", displacement, step / length)
        moved[fixed] = 0.0
        positions += moved
        step -= cooling
        if np.linalg.norm(moved) / count < THRESHOLD:
            break
    return positions


def _rescaled(positions: np.ndarray) -> np.ndarray:
    """Centred on the origin, the largest coordinate 1 (a fresh map fills the same square)."""
    positions = positions - positions.mean(axis=0)
    largest = np.abs(positions).max()
    return positions / largest if largest > 0 else positions
