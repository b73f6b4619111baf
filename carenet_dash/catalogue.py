"""The instruments a lead can import with: the bundled files and those added to the store.

Bundled files (data/instruments/*.toml) load as they always have; a lead adds more to the store
(``python -m carenet_dash instrument add FILE.toml``), each version kept. An invalid file or
stored definition is reported on its own and never hides the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from carenet_dash.errors import InstrumentError, NotFound
from carenet_dash.instrument import Instrument, load_instrument, shipped_scan
from carenet_dash.store import instruments as stored
from carenet_dash.store import queries

BUNDLED = "bundled"
STORED = "stored"


@dataclass(frozen=True)
class Entry:
    """One instrument version a lead can use, and where it comes from."""

    instrument: Instrument
    origin: str  # BUNDLED or STORED
    source: str  # the bundled file's name, or when and from what file it was added

    @property
    def ref(self) -> str:
        return f"{self.instrument.id}@{self.instrument.version}"


@dataclass(frozen=True)
class Catalogue:
    """Every usable instrument version, and the problems of those that cannot be used."""

    entries: tuple[Entry, ...]
    problems: tuple[str, ...]  # each names the file (or stored version), field and problem
    broken_ids: tuple[str | None, ...] = ()  # the id each problem's file meant to have

    def latest(self) -> dict[str, Instrument]:
        """Each instrument id's newest version (a bundled file wins a tie)."""
        found: dict[str, Entry] = {}
        for entry in self.entries:
            held = found.get(entry.instrument.id)
            if held is None or entry.instrument.version > held.instrument.version:
                found[entry.instrument.id] = entry
        return {i: e.instrument for i, e in sorted(found.items())}

    def find(self, ref: str) -> Instrument:
        """An instrument by id (its newest version) or by ``id@version``."""
        instrument_id, _, version = ref.strip().partition("@")
        if version:
            for entry in self.entries:
                if (
                    entry.instrument.id == instrument_id
                    and str(entry.instrument.version) == version
                ):
                    return entry.instrument
        elif instrument_id in self.latest():
            return self.latest()[instrument_id]
        known = ", ".join(sorted({e.ref for e in self.entries})) or "none"
        message = f"no instrument {ref!r}; available: {known}"
        broken = [
            p for p, i in zip(self.problems, self.broken_ids, strict=False) if i == instrument_id
        ]
        if broken:
            message += f"; an instrument that could not be loaded: {broken[0]}"
        elif self.problems:
            count = len(self.problems)
            message += f" ({count} instrument file(s) could not be loaded: see `instrument list`)"
        raise NotFound(message)


def catalogue(engine: Engine | None = None, directory: Path | None = None) -> Catalogue:
    """The bundled instruments and, with a store, those added to it."""
    scan = shipped_scan(directory)
    entries = [
        Entry(instrument, BUNDLED, scan.paths[instrument_id].name)
        for instrument_id, instrument in scan.instruments.items()
    ]
    problems = [p.message for p in scan.problems]
    ids = [p.instrument_id for p in scan.problems]
    if engine is not None:
        for row in stored.stored_instruments(engine):
            try:
                instrument = queries.instrument_snapshot(engine, row.pk)
            except (InstrumentError, NotFound) as error:
                problems.append(f"stored {row.instrument_id} version {row.version}: {error}")
                ids.append(row.instrument_id)
                continue
            added = f"added {row.added_at:%Y-%m-%d}" + (
                f" from {row.source_name}" if row.source_name else ""
            )
            entries.append(Entry(instrument, STORED, added))
    return Catalogue(tuple(entries), tuple(problems), tuple(ids))


def add_file(engine: Engine, path: Path | str, directory: Path | None = None) -> Entry:
    """Validate an instrument file and keep it in the store as a new version.

    Refused (InstrumentError naming the file, field and problem; store unchanged): an invalid
    file, a version already stored or bundled, another definition under a version in use.
    """
    path = Path(path)
    instrument = load_instrument(path)
    for entry in catalogue(None, directory).entries:
        bundled = entry.instrument
        if bundled.id == instrument.id and bundled.version == instrument.version:
            if bundled.sha256 == instrument.sha256:
                raise InstrumentError(
                    f"{path.name}: instrument {instrument.id!r} version {instrument.version} "
                    f"ships with CareNet Dash already ({entry.source}); nothing to add"
                )
            raise InstrumentError(
                f"{path.name}: instrument {instrument.id!r} version {instrument.version} ships "
                f"with CareNet Dash ({entry.source}) with different content; raise `version` "
                "to add yours as a newer version, or give it another id"
            )
    row = stored.add_instrument(engine, instrument, path.name)
    return Entry(instrument, STORED, f"added {row.added_at:%Y-%m-%d} from {row.source_name}")


def scale_summary(instrument: Instrument) -> str:
    """The scales an instrument's items are answered on: '5-point, 1–5', or several."""
    seen = dict.fromkeys(s.describe() for s in instrument.item_scales.values())
    return "; ".join(seen)
