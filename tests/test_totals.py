"""Dimension totals stored with each round give the same figures as scoring the answers."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import delete, func, select, update

from carenet_dash import analysis, scoring
from carenet_dash.demo import seed_demo
from carenet_dash.store import queries, writes
from carenet_dash.store.engine import write_transaction
from carenet_dash.store.models import DimensionTotal, StoreState
from carenet_dash.store.opening import dispose_engines, get_engine


@pytest.fixture
def demo(store):
    seed_demo(store)
    network = queries.networks(store)[0]
    return store, network, queries.rounds(store, network.id)


def test_every_imported_round_has_its_totals(demo):
    store, _network, rounds = demo
    totals = queries.dimension_totals(store, [r.id for r in rounds])
    assert len(totals) == len(rounds) * 9


def test_the_trend_from_totals_equals_scoring_each_round(demo):
    store, network, rounds = demo
    trend = analysis.trend(store, network.id, min_size=5)
    for r in rounds:
        reference = analysis.dimension_scores(analysis.load_round(store, r.id), 5)
        stored = trend[trend["round_id"] == r.id].reset_index(drop=True)
        assert list(stored["status"]) == list(reference["status"])
        assert np.allclose(stored["mean"], reference["mean"], equal_nan=True)
        assert np.allclose(stored["sd"], reference["sd"], equal_nan=True)
        assert np.array_equal(stored["n"], reference["n"], equal_nan=True)
        assert list(stored["band"]) == list(reference["band"])


def test_changes_from_totals_equal_changes_from_answers(demo):
    store, _network, rounds = demo
    stored = analysis.compare_rounds(store, rounds[-2].id, rounds[-1].id, 5)
    before, after = (analysis.load_round(store, r.id) for r in rounds[-2:])
    reference = scoring.dimension_changes(
        scoring.respondent_scores(before.answers, after.instrument),
        scoring.respondent_scores(after.answers, after.instrument),
        after.instrument,
    )
    assert np.allclose(stored["change"], reference["change"])
    assert np.allclose(stored["low"], reference["low"])
    assert list(stored["verdict"]) == list(reference["verdict"])


def _spoil_totals(store, rounds, checked_under: int | None) -> None:
    """Totals as an older release left them: one round's missing, another's outdated."""
    with write_transaction(store) as conn:
        conn.execute(delete(DimensionTotal).where(DimensionTotal.round_id == rounds[0].id))
        conn.execute(
            update(DimensionTotal)
            .where(DimensionTotal.round_id == rounds[1].id)
            .values(scoring_version=scoring.SCORING_VERSION - 1, n=0)
        )
        conn.execute(update(StoreState).values(totals_version=checked_under))


def test_missing_or_outdated_totals_are_rebuilt_on_start(demo):
    store, network, rounds = demo
    expected = analysis.trend(store, network.id, 5)
    _spoil_totals(store, rounds, checked_under=scoring.SCORING_VERSION - 1)
    assert writes.refresh_dimension_totals(store) == 2
    assert writes.refresh_dimension_totals(store) == 0
    with store.connect() as conn:
        count = conn.execute(select(func.count()).select_from(DimensionTotal)).scalar_one()
    all_rounds = [r for n in queries.networks(store) for r in queries.rounds(store, n.id)]
    assert count == len(all_rounds) * 9
    rebuilt = analysis.trend(store, network.id, 5)
    assert np.allclose(rebuilt["mean"], expected["mean"], equal_nan=True)


def test_totals_go_with_a_deleted_round(demo):
    store, _network, rounds = demo
    writes.delete_round(store, rounds[0].id)
    assert queries.dimension_totals(store, [rounds[0].id]).empty


def test_a_store_checked_under_these_rules_is_not_searched_again(demo):
    store, _network, rounds = demo
    # Totals spoiled behind the store's back, with the mark saying all were checked: a start
    # trusts the mark (one query), and only an explicit full check finds them.
    _spoil_totals(store, rounds, checked_under=scoring.SCORING_VERSION)
    assert writes.refresh_dimension_totals(store) == 0
    assert writes.refresh_dimension_totals(store, check_every_round=True) == 2
    assert writes.refresh_dimension_totals(store, check_every_round=True) == 0


def test_opening_the_store_rebuilds_totals_an_older_release_left(demo, store_url):
    store, network, rounds = demo
    expected = analysis.trend(store, network.id, 5)
    _spoil_totals(store, rounds, checked_under=None)
    dispose_engines()  # the next open is a fresh start, as in a new process
    reopened = get_engine(store_url)
    with reopened.connect() as conn:
        assert conn.execute(select(StoreState.totals_version)).scalar() == (scoring.SCORING_VERSION)
    rebuilt = analysis.trend(reopened, network.id, 5)
    assert np.allclose(rebuilt["mean"], expected["mean"], equal_nan=True)
    assert np.array_equal(rebuilt["n"], expected["n"], equal_nan=True)
