"""Backups: the whole store as one portable file, and a restore that checks it all first.

The file is gzip-compressed JSON lines, the same whichever backend wrote it, so a backup taken
from SQLite restores into PostgreSQL and back. Line 1 is a header: format and version, the
store's schema (Alembic revision), when it was taken, each table's columns and row count, and
the sha256 of everything after the header. Then, table by table (parents first), a line
``{"table": name}`` and one JSON array per row, in primary-key order.

A restore reads and checks the whole file (header, version, schema, checksum, counts, types,
keys, references between tables) before it touches the store, then replaces every network,
round and answer in one transaction. The store's revision goes up, never back, so every cache
in every process sees the change.
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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

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
    update,
)
from sqlalchemy import delete as sql_delete
from sqlalchemy import select as sql_select

from carenet_dash import __version__
from carenet_dash.errors import BackupRefused
from carenet_dash.store.engine import read_connection, write_transaction
from carenet_dash.store.migrate import head_revision
from carenet_dash.store.models import Base, StoreState
from carenet_dash.store.writes import bulk_insert, refresh_dimension_totals

FORMAT = "carenet-dash-backup"
FORMAT_VERSION = 1
# Every table that holds data, parents before children. store_state (the revision counter)
# belongs to the store, not to its contents.
TABLES: list[Table] = [t for t in Base.metadata.sorted_tables if t.name != "store_state"]
_INT_RANGE = {"SmallInteger": 2**15, "Integer": 2**31}
_BATCH = 5_000
# A guard against a file that unpacks to far more than it looks (a "zip bomb"): about 25 times
# the size of a store of 12 rounds of 1,500 respondents.
MAX_UNCOMPRESSED = 1 << 30


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
    return f"carenet-backup-{now:%Y-%m-%d-%H%M}.jsonl.gz"


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


def _refuse(what: str) -> BackupRefused:
    return BackupRefused(f"{what}; nothing was changed")


def _read_lines(source: Path | str | bytes) -> list[bytes]:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if not data.startswith(b"\x1f\x8b"):
        raise _refuse(
            "this is not a CareNet Dash backup (a backup is a .jsonl.gz file written by "
            "`python -m carenet_dash backup`)"
        )
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            text_bytes = unzipped.read(MAX_UNCOMPRESSED + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise _refuse(f"the backup file is damaged or incomplete ({error})") from None
    if len(text_bytes) > MAX_UNCOMPRESSED:
        raise _refuse(
            f"the backup unpacks to more than {MAX_UNCOMPRESSED >> 20} MB, more than any store "
            "this version of CareNet Dash writes"
        )
    return text_bytes.splitlines(keepends=True)


def _header(lines: list[bytes]) -> dict[str, Any]:
    try:
        header = json.loads(lines[0]) if lines else None
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
            return type(v) is str and (length is None or len(v) <= length)

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


def _parse_rows(table: Table, lines: list[bytes]) -> list[tuple[Any, ...]]:
    """A table's row lines, parsed in one go and checked column by column."""
    try:
        rows = json.loads(b"[" + b",".join(lines) + b"]")
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


def _load(source: Path | str | bytes) -> _Loaded:
    lines = _read_lines(source)
    header = _header(lines)
    digest = hashlib.sha256()
    for line in lines[1:]:
        digest.update(line)
    if digest.hexdigest() != header.get("sha256"):
        raise _refuse("the backup file is damaged or incomplete (its checksum does not match)")
    declared = header.get("tables")
    if not isinstance(declared, dict) or set(declared) != {t.name for t in TABLES}:
        raise _refuse("the backup does not list this store's tables")
    by_name = {t.name: t for t in TABLES}
    sections: dict[str, list[bytes]] = {}
    current: list[bytes] | None = None
    for line in lines[1:]:
        if line.startswith(b"{"):
            try:
                name = json.loads(line).get("table")
            except (ValueError, AttributeError):
                name = None
            if name not in by_name:
                raise _refuse(f"the backup holds an unknown table {name!r}")
            current = sections.setdefault(name, [])
        elif current is None:
            raise _refuse("the backup's body is not in the expected layout")
        else:
            current.append(line)
    for table in TABLES:
        spec = declared[table.name]
        if not isinstance(spec, dict) or spec.get("columns") != [c.name for c in table.columns]:
            raise _refuse(f"the backup's {table.name} columns differ from this store's")
    rows = {t.name: _parse_rows(t, sections.get(t.name, [])) for t in TABLES}
    for table in TABLES:
        spec = declared[table.name]
        if spec.get("rows") != len(rows[table.name]):
            raise _refuse(
                f"the backup is incomplete: its header promises {spec.get('rows')} "
                f"{table.name} row(s) and it holds {len(rows[table.name])}"
            )
    _check_keys(rows)
    summary = BackupSummary(
        created_at=str(header.get("created_at")),
        schema=str(header["schema"]),
        rows={name: len(found) for name, found in rows.items()},
    )
    return _Loaded(summary=summary, rows=rows)


def inspect_backup(source: Path | str | bytes) -> BackupSummary:
    """Check a backup fully without touching any store; returns what it holds."""
    return _load(source).summary


def restore(engine: Engine, source: Path | str | bytes) -> BackupSummary:
    """Replace everything in the store with the backup's contents, once the file checks out."""
    loaded = _load(source)
    with write_transaction(engine) as conn:
        for table in reversed(TABLES):
            conn.execute(sql_delete(table))
        for table in TABLES:
            data = loaded.rows[table.name]
            names = [c.name for c in table.columns]
            plain = not any(isinstance(c.type, JSON | Date | DateTime) for c in table.columns)
            if plain:
                bulk_insert(conn, table, names, data)
            else:  # dates and JSON go through SQLAlchemy's types, as the app writes them
                for start in range(0, len(data), _BATCH):
                    batch = data[start : start + _BATCH]
                    conn.execute(
                        insert(table), [dict(zip(names, row, strict=True)) for row in batch]
                    )
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn)
        # The backup's totals may come from older scoring rules: have them checked.
        conn.execute(update(StoreState).values(totals_version=None))
    refresh_dimension_totals(engine)
    return loaded.summary


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
