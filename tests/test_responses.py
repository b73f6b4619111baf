"""Responses.validate: checked once per instrument, never skipped for another or by the store."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from carenet_dash.responses import Responses
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


def _hand_responses(item_ids):
    return Responses(
        respondents=pd.DataFrame(
            {"source_hash": [None, "x", None], "role": ["GP", pd.NA, "Council"]}
        ),
        answers=pd.DataFrame(
            {
                "row": [0, 0, 1, 2, 2],
                "item_id": item_ids,
                "score": pd.array([4, 5, pd.NA, 1, 3], dtype="Int8"),
                "not_applicable": [False, False, True, False, False],
            }
        ),
        comments=pd.DataFrame(
            {
                "row": [0, 2],
                "question_id": ["q1", "q1"],
                "text": ["Good  work\nhere", "More, please"],
            }
        ),
        ties=pd.DataFrame(
            {"row": [0, 0, 2], "organisation": ["Zeta Trust", "Alpha GP", "Alpha GP"]}
        ),
    )


@pytest.mark.parametrize("as_category", [False, True])
def test_response_hashes_stay_those_earlier_rounds_were_stored_with(as_category):
    # Rounds already in a store carry these hashes, and a repeat is found by comparing a new
    # file's with them: any change to how they are computed must fail here. Values recorded
    # from the release that first stored them; the item ids' type does not matter.
    items = ["b2", "a1", "a1", "a1", "b2"]
    responses = _hand_responses(pd.Categorical(items) if as_category else items)
    assert responses.row_hashes.tolist() == [
        "93a30463335ce3a5",
        "52752bd42949d725",
        "70eb2a0be03d75c9",
    ]
    assert responses.fingerprint == (
        "c858a02041e55a3bde5e373542cd08180066330d3c8f89013ead6be020307ba8"
    )
