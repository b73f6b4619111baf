"""Running the dashboard: back up or restore the whole store, and serve the pages."""

from __future__ import annotations

import argparse
import os
import sys

from carenet_dash import config
from carenet_dash.cli.common import open_store, positive
from carenet_dash.errors import CareNetError


def cmd_backup(args: argparse.Namespace) -> int:
    from carenet_dash.backup import backup

    summary = backup(open_store(args), args.file)
    print(f"backup written to {args.file}: {summary.describe()}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from carenet_dash.backup import inspect_backup, restore

    store = open_store(args)
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


def add_commands(commands) -> None:
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
    serve.add_argument("--port", type=positive, help="the port (default 8501)")
    serve.set_defaults(run=cmd_serve)
