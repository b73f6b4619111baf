"""Instruments: list, show, download, add to the store, draft from an export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carenet_dash.cli.common import command_group, open_store, write_file


def cmd_instrument_list(args: argparse.Namespace) -> int:
    import pandas as pd

    from carenet_dash.catalogue import catalogue, listing

    found = catalogue(open_store(args))
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

    instrument = catalogue(open_store(args)).find(args.id)
    return instrument_toml(instrument), file_name(instrument)


def cmd_instrument_show(args: argparse.Namespace) -> int:
    text, _ = _instrument_text(args)
    sys.stdout.write(text)
    return 0


def cmd_instrument_download(args: argparse.Namespace) -> int:
    text, name = _instrument_text(args)
    out = Path(args.out or name)
    write_file(out, text.encode("utf-8"))
    print(f"wrote {out}")
    return 0


def cmd_instrument_add(args: argparse.Namespace) -> int:
    from carenet_dash.catalogue import add_file, scale_summary

    entry = add_file(open_store(args), args.file)
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
    write_file(out, draft.toml().encode("utf-8"), overwrite=False)
    print("\n".join(draft.summary()))
    print(f"wrote {out}: check it, then `instrument add {out}`")
    return 0


def add_commands(commands) -> None:
    from carenet_dash.importers import FORMAT_CHOICES

    actions = command_group(
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
