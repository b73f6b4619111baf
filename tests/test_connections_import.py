"""The relations question from every export format: the same six people in each shape give
the same ties, and the figures equal networkx's own computation on a graph built here by hand.

The six people (tests/fixtures/relations/*, written out by hand in each tool's shape):
    1 Riverside Hospital       named Northside GP Federation, Riverside Council
    2 Riverside Hospital       named Age Concern, Riverside
    3 Northside GP Federation  named Riverside Hospital, Riverside Council
    4 Riverside Council        named Riverside Hospital, Northside GP Federation, itself
    5 Age Concern, Riverside   named Riverside Hospital, Parent Carer Forum
    6 (no organisation)        named Riverside Council
Parent Carer Forum has no respondent of its own; Age Concern's name holds a comma.
"""

from __future__ import annotations

import csv
import io
import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carenet_dash.cli import main
from carenet_dash.importers import preview, read_export
from carenet_dash.store import organisations, queries, writes
from tests.conftest import FIXTURES

HERE = FIXTURES / "relations"
NETWORK = "Relations test"
HOSPITAL, GP, AGE, COUNCIL, FORUM = (
    "Riverside Hospital",
    "Northside GP Federation",
    "Age Concern, Riverside",
    "Riverside Council",
    "Parent Carer Forum",
)
PEOPLE = [
    (HOSPITAL, [GP, COUNCIL]),
    (HOSPITAL, [AGE]),
    (GP, [HOSPITAL, COUNCIL]),
    (COUNCIL, [HOSPITAL, GP, COUNCIL]),
    (AGE, [HOSPITAL, FORUM]),
    (None, [COUNCIL]),
]
FILES = [
    "surveymonkey.csv",
    "qualtrics_split.csv",
    "qualtrics_joined.csv",
    "googleforms.csv",
    "msforms.xlsx",
    "wide.csv",
    "long.csv",
]
# Joined answers cannot name an organisation nobody answered for unless the list has it.
JOINED = {"qualtrics_joined.csv", "googleforms.csv", "msforms.xlsx", "wide.csv", "long.csv"}


def expected_graph() -> nx.DiGraph:
    """The graph the issue defines, built straight from the people above."""
    graph = nx.DiGraph()
    graph.add_nodes_from([HOSPITAL, GP, AGE, COUNCIL, FORUM])
    for organisation, named in PEOPLE:
        for other in named:
            if organisation is not None and other != organisation:
                graph.add_edge(organisation, other)
    return graph


def _cli_csv(capsys, *args: str) -> list[dict[str, str]]:
    capsys.readouterr()
    assert main(["ties", "--network", NETWORK, *args, "--format", "csv"]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def _import(store, name: str) -> None:
    network_id = writes.create_network(store, NETWORK)
    if name in JOINED:
        organisations.add_organisation(store, network_id, FORUM)
    assert main(["import", str(HERE / name), "--network", NETWORK, "--round", "2026 Q3"]) == 0


@pytest.mark.parametrize("name", FILES)
def test_every_format_gives_the_figures_networkx_gives(store, capsys, name):
    _import(store, name)
    expected = expected_graph()
    rows = {r["organisation"]: r for r in _cli_csv(capsys)}
    assert set(rows) == set(expected.nodes)
    betweenness = nx.betweenness_centrality(expected, normalized=True)
    for organisation, row in rows.items():
        assert int(row["named_by"]) == expected.in_degree(organisation), organisation
        assert int(row["names"]) == expected.out_degree(organisation), organisation
        assert float(row["betweenness"]) == pytest.approx(betweenness[organisation], abs=5e-5)
    # Six people in four organisations: every count under the minimum group size of 5.
    assert rows[HOSPITAL]["respondents"] == "fewer than 5 responses"
    assert rows[FORUM]["respondents"] == "0"
    (summary,) = _cli_csv(capsys, "--summary")
    assert list(summary) == ["organisations", "ties", "density", "reciprocity", "components"]
    assert int(summary["organisations"]) == 5
    assert int(summary["ties"]) == expected.number_of_edges() == 9
    assert float(summary["density"]) == pytest.approx(nx.density(expected), abs=5e-5)
    assert float(summary["reciprocity"]) == pytest.approx(nx.reciprocity(expected), abs=5e-5)
    assert int(summary["components"]) == nx.number_weakly_connected_components(expected)


@pytest.mark.parametrize("name", FILES)
def test_every_format_reads_each_persons_organisation_and_ties(name):
    export = read_export((HERE / name).read_bytes(), name)
    found = preview(export, instruments=None)
    responses = found.responses
    organisation = responses.respondents["organisation"].tolist()
    assert [o if isinstance(o, str) else None for o in organisation] == [p for p, _ in PEOPLE]
    named = sorted(map(tuple, responses.ties[["row", "organisation"]].values.tolist()))
    wanted = sorted((row, other) for row, (_, others) in enumerate(PEOPLE) for other in others)
    if name in JOINED:  # the Forum is unknown to a network with no list yet
        assert (4, FORUM) not in named
        assert "'Parent Carer Forum'" in found.refusal()
        wanted.remove((4, FORUM))
    assert named == wanted


def test_a_free_text_other_column_is_never_read(store, capsys):
    _import(store, "surveymonkey.csv")
    listed = organisations.organisations(store, queries.network_by_name(store, NETWORK).id)
    assert not any("Bob" in name for name in listed["name"])


def test_unknown_organisations_are_reported_like_unknown_labels_and_can_be_set_aside(
    store, capsys, tmp_path
):
    text = (HERE / "googleforms.csv").read_text(encoding="utf-8")
    path = tmp_path / "responses.csv"
    path.write_text(text.replace("Parent Carer Forum", "Riverside Hospice"), encoding="utf-8")
    network_id = writes.create_network(store, NETWORK)
    organisations.add_organisation(store, network_id, FORUM)
    args = ["import", str(path), "--network", NETWORK, "--round", "2026 Q3"]
    assert main(args) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: column 'Which of these member organisations")
    assert "'Riverside Hospice' in 1 cell" in error
    assert "not an organisation on the network's list" in error
    assert queries.rounds(store, network_id) == []
    assert main([*args, "--unknown-as-missing"]) == 0
    assert "1 unknown answer(s) treated as missing" in capsys.readouterr().out
    rows = {r["organisation"]: r for r in _cli_csv(capsys)}
    assert "Riverside Hospice" not in rows
    assert int(rows[FORUM]["named_by"]) == 0


def test_a_name_with_a_comma_is_read_whole_when_known_and_split_when_not():
    from carenet_dash.importers.relations import Names, split_names

    names = Names({})
    for name in (AGE, HOSPITAL, "Age Concern"):
        names.add(name)
    assert split_names("Age Concern, Riverside, Riverside Hospital", names, ",") == (
        [AGE, HOSPITAL],
        [],
    )
    assert split_names("Age Concern, Leeds", names, ",") == (["Age Concern"], ["Leeds"])
    assert split_names("riverside  hospital;", names, ";") == ([HOSPITAL], [])


def test_qualtrics_choice_numbers_say_to_export_choice_text(store, capsys, tmp_path):
    text = (HERE / "qualtrics_joined.csv").read_text(encoding="utf-8")
    path = tmp_path / "numbers.csv"
    path.write_text(
        text.replace('"Northside GP Federation,Riverside Council"', '"2,4"'), encoding="utf-8"
    )
    network_id = writes.create_network(store, NETWORK)
    organisations.add_organisation(store, network_id, FORUM)
    assert main(["import", str(path), "--network", NETWORK, "--round", "R"]) == 2
    assert "export the responses with choice text" in capsys.readouterr().err


def test_density_and_reciprocity_of_a_round_without_ties_are_blank(store, capsys, tmp_path):
    lines = (HERE / "wide.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "no_ties.csv"
    rows = list(csv.reader(lines))
    for row in rows[1:]:
        row[3] = ""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    assert main(["import", str(path), "--network", NETWORK, "--round", "R"]) == 0
    (summary,) = _cli_csv(capsys, "--summary")
    assert summary["ties"] == "0"
    assert summary["reciprocity"] == ""
    assert math.isclose(float(summary["density"]), 0.0)
    assert summary["components"] == "4"


_WORDS = ["Age", "Concern", "Riverside", "Hospital", "Trust", "St Mary's", "GP", "Forum"]
_NAME = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(_NAME, st.sampled_from(["", ", "])), min_size=1, max_size=6),
    st.data(),
)
def test_any_known_names_joined_by_any_tool_read_back_whole(parts, data):
    """Names with commas inside them, joined as each tool joins them, come back as the
    names chosen, whatever the list holds besides."""
    from carenet_dash.importers.relations import ANY_SEPARATOR, SEPARATORS, Names, split_names
    from carenet_dash.organisations import name_key

    known = list(dict.fromkeys(a + (f"{b}Leeds" if b else "") for a, b in parts))
    names = Names({})
    for name in known:
        names.add(name)
    keys = list(dict.fromkeys(name_key(n) for n in known))
    chosen = data.draw(st.lists(st.sampled_from(keys), min_size=1, unique=True))
    spelled = [names.known[k] for k in chosen]
    for fmt, joiner, tail in (
        ("googleforms", ", ", ""),
        ("msforms", ";", ";"),
        ("qualtrics", ",", ""),
        ("wide", "\n", ""),
    ):
        # A name that another name starts with, followed by ", Leeds", is ambiguous by design:
        # the longer known name wins (the rule), so leave such draws out.
        separator = SEPARATORS.get(fmt, ANY_SEPARATOR)
        found, unknown = split_names(joiner.join(spelled) + tail, names, separator)
        if fmt in {"msforms", "wide"} or not _ambiguous(spelled, names):
            assert found == spelled, fmt
            assert unknown == []


def _ambiguous(spelled, names) -> bool:
    from carenet_dash.organisations import name_key

    joined = {name_key(f"{a}, {b}") for a in spelled for b in spelled if a != b}
    return bool(joined & set(names.known))
