"""A network's list of member organisations: read it, and the lead's changes to it (add,
rename, merge two spellings, set a type, lay the map out afresh), each in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select, update

from carenet_dash import map_layout as layout
from carenet_dash.errors import CareNetError, NotFound
from carenet_dash.instrument import parse_instrument
from carenet_dash.organisations import clean_name, name_key, tidy_name
from carenet_dash.store.engine import read_connection, write_transaction
from carenet_dash.store.models import (
    InstrumentSnapshot,
    Organisation,
    OrganisationAlias,
    Respondent,
    RespondentSegment,
    Round,
    Tie,
)
from carenet_dash.store.queries import rows_frame

COLUMNS = ["organisation_id", "name", "type", "x", "y"]
MAX_TYPE = 200


@dataclass(frozen=True)
class OrganisationInfo:
    id: int
    network_id: int
    name: str
    type: str | None


def organisations(engine: Engine, network_id: int) -> pd.DataFrame:
    """A network's organisations: organisation_id, name, type, x, y (NaN until placed), by
    name (sorted here: SQLite and PostgreSQL collate text differently)."""
    with read_connection(engine) as conn:
        return _organisations(conn, network_id)


def _organisations(conn: Connection, network_id: int) -> pd.DataFrame:
    rows = conn.execute(
        select(
            Organisation.id, Organisation.name, Organisation.type, Organisation.x, Organisation.y
        ).where(Organisation.network_id == network_id)
    ).all()
    frame = rows_frame(rows, COLUMNS).astype(
        {"organisation_id": "int64", "name": "object", "type": "object"}
    )
    frame[["x", "y"]] = frame[["x", "y"]].astype("float64")
    frame["type"] = frame["type"].astype("object").where(frame["type"].notna(), None)
    order = sorted(range(len(frame)), key=lambda i: (frame["name"].iat[i].casefold(), i))
    return frame.iloc[order].reset_index(drop=True)


def organisation(engine: Engine, organisation_id: int) -> OrganisationInfo:
    with read_connection(engine) as conn:
        return _held(conn, organisation_id)


def known_names(engine: Engine, network_id: int) -> dict[str, str]:
    """Every spelling the network knows (names and kept aliases, by name_key) -> the name its
    organisation goes by now."""
    with read_connection(engine) as conn:
        return _known(conn, network_id)


def _known(conn: Connection, network_id: int) -> dict[str, str]:
    names = dict(
        conn.execute(
            select(Organisation.id, Organisation.name).where(Organisation.network_id == network_id)
        ).all()
    )
    found = {
        alias: names[organisation_id]
        for alias, organisation_id in conn.execute(
            select(OrganisationAlias.alias, OrganisationAlias.organisation_id).where(
                OrganisationAlias.network_id == network_id
            )
        ).all()
        if organisation_id in names
    }
    found.update({name_key(name): name for name in names.values()})
    return found


def _ids_by_key(conn: Connection, network_id: int) -> dict[str, int]:
    found = dict(
        conn.execute(
            select(OrganisationAlias.alias, OrganisationAlias.organisation_id).where(
                OrganisationAlias.network_id == network_id
            )
        ).all()
    )
    rows = conn.execute(
        select(Organisation.id, Organisation.name).where(Organisation.network_id == network_id)
    ).all()
    found.update({name_key(name): organisation_id for organisation_id, name in rows})
    return found


def ensure(conn: Connection, network_id: int, names: Iterable[str]) -> dict[str, int]:
    """The organisation id of each name (by name_key), adding to the list those it lacks; in
    the caller's transaction. Returns name_key -> id for every name given."""
    known = _ids_by_key(conn, network_id)
    new: dict[str, str] = {}
    for name in names:
        key = name_key(name)
        if key and key not in known and key not in new:
            new[key] = clean_name(name)
    for key, name in new.items():
        known[key] = conn.execute(
            insert(Organisation).values(network_id=network_id, name=name).returning(Organisation.id)
        ).scalar_one()
    return known


def place_unplaced(conn: Connection, network_id: int, *, afresh: bool = False) -> int:
    """Give every organisation without a place on the map one, holding the others where they
    are (``afresh``: lay the whole map out again). Returns how many were placed."""
    rows = conn.execute(
        select(Organisation.id, Organisation.x, Organisation.y).where(
            Organisation.network_id == network_id
        )
    ).all()
    placed = {} if afresh else {i: (x, y) for i, x, y in rows if x is not None and y is not None}
    if len(placed) == len(rows):
        return 0
    found = layout.place(
        [i for i, _, _ in rows], network_pairs(conn, network_id), placed, network_id
    )
    for organisation_id, (x, y) in found.items():
        conn.execute(
            update(Organisation).where(Organisation.id == organisation_id).values(x=x, y=y)
        )
    return len(found)


def network_pairs(conn: Connection, network_id: int) -> list[tuple[int, int]]:
    """Every (respondent's organisation, organisation named) pair in any of a network's rounds."""
    statement = (
        select(Organisation.id, Tie.organisation_id)
        .select_from(Tie)
        .join(Round, Round.id == Tie.round_id)
        .join(
            RespondentSegment,
            RespondentSegment.respondent_id == Tie.respondent_id,
        )
        .join(
            Organisation,
            (Organisation.network_id == Round.network_id)
            & (Organisation.name == RespondentSegment.value),
        )
        .where(
            Round.network_id == network_id,
            RespondentSegment.segment_id.in_(organisation_segments(conn, network_id)),
        )
        .distinct()
    )
    return [(int(a), int(b)) for a, b in conn.execute(statement).all()]


def organisation_segments(conn: Connection, network_id: int) -> list[str]:
    """The segment ids that say which organisation a respondent belongs to, in the
    instruments of the network's rounds."""
    # Snapshots are unique by content, so no DISTINCT (PostgreSQL cannot compare JSON).
    definitions = conn.execute(
        select(InstrumentSnapshot.definition).where(
            InstrumentSnapshot.id.in_(
                select(Round.instrument_pk).where(Round.network_id == network_id)
            )
        )
    ).scalars()
    found = set()
    for definition in definitions:
        segment = parse_instrument(definition).organisation_segment
        if segment is not None:
            found.add(segment.id)
    return sorted(found)


# --- the lead's changes -----------------------------------------------------------------------


def _check_free(conn: Connection, network_id: int, name: str, but: int | None = None) -> None:
    holder = _ids_by_key(conn, network_id).get(name_key(name))
    if holder is not None and holder != but:
        current = conn.execute(select(Organisation.name).where(Organisation.id == holder)).scalar()
        raise CareNetError(
            f"the network already has an organisation called {current!r} (or spelled so "
            "before); merge the two instead"
        )


def _check_type(kind: str | None) -> str | None:
    if kind is None or not tidy_name(kind):
        return None
    kind = tidy_name(kind)
    if len(kind) > MAX_TYPE:
        raise CareNetError(f"the organisation type is {len(kind)} characters; keep it under 200")
    return kind


def add_organisation(engine: Engine, network_id: int, name: str, kind: str | None = None) -> int:
    """Add an organisation to a network's list (placed on the map at once); returns its id."""
    name = clean_name(name)
    kind = _check_type(kind)
    with write_transaction(engine) as conn:
        _check_free(conn, network_id, name)
        organisation_id = conn.execute(
            insert(Organisation)
            .values(network_id=network_id, name=name, type=kind)
            .returning(Organisation.id)
        ).scalar_one()
        place_unplaced(conn, network_id)
    return organisation_id


def _held(conn: Connection, organisation_id: int) -> OrganisationInfo:
    row = conn.execute(
        select(
            Organisation.id, Organisation.network_id, Organisation.name, Organisation.type
        ).where(Organisation.id == organisation_id)
    ).first()
    if row is None:
        raise NotFound(f"no organisation with id {organisation_id}; it may have been merged")
    return OrganisationInfo(*row)


def _respondent_values(
    conn: Connection, network_id: int, old: str, new: str, segments: list[str]
) -> None:
    """Respondents who gave ``old`` as their organisation now give ``new`` (same meaning)."""
    if not segments:
        return
    people = (
        select(Respondent.id)
        .join(Round, Round.id == Respondent.round_id)
        .where(Round.network_id == network_id)
    )
    conn.execute(
        update(RespondentSegment)
        .where(
            RespondentSegment.respondent_id.in_(people),
            RespondentSegment.segment_id.in_(segments),
            RespondentSegment.value == old,
        )
        .values(value=new)
    )


def _keep_alias(conn: Connection, network_id: int, spelling: str, organisation_id: int) -> None:
    key = name_key(spelling)
    conn.execute(
        delete(OrganisationAlias).where(
            OrganisationAlias.network_id == network_id, OrganisationAlias.alias == key
        )
    )
    conn.execute(
        insert(OrganisationAlias).values(
            network_id=network_id, alias=key, organisation_id=organisation_id
        )
    )


def rename_organisation(engine: Engine, organisation_id: int, name: str) -> None:
    """Give an organisation another name; the old spelling is kept, so a later export that
    still uses it lands on the same organisation."""
    name = clean_name(name)
    with write_transaction(engine) as conn:
        found = _held(conn, organisation_id)
        if found.name == name:
            return
        _check_free(conn, found.network_id, name, but=organisation_id)
        segments = organisation_segments(conn, found.network_id)
        conn.execute(
            update(Organisation).where(Organisation.id == organisation_id).values(name=name)
        )
        _respondent_values(conn, found.network_id, found.name, name, segments)
        if name_key(found.name) != name_key(name):
            _keep_alias(conn, found.network_id, found.name, organisation_id)


def merge_organisations(engine: Engine, keep_id: int, merge_id: int) -> None:
    """Two spellings of one organisation become one: ``merge_id``'s respondents and ties move to
    ``keep_id``, and its name is kept as another spelling of ``keep_id``'s."""
    if keep_id == merge_id:
        raise CareNetError("choose two different organisations to merge")
    with write_transaction(engine) as conn:
        keep, merged = _held(conn, keep_id), _held(conn, merge_id)
        if keep.network_id != merged.network_id:
            raise CareNetError("the two organisations belong to different networks")
        segments = organisation_segments(conn, keep.network_id)
        # A respondent who named both spellings keeps one tie, not two.
        both = select(Tie.respondent_id).where(Tie.organisation_id == keep_id)
        conn.execute(
            delete(Tie).where(Tie.organisation_id == merge_id, Tie.respondent_id.in_(both))
        )
        conn.execute(
            update(Tie).where(Tie.organisation_id == merge_id).values(organisation_id=keep_id)
        )
        _respondent_values(conn, keep.network_id, merged.name, keep.name, segments)
        conn.execute(
            update(OrganisationAlias)
            .where(OrganisationAlias.organisation_id == merge_id)
            .values(organisation_id=keep_id)
        )
        if keep.type is None and merged.type is not None:
            conn.execute(
                update(Organisation).where(Organisation.id == keep_id).values(type=merged.type)
            )
        conn.execute(delete(Organisation).where(Organisation.id == merge_id))
        _keep_alias(conn, keep.network_id, merged.name, keep_id)


def set_type(engine: Engine, organisation_id: int, kind: str | None) -> None:
    """An organisation's type (its colour on the map); None or blank clears it."""
    kind = _check_type(kind)
    with write_transaction(engine) as conn:
        _held(conn, organisation_id)
        conn.execute(
            update(Organisation).where(Organisation.id == organisation_id).values(type=kind)
        )


def rearrange(engine: Engine, network_id: int) -> int:
    """Lay the network's map out afresh from every round's ties; returns how many were placed."""
    with write_transaction(engine) as conn:
        return place_unplaced(conn, network_id, afresh=True)


def fill_types(conn: Connection, network_id: int, types: Mapping[str, str]) -> None:
    """Set the type of organisations that have none yet (name -> type), in the caller's
    transaction; a type the lead set is never overwritten."""
    for name, kind in types.items():
        conn.execute(
            update(Organisation)
            .where(
                Organisation.network_id == network_id,
                Organisation.name == name,
                Organisation.type.is_(None),
            )
            .values(type=_check_type(kind))
        )
