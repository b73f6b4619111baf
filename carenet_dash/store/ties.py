"""Ties: the organisations each respondent named, written with their round and read back
per round (members and the organisations they named) to rebuild the map."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, select, update

from carenet_dash.instrument import Instrument
from carenet_dash.organisations import name_key
from carenet_dash.responses import Responses
from carenet_dash.store import organisations
from carenet_dash.store.bulk import bulk_insert
from carenet_dash.store.engine import read_connection
from carenet_dash.store.models import (
    Organisation,
    Respondent,
    RespondentSegment,
    Round,
    Tie,
)
from carenet_dash.store.queries import rows_frame


def write_round(
    conn: Connection,
    network_id: int,
    round_id: int,
    instrument: Instrument,
    responses: Responses,
    *,
    respondent_ids: np.ndarray,
) -> None:
    """In the import's transaction: the round's organisations on the network's list (new ones
    added, with a type from the instrument's type segment when they have none), respondents'
    organisations spelled as the list spells them, the ties, and new organisations placed.
    ``respondent_ids``: each response row's respondent id, as the round's write stored them."""
    segment = instrument.organisation_segment
    if segment is None:
        return
    people = responses.respondents
    given = people[segment.id] if segment.id in people else pd.Series(dtype="object")
    named = responses.ties
    spellings = [str(v) for v in given.dropna().unique()]
    spellings += [str(v) for v in named["organisation"].unique()]
    if not spellings:
        return
    ids = organisations.ensure(conn, network_id, spellings)
    names = dict(
        conn.execute(
            select(Organisation.id, Organisation.name).where(Organisation.network_id == network_id)
        ).all()
    )
    round_people = select(Respondent.id).where(Respondent.round_id == round_id)
    for spelled in dict.fromkeys(str(v) for v in given.dropna().unique()):
        listed = names[ids[name_key(spelled)]]
        if listed != spelled:
            conn.execute(
                update(RespondentSegment)
                .where(
                    RespondentSegment.respondent_id.in_(round_people),
                    RespondentSegment.segment_id == segment.id,
                    RespondentSegment.value == spelled,
                )
                .values(value=listed)
            )
    question = instrument.relations_question
    if question is not None and question.type_segment in people:
        organisations.fill_types(
            conn, network_id, _types(given, people[question.type_segment], ids, names)
        )
    if len(named):
        pairs = pd.DataFrame(
            {
                "respondent_id": respondent_ids[named["row"].to_numpy(dtype=np.int64)],
                # Each distinct name looked up once, not once per tie.
                "organisation_id": named["organisation"].map(
                    {n: ids[name_key(n)] for n in named["organisation"].unique()}
                ),
            }
        ).drop_duplicates()
        bulk_insert(
            conn,
            Tie.__table__,
            ["respondent_id", "organisation_id", "round_id"],
            zip(
                pairs["respondent_id"].astype(int).tolist(),
                pairs["organisation_id"].astype(int).tolist(),
                [round_id] * len(pairs),
                strict=True,
            ),
        )
    organisations.place_unplaced(conn, network_id)


def _types(
    given: pd.Series, kinds: pd.Series, ids: dict[str, int], names: dict[int, str]
) -> dict[str, str]:
    """Each organisation's most common answer to the type segment among its respondents
    (ties: the first in alphabetical order), by the organisation's listed name."""
    frame = pd.DataFrame({"organisation": given, "kind": kinds}).dropna()
    found = {}
    for spelled, rows in frame.groupby("organisation", sort=True):
        counts = rows["kind"].value_counts()
        top = sorted(counts[counts == counts.max()].index.astype(str))[0]
        found[names[ids[name_key(str(spelled))]]] = top
    return found


def _members(first):
    """``first`` beside the organisation id of each respondent's stated organisation (its
    segment answer, which spells the organisation as the network's list does)."""
    return (
        select(first, Organisation.id)
        .select_from(RespondentSegment)
        .join(Respondent, Respondent.id == RespondentSegment.respondent_id)
        .join(Round, Round.id == Respondent.round_id)
        .join(
            Organisation,
            (Organisation.network_id == Round.network_id)
            & (Organisation.name == RespondentSegment.value),
        )
    )


def round_members(engine: Engine, round_id: int, segment_id: str | None) -> pd.DataFrame:
    """Every respondent of a round and their organisation: respondent_id, organisation_id
    (NA where they gave none)."""
    with read_connection(engine) as conn:
        people = conn.execute(select(Respondent.id).where(Respondent.round_id == round_id)).all()
        rows = (
            conn.execute(
                _members(RespondentSegment.respondent_id).where(
                    Respondent.round_id == round_id, RespondentSegment.segment_id == segment_id
                )
            ).all()
            if segment_id is not None
            else []
        )
    frame = rows_frame(people, ["respondent_id"]).astype("int64")
    given = rows_frame(rows, ["respondent_id", "organisation_id"]).astype("int64")
    found = frame.merge(given, on="respondent_id", how="left")
    found["organisation_id"] = found["organisation_id"].astype("Int64")
    return found


def round_named(engine: Engine, round_id: int) -> pd.DataFrame:
    """The organisations each respondent of a round named: respondent_id, organisation_id."""
    with read_connection(engine) as conn:
        rows = conn.execute(
            select(Tie.respondent_id, Tie.organisation_id).where(Tie.round_id == round_id)
        ).all()
    return rows_frame(rows, ["respondent_id", "organisation_id"]).astype("int64")


def appearances(engine: Engine, network_id: int) -> pd.DataFrame:
    """Where each of a network's organisations appears, as a respondent's organisation or as
    one named: round_id, organisation_id (distinct)."""
    with read_connection(engine) as conn:
        ids = select(Round.id).where(Round.network_id == network_id)
        segments = organisations.organisation_segments(conn, network_id)
        named = conn.execute(
            select(Tie.round_id, Tie.organisation_id).where(Tie.round_id.in_(ids)).distinct()
        ).all()
        members = conn.execute(
            _members(Respondent.round_id)
            .where(Respondent.round_id.in_(ids), RespondentSegment.segment_id.in_(segments))
            .distinct()
        ).all()
    frame = rows_frame([*named, *members], ["round_id", "organisation_id"]).astype("int64")
    return frame.drop_duplicates().reset_index(drop=True)
