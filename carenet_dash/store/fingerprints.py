"""Reads and checks on the responses' fingerprints: the same round again, or a large overlap."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, Engine, select

from carenet_dash.errors import ImportRefused
from carenet_dash.store.engine import read_connection
from carenet_dash.store.models import Respondent, Round


def refuse_repeat(conn: Connection, network_id: int, fingerprint: str) -> None:
    """Refuse (store unchanged: the caller's transaction rolls back) responses the network
    already holds as another round. A round being replaced is deleted before this is asked."""
    label = conn.execute(
        select(Round.label).where(Round.network_id == network_id, Round.fingerprint == fingerprint)
    ).scalar()
    if label is not None:
        raise ImportRefused(repeat_message(label))


def repeat_message(label: str) -> str:
    return (
        f"these responses are already stored as round {label!r} of this network (the same "
        "answers, perhaps re-saved as another file or format); replace that round to import "
        "them again, or check that this is the file you meant"
    )


def round_with_fingerprint(engine: Engine, network_id: int, fingerprint: str) -> str | None:
    """The label of the network's round holding exactly these responses, if any."""
    with read_connection(engine) as conn:
        return conn.execute(
            select(Round.label).where(
                Round.network_id == network_id, Round.fingerprint == fingerprint
            )
        ).scalar()


def overlaps(engine: Engine, network_id: int, row_hashes: Sequence[str]) -> dict[str, int]:
    """Round label -> how many of these responses (by content hash) each of a network's
    rounds already holds; rounds sharing none are left out."""
    if not len(row_hashes):
        return {}
    with read_connection(engine) as conn:
        rows = conn.execute(
            select(Round.label, Respondent.content_hash)
            .join(Respondent, Respondent.round_id == Round.id)
            .where(Round.network_id == network_id, Respondent.content_hash.is_not(None))
        ).all()
    if not rows:
        return {}
    stored = pd.DataFrame(rows, columns=["label", "hash"])
    new = pd.Series(list(row_hashes), dtype="str")
    found = {}
    for label, hashes in stored.groupby("label", sort=False)["hash"]:
        matched = int(new.isin(set(hashes)).sum())
        if matched:
            found[str(label)] = matched
    return found
