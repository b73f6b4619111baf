"""Read instrument files: one file, a folder of them (each broken file reported on its own),
and the bundled ones."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from carenet_dash import config
from carenet_dash.config import DEFAULT_INSTRUMENT_ID
from carenet_dash.errors import InstrumentError, NotFound
from carenet_dash.instrument import Instrument, parse_instrument


def read_instrument(raw: bytes, source: str) -> Instrument:
    """Validate the bytes of an instrument file; errors name ``source`` (the file), the field
    and the problem."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InstrumentError(f"{source}: not UTF-8 text; save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise InstrumentError(f"{source}: not valid TOML ({error})") from None
    return parse_instrument(data, source=source)


def load_instrument(path: Path | str) -> Instrument:
    """Read and validate one instrument file; errors name the file, the field and the problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InstrumentError(f"{path}: cannot read instrument file ({error.strerror})") from None
    return read_instrument(raw, str(path))


def load_instruments(directory: Path | str | None = None) -> dict[str, Instrument]:
    """Every instrument file in a folder (default: the bundled ones), by instrument id; the
    first invalid file refuses."""
    scan = scan_instruments(directory or config.INSTRUMENTS_DIR)
    if scan.problems:
        raise InstrumentError(scan.problems[0].message)
    return dict(scan.instruments)


@dataclass(frozen=True)
class InstrumentProblem:
    """An instrument file that could not be used, and why (file, field, problem)."""

    path: Path
    message: str  # begins with the file's path
    instrument_id: str | None = None  # when the file got far enough to say


@dataclass(frozen=True)
class Scan:
    """A folder of instrument files read: the valid ones by id (with their files), and the
    problems of the others."""

    instruments: dict[str, Instrument]
    paths: dict[str, Path]
    problems: tuple[InstrumentProblem, ...]


def scan_instruments(directory: Path | str) -> Scan:
    """Every valid instrument file in a folder by id, and the files that are not.

    One broken file never hides the others: it is reported on its own. When two files share
    an id, the first by file name is used and the second reported.
    """
    found: dict[str, Instrument] = {}
    where: dict[str, Path] = {}
    problems = []
    for path in sorted(Path(directory).glob("*.toml")):
        try:
            instrument = load_instrument(path)
        except InstrumentError as error:
            problems.append(InstrumentProblem(path, str(error), _declared_id(path)))
            continue
        if instrument.id in found:
            problems.append(
                InstrumentProblem(
                    path,
                    f"{path}: instrument id {instrument.id!r} is used by another file "
                    f"({where[instrument.id].name}); give this one another id",
                    instrument.id,
                )
            )
            continue
        found[instrument.id] = instrument
        where[instrument.id] = path
    return Scan(found, where, tuple(problems))


def _declared_id(path: Path) -> str | None:
    """The id a broken file means to have, if its TOML can be read at all."""
    try:
        declared = tomllib.loads(path.read_text("utf-8")).get("id")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return declared if isinstance(declared, str) else None


@lru_cache(maxsize=8)
def _shipped(directory: Path, stamp: tuple[tuple[str, float], ...]) -> Scan:
    return scan_instruments(directory)


def shipped_scan(directory: Path | None = None) -> Scan:
    """The instrument files in a folder (default: the bundled ones, data/instruments), read
    once until a file in it changes."""
    directory = Path(directory or config.INSTRUMENTS_DIR)
    stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(Path(directory).glob("*.toml")))
    return _shipped(Path(directory), stamp)


def shipped_instruments(directory: Path | None = None) -> dict[str, Instrument]:
    """The valid instruments in a folder by id. Invalid files are left out (see
    ``shipped_scan``), never blocking the others."""
    return dict(shipped_scan(directory).instruments)


def get_instrument(instrument_id: str = DEFAULT_INSTRUMENT_ID) -> Instrument:
    """One shipped instrument by id."""
    instruments = shipped_instruments()
    if instrument_id not in instruments:
        available = ", ".join(sorted(instruments)) or "none"
        raise NotFound(f"no instrument {instrument_id!r}; available: {available}")
    return instruments[instrument_id]
