"""A round's published figures: printed (scores, segments, compare) or exported to a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carenet_dash.cli.common import check_out_folder, open_store, write_file
from carenet_dash.errors import CareNetError
from carenet_dash.store import queries


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

    store = open_store(args)
    network = queries.network_by_name(store, args.network)
    rows = analysis.scores_rows(store, network, args.round)
    if rows.empty:
        raise CareNetError(f"{network.name} has no rounds yet; import one first")
    figures = ["n", "mean", "sd", "favourable_pct", "band"]
    _print_figures(args, network, rows, dict.fromkeys(figures, "status"))
    return 0


def cmd_segments(args: argparse.Namespace) -> int:
    from carenet_dash import analysis

    store = open_store(args)
    network = queries.network_by_name(store, args.network)
    rows = analysis.segments_rows(store, network, args.round, args.segment)
    _print_figures(args, network, rows, {"n": "status", "mean": "status"})
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from carenet_dash import analysis

    store = open_store(args)
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


def cmd_export(args: argparse.Namespace) -> int:
    from carenet_dash.exports import export_bytes

    out = Path(args.out)
    check_out_folder(out)  # before the export is made, not after
    data = export_bytes(open_store(args), args.network, args.format, args.round)
    write_file(out, data)
    print(f"wrote {out} ({len(data):,} bytes)")
    return 0


def add_commands(commands) -> None:
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
