"""The command line: a thin argparse layer over the functions the pages call."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from carenet_dash import config
from carenet_dash.errors import CareNetError
from carenet_dash.store import queries
from carenet_dash.store.engine import get_engine

EXIT_REFUSED = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake as one `error:` line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"error: {message} (see: python -m carenet_dash --help)\n")
        raise SystemExit(EXIT_REFUSED)


def _store(args: argparse.Namespace) -> Engine:
    return get_engine(config.database_url(args.db))


def cmd_demo(args: argparse.Namespace) -> int:
    from carenet_dash.demo import seed_demo

    written = seed_demo(_store(args), reset=args.reset)
    print(f"demo networks ready: {written} round(s) written")
    return 0


def cmd_networks(args: argparse.Namespace) -> int:
    store = _store(args)
    found = queries.networks(store)
    if not found:
        print("no networks yet: import a survey export with `import`, or run `demo`")
        return 0
    counts = queries.round_counts(store)
    for network in found:
        count = counts.get(network.id, 0)
        print(f"{network.name}  ({count} round(s), minimum group size {network.min_group_size})")
    return 0


def cmd_rounds(args: argparse.Namespace) -> int:
    from carenet_dash import analysis  # scoring pulls in scipy: seconds an import need not pay

    store = _store(args)
    network = queries.network_by_name(store, args.network)
    found = queries.rounds(store, network.id)
    if not found:
        print(f"{network.name} has no rounds yet")
        return 0
    rows = []
    for r in found:
        respondents = analysis.respondent_count(r, network.min_group_size)
        rows.append(
            {
                "round": r.label,
                "fielded": r.fielded_on.isoformat() if r.fielded_on else "",
                "respondents": (
                    respondents if respondents is not None else f"<{network.min_group_size}"
                ),
                "invited": r.invited or "",
                "instrument": f"{r.instrument_id} v{r.instrument_version}",
                "source": r.source_name or "",
            }
        )
    print(pd.DataFrame(rows).to_string(index=False))
    return 0


def cmd_scores(args: argparse.Namespace) -> int:
    # Imported here, like every command's heavier modules: `import` never needs analysis.
    from carenet_dash import analysis
    from carenet_dash.exports.csv import cell as _csv_value
    from carenet_dash.exports.csv import scores_csv

    store = _store(args)
    network = queries.network_by_name(store, args.network)
    rows = analysis.scores_rows(store, network, args.round)
    if rows.empty:
        raise CareNetError(f"{network.name} has no rounds yet; import one first")
    formatted = rows.assign(
        n=[_csv_value(v) for v in rows["n"]],
        mean=[_csv_value(v, 3) for v in rows["mean"]],
        sd=[_csv_value(v, 3) for v in rows["sd"]],
        favourable_pct=[_csv_value(v, 1) for v in rows["favourable_pct"]],
        band=[_csv_value(v) for v in rows["band"]],
    )
    if args.format == "csv":
        sys.stdout.write(scores_csv(rows))  # the export's CSV: formula-like text neutralised
    else:
        hidden = f"fewer than {network.min_group_size}"
        shown = formatted.assign(
            n=[
                hidden if s == "hidden" else v
                for v, s in zip(formatted["n"], rows["status"], strict=True)
            ],
            mean=[
                hidden if s == "hidden" else v
                for v, s in zip(formatted["mean"], rows["status"], strict=True)
            ],
        ).drop(columns=["network", "status"])
        print(f"{network.name}: minimum group size {network.min_group_size}")
        print(shown.to_string(index=False))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from carenet_dash.exports import export_bytes

    out = Path(args.out)
    if not out.parent.is_dir():
        raise CareNetError(
            f"the folder {out.parent} does not exist; create it or choose another --out"
        )
    data = export_bytes(_store(args), args.network, args.format, args.round)
    # Written beside the target and renamed into place: a failure never leaves half a file.
    partial = out.with_name(f".{out.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    print(f"wrote {out} ({len(data):,} bytes)")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from carenet_dash.backup import backup

    summary = backup(_store(args), args.file)
    print(f"backup written to {args.file}: {summary.describe()}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from carenet_dash.backup import inspect_backup, restore

    store = _store(args)
    if not args.yes:
        print(f"{args.file} holds {inspect_backup(args.file).describe()}")
        where = store.url.render_as_string(hide_password=True)
        if not sys.stdin.isatty():
            raise CareNetError(
                f"a restore replaces everything in the store at {where}; add --yes to go ahead"
            )
        answer = input(f"Replace everything in the store at {where} with it? [y/N] ")
        if answer.strip().casefold() not in ("y", "yes"):
            raise CareNetError("restore not confirmed; nothing was changed")
    summary = restore(store, args.file)
    print(f"restored {args.file}: {summary.describe()}")
    return 0


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-09-30") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def cmd_import(args: argparse.Namespace) -> int:
    from carenet_dash import importers
    from carenet_dash.importers.files import check_size

    path = Path(args.file)
    check_size(path.stat().st_size, path.name)  # before reading a byte of it
    store = _store(args)
    export = importers.read_export(
        path.read_bytes(), path.name, format=args.format, sheet=args.sheet
    )
    draft = importers.preview(
        export,
        engine=store,
        network=args.network,
        instrument_id=args.instrument,
        unknown_as_missing=args.unknown_as_missing,
    )
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m carenet_dash",
        description="CareNet Dash: network health diagnostics from the command line.",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help=f"store URL (default: ${config.DB_URL_ENV} or {config.default_db_path()})",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    demo = commands.add_parser("demo", help="seed the two demo networks")
    demo.add_argument("--reset", action="store_true", help="delete and rebuild the demo networks")
    demo.set_defaults(run=cmd_demo)

    listing = commands.add_parser("networks", help="list networks")
    listing.set_defaults(run=cmd_networks)

    rounds = commands.add_parser("rounds", help="list a network's rounds")
    rounds.add_argument("--network", required=True, metavar="NAME")
    rounds.set_defaults(run=cmd_rounds)

    scores = commands.add_parser("scores", help="dimension scores, one row per round and dimension")
    scores.add_argument("--network", required=True, metavar="NAME")
    scores.add_argument("--round", metavar="LABEL", help="one round only (default: every round)")
    scores.add_argument("--format", choices=["csv", "table"], default="table")
    scores.set_defaults(run=cmd_scores)

    export = commands.add_parser(
        "export",
        help="write a round's deck or report, or the scores or actions as CSV",
        description="Deck and report show one round (the latest unless --round says); the "
        "CSVs hold every round unless --round says. Groups below the network's minimum size "
        "are hidden in every format.",
    )
    export.add_argument("--network", required=True, metavar="NAME")
    export.add_argument("--round", metavar="LABEL")
    export.add_argument(
        "--format", required=True, choices=["pptx", "html", "csv-scores", "csv-actions"]
    )
    export.add_argument("--out", required=True, metavar="FILE")
    export.set_defaults(run=cmd_export)

    backup = commands.add_parser("backup", help="write the whole store to one portable file")
    backup.add_argument("file", metavar="FILE", help="where to write it, e.g. carenet.jsonl.gz")
    backup.set_defaults(run=cmd_backup)

    restore = commands.add_parser(
        "restore", help="replace everything in the store with a backup, once it checks out"
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(run=cmd_restore)

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
    load.add_argument("--invited", type=_positive, metavar="N", help="members invited")
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
    load.set_defaults(run=cmd_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except CareNetError as error:
        sys.stderr.write(f"error: {error}\n")
    except SQLAlchemyError as error:
        sys.stderr.write(
            f"error: the store refused the request ({error.__class__.__name__}); "
            "check the --db URL and that the database is reachable\n"
        )
    except OSError as error:
        sys.stderr.write(f"error: {error.strerror or error}: {error.filename or ''}\n")
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted; nothing partial was written\n")
    except Exception as error:
        if os.environ.get("CARENET_DEBUG"):
            traceback.print_exc()
        sys.stderr.write(
            f"error: unexpected problem ({error.__class__.__name__}: {error}); "
            "set CARENET_DEBUG=1 to see details\n"
        )
    return EXIT_REFUSED
