"""A network's rounds with their response counts, hidden below the minimum."""

from __future__ import annotations

import math

from carenet_dash import analysis
from carenet_dash.store import queries


def test_the_round_list_hides_the_count_of_a_round_below_the_minimum(store, two_rounds):
    network = queries.network_by_name(store, "Test network")
    rounds = queries.rounds(store, network.id)
    shown = analysis.round_list(rounds, 5)
    assert list(shown["round"]) == [r.label for r in rounds]
    assert list(shown["respondents"]) == [8.0, 8.0]
    assert set(shown["instrument"]) == {"mini v1"}
    hidden = analysis.round_list(rounds, 9)
    assert all(math.isnan(n) for n in hidden["respondents"])
    assert analysis.respondent_count(rounds[0], 9) is None
    assert analysis.respondent_count(rounds[0], 8) == 8
