"""Backups: the whole store as one portable file, and a restore that checks it all first.

The file is gzip-compressed JSON lines, the same whichever backend wrote it, so a backup taken
from SQLite restores into PostgreSQL and back. Line 1 is a header: format and version, the
store's schema (Alembic revision), when it was taken, each table's columns and row count, and
the sha256 of everything after the header. Then, table by table (parents first), a line
``{"table": name}`` and one JSON array per row, in primary-key order.

A restore unpacks the file as a stream, refusing it as soon as it passes a size limit, and
checks the whole of it (header, version, schema, checksum, counts, types, keys, references
between tables, and every row against the rules an import follows: minimum group sizes, scores
on the instrument's scale, invited counts, valid instruments) before it touches the store. Then
it replaces every network, round and answer in one transaction, computing the dimension totals
again from the answers. The store's revision goes up, never back, so every cache in every
process sees the change.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import math
import os
import tempfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pandas as pd
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
    insert,
    text,
)
from sqlalchemy import delete as sql_delete
from sqlalchemy import select as sql_select
from sqlalchemy.exc import DataError, IntegrityError

from carenet_dash import __version__
from carenet_dash.errors import BackupRefused, CareNetError, InstrumentError
from carenet_dash.filenames import download_name
from carenet_dash.instrument import Instrument, parse_instrument
from carenet_dash.labels import clean_label
from carenet_dash.organisations import clean_name
from carenet_dash.store.engine import read_connection, write_transaction
from carenet_dash.store.migrate import head_revision
from carenet_dash.store.models import Base, DimensionTotal
from carenet_dash.store.writes import (
    bulk_insert,
    check_invited,
    check_min_group_size,
    insert_totals,
)

FORMAT = "carenet-dash-backup"
FORMAT_VERSION = 1
# Every table that holds data, parents before children. store_state (the revision counter)
# belongs to the store, not to its contents.
TABLES: list[Table] = [t for t in Base.metadata.sorted_tables if t.name != "store_state"]
_INT_RANGE = {"SmallInteger": 2**15, "Integer": 2**31}
_BATCH = 5_000
# Guards against a file that unpacks to far more than it looks (a "zip bomb"), checked as it
# unpacks, before its contents are held: never more than 1 GB (about 25 times a store of 12
# rounds of 1,500 respondents), and never more than 40 times the file's own size past 16 MB (a
# backup's JSON packs about 6 to 1), and no line (one row) over 8 MB.
MAX_UNCOMPRESSED = 1 << 30
MAX_RATIO = 40
RATIO_FLOOR = 16 << 20
MAX_LINE = 8 << 20


@dataclass(frozen=True)
class BackupSummary:
    """What a backup file holds, from its header."""

    created_at: str
    schema: str
    rows: dict[str, int]

    def describe(self) -> str:
        r = self.rows
        return (
            f"{r.get('networks', 0)} network(s), {r.get('rounds', 0)} round(s), "
            f"{r.get('respondents', 0)} respondent(s), {r.get('answers', 0)} answer(s), "
            f"{r.get('comments', 0)} comment(s); taken {self.created_at}"
        )


# --- writing ----------------------------------------------------------------------------------


def _encode(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


def _body_lines(engine: Engine, counts: dict[str, int]) -> Iterator[bytes]:
    """The body in chunks of lines, table by table, all read in one snapshot so the backup is
    consistent even while people import."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_encode).encode
    with read_connection(engine) as conn:
        for table in TABLES:
            yield json.dumps({"table": table.name}).encode() + b"\n"
            order = list(table.primary_key.columns)
            result = conn.execution_options(yield_per=_BATCH).execute(
                sql_select(table).order_by(*order)
            )
            counts[table.name] = 0
            for rows in result.partitions():
                yield "".join(f"{encode(tuple(row))}\n" for row in rows).encode()
                counts[table.name] += len(rows)


def _write(engine: Engine, out: IO[bytes]) -> BackupSummary:
    counts: dict[str, int] = {}
    digest = hashlib.sha256()
    # The checksum goes in the header, before the body it covers: spool the body first.
    with tempfile.TemporaryFile() as body:
        for line in _body_lines(engine, counts):
            digest.update(line)
            body.write(line)
        summary = BackupSummary(
            created_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            schema=head_revision(),
            rows=counts,
        )
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "app_version": __version__,
            "schema": summary.schema,
            "created_at": summary.created_at,
            "tables": {
                t.name: {"columns": [c.name for c in t.columns], "rows": counts[t.name]}
                for t in TABLES
            },
            "sha256": digest.hexdigest(),
        }
        body.seek(0)
        with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, compresslevel=6) as zipped:
            zipped.write(json.dumps(header).encode() + b"\n")
            while chunk := body.read(1 << 20):
                zipped.write(chunk)
    return summary


def backup(engine: Engine, path: Path | str) -> BackupSummary:
    """Write the whole store to ``path`` (replaced only once the new file is complete)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            summary = _write(engine, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return summary


def file_name(now: dt.datetime | None = None) -> str:
    """A backup's file name with the time it was taken: carenet-backup-2026-11-25-2031.jsonl.gz."""
    now = now or dt.datetime.now()
    return download_name("carenet backup", f"{now:%Y-%m-%d-%H%M}", suffix=".jsonl.gz")


def backup_bytes(engine: Engine) -> bytes:
    """The same backup as ``backup``, in memory (for a download button)."""
    out = io.BytesIO()
    _write(engine, out)
    return out.getvalue()


# --- reading and checking ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Loaded:
    summary: BackupSummary
    rows: dict[str, list[tuple[Any, ...]]]
    instruments: dict[int, Instrument]  # by instruments.id


def _refuse(what: str) -> BackupRefused:
    return BackupRefused(f"{what}; nothing was changed")


def unpacked_limit(packed: int) -> int:
    """The most a backup file of ``packed`` bytes may unpack to."""
    return min(MAX_UNCOMPRESSED, max(RATIO_FLOOR, MAX_RATIO * packed))


def _too_big(limit: int, packed: int) -> str:
    size = f"the backup unpacks to more than {limit / 1024 / 1024:,.0f} MB"
    if limit == MAX_UNCOMPRESSED:
        return f"{size}, more than any store this version of CareNet Dash writes"
    return (
        f"{size} from a {packed / 1024 / 1024:,.1f} MB file, far more than a backup packs "
        "(about 6 to 1): it is damaged, or was built to exhaust memory"
    )


def _lines(source: Path | str | bytes) -> Iterator[bytes]:
    """The backup's lines as they unpack, refused as soon as they pass a limit."""
    if isinstance(source, bytes):
        raw: IO[bytes] = io.BytesIO(source)
        packed = len(source)
    else:
        packed = Path(source).stat().st_size
        raw = Path(source).open("rb")  # noqa: SIM115 - closed below, also on a refusal
    with raw:
        if raw.read(2) != b"\x1f\x8b":
            raise _refuse(
                "this is not a CareNet Dash backup (a backup is a .jsonl.gz file written by "
                "`python -m carenet_dash backup`)"
            )
        raw.seek(0)
        limit, total, number = unpacked_limit(packed), 0, 0
        try:
            with gzip.GzipFile(fileobj=raw) as unzipped:
                while line := unzipped.readline(MAX_LINE + 1):
                    number += 1
                    total += len(line)
                    if total > limit:
                        raise _refuse(_too_big(limit, packed))
                    if len(line) > MAX_LINE:
                        raise _refuse(
                            f"line {number} of the backup is over {MAX_LINE >> 20} MB long, "
                            "longer than any row a store holds"
                        )
                    yield line
        except (OSError, EOFError, zlib.error) as error:
            raise _refuse(f"the backup file is damaged or incomplete ({error})") from None


def _header(line: bytes | None) -> dict[str, Any]:
    try:
        header = json.loads(line) if line else None
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise _refuse("this is not a CareNet Dash backup (its first line is not a backup header)")
    version = header.get("version")
    if version != FORMAT_VERSION:
        raise _refuse(
            f"this backup uses format version {version!r} and this CareNet Dash reads version "
            f"{FORMAT_VERSION}; restore it with the version that made it"
        )
    schema, head = header.get("schema"), head_revision()
    if schema != head:
        raise _refuse(
            f"this backup was taken from a store at schema {schema!r} and this CareNet Dash "
            f"is at {head!r}; restore it with the version that made it, then upgrade that store"
        )
    return header


def _check_column(table: Table, position: int, values: list[Any]) -> list[Any]:
    """One column's values ready to insert (dates parsed), or a refusal naming the column."""
    column = list(table.columns)[position]
    where = f"{table.name}.{column.name}"
    if not column.nullable and any(v is None for v in values):
        raise _refuse(f"the backup is inconsistent: {where} is empty where it cannot be")
    kind = column.type
    if isinstance(kind, DateTime | Date):
        parse = dt.datetime.fromisoformat if isinstance(kind, DateTime) else dt.date.fromisoformat
        try:
            return [None if v is None else parse(v) for v in values]
        except (TypeError, ValueError):
            bad = next(v for v in values if not _parses(parse, v))
            raise _refuse(f"the backup is inconsistent: {where} holds {str(bad)[:40]!r}") from None
    if isinstance(kind, Boolean):
        fits = _is_bool
    elif isinstance(kind, Integer):
        limit = _INT_RANGE.get(type(kind).__name__, 2**31)

        def fits(v: Any) -> bool:
            return type(v) is int and -limit <= v < limit  # type() rules out booleans

    elif isinstance(kind, Float):

        def fits(v: Any) -> bool:
            return type(v) in (int, float) and math.isfinite(v)  # type() rules out booleans

    elif isinstance(kind, String):  # Text too
        length = kind.length

        def fits(v: Any) -> bool:
            # PostgreSQL cannot store a NUL character in text.
            return type(v) is str and (length is None or len(v) <= length) and "\x00" not in v

    elif isinstance(kind, JSON):
        fits = _is_dict
    else:  # pragma: no cover - a column type added to the models without a check here
        raise _refuse(f"this CareNet Dash cannot check {where}")
    bad = next((v for v in values if v is not None and not fits(v)), _FITS)
    if bad is not _FITS:
        raise _refuse(f"the backup is inconsistent: {where} holds {str(bad)[:40]!r}")
    return values


_FITS = object()


def _is_bool(value: Any) -> bool:
    return type(value) is bool


def _is_dict(value: Any) -> bool:
    return type(value) is dict


def _parses(parse, value: Any) -> bool:
    try:
        parse(value)
    except (TypeError, ValueError):
        return False
    return True


def _parse_rows(table: Table, joined: bytearray) -> list[tuple[Any, ...]]:
    """A table's rows (lines joined by commas), parsed in one go and checked column by
    column."""
    try:
        rows = json.loads(b"[" + joined[:-1] + b"]")
    except ValueError as error:
        raise _refuse(f"the backup's body is not valid JSON lines ({error})") from None
    width = len(table.columns)
    if not all(isinstance(row, list) and len(row) == width for row in rows):
        raise _refuse(f"the backup has a {table.name} row of the wrong width")
    if not rows:
        return []
    columns = zip(*rows, strict=True)
    checked = [_check_column(table, i, list(values)) for i, values in enumerate(columns)]
    return list(zip(*checked, strict=True))


def _check_keys(rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """Primary keys and unique constraints hold, and every reference points at a stored row."""
    for table in TABLES:
        names = [c.name for c in table.columns]
        data = rows[table.name]
        for constraint in table.constraints:
            if not isinstance(constraint, PrimaryKeyConstraint | UniqueConstraint):
                continue
            columns = list(constraint.columns)
            positions = [names.index(c.name) for c in columns]
            keys = [tuple(row[p] for p in positions) for row in data]
            keys = [k for k in keys if None not in k]
            if len(set(keys)) != len(keys):
                joined = ", ".join(c.name for c in columns)
                raise _refuse(f"the backup is inconsistent: {table.name} repeats ({joined})")
        for fk in table.foreign_keys:
            parent = fk.column.table
            parent_names = [c.name for c in parent.columns]
            known = {row[parent_names.index(fk.column.name)] for row in rows[parent.name]}
            position = names.index(fk.parent.name)
            missing = {row[position] for row in data} - known - {None}
            if missing:
                raise _refuse(
                    f"the backup is inconsistent: {len(missing)} {table.name}.{fk.parent.name} "
                    f"value(s) point at no {parent.name} row"
                )


def _columns(table: str) -> dict[str, int]:
    """A table's column positions by name."""
    return {c.name: i for i, c in enumerate(Base.metadata.tables[table].columns)}


def check_contents(rows: dict[str, list[tuple[Any, ...]]]) -> dict[int, Instrument]:
    """Every row checked against the rules an import and the app's forms follow; returns the
    instruments by snapshot id. A refusal names the table, the row (counted from 1 within its
    table) and the rule. Dimension totals are not checked: a restore computes them again."""
    instruments = _check_instruments(rows["instruments"])
    network, rnd, resp = _columns("networks"), _columns("rounds"), _columns("respondents")
    for n, row in enumerate(rows["networks"], 1):
        _rule("networks", n, lambda row=row: clean_label(row[network["name"]], "network name"))
        if row[network["name"]] != clean_label(row[network["name"]], "network name"):
            raise _row_refusal("networks", n, "the name has spaces a network name cannot have")
        _rule("networks", n, lambda row=row: check_min_group_size(row[network["min_group_size"]]))
    people = Counter(row[resp["round_id"]] for row in rows["respondents"])
    for n, row in enumerate(rows["rounds"], 1):
        label = row[rnd["label"]]
        _rule("rounds", n, lambda label=label: clean_label(label))
        if label != clean_label(label):
            raise _row_refusal("rounds", n, "the label has spaces a round label cannot have")
        if not people[row[rnd["id"]]]:
            raise _row_refusal("rounds", n, f"round {label!r} has no respondents")
        _rule(
            "rounds", n, lambda row=row: check_invited(row[rnd["invited"]], people[row[rnd["id"]]])
        )
    # Each respondent's instrument, through its round.
    pk_of_round = {row[rnd["id"]]: row[rnd["instrument_pk"]] for row in rows["rounds"]}
    round_of = {row[resp["id"]]: row[resp["round_id"]] for row in rows["respondents"]}
    pk_of = {person: pk_of_round[r] for person, r in round_of.items()}
    _check_answers(rows["answers"], pk_of, instruments)
    segment = _columns("respondent_segments")
    for n, row in enumerate(rows["respondent_segments"], 1):
        found = instruments[pk_of[row[segment["respondent_id"]]]]
        if row[segment["segment_id"]] not in {s.id for s in found.segments}:
            raise _row_refusal(
                "respondent_segments", n,
                f"{row[segment['segment_id']]!r} is not a segment of {_named(found)}",
            )  # fmt: skip
    comment = _columns("comments")
    for n, row in enumerate(rows["comments"], 1):
        found = instruments[pk_of_round[row[comment["round_id"]]]]
        if row[comment["question_id"]] not in {q.id for q in found.open_questions}:
            raise _row_refusal(
                "comments",
                n,
                f"{row[comment['question_id']]!r} is not a question of {_named(found)}",
            )
        person = row[comment["respondent_id"]]
        if person is not None and round_of[person] != row[comment["round_id"]]:
            raise _row_refusal("comments", n, "its respondent belongs to another round")
    _check_connection_map(rows, round_of)
    return instruments


def _check_connection_map(rows: dict[str, list[tuple[Any, ...]]], round_of: dict) -> None:
    """Organisation names as the app keeps them; aliases and ties within one network."""
    org, alias, tie = _columns("organisations"), _columns("organisation_aliases"), _columns("ties")
    network_of = {row[org["id"]]: row[org["network_id"]] for row in rows["organisations"]}
    for n, row in enumerate(rows["organisations"], 1):
        _rule("organisations", n, lambda row=row: clean_name(row[org["name"]]))
        if row[org["name"]] != clean_name(row[org["name"]]):
            raise _row_refusal("organisations", n, "the name has spaces a name cannot have")
    for n, row in enumerate(rows["organisation_aliases"], 1):
        if network_of[row[alias["organisation_id"]]] != row[alias["network_id"]]:
            raise _row_refusal("organisation_aliases", n, "its organisation is another network's")
    round_network = {r[_columns("rounds")["id"]]: r[_columns("rounds")["network_id"]]
                     for r in rows["rounds"]}  # fmt: skip
    for n, row in enumerate(rows["ties"], 1):
        if round_of[row[tie["respondent_id"]]] != row[tie["round_id"]]:
            raise _row_refusal("ties", n, "its respondent belongs to another round")
        if network_of[row[tie["organisation_id"]]] != round_network[row[tie["round_id"]]]:
            raise _row_refusal("ties", n, "it names another network's organisation")


def _check_instruments(rows: list[tuple[Any, ...]]) -> dict[int, Instrument]:
    column = _columns("instruments")
    found = {}
    for n, row in enumerate(rows, 1):
        try:
            instrument = parse_instrument(row[column["definition"]], source="the definition")
        except InstrumentError as error:
            raise _row_refusal("instruments", n, str(error)) from None
        stored = (
            row[column["instrument_id"]], row[column["version"]], row[column["name"]],
            row[column["sha256"]],
        )  # fmt: skip
        if stored != (instrument.id, instrument.version, instrument.name, instrument.sha256):
            raise _row_refusal(
                "instruments", n, "its id, version, name or hash differ from its definition's"
            )
        found[row[column["id"]]] = instrument
    return found


def _check_answers(
    rows: list[tuple[Any, ...]], pk_of: dict[int, int], instruments: dict[int, Instrument]
) -> None:
    column = _columns("answers")
    who, item, score, skipped = (
        column["respondent_id"], column["item_id"], column["score"], column["not_applicable"]
    )  # fmt: skip
    for n, row in enumerate(rows, 1):
        pk = pk_of[row[who]]
        if row[item] not in instruments[pk].items:
            raise _row_refusal(
                "answers", n, f"{row[item]!r} is not an item of {_named(instruments[pk])}"
            )
        if row[skipped]:
            if row[score] is not None:
                raise _row_refusal("answers", n, "a 'not applicable' answer has a score")
        elif row[score] not in (scores := instruments[pk].valid_scores(row[item])):
            raise _row_refusal(
                "answers", n,
                f"score {row[score]!r} is outside the scale of {_named(instruments[pk])} "
                f"({min(scores)} to {max(scores)})",
            )  # fmt: skip


def _named(instrument: Instrument) -> str:
    return f"instrument {instrument.id!r} v{instrument.version}"


def _rule(table: str, number: int, check: Callable[[], object]) -> None:
    """Run one of the app's own checks (the ones its forms and imports use) on a row."""
    try:
        check()
    except CareNetError as error:
        raise _row_refusal(table, number, str(error)) from None


def _row_refusal(table: str, number: int, rule: str) -> BackupRefused:
    return _refuse(f"the backup's {table} row {number} breaks a rule: {rule}")


def _sections(lines: Iterator[bytes], declared: dict[str, Any]) -> tuple[dict[str, bytearray], str]:
    """The body's rows by table, each table's lines joined by commas in one buffer (millions
    of small lines held one by one would weigh many times their size), and the body's sha256.
    A table holding more rows than its header promises is refused as soon as it does."""
    by_name = {t.name: t for t in TABLES}
    digest = hashlib.sha256()
    sections: dict[str, bytearray] = {}
    counts: dict[str, int] = {}
    name: str | None = None
    for line in lines:
        digest.update(line)
        if line.startswith(b"{"):
            try:
                name = json.loads(line).get("table")
            except (ValueError, AttributeError):
                name = None
            if name not in by_name:
                raise _refuse(f"the backup holds an unknown table {name!r}")
            sections.setdefault(name, bytearray())
            counts.setdefault(name, 0)
        elif name is None:
            raise _refuse("the backup's body is not in the expected layout")
        else:
            sections[name] += line
            sections[name] += b","
            counts[name] += 1
            spec = declared.get(name)
            promised = spec.get("rows") if isinstance(spec, dict) else None
            if isinstance(promised, int) and counts[name] > promised:
                raise _refuse(
                    f"the backup is inconsistent: it holds more {name} rows than its header "
                    f"promises ({promised})"
                )
    return sections, digest.hexdigest()


def _load(source: Path | str | bytes) -> _Loaded:
    lines = _lines(source)
    header = _header(next(lines, None))
    declared = header.get("tables")
    if not isinstance(declared, dict) or set(declared) != {t.name for t in TABLES}:
        raise _refuse("the backup does not list this store's tables")
    sections, digest = _sections(lines, declared)
    if digest != header.get("sha256"):
        raise _refuse("the backup file is damaged or incomplete (its checksum does not match)")
    for table in TABLES:
        spec = declared[table.name]
        if not isinstance(spec, dict) or spec.get("columns") != [c.name for c in table.columns]:
            raise _refuse(f"the backup's {table.name} columns differ from this store's")
    rows = {t.name: _parse_rows(t, sections.pop(t.name, bytearray())) for t in TABLES}
    for table in TABLES:
        spec = declared[table.name]
        if spec.get("rows") != len(rows[table.name]):
            raise _refuse(
                f"the backup is incomplete: its header promises {spec.get('rows')} "
                f"{table.name} row(s) and it holds {len(rows[table.name])}"
            )
    _check_keys(rows)
    instruments = check_contents(rows)
    summary = BackupSummary(
        created_at=str(header.get("created_at")),
        schema=str(header["schema"]),
        rows={name: len(found) for name, found in rows.items()},
    )
    return _Loaded(summary=summary, rows=rows, instruments=instruments)


def inspect_backup(source: Path | str | bytes) -> BackupSummary:
    """Check a backup fully without touching any store; returns what it holds."""
    return _load(source).summary


def restore(engine: Engine, source: Path | str | bytes) -> BackupSummary:
    """Replace everything in the store with the backup's contents, once the file checks out.

    Dimension totals are computed again from the restored answers, never taken from the file.
    """
    loaded = _load(source)
    driver = engine.dialect.dbapi
    refused = (IntegrityError, DataError) + (
        (driver.IntegrityError, driver.DataError) if driver is not None else ()
    )
    try:
        with write_transaction(engine) as conn:
            for table in reversed(TABLES):
                conn.execute(sql_delete(table))
            for table in TABLES:
                if table.name == DimensionTotal.__tablename__:
                    continue
                _insert_rows(conn, table, loaded.rows[table.name])
            _insert_totals(conn, loaded)
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn)
    except refused as error:
        detail = str(getattr(error, "orig", None) or error).strip().splitlines()
        raise _refuse(
            "the store refused the backup's rows as breaking one of its rules "
            f"({detail[0] if detail else type(error).__name__})"
        ) from None
    return loaded.summary


def _insert_rows(conn, table: Table, data: list[tuple[Any, ...]]) -> None:
    names = [c.name for c in table.columns]
    plain = not any(isinstance(c.type, JSON | Date | DateTime) for c in table.columns)
    if plain:
        bulk_insert(conn, table, names, data)
        return
    # Dates and JSON go through SQLAlchemy's types, as the app writes them.
    for start in range(0, len(data), _BATCH):
        batch = data[start : start + _BATCH]
        conn.execute(insert(table), [dict(zip(names, row, strict=True)) for row in batch])


def _insert_totals(conn, loaded: _Loaded) -> None:
    """Each round's dimension totals, scored from its restored answers by the import's code."""
    answer, resp, rnd = _columns("answers"), _columns("respondents"), _columns("rounds")
    rows = loaded.rows
    round_of = {row[resp["id"]]: row[resp["round_id"]] for row in rows["respondents"]}
    answers = pd.DataFrame(
        {
            "respondent_id": [row[answer["respondent_id"]] for row in rows["answers"]],
            "item_id": [row[answer["item_id"]] for row in rows["answers"]],
            "score": pd.array([row[answer["score"]] for row in rows["answers"]], dtype="Float64"),
            "not_applicable": [row[answer["not_applicable"]] for row in rows["answers"]],
        }
    ).astype({"respondent_id": "int64", "item_id": "str", "not_applicable": "bool"})
    by_round = answers.groupby(answers["respondent_id"].map(round_of), sort=False)
    for row in rows["rounds"]:
        round_id = row[rnd["id"]]
        if round_id in by_round.groups:
            instrument = loaded.instruments[row[rnd["instrument_pk"]]]
            insert_totals(conn, round_id, instrument, by_round.get_group(round_id))


def _reset_sequences(conn) -> None:
    """Point each id sequence past the restored ids, so the next import gets a fresh one."""
    for table in TABLES:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].name != "id":
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE(MAX(id), 0) + 1, false) FROM {table.name}"
            )
        )
