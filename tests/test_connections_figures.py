"""A round's map from the store: coverage, the respondent counts and position-and-perception
under the disclosure rules, worked by hand on a small network.

The network (every tie both ways unless said): A-B, A-C, B-C (a triangle), C-D; A -> E, F, G
only in the low-coverage variant. People: A 4, B 3, C 5, D 2; everyone scores "Agree" (4) on
the trust statements except C's people (2) and D's (5).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from carenet_dash.cli import main
from carenet_dash.connections import graph
from carenet_dash.connections.figures import round_map
from carenet_dash.connections.perception import (
    BRIDGING,
    CORE,
    PERIPHERY,
    position_perception,
)
from carenet_dash.instrument_files import get_instrument
from carenet_dash.responses import Responses
from carenet_dash.store import writes

PEOPLE = {"A": (4, 4), "B": (3, 4), "C": (5, 2), "D": (2, 5)}  # organisation: (people, score)
PARTNERS = {"A": ["B", "C"], "B": ["A", "C"], "C": ["A", "B", "D"], "D": ["C"]}
NETWORK = "Hand network"


def responses(partners=PARTNERS, people=PEOPLE) -> Responses:
    instrument = get_instrument()
    trust = [item.id for item in instrument.dimension("trust").items]
    rows, answers, named = [], [], []
    for organisation, (count, score) in people.items():
        for _ in range(count):
            row = len(rows)
            rows.append({"source_hash": f"h{row}", "organisation": organisation})
            for item_id in trust:
                reverse = instrument.items[item_id].reverse
                answers.append((row, item_id, 6 - score if reverse else score, False))
            named += [(row, other) for other in partners[organisation]]
    long = pd.DataFrame(answers, columns=["row", "item_id", "score", "not_applicable"])
    return Responses(
        respondents=pd.DataFrame(rows),
        answers=long.astype({"score": "Int8"}),
        comments=pd.DataFrame(columns=["row", "question_id", "text"]),
        ties=pd.DataFrame(named, columns=["row", "organisation"]),
    )


def stored(store, found: Responses, label: str = "2026 Q3") -> int:
    meta = writes.RoundMeta(network=NETWORK, label=label)
    return writes.import_round(store, meta, get_instrument(), found)


def test_respondents_per_organisation_follow_the_complement_rule(store):
    found = round_map(store, stored(store, responses()), 5).organisations.set_index("name")
    # A 4, B 3 and D 2 are each under 5; together 9, so C's 5 may be shown.
    assert found.loc["C", "respondents"] == 5
    assert found.loc["C", "respondents_status"] == "shown"
    for name in "ABD":
        assert math.isnan(found.loc[name, "respondents"])
        assert found.loc[name, "respondents_status"] == "hidden"
    assert found["answered"].all()
    assert set(found.index[found["broker"].astype(bool)]) == {"C"}  # D hangs on C


def test_position_and_perception_hides_small_groups_and_their_complement(store):
    cells = position_perception(store, stored(store, responses()), 5)
    trust = cells[cells["dimension_id"] == "trust"].set_index("group")
    # Bridging: C's 5; core: A and B's 7; periphery: D's 2. D is hidden (2 < 5), and as the
    # hidden people would then number 2, the next smallest (bridging, 5) is hidden too.
    assert list(trust.index) == [BRIDGING, CORE, PERIPHERY]
    assert trust.loc[CORE, "status"] == "shown"
    assert trust.loc[CORE, "n"] == 7
    assert trust.loc[CORE, "mean"] == pytest.approx(4.0)
    # The network's mean: (7 x 4 + 5 x 2 + 2 x 5) / 14.
    assert trust.loc[CORE, "network_mean"] == pytest.approx(48 / 14)
    assert trust.loc[CORE, "difference"] == pytest.approx(4.0 - 48 / 14)
    for group in (BRIDGING, PERIPHERY):
        assert trust.loc[group, "status"] == "hidden"
        assert math.isnan(trust.loc[group, "mean"])
        assert math.isnan(trust.loc[group, "n"])
    # Nobody answered the other dimensions' statements: no data, never a figure.
    others = cells[cells["dimension_id"] != "trust"]
    assert set(others["status"]) == {"no data"}


def test_low_coverage_withholds_betweenness_and_brokers_but_not_named_by(store, capsys):
    partners = {**PARTNERS, "A": ["B", "C", "E", "F", "G"]}
    round_id = stored(store, responses(partners))
    found = round_map(store, round_id, 5)
    assert (found.coverage.answered, found.coverage.organisations) == (4, 7)  # 57%
    assert found.coverage.level == graph.WITHHELD
    table = found.organisations.set_index("name")
    assert table["betweenness"].isna().all()
    assert table["broker"].isna().all()
    assert table.loc["E", "named_by"] == 1
    cells = position_perception(store, round_id, 5)
    assert BRIDGING not in set(cells["group"])
    assert main(["ties", "--network", NETWORK, "--format", "csv"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[1:] == [
        "A,fewer than 5 responses,2,5,",
        "B,fewer than 5 responses,2,2,",
        "C,5,3,3,",
        "D,fewer than 5 responses,1,1,",
        "E,0,1,0,",
        "F,0,1,0,",
        "G,0,1,0,",
    ]
    assert "below 65%, so betweenness and brokers are not shown" in out.err


def test_between_65_and_80_percent_the_figures_carry_a_caution(store, capsys):
    partners = {**PARTNERS, "A": ["B", "C", "E", "F"]}
    round_id = stored(store, responses(partners))
    found = round_map(store, round_id, 5)
    assert found.coverage.level == graph.CAUTION  # 4 of 6: 67%
    assert not found.organisations["betweenness"].isna().any()
    assert main(["ties", "--network", NETWORK]) == 0
    assert "read betweenness and brokers with caution" in capsys.readouterr().out


def test_a_round_of_fewer_than_k_respondents_shows_no_map(store, capsys):
    few = {"A": (2, 4), "B": (2, 4)}
    round_id = stored(store, responses({"A": ["B"], "B": ["A"]}, few))
    assert not round_map(store, round_id, 5).shown
    assert main(["ties", "--network", NETWORK]) == 2
    assert "fewer than 5 responses, so its map is not shown" in capsys.readouterr().err
    assert position_perception(store, round_id, 5).empty


def test_an_organisation_joins_the_map_in_the_round_it_first_appears(store):
    first = stored(store, responses(), "2026 Q1")
    later = responses({**PARTNERS, "D": ["C", "H"]})
    second = stored(store, later, "2026 Q2")
    assert "H" not in set(round_map(store, first, 5).organisations["name"])
    assert "H" in set(round_map(store, second, 5).organisations["name"])
