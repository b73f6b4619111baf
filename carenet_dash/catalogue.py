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
from carenet_dash.filenames import download_name
from carenet_dash.instrument import Instrument
from carenet_dash.instrument_files import load_instrument, read_instrument, shipped_scan
from carenet_dash.store import instruments as stored
from carenet_dash.store import queries

BUNDLED = "bundled"
STORED = "stored"
# An instrument file is a few kilobytes (the bundled scorecard: 9 KB); anything near this
# is not one, and is refused before it is parsed.
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class Entry:
    """One instrument version a lead can use, and where it comes from."""

    instrument: Instrument
    origin: str  # BUNDLED or STORED
    source: str  # the bundled file's name, or when and from what file it was added

    @property
    def ref(self) -> str:
        return f"{self.instrument.id}@{self.instrument.version}"

    def describe(self) -> str:
        """'Network Health Scorecard (network-health, version 1, bundled)'."""
        i = self.instrument
        return f"{i.name} ({i.id}, version {i.version}, {self.origin})"


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

    def for_import(self, ref: str | None) -> tuple[str | None, dict[str, Instrument]]:
        """The instruments an import may choose from: the one named (by id, its newest
        version, or ``id@version``) with its id, or every id's newest version and None."""
        if ref:
            instrument = self.find(ref)
            return instrument.id, {instrument.id: instrument}
        return None, self.latest()

    def ids(self) -> set[str]:
        """Every instrument id in use, bundled or stored (broken files' intended ids too)."""
        return {e.instrument.id for e in self.entries} | {i for i in self.broken_ids if i}


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


def check_file(data: bytes, file_name: str) -> Instrument:
    """An uploaded instrument file, validated; refused (InstrumentError naming the file, the
    field and the problem, each problem in ``lines``) when it is not a valid instrument."""
    if len(data) > MAX_FILE_BYTES:
        raise InstrumentError(
            f"{file_name}: {len(data) / 1e6:.1f} MB is far too large for an instrument file "
            f"(at most {MAX_FILE_BYTES / 1e6:g} MB); check that this is the instrument's TOML file"
        )
    return read_instrument(data, file_name)


def add_instrument(
    engine: Engine, instrument: Instrument, source_name: str, directory: Path | None = None
) -> Entry:
    """Keep a valid instrument in the store as a new version.

    Refused (InstrumentError naming the source, field and problem; store unchanged): a version
    already stored or bundled, another definition under a version in use.
    """
    for entry in catalogue(None, directory).entries:
        bundled = entry.instrument
        if bundled.id == instrument.id and bundled.version == instrument.version:
            if bundled.sha256 == instrument.sha256:
                raise InstrumentError(
                    f"{source_name}: instrument {instrument.id!r} version {instrument.version} "
                    f"ships with CareNet Dash already ({entry.source}); nothing to add"
                )
            raise InstrumentError(
                f"{source_name}: instrument {instrument.id!r} version {instrument.version} ships "
                f"with CareNet Dash ({entry.source}) with different content; raise `version` "
                "to add yours as a newer version, or give it another id"
            )
    row = stored.add_instrument(engine, instrument, source_name)
    return Entry(instrument, STORED, f"added {row.added_at:%Y-%m-%d} from {row.source_name}")


def add_file(engine: Engine, path: Path | str, directory: Path | None = None) -> Entry:
    """Validate an instrument file and keep it in the store as a new version (see
    ``add_instrument``; an invalid file is refused naming the file, field and problem)."""
    path = Path(path)
    return add_instrument(engine, load_instrument(path), path.name, directory)


def file_name(instrument: Instrument) -> str:
    """An instrument's download name: 'network-health-v1.toml'."""
    return download_name(instrument.id, f"v{instrument.version}", suffix=".toml")


def scale_summary(instrument: Instrument) -> str:
    """The scales an instrument's items are answered on: '5-point, 1–5', or several."""
    seen = dict.fromkeys(s.describe() for s in instrument.item_scales.values())
    return "; ".join(seen)


def listing(found: Catalogue) -> list[dict[str, object]]:
    """Every usable instrument version, by id then version: id, version, name, items, scale
    and where it comes from (the command line's `instrument list`, the Instruments page)."""
    return [
        {
            "id": e.instrument.id,
            "version": e.instrument.version,
            "name": e.instrument.name,
            "items": len(e.instrument.items),
            "scale": scale_summary(e.instrument),
            "from": f"{e.origin} ({e.source})",
        }
        for e in sorted(found.entries, key=lambda e: (e.instrument.id, e.instrument.version))
    ]


def outline(instrument: Instrument) -> list[dict[str, object]]:
    """Each dimension with its items, scale and bands: what a lead checks before adding an
    instrument."""
    rows = []
    for d in instrument.dimensions:
        scale, bands = instrument.scale_of(d.id), instrument.bands_of(d.id)
        rows.append(
            {
                "dimension": d.name,
                "id": d.id,
                "items": len(d.items),
                "reverse-worded": sum(item.reverse for item in d.items),
                "scale": f"{scale.describe()}: {scale.labels[0]} … {scale.labels[-1]}",
                "bands": f"strength ≥ {bands.strength:g}, priority < {bands.priority:g}",
            }
        )
    return rows


def counts(instrument: Instrument) -> str:
    """'4 dimension(s), 8 item(s), 1 segment(s), 1 open question(s)'."""
    return (
        f"{len(instrument.dimensions)} dimension(s), {len(instrument.items)} item(s), "
        f"{len(instrument.segments)} segment(s), {len(instrument.open_questions)} open "
        "question(s)"
    )
