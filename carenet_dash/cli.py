"""The command line: a thin argparse layer over the functions the pages call."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from carenet_dash import config
from carenet_dash.errors import CareNetError
from carenet_dash.store import queries
from carenet_dash.store.opening import get_engine

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
    from carenet_dash.store.networks import demo_declined

    store = _store(args)
    declined = None if args.reset else demo_declined(store)
    if declined:
        print(f"demo networks not added: {declined} (`demo --reset` adds them anyway)")
        return 0
    written = seed_demo(store, reset=args.reset)
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
    # Imported here: analysis is more than `import` and `networks` need to pay for at start.
    from carenet_dash import analysis, present

    store = _store(args)
    network = queries.network_by_name(store, args.network)
    found = queries.rounds(store, network.id)
    if not found:
        print(f"{network.name} has no rounds yet")
        return 0
    table = present.rounds_table(
        analysis.round_list(found, network.min_group_size), network.min_group_size
    )
    print(table.to_string(index=False))
    return 0


def _print_figures(args: argparse.Namespace, network, rows, statuses: dict[str, str]) -> None:
    """Published figures as CSV (blank where not shown, status shown/hidden/no_data) or as a
    table worded as the pages word them."""
    from carenet_dash import present
    from carenet_dash.exports.csv import figures_csv

    if args.format == "csv":
        sys.stdout.write(figures_csv(rows))  # the export's CSV: formula-like text neutralised
        return
    table = present.figure_table(rows, network.min_group_size, statuses)
    print(f"{network.name}: minimum group size {network.min_group_size}")
    print(table.drop(columns=["network"]).to_string(index=False))


def cmd_scores(args: argparse.Namespace) -> int:
    # Imported here, like every command's heavier modules: `import` never needs analysis.
    from carenet_dash import analysis

    store = _store(args)
    network = queries.network_by_name(store, args.network)
    rows = analysis.scores_rows(store, network, args.round)
    if rows.empty:
        raise CareNetError(f"{network.name} has no rounds yet; import one first")
    figures = ["n", "mean", "sd", "favourable_pct", "band"]
    _print_figures(args, network, rows, dict.fromkeys(figures, "status"))
    return 0


def cmd_segments(args: argparse.Namespace) -> int:
    from carenet_dash import analysis

    store = _store(args)
    network = queries.network_by_name(store, args.network)
    rows = analysis.segments_rows(store, network, args.round, args.segment)
    _print_figures(args, network, rows, {"n": "status", "mean": "status"})
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from carenet_dash import analysis

    store = _store(args)
    network = queries.network_by_name(store, args.network)
    rows = analysis.compare_rows(store, network, args.round, getattr(args, "with"))
    statuses = {
        "n_before": "status_before",
        "mean_before": "status_before",
        "n": "status_after",
        "mean": "status_after",
        **dict.fromkeys(("change", "ci_low", "ci_high", "verdict"), "status"),
    }
    _print_figures(args, network, rows, statuses)
    return 0


def _figures_command(commands, name: str, run, *, help: str, description: str, extra) -> None:
    """A command printing one round's published figures: --network, --round, its own
    options (flag, metavar, help), --format csv|table."""
    command = commands.add_parser(name, help=help, description=description)
    command.add_argument("--network", required=True, metavar="NAME")
    command.add_argument("--round", required=True, metavar="LABEL")
    for flag, metavar, text in extra:
        command.add_argument(flag, required=True, metavar=metavar, help=text)
    command.add_argument("--format", choices=["csv", "table"], default="table")
    command.set_defaults(run=run)


def _printable(text: object) -> str:
    """A cell for the terminal: control characters (escape sequences) shown as spaces."""
    return "".join(c if c.isprintable() else " " for c in str(text))


def cmd_comments_list(args: argparse.Namespace) -> int:
    from carenet_dash import analysis, present
    from carenet_dash.exports.csv import figures_csv

    store = _store(args)
    network = queries.network_by_name(store, args.network)
    found = queries.round_by_label(store, network.id, args.round)
    comments = analysis.round_comments(store, found.id, network.min_group_size, args.segment)
    if comments.refused:
        raise CareNetError(comments.refused)
    table = present.comments_table(comments.comments, comments.segment)
    table.insert(0, "id", comments.comments["comment_id"].to_numpy())
    if args.format == "csv":
        sys.stdout.write(figures_csv(table))
    else:
        print(table.map(_printable).to_string(index=False))
    return 0


def cmd_comments_redact(args: argparse.Namespace) -> int:
    from carenet_dash.store import redaction

    store = _store(args)
    network = queries.network_by_name(store, args.network)
    found = queries.round_by_label(store, network.id, args.round)
    redaction.redact_comment(store, args.id, round_id=found.id)
    print(
        f"comment {args.id} of round {found.label!r} now reads {redaction.REDACTED_TEXT!r}; "
        "its text is not kept"
    )
    return 0


def _command_group(commands, name: str, *, help: str, description: str):
    """A command with actions of its own (``instrument list``, ``comments redact``)."""
    group = commands.add_parser(name, help=help, description=description)
    return group.add_subparsers(dest="action", required=True, parser_class=_Parser)


def _add_comment_commands(commands) -> None:
    actions = _command_group(
        commands,
        "comments",
        help="list a round's comments, or redact one",
        description="Comments are listed as the Comments page shows them (none for a round "
        "below the minimum group size; a writer's group only where it may be named). "
        "Redacting replaces a comment's text for good and records the day.",
    )
    listing = actions.add_parser("list", help="a round's comments with their ids")
    listing.add_argument("--network", required=True, metavar="NAME")
    listing.add_argument("--round", required=True, metavar="LABEL")
    listing.add_argument("--segment", metavar="SEGMENT_ID", help="tag each comment's group")
    listing.add_argument("--format", choices=["csv", "table"], default="table")
    listing.set_defaults(run=cmd_comments_list)
    redact = actions.add_parser("redact", help="replace a comment's text (the lead's redaction)")
    redact.add_argument("--network", required=True, metavar="NAME")
    redact.add_argument("--round", required=True, metavar="LABEL")
    redact.add_argument("--id", required=True, type=_positive, metavar="ID")
    redact.set_defaults(run=cmd_comments_redact)


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


def cmd_network_rename(args: argparse.Namespace) -> int:
    from carenet_dash.store.networks import rename_network

    store = _store(args)
    network = queries.network_by_name(store, args.name)
    renamed = rename_network(store, network.id, args.new_name)
    print(f"renamed {network.name!r} to {renamed!r}")
    return 0


def cmd_network_delete(args: argparse.Namespace) -> int:
    from carenet_dash.store.networks import delete_network

    store = _store(args)
    network = queries.network_by_name(store, args.name)
    if args.confirm is None:
        raise CareNetError(
            f"deleting {network.name!r} removes every round, comment and workshop record it "
            f"holds; to go ahead, repeat its name: --confirm {network.name!r}"
        )
    deleted = delete_network(store, network.id, args.confirm)
    print(f"deleted {deleted!r} and everything stored for it")
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


def cmd_serve(args: argparse.Namespace) -> int:
    from carenet_dash.serve import serve

    if args.db:
        os.environ[config.DB_URL_ENV] = args.db  # the server's pages read the store from it
    return serve(address=args.address, port=args.port, extra=args.extra)


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

    _add_network_commands(commands)

    rounds = commands.add_parser("rounds", help="list a network's rounds")
    rounds.add_argument("--network", required=True, metavar="NAME")
    rounds.set_defaults(run=cmd_rounds)

    scores = commands.add_parser("scores", help="dimension scores, one row per round and dimension")
    scores.add_argument("--network", required=True, metavar="NAME")
    scores.add_argument("--round", metavar="LABEL", help="one round only (default: every round)")
    scores.add_argument("--format", choices=["csv", "table"], default="table")
    scores.set_defaults(run=cmd_scores)

    _figures_command(
        commands,
        "segments",
        cmd_segments,
        help="a round's dimension scores by group, as the Segments page shows them",
        description="One row per dimension and group of a segment. A figure not shown (a "
        "group below the minimum, or one hidden so that it cannot be worked out from the "
        "others) is blank, and status says why: shown, hidden or no_data.",
        extra=[("--segment", "SEGMENT_ID", "the segment's id, e.g. member_type")],
    )
    _figures_command(
        commands,
        "compare",
        cmd_compare,
        help="a round's change since another round, as the Compare page shows it",
        description="One row per dimension both rounds share: --with's figures are the "
        "*_before columns. Each side's n and mean are given where that side is shown, the "
        "change only where both are; status says why a figure is blank.",
        extra=[("--with", "LABEL", "the round to compare with")],
    )

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

    serve = commands.add_parser(
        "serve",
        help="start the dashboard (on 127.0.0.1 unless --address says otherwise)",
        description="Start the dashboard's server from any folder, with safe settings: this "
        "machine only, no usage statistics, the upload limit of CARENET_MAX_UPLOAD_MB. Any "
        "other `streamlit run` flag (e.g. --server.baseUrlPath) is passed on.",
    )
    serve.add_argument("--address", help="the address to listen on, e.g. 0.0.0.0 for every one")
    serve.add_argument("--port", type=_positive, help="the port (default 8501)")
    serve.set_defaults(run=cmd_serve)

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
    load.add_argument(
        "--map",
        action="append",
        type=_column_choice,
        metavar="HEADER=ITEM_ID",
        help="confirm that a column feeds an item (or segment, open question, or 'ignore'); "
        "repeatable, and saved for the network like a choice on the Upload page",
    )
    load.set_defaults(run=cmd_import)
    _add_instrument_commands(commands)
    _add_comment_commands(commands)
    _add_connection_commands(commands)
    return parser


# --- instruments: list, show, download, add to the store, draft from an export --------------


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


def cmd_instrument_list(args: argparse.Namespace) -> int:
    import pandas as pd

    from carenet_dash.catalogue import catalogue, listing

    found = catalogue(_store(args))
    rows = listing(found)
    if rows:
        print(pd.DataFrame(rows).to_string(index=False))
    else:
        print("no instruments yet: add one with `instrument add FILE.toml`")
    for problem in found.problems:
        print(f"cannot be used: {problem}")
    return 0


def _instrument_text(args: argparse.Namespace) -> tuple[str, str]:
    from carenet_dash.catalogue import catalogue, file_name
    from carenet_dash.instrument_toml import instrument_toml

    instrument = catalogue(_store(args)).find(args.id)
    return instrument_toml(instrument), file_name(instrument)


def cmd_instrument_show(args: argparse.Namespace) -> int:
    text, _ = _instrument_text(args)
    sys.stdout.write(text)
    return 0


def _write_file(out: Path, data: bytes, *, overwrite: bool = True) -> None:
    if not out.parent.is_dir():
        raise CareNetError(
            f"the folder {out.parent} does not exist; create it or choose another --out"
        )
    if not overwrite and out.exists():
        raise CareNetError(f"{out} exists already; choose another --out, or move that file")
    partial = out.with_name(f".{out.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)


def cmd_instrument_download(args: argparse.Namespace) -> int:
    text, name = _instrument_text(args)
    out = Path(args.out or name)
    _write_file(out, text.encode("utf-8"))
    print(f"wrote {out}")
    return 0


def cmd_instrument_add(args: argparse.Namespace) -> int:
    from carenet_dash.catalogue import add_file, scale_summary

    entry = add_file(_store(args), args.file)
    instrument = entry.instrument
    print(
        f"added instrument {instrument.id!r} version {instrument.version} ({instrument.name}): "
        f"{len(instrument.dimensions)} dimension(s), {len(instrument.items)} item(s), "
        f"scale {scale_summary(instrument)}; import with --instrument {instrument.id}"
    )
    return 0


def cmd_instrument_draft(args: argparse.Namespace) -> int:
    from carenet_dash.importers.draft import draft_instrument
    from carenet_dash.importers.files import check_size

    path = Path(args.export)
    check_size(path.stat().st_size, path.name)
    out = Path(args.out)
    draft = draft_instrument(
        path.read_bytes(),
        path.name,
        format=args.format,
        sheet=args.sheet,
        instrument_id=args.id,
        name=args.name,
    )
    _write_file(out, draft.toml().encode("utf-8"), overwrite=False)
    print("\n".join(draft.summary()))
    print(f"wrote {out}: check it, then `instrument add {out}`")
    return 0


def _add_network_commands(commands) -> None:
    group = commands.add_parser("network", help="rename or delete a network")
    actions = group.add_subparsers(dest="action", required=True, parser_class=_Parser)
    rename = actions.add_parser("rename", help="give a network a new name")
    rename.add_argument("name", metavar="NAME")
    rename.add_argument("new_name", metavar="NEW_NAME")
    rename.set_defaults(run=cmd_network_rename)
    remove = actions.add_parser(
        "delete",
        help="delete a network and everything stored for it",
        description="Deletes every round, response, comment and workshop record of the "
        "network, for good. Its name must be repeated with --confirm.",
    )
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("--confirm", metavar="NAME", help="the network's name, typed again")
    remove.set_defaults(run=cmd_network_delete)


def _add_instrument_commands(commands) -> None:
    from carenet_dash.importers import FORMAT_CHOICES

    actions = _command_group(
        commands,
        "instrument",
        help="list, show, download, add or draft instruments",
        description="Instruments are the bundled files in data/instruments/ and those added "
        "to the store; each added version is kept, and every round keeps its own snapshot.",
    )

    listing = actions.add_parser("list", help="every instrument version, and files with problems")
    listing.set_defaults(run=cmd_instrument_list)

    show = actions.add_parser("show", help="print an instrument as TOML")
    show.add_argument("id", metavar="ID", help="an instrument id (newest version) or ID@VERSION")
    show.set_defaults(run=cmd_instrument_show)

    download = actions.add_parser("download", help="write an instrument to a TOML file")
    download.add_argument(
        "id", metavar="ID", help="an instrument id (newest version) or ID@VERSION"
    )
    download.add_argument("--out", metavar="FILE", help="default: ID-vVERSION.toml here")
    download.set_defaults(run=cmd_instrument_download)

    add = actions.add_parser("add", help="check an instrument file and keep it in the store")
    add.add_argument("file", metavar="FILE.toml")
    add.set_defaults(run=cmd_instrument_add)

    draft = actions.add_parser(
        "draft",
        help="draft an instrument from a survey export",
        description="Find the rating questions and their scales, group statements into "
        "dimensions by their question, propose segments and open questions, and leave "
        "personal columns out. Check the draft, then `instrument add` it.",
    )
    draft.add_argument("export", metavar="EXPORT")
    draft.add_argument("--out", required=True, metavar="FILE.toml")
    draft.add_argument("--format", choices=FORMAT_CHOICES, default="auto")
    draft.add_argument("--sheet", metavar="NAME", help="the workbook sheet holding the responses")
    draft.add_argument("--id", metavar="ID", help="the instrument id (default: from the file name)")
    draft.add_argument("--name", metavar="NAME", help="the instrument's name")
    draft.set_defaults(run=cmd_instrument_draft)


# --- the connection map: ties, and the network's list of organisations ------------------------


def _round_of(store: Engine, network: queries.NetworkInfo, label: str | None):
    if label is not None:
        return queries.round_by_label(store, network.id, label)
    found = queries.rounds(store, network.id)
    if not found:
        raise CareNetError(f"{network.name} has no rounds yet; import one first")
    return found[-1]


def cmd_ties(args: argparse.Namespace) -> int:
    import pandas as pd

    from carenet_dash.connections.figures import round_map
    from carenet_dash.exports.csv import cell, write_rows
    from carenet_dash.present import connections as words

    store = _store(args)
    network = queries.network_by_name(store, args.network)
    chosen = _round_of(store, network, args.round)
    found = round_map(store, chosen.id, network.min_group_size)
    if not found.asked:
        raise CareNetError(
            f"round {chosen.label!r} was imported with an instrument that asks no relations "
            "question, so it has no ties"
        )
    if not found.enough:
        raise CareNetError(
            f"round {chosen.label!r} has fewer than {network.min_group_size} responses, so its "
            "map is not shown"
        )
    if args.summary:
        rows = pd.DataFrame([words.summary_row(found)], columns=words.SUMMARY_COLUMNS)
    else:
        rows = words.organisation_rows(found)
    if args.format == "csv":
        sys.stdout.write(
            write_rows(list(rows.columns), ([cell(v) for v in r] for r in rows.itertuples(False)))
        )
        if not args.summary:
            sys.stderr.write(f"note: {words.coverage_text(found.coverage)}\n")
    else:
        print(f"{network.name} · round {chosen.label}")
        print(rows.fillna("").to_string(index=False))
        print(words.coverage_text(found.coverage))
    return 0


def _organisation_called(store: Engine, network_id: int, name: str) -> int:
    from carenet_dash.organisations import name_key
    from carenet_dash.store import organisations

    listed = organisations.organisations(store, network_id)
    found = listed[[name_key(n) == name_key(name) for n in listed["name"]]]
    if found.empty:
        known = ", ".join(repr(n) for n in listed["name"].head(8)) or "none yet"
        raise CareNetError(f"no organisation called {name!r} in this network; its list: {known}")
    return int(found["organisation_id"].iat[0])


def cmd_organisations(args: argparse.Namespace) -> int:
    from carenet_dash.store import organisations

    store = _store(args)
    network = queries.network_by_name(store, args.network)
    if args.action == "list":
        listed = organisations.organisations(store, network.id)
        if listed.empty:
            print(f"{network.name} has no organisations yet")
        for row in listed.itertuples():
            print(row.name + (f"  ({row.type})" if row.type else ""))
        return 0
    if args.action == "add":
        organisations.add_organisation(store, network.id, args.name, args.type)
        print(f"added {args.name!r} to {network.name}")
    elif args.action == "rename":
        organisation_id = _organisation_called(store, network.id, args.name)
        organisations.rename_organisation(store, organisation_id, args.new_name)
        print(f"renamed {args.name!r} to {args.new_name!r}")
    elif args.action == "merge":
        keep = _organisation_called(store, network.id, args.keep)
        other = _organisation_called(store, network.id, args.other)
        organisations.merge_organisations(store, keep, other)
        print(f"merged {args.other!r} into {args.keep!r}")
    elif args.action == "type":
        organisation_id = _organisation_called(store, network.id, args.name)
        organisations.set_type(store, organisation_id, args.type)
        print(f"{args.name!r} is now of type {args.type!r}" if args.type else "type cleared")
    else:
        placed = organisations.rearrange(store, network.id)
        print(f"the map of {network.name} was laid out afresh ({placed} organisations)")
    return 0


def _add_connection_commands(commands) -> None:
    ties = commands.add_parser(
        "ties",
        help="the connection map's figures: one row per organisation, or the network's",
        description="Who works with whom: organisation A -> B when at least one respondent of "
        "A named B. Per organisation: respondents (a count below the minimum group size reads "
        "'fewer than k'), named_by, names, betweenness (blank when under 65%% of the member "
        "organisations answered). --summary: the network's organisations, ties, density, "
        "reciprocity and components.",
    )
    ties.add_argument("--network", required=True, metavar="NAME")
    ties.add_argument("--round", metavar="LABEL", help="default: the latest round")
    ties.add_argument("--summary", action="store_true", help="one row for the whole network")
    ties.add_argument("--format", choices=["csv", "table"], default="table")
    ties.set_defaults(run=cmd_ties)

    group = commands.add_parser(
        "organisations",
        help="a network's member organisations: list, add, rename, merge, type, rearrange",
        description="The list of member organisations the relations question draws on. It "
        "grows from each export's options; add an organisation nobody answered for, rename "
        "one, or merge two spellings (the old spelling is kept for the next export).",
    )
    actions = group.add_subparsers(dest="action", required=True, parser_class=_Parser)
    for name, help_text in (
        ("list", "every organisation on the network's list"),
        ("add", "add an organisation"),
        ("rename", "give an organisation another name"),
        ("merge", "merge two spellings of one organisation (keeping the first)"),
        ("type", "set an organisation's type (its colour on the map); blank clears it"),
        ("rearrange", "lay the map out afresh from every round's ties"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("--network", required=True, metavar="NAME")
        if name in ("add", "rename", "type"):
            action.add_argument("name", metavar="NAME")
        if name == "add":
            action.add_argument("--type", metavar="TYPE")
        if name == "rename":
            action.add_argument("new_name", metavar="NEW_NAME")
        if name == "merge":
            action.add_argument("keep", metavar="KEEP")
            action.add_argument("other", metavar="OTHER")
        if name == "type":
            action.add_argument("type", metavar="TYPE")
        action.set_defaults(run=cmd_organisations)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "serve":  # only serve passes flags on (to Streamlit)
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra
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
