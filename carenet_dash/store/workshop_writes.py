"""Writes of the workshop's records: agreed actions, notes and maturity-matrix sessions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import EllipsisType

from sqlalchemy import Connection, Engine, delete, insert, select, update

from carenet_dash.errors import CareNetError, ChangedElsewhere, NotFound
from carenet_dash.instrument import Instrument, parse_instrument
from carenet_dash.instrument_files import get_instrument
from carenet_dash.store.engine import write_transaction
from carenet_dash.store.models import (
    ACTION_STATUSES,
    Action,
    InstrumentSnapshot,
    MatrixLevel,
    MatrixSession,
    Network,
    Round,
    WorkshopNote,
)
from carenet_dash.store.workshop_queries import SessionStamp, newest_session_statement
from carenet_dash.store.writes import instrument_pk, utc_now

MAX_TEXT = 2000
MAX_OWNER = 200
# Roles and organisations only: an e-mail address is personal data the store never keeps.
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
STATUS_ALIASES = {"in progress": "in_progress", "in-progress": "in_progress"}


@dataclass(frozen=True)
class MatrixEntry:
    """The levels a group agreed for one dimension: where it is now and where it aims to be.
    Neither given (None, None): the dimension was not agreed, and is left out."""

    dimension_id: str
    current: int | None
    target: int | None
    note: str | None = None


def clean_text(text: str, what: str, limit: int = MAX_TEXT, required: bool = True) -> str:
    """Trimmed free text, refused when empty (if required), too long, or holding an e-mail."""
    text = str(text or "").strip()
    if required and not text:
        raise CareNetError(f"the {what} is empty; write a few words")
    if len(text) > limit:
        raise CareNetError(f"the {what} is {len(text)} characters long; keep it under {limit}")
    if _EMAIL.search(text):
        raise CareNetError(
            f"the {what} looks like it holds an e-mail address; CareNet Dash keeps no personal "
            "contact details, so name a role or organisation instead"
        )
    return text


def check_status(status: str) -> str:
    """An action status as stored (open, in_progress, done, dropped); labels are accepted."""
    folded = " ".join(str(status).split()).casefold()
    code = STATUS_ALIASES.get(folded, folded)
    if code not in ACTION_STATUSES:
        raise CareNetError(
            f"unknown action status {status!r}; use one of: "
            + ", ".join(s.replace("_", " ") for s in ACTION_STATUSES)
        )
    return code


def _round_context(conn: Connection, round_id: int) -> tuple[int, dict]:
    """A round's network id and its instrument definition, or NotFound."""
    row = conn.execute(
        select(Round.network_id, InstrumentSnapshot.definition)
        .join(InstrumentSnapshot, InstrumentSnapshot.id == Round.instrument_pk)
        .where(Round.id == round_id)
    ).first()
    if row is None:
        raise NotFound(f"no round with id {round_id}; it may have been deleted")
    return row.network_id, row.definition


def _check_dimension(definition: dict, dimension_id: str | None) -> str | None:
    if dimension_id is None:
        return None
    known = [d["id"] for d in definition["dimensions"]]
    if dimension_id not in known:
        raise CareNetError(
            f"the round's instrument has no dimension {dimension_id!r}; use one of: "
            + ", ".join(known)
        )
    return dimension_id


def _insert_for_round(
    engine: Engine,
    model: type[Action] | type[WorkshopNote],
    round_id: int,
    dimension_id: str | None,
    values: dict[str, object],
) -> int:
    """Insert an action or a note tied to a round and, optionally, one of its dimensions."""
    with write_transaction(engine) as conn:
        network_id, definition = _round_context(conn, round_id)
        return conn.execute(
            insert(model)
            .values(
                network_id=network_id,
                round_id=round_id,
                dimension_id=_check_dimension(definition, dimension_id),
                **values,
            )
            .returning(model.id)
        ).scalar_one()


Versioned = type[Action] | type[WorkshopNote] | type[MatrixSession]


def _check_version(conn: Connection, model: Versioned, record_id: int, version: int, what: str):
    """Refuse a write based on an out-of-date version of a record (or on one since deleted).

    Called inside the write's transaction, after a statement that matched no row: either the
    record is gone, or someone else changed it since the screen that asked for this was drawn.
    """
    stored = conn.execute(select(model.version).where(model.id == record_id)).scalar()
    if stored is None:
        raise NotFound(f"no {what} with id {record_id}; it may have been deleted")
    raise ChangedElsewhere(
        f"this {what} was changed by someone else (version {stored}, not {version}) — reload "
        "to see the change, then try again; nothing was saved"
    )


def _delete_versioned(
    engine: Engine, model: Versioned, record_id: int, version: int, what: str
) -> None:
    """Delete a record if it is still at ``version``; otherwise refuse, deleting nothing."""
    with write_transaction(engine) as conn:
        statement = delete(model).where(model.id == record_id, model.version == version)
        if not conn.execute(statement).rowcount:
            _check_version(conn, model, record_id, version, what)


def record_action(
    engine: Engine,
    round_id: int,
    what: str,
    *,
    owner: str = "",
    due_on: dt.date | None = None,
    status: str = "open",
    dimension_id: str | None = None,
) -> int:
    """Store an agreed action against a round (and a dimension, or None for network-wide)."""
    values = {
        "what": clean_text(what, "action"),
        "owner": clean_text(owner, "owner", MAX_OWNER, required=False),
        "due_on": due_on,
        "status": check_status(status),
    }
    now = utc_now()
    return _insert_for_round(
        engine, Action, round_id, dimension_id, {**values, "created_at": now, "updated_at": now}
    )


def update_action(
    engine: Engine,
    action_id: int,
    *,
    what: str | None = None,
    owner: str | None = None,
    due_on: dt.date | None = None,
    clear_due: bool = False,
    status: str | None = None,
    version: int,
) -> None:
    """Change an action's wording, owner, due date or status, if it is still at ``version``
    (the one the screen showed); its version goes one up and updated_at moves on. A change
    based on an older version is refused (ChangedElsewhere), writing nothing."""
    values: dict[str, object] = {}
    if what is not None:
        values["what"] = clean_text(what, "action")
    if owner is not None:
        values["owner"] = clean_text(owner, "owner", MAX_OWNER, required=False)
    if due_on is not None:
        values["due_on"] = due_on
    elif clear_due:
        values["due_on"] = None
    if status is not None:
        values["status"] = check_status(status)
    with write_transaction(engine) as conn:
        changed = conn.execute(
            update(Action)
            .where(Action.id == action_id, Action.version == version)
            .values(version=Action.version + 1, updated_at=utc_now(), **values)
        ).rowcount
        if not changed:
            _check_version(conn, Action, action_id, version, "action")


def delete_action(engine: Engine, action_id: int, *, version: int) -> None:
    """Delete an action, if it is still at ``version``."""
    _delete_versioned(engine, Action, action_id, version, "action")


def record_note(
    engine: Engine, round_id: int, text: str, *, dimension_id: str | None = None
) -> int:
    """Store a workshop note about a round (and a dimension, or None for the round as a whole)."""
    values = {"text": clean_text(text, "note"), "created_at": utc_now()}
    return _insert_for_round(engine, WorkshopNote, round_id, dimension_id, values)


def delete_note(engine: Engine, note_id: int, *, version: int) -> None:
    """Delete a note, if it is still at ``version``."""
    _delete_versioned(engine, WorkshopNote, note_id, version, "note")


def _check_levels(entries: Sequence[MatrixEntry], instrument: Instrument) -> list[dict]:
    known = [d.id for d in instrument.dimensions]
    entries = [e for e in entries if e.current is not None or e.target is not None]
    half_done = [e.dimension_id for e in entries if e.current is None or e.target is None]
    if half_done:
        names = [instrument.dimension(d).name if d in known else d for d in half_done]
        raise CareNetError("give both levels, now and target, or neither, for: " + ", ".join(names))
    if not entries:
        raise CareNetError("the matrix has no levels; agree a level for at least one dimension")
    seen: set[str] = set()
    rows = []
    for entry in entries:
        if entry.dimension_id not in known:
            raise CareNetError(
                f"the instrument has no dimension {entry.dimension_id!r}; use one of: "
                + ", ".join(known)
            )
        if entry.dimension_id in seen:
            raise CareNetError(f"dimension {entry.dimension_id!r} is given twice; keep one")
        seen.add(entry.dimension_id)
        name = instrument.dimension(entry.dimension_id).name
        for what, level in (("current", entry.current), ("target", entry.target)):
            if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
                raise CareNetError(
                    f"the {what} level for {name} is {level!r}; levels run from 1 to 5"
                )
        note = clean_text(entry.note or "", f"note for {name}", required=False)
        rows.append(
            {
                "dimension_id": entry.dimension_id,
                "current_level": entry.current,
                "target_level": entry.target,
                "note": note or None,
            }
        )
    return rows


def record_matrix_session(
    engine: Engine,
    network_id: int,
    held_on: dt.date,
    levels: Sequence[MatrixEntry],
    *,
    round_id: int | None = None,
    instrument: Instrument | None = None,
    seen: SessionStamp | EllipsisType | None = ...,
) -> int:
    """Store one maturity-matrix session: its date, the round it discussed, and per dimension
    the agreed current and target levels. The instrument defaults to the round's (or, with no
    round, the shipped default).

    ``seen``: the network's newest session as the form showed it (workshop_queries.
    newest_session; None when it showed none). If another session was saved, changed or
    deleted since, the form's levels started from an out-of-date matrix: refused
    (ChangedElsewhere), writing nothing. Left out, nothing is checked (the demo, scripts).
    """
    if not isinstance(held_on, dt.date):
        raise CareNetError("the session needs the date it was held")
    with write_transaction(engine) as conn:
        if conn.execute(select(Network.id).where(Network.id == network_id)).scalar() is None:
            raise NotFound(f"no network with id {network_id}")
        newest = conn.execute(newest_session_statement(network_id)).first()
        if seen is not ... and (None if newest is None else SessionStamp(*newest)) != seen:
            raise ChangedElsewhere(
                "the maturity matrix was changed by someone else since this form was opened "
                "— reload to see their levels, then agree again; nothing was saved"
            )
        if round_id is not None:
            round_network, definition = _round_context(conn, round_id)
            if round_network != network_id:
                raise CareNetError(f"round {round_id} belongs to another network")
            if instrument is None:
                instrument = parse_instrument(definition, source=f"round {round_id}")
        if instrument is None:
            instrument = get_instrument()
        rows = _check_levels(levels, instrument)
        session_id = conn.execute(
            insert(MatrixSession)
            .values(
                network_id=network_id,
                held_on=held_on,
                round_id=round_id,
                instrument_pk=instrument_pk(conn, instrument),
                created_at=utc_now(),
            )
            .returning(MatrixSession.id)
        ).scalar_one()
        conn.execute(insert(MatrixLevel), [{"session_id": session_id, **row} for row in rows])
        return session_id


def delete_matrix_session(engine: Engine, session_id: int, *, version: int) -> None:
    """Delete a matrix session (with its levels), if it is still at ``version``."""
    _delete_versioned(engine, MatrixSession, session_id, version, "matrix session")
