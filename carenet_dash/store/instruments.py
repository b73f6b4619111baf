"""Instruments a lead added to the store: each version kept, reads and the one write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select, update

from carenet_dash.errors import InstrumentError
from carenet_dash.instrument import Instrument
from carenet_dash.store.engine import read_connection, write_transaction
from carenet_dash.store.models import InstrumentSnapshot
from carenet_dash.store.writes import instrument_pk, utc_now


@dataclass(frozen=True)
class StoredInstrument:
    """One version of an instrument the lead added, as the store holds it."""

    pk: int
    instrument_id: str
    version: int
    name: str
    sha256: str
    added_at: dt.datetime
    source_name: str | None


_COLUMNS = (
    InstrumentSnapshot.id,
    InstrumentSnapshot.instrument_id,
    InstrumentSnapshot.version,
    InstrumentSnapshot.name,
    InstrumentSnapshot.sha256,
    InstrumentSnapshot.added_at,
    InstrumentSnapshot.source_name,
)


def stored_instruments(engine: Engine) -> list[StoredInstrument]:
    """Every instrument version a lead added, by id then version."""
    with read_connection(engine) as conn:
        rows = conn.execute(select(*_COLUMNS).where(InstrumentSnapshot.added_at.is_not(None))).all()
    found = [StoredInstrument(*row) for row in rows]
    return sorted(found, key=lambda s: (s.instrument_id, s.version))


def add_instrument(engine: Engine, instrument: Instrument, source_name: str) -> StoredInstrument:
    """Keep an instrument version in the store, in one transaction.

    Refused (InstrumentError, store unchanged): the same definition added already, and another
    definition under the same id and version (raise ``version`` in the file instead). A
    definition stored so far only as a round's snapshot is marked as added.
    """
    with write_transaction(engine) as conn:
        rows = conn.execute(
            select(*_COLUMNS).where(InstrumentSnapshot.instrument_id == instrument.id)
        ).all()
        for row in (StoredInstrument(*r) for r in rows):
            if row.added_at is None:
                continue
            if row.sha256 == instrument.sha256:
                raise InstrumentError(
                    f"instrument {instrument.id!r} version {instrument.version} is already in "
                    f"the store, exactly as in {source_name} (added {row.added_at:%Y-%m-%d})"
                )
            if row.version == instrument.version:
                raise InstrumentError(
                    f"the store already holds a different instrument {instrument.id!r} version "
                    f"{instrument.version}; raise `version` in {source_name} to add it as a new "
                    "version (rounds keep the version they were imported with)"
                )
        now = utc_now()
        # The same row a round's snapshot of this definition uses (found, or made now).
        pk = instrument_pk(conn, instrument)
        conn.execute(
            update(InstrumentSnapshot)
            .where(InstrumentSnapshot.id == pk)
            .values(added_at=now, source_name=source_name[:255])
        )
    return StoredInstrument(
        pk,
        instrument.id,
        instrument.version,
        instrument.name,
        instrument.sha256,
        now,
        source_name[:255],
    )
