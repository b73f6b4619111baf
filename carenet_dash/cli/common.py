"""What every command shares: the parser of one-line errors, the store, a group of actions."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sqlalchemy import Engine

from carenet_dash import config
from carenet_dash.errors import CareNetError
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


def check_out_folder(out: Path) -> None:
    """Refuse an --out whose folder does not exist (before any work is done for it)."""
    if not out.parent.is_dir():
        raise CareNetError(
            f"the folder {out.parent} does not exist; create it or choose another --out"
        )


def write_file(out: Path, data: bytes, *, overwrite: bool = True) -> None:
    """A command's output file, written beside the target and renamed into place: a failure
    never leaves half a file."""
    check_out_folder(out)
    if not overwrite and out.exists():
        raise CareNetError(f"{out} exists already; choose another --out, or move that file")
    partial = out.with_name(f".{out.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
