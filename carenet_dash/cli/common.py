"""What every command shares: the parser of one-line errors, the store, a group of actions."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import Engine

from carenet_dash import config
from carenet_dash.store.opening import get_engine

EXIT_REFUSED = 2


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake as one `error:` line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"error: {message} (see: python -m carenet_dash --help)\n")
        raise SystemExit(EXIT_REFUSED)


def open_store(args: argparse.Namespace) -> Engine:
    return get_engine(config.database_url(args.db))


def command_group(commands, name: str, *, help: str, description: str):
    """A command with actions of its own (``instrument list``, ``comments redact``)."""
    group = commands.add_parser(name, help=help, description=description)
    return group.add_subparsers(dest="action", required=True, parser_class=Parser)


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)
