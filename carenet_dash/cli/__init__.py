"""The command line: a thin argparse layer over the functions the pages call (`main`)."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError

from carenet_dash import config
from carenet_dash.cli import (
    comments,
    connections,
    figures,
    importing,
    instruments,
    networks,
    operations,
)
from carenet_dash.cli.common import EXIT_REFUSED, Parser
from carenet_dash.errors import CareNetError


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="python -m carenet_dash",
        description="CareNet Dash: network health diagnostics from the command line.",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help=f"store URL (default: ${config.DB_URL_ENV} or {config.default_db_path()})",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    networks.add_commands(commands)
    figures.add_commands(commands)
    operations.add_commands(commands)
    importing.add_commands(commands)
    instruments.add_commands(commands)
    comments.add_commands(commands)
    connections.add_commands(commands)
    return parser


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
