"""The connection map: a round's ties, and the network's list of organisations."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import Engine

from carenet_dash.cli.common import Parser, open_store
from carenet_dash.errors import CareNetError
from carenet_dash.store import queries


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

    store = open_store(args)
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

    store = open_store(args)
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


def add_commands(commands) -> None:
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
    actions = group.add_subparsers(dest="action", required=True, parser_class=Parser)
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
