"""Importing a survey export as a round of a network."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from sqlalchemy import Engine

from carenet_dash.cli.common import open_store, positive
from carenet_dash.errors import CareNetError


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-09-30") from None


def _import_instruments(store: Engine, ref: str | None) -> tuple[str | None, dict]:
    """The instruments an import may choose from: the one named (bundled or stored, newest
    version unless ID@VERSION), or every instrument's newest version."""
    from carenet_dash.catalogue import catalogue

    return catalogue(store).for_import(ref)


def _require_date_for_long_spans(report, date: dt.date | None) -> None:
    request = report.date_request()
    if request and date is None:
        raise CareNetError(f"{request} with --date YYYY-MM-DD")


def _column_choice(text: str) -> tuple[str, str]:
    header, equals, target = text.rpartition("=")
    if not equals or not header.strip() or not target.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r} is not HEADER=ITEM_ID (a column's header, '=', then an item id)"
        )
    return header.strip(), target.strip()


def cmd_import(args: argparse.Namespace) -> int:
    from carenet_dash import importers
    from carenet_dash.importers.files import check_size

    path = Path(args.file)
    check_size(path.stat().st_size, path.name)  # before reading a byte of it
    store = open_store(args)
    instrument_id, instruments = _import_instruments(store, args.instrument)
    export = importers.read_export(
        path.read_bytes(), path.name, format=args.format, sheet=args.sheet, instruments=instruments
    )
    draft = importers.preview(
        export,
        engine=store,
        network=args.network,
        instrument_id=instrument_id,
        unknown_as_missing=args.unknown_as_missing,
        instruments=instruments,
        confirm=args.map or (),
    )
    _require_date_for_long_spans(draft.report, args.date)
    fielded = args.date or draft.report.suggested_date
    importers.commit(
        store,
        draft,
        network=args.network,
        label=args.round,
        fielded_on=fielded,
        invited=args.invited,
        replace=args.replace,
    )
    print("\n".join(draft.report.lines(draft.mapping)))
    when = fielded.isoformat() if fielded else "no date"
    source = "" if args.date or not fielded else " (from the file's dates)"
    print(
        f"imported round {args.round!r} into {args.network!r}: "
        f"{draft.report.respondents} respondents, fielded {when}{source}"
    )
    return 0


def add_commands(commands) -> None:
    from carenet_dash.importers import FORMAT_CHOICES

    load = commands.add_parser(
        "import",
        help="import a survey export as a round",
        description="Import a survey export (CSV or XLSX) as a round of a network, creating the "
        "network if needed. Nothing is written unless the whole round lands.",
    )
    load.add_argument("file", metavar="FILE")
    load.add_argument("--network", required=True, metavar="NAME")
    load.add_argument("--round", required=True, metavar="LABEL", help='e.g. "2026 Q3"')
    load.add_argument(
        "--date", type=_iso_date, metavar="YYYY-MM-DD", help="fielded (default: from the file)"
    )
    load.add_argument("--invited", type=positive, metavar="N", help="members invited")
    load.add_argument("--instrument", metavar="ID", help="default: the best match to the file")
    load.add_argument("--format", choices=FORMAT_CHOICES, default="auto")
    load.add_argument("--sheet", metavar="NAME", help="the workbook sheet holding the responses")
    load.add_argument(
        "--replace", action="store_true", help="replace the network's round of the same label"
    )
    load.add_argument(
        "--unknown-as-missing",
        action="store_true",
        help="treat unknown labels and out-of-range numbers as missing answers",
    )
    load.add_argument(
        "--map",
        action="append",
        type=_column_choice,
        metavar="HEADER=ITEM_ID",
        help="confirm that a column feeds an item (or segment, open question, or 'ignore'); "
        "repeatable, and saved for the network like a choice on the Upload page",
    )
    load.set_defaults(run=cmd_import)
