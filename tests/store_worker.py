"""A stand-in for `python -m carenet_dash import` in its own process (concurrency and crash tests).

It has the CLI's shape and contract, so the tests switch to the real command by changing one
line: `python -m tests.store_worker [--db URL] import FILE --network NAME --round LABEL` exits 0
when the round landed, or 2 with one `error: ...` line on stderr. FILE is a generic long export
(`respondent_id,item_id,value`, values 1-5 or a not-applicable label), written by
`write_long_export`. `watch` is a reader: it prints what one read transaction sees, as JSON
lines, until the network has a given number of rounds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from carenet_dash.config import DEFAULT_INSTRUMENT_ID, database_url
from carenet_dash.errors import CareNetError
from carenet_dash.instrument import Instrument
from carenet_dash.instrument_files import get_instrument
from carenet_dash.privacy import hash_respondent_id
from carenet_dash.responses import Responses
from carenet_dash.store import writes
from carenet_dash.store.engine import read_connection
from carenet_dash.store.models import Answer, Network, Respondent, Round
from carenet_dash.store.opening import get_engine

DONT_KNOW = "Don't know"


def write_long_export(path: Path, respondents: int, seed: int) -> Path:
    """A long export of ``respondents`` members on the default instrument; the same every time.

    Every respondent answers at least the first item; others are blank 5% of the time and
    "Don't know" 3% of the time.
    """
    items = get_instrument(DEFAULT_INSTRUMENT_ID).items
    rng = np.random.default_rng(seed)
    scores = rng.integers(1, 6, size=(respondents, len(items))).astype(str).astype(object)
    draw = rng.random(size=scores.shape)
    scores[draw < 0.03] = DONT_KNOW
    scores[(draw >= 0.03) & (draw < 0.08)] = None
    scores[:, 0] = rng.integers(1, 6, size=respondents).astype(str)
    frame = pd.DataFrame(scores, columns=list(items))
    frame.insert(0, "respondent_id", [f"S{seed}-{i:06d}" for i in range(respondents)])
    long = frame.melt(id_vars="respondent_id", var_name="item_id", value_name="value").dropna()
    long.to_csv(path, index=False)
    return path


def read_long_export(path: Path, instrument: Instrument) -> Responses:
    """The long export as the store takes it (numbers and not-applicable labels only)."""
    long = pd.read_csv(path, dtype=str, keep_default_na=False)
    codes, people = pd.factorize(long["respondent_id"])
    not_applicable = long["value"].isin(instrument.scale.not_applicable)
    respondents = pd.DataFrame({"source_hash": [hash_respondent_id(p) for p in people]})
    answers = pd.DataFrame(
        {
            "row": codes.astype("int64"),
            "item_id": long["item_id"],
            "score": pd.to_numeric(long["value"].where(~not_applicable)).astype("Int8"),
            "not_applicable": not_applicable.to_numpy(),
        }
    )
    comments = pd.DataFrame(
        {
            "row": pd.Series(dtype="int64"),
            "question_id": pd.Series(dtype="str"),
            "text": pd.Series(dtype="str"),
        }
    )
    return Responses(respondents=respondents, answers=answers, comments=comments)


def cmd_import(args: argparse.Namespace, engine: Engine) -> int:
    path = Path(args.file)
    instrument = get_instrument(DEFAULT_INSTRUMENT_ID)
    responses = read_long_export(path, instrument)
    meta = writes.RoundMeta(
        network=args.network,
        label=args.round,
        source_name=path.name,
        source_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )
    writes.import_round(engine, meta, instrument, responses)
    print(f"imported round {args.round!r}: {responses.respondent_count} respondents", flush=True)
    return 0


def snapshot(engine: Engine, network: str) -> dict[str, list[int]]:
    """Per round of the network: [respondents, answers], all from one read transaction."""
    respondents = (
        select(Round.label, func.count(Respondent.id))
        .join(Network, Network.id == Round.network_id)
        .outerjoin(Respondent, Respondent.round_id == Round.id)
        .where(Network.name == network)
        .group_by(Round.label)
    )
    answers = (
        select(Round.label, func.count())
        .join(Network, Network.id == Round.network_id)
        .join(Respondent, Respondent.round_id == Round.id)
        .join(Answer, Answer.respondent_id == Respondent.id)
        .where(Network.name == network)
        .group_by(Round.label)
    )
    with read_connection(engine) as conn:
        seen = {label: [n, 0] for label, n in conn.execute(respondents)}
        for label, n in conn.execute(answers):
            seen[label][1] = n
    return seen


def cmd_watch(args: argparse.Namespace, engine: Engine) -> int:
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        seen = snapshot(engine, args.network)
        print(json.dumps(seen, sort_keys=True), flush=True)
        if len(seen) >= args.until_rounds:
            return 0
        time.sleep(0.01)
    raise CareNetError(f"gave up after {args.seconds} s without seeing {args.until_rounds} rounds")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tests.store_worker")
    parser.add_argument("--db", metavar="URL")
    commands = parser.add_subparsers(dest="command", required=True)
    imports = commands.add_parser("import")
    imports.add_argument("file")
    imports.add_argument("--network", required=True)
    imports.add_argument("--round", required=True)
    imports.set_defaults(run=cmd_import)
    watch = commands.add_parser("watch")
    watch.add_argument("--network", required=True)
    watch.add_argument("--until-rounds", type=int, required=True)
    watch.add_argument("--seconds", type=float, default=120)
    watch.set_defaults(run=cmd_watch)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args, get_engine(database_url(args.db)))
    except CareNetError as error:
        sys.stderr.write(f"error: {error}\n")
    except SQLAlchemyError as error:
        sys.stderr.write(f"error: the store refused the request ({error.__class__.__name__})\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
