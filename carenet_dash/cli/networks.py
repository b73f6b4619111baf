"""Networks and rounds: seed the demo, list networks and rounds, rename or delete a network."""

from __future__ import annotations

import argparse

from carenet_dash.cli.common import Parser, open_store
from carenet_dash.errors import CareNetError
from carenet_dash.store import queries


def cmd_demo(args: argparse.Namespace) -> int:
    from carenet_dash.demo import seed_demo
    from carenet_dash.store.networks import demo_declined

    store = open_store(args)
    declined = None if args.reset else demo_declined(store)
    if declined:
        print(f"demo networks not added: {declined} (`demo --reset` adds them anyway)")
        return 0
    written = seed_demo(store, reset=args.reset)
    print(f"demo networks ready: {written} round(s) written")
    return 0


def cmd_networks(args: argparse.Namespace) -> int:
    store = open_store(args)
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

    store = open_store(args)
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


def cmd_network_rename(args: argparse.Namespace) -> int:
    from carenet_dash.store.networks import rename_network

    store = open_store(args)
    network = queries.network_by_name(store, args.name)
    renamed = rename_network(store, network.id, args.new_name)
    print(f"renamed {network.name!r} to {renamed!r}")
    return 0


def cmd_network_delete(args: argparse.Namespace) -> int:
    from carenet_dash.store.networks import delete_network

    store = open_store(args)
    network = queries.network_by_name(store, args.name)
    if args.confirm is None:
        raise CareNetError(
            f"deleting {network.name!r} removes every round, comment and workshop record it "
            f"holds; to go ahead, repeat its name: --confirm {network.name!r}"
        )
    deleted = delete_network(store, network.id, args.confirm)
    print(f"deleted {deleted!r} and everything stored for it")
    return 0


def add_commands(commands) -> None:
    demo = commands.add_parser("demo", help="seed the two demo networks")
    demo.add_argument("--reset", action="store_true", help="delete and rebuild the demo networks")
    demo.set_defaults(run=cmd_demo)

    listing = commands.add_parser("networks", help="list networks")
    listing.set_defaults(run=cmd_networks)

    _add_network_commands(commands)

    rounds = commands.add_parser("rounds", help="list a network's rounds")
    rounds.add_argument("--network", required=True, metavar="NAME")
    rounds.set_defaults(run=cmd_rounds)


def _add_network_commands(commands) -> None:
    group = commands.add_parser("network", help="rename or delete a network")
    actions = group.add_subparsers(dest="action", required=True, parser_class=Parser)
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
