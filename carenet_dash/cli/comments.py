"""A round's comments: listed as the Comments page shows them, or one redacted."""

from __future__ import annotations

import argparse
import sys

from carenet_dash.cli.common import command_group, open_store, positive
from carenet_dash.errors import CareNetError
from carenet_dash.store import queries


def _printable(text: object) -> str:
    """A cell for the terminal: control characters (escape sequences) shown as spaces."""
    return "".join(c if c.isprintable() else " " for c in str(text))


def cmd_comments_list(args: argparse.Namespace) -> int:
    from carenet_dash import analysis, present
    from carenet_dash.exports.csv import figures_csv

    store = open_store(args)
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

    store = open_store(args)
    network = queries.network_by_name(store, args.network)
    found = queries.round_by_label(store, network.id, args.round)
    redaction.redact_comment(store, args.id, round_id=found.id)
    print(
        f"comment {args.id} of round {found.label!r} now reads {redaction.REDACTED_TEXT!r}; "
        "its text is not kept"
    )
    return 0


def add_commands(commands) -> None:
    actions = command_group(
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
    redact.add_argument("--id", required=True, type=positive, metavar="ID")
    redact.set_defaults(run=cmd_comments_redact)
