"""The connection map's figures: hand-worked cases, and networkx's own answers on any graph."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carenet_dash import map_layout as layout
from carenet_dash.connections import graph


def frame(rows, columns):
    return pd.DataFrame(rows, columns=columns)


def test_a_tie_needs_one_respondent_and_ignores_self_ties_and_people_without_an_organisation():
    members = pd.DataFrame(
        {"respondent_id": [1, 2, 3, 4], "organisation_id": pd.array([10, 10, 20, None], "Int64")}
    )
    named = frame(
        [(1, 20), (2, 20), (2, 10), (3, 30), (4, 10), (4, 30)], ["respondent_id", "organisation_id"]
    )
    # 10 -> 20 (two people, one tie), 10 -> 10 left out, 20 -> 30, person 4 has no organisation.
    assert graph.edges(members, named).values.tolist() == [[10, 20], [20, 30]]


def test_positions_brokers_and_figures_of_a_hand_built_network():
    # A triangle 1-2-3 (every tie both ways), 3 -> 4, 4 -> 5 and 5 -> 4, and 6 alone.
    ties = frame(
        [(1, 2), (2, 1), (1, 3), (3, 1), (2, 3), (3, 2), (3, 4), (4, 5), (5, 4)],
        ["source", "target"],
    )
    directed = graph.directed_graph([1, 2, 3, 4, 5, 6], ties)
    found = graph.organisation_figures(directed).set_index("organisation_id")
    assert found["named_by"].to_dict() == {1: 2, 2: 2, 3: 2, 4: 2, 5: 1, 6: 0}
    assert found["names"].to_dict() == {1: 2, 2: 2, 3: 3, 4: 1, 5: 1, 6: 0}
    # The triangle is the 2-core; 4 and 5 hang off it; 6 has no tie.
    assert found["position"].to_dict() == {
        1: "core", 2: "core", 3: "core", 4: "periphery", 5: "periphery", 6: "isolate"
    }  # fmt: skip
    # Without 3, 4 and 5 lose the triangle; without 4, 5 is cut off.
    assert set(found.index[found["broker"]]) == {3, 4}
    # Betweenness of 3: paths 1->4, 1->5, 2->4, 2->5 all run through it, of 5*4 = 20 ordered
    # pairs among the other five: 4/20 = 0.2. Of 4: 1->5, 2->5, 3->5 = 3/20 = 0.15.
    assert found.loc[3, "betweenness"] == pytest.approx(0.2)
    assert found.loc[4, "betweenness"] == pytest.approx(0.15)
    network = graph.network_figures(directed)
    assert (network.organisations, network.ties, network.components) == (6, 9, 2)
    assert network.density == pytest.approx(9 / 30)
    assert network.reciprocity == pytest.approx(8 / 9)  # all but 3 -> 4 are returned
    assert graph.confirmed(directed).values.tolist() == [[1, 2], [1, 3], [2, 3], [4, 5]]


def test_ties_gained_and_lost_between_rounds():
    before = graph.directed_graph([1, 2, 3], frame([(1, 2), (2, 3)], ["source", "target"]))
    after = graph.directed_graph([1, 2, 3, 4], frame([(1, 2), (3, 4)], ["source", "target"]))
    found = graph.tie_changes(before, after)
    assert found.gained.values.tolist() == [[3, 4]]
    assert found.lost.values.tolist() == [[2, 3]]
    assert found.kept.values.tolist() == [[1, 2]]
    assert found.density_change == pytest.approx(2 / 12 - 2 / 6)


@pytest.mark.parametrize(
    ("answered", "organisations", "level"),
    [
        (5, 5, graph.FULL),
        (4, 5, graph.FULL),  # exactly 80%
        (79, 100, graph.CAUTION),
        (13, 20, graph.CAUTION),  # exactly 65%
        (64, 100, graph.WITHHELD),
        (0, 0, graph.WITHHELD),
    ],
)
def test_coverage_cautions_below_80_and_withholds_below_65_percent(answered, organisations, level):
    assert graph.Coverage(answered, organisations).level == level


def test_an_empty_network_has_no_reciprocity_and_no_density():
    empty = graph.network_figures(graph.directed_graph([], frame([], ["source", "target"])))
    assert (empty.organisations, empty.ties, empty.components) == (0, 0, 0)
    assert math.isnan(empty.density)
    assert math.isnan(empty.reciprocity)


pairs = st.lists(
    st.tuples(st.integers(0, 11), st.integers(0, 11)).filter(lambda p: p[0] != p[1]),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(pairs, st.integers(1, 12))
def test_every_figure_is_networkx_own_on_any_graph(ties, size):
    ties = [(a, b) for a, b in ties if a < size and b < size]
    expected = nx.DiGraph()
    expected.add_nodes_from(range(size))
    expected.add_edges_from(ties)
    built = graph.directed_graph(range(size), frame(ties, ["source", "target"]))
    found = graph.organisation_figures(built).set_index("organisation_id")
    betweenness = nx.betweenness_centrality(expected, normalized=True)
    cores = nx.core_number(expected.to_undirected())
    for node in range(size):
        assert found.loc[node, "named_by"] == expected.in_degree(node)
        assert found.loc[node, "names"] == expected.out_degree(node)
        assert found.loc[node, "betweenness"] == pytest.approx(betweenness[node])
        assert found.loc[node, "core_number"] == cores[node]
    figures = graph.network_figures(built)
    assert figures.ties == expected.number_of_edges()
    assert figures.density == pytest.approx(nx.density(expected))
    assert figures.components == nx.number_weakly_connected_components(expected)
    if ties:
        assert figures.reciprocity == pytest.approx(nx.reciprocity(expected))


def test_a_layout_is_seeded_and_keeps_placed_organisations_where_they_are():
    first = layout.place([1, 2, 3], [(1, 2), (2, 3)], {}, seed=7)
    assert first == layout.place([3, 2, 1], [(2, 3), (1, 2)], {}, seed=7)
    more = layout.place([1, 2, 3, 4], [(1, 2), (2, 3), (3, 4)], first, seed=7)
    assert set(more) == {4}  # only the newcomer is placed
    assert layout.place([1, 2, 3], [(1, 2)], first, seed=7) == {}


def _networkx_place(ids, ties, placed, seed):
    """The layout as networkx's spring_layout computes it (how the map was placed before
    map_layout stopped loading networkx): the independent computation the layout must equal."""
    built = nx.Graph()
    built.add_nodes_from(sorted(ids))
    built.add_edges_from((a, b) for a, b in ties if a != b)
    held = {node: placed[node] for node in built.nodes if node in placed}
    if not held:
        found = nx.spring_layout(built, seed=seed)
    else:
        found = nx.spring_layout(built, pos=dict(held), fixed=list(held), seed=seed)
    return {int(n): (float(x), float(y)) for n, (x, y) in found.items() if n not in held}


@settings(max_examples=80, deadline=None)
@given(
    pairs,
    st.integers(2, 14),
    st.sets(st.integers(0, 13), max_size=10),
    st.integers(1, 10_000),
)
def test_the_layout_places_as_networkx_spring_layout_does(ties, size, held, seed):
    ties = [(a, b) for a, b in ties if a < size and b < size]
    ids = list(range(size))
    # Held organisations sit where an earlier layout put them (any coordinates in [-1, 1]).
    spread = layout.place(ids, ties, {}, seed=seed + 1)
    placed = {n: spread[n] for n in held if n < size}
    found = layout.place(ids, ties, placed, seed=seed)
    expected = _networkx_place(ids, ties, placed, seed)
    assert set(found) == set(expected)
    for node, point in expected.items():
        assert found[node] == pytest.approx(point, rel=1e-9, abs=1e-12)


def test_a_fresh_layout_fills_the_unit_square_centred_on_the_origin():
    found = layout.place(range(6), [(0, 1), (1, 2), (3, 4)], {}, seed=3)
    xs, ys = zip(*found.values(), strict=True)
    assert max(map(abs, xs + ys)) == pytest.approx(1.0)
    assert sum(xs) / 6 == pytest.approx(0.0, abs=1e-12)
    assert sum(ys) / 6 == pytest.approx(0.0, abs=1e-12)
    assert layout.place([5], [], {}, seed=3) == {5: (0.0, 0.0)}
