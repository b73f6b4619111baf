"""Responses.validate: checked once per instrument, never skipped for another or by the store."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from carenet_dash.store import writes
from carenet_dash.store.models import Network
from tests.conftest import HAND_ANSWERS, make_responses


def test_responses_checked_for_one_instrument_are_checked_again_for_another(mini, network_health):
    responses = make_responses(HAND_ANSWERS)
    responses.validate(mini)
    responses.validate(mini)  # the second check, as the store's write makes it, still passes
    with pytest.raises(ValueError, match="answers for items not in network-health"):
        responses.validate(network_health)


def test_the_store_refuses_responses_nobody_checked_and_stays_unchanged(store, mini):
    # a score of 9 is off the mini instrument's 1..5 scale
    responses = make_responses([(1, "a1", 9, False)])
    meta = writes.RoundMeta(network="Test network", label="R1", fielded_on=None)
    with pytest.raises(ValueError, match="score 9 of a1 is not on its scale"):
        writes.import_round(store, meta, mini, responses)
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Network)).scalar_one() == 0
