"""Time the Connections page on a large network: 200 organisations and 2,000 respondents.

One network with two rounds of 2,000 respondents (the demo's answers), each respondent in one
of 200 organisations (ten communities of twenty) naming about five partners, mostly in their
own community. The page's first visit and median warm rerun through AppTest, for the map alone
and compared with the round before (opened from a link): after the Overview with Streamlit's
caches cleared, as bench/pages.py measures, and cold (the rounds and maps the library keeps
forgotten too). Goals (issue 12): first visit < 2 s, warm rerun < 0.3 s.

    .venv/bin/python bench/connections.py [--organisations 200] [--respondents 2000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from carenet_dash.demo import synthetic_round  # noqa: E402
from carenet_dash.instrument_files import get_instrument  # noqa: E402
from carenet_dash.responses import Responses  # noqa: E402
from carenet_dash.store import writes  # noqa: E402
from carenet_dash.store.opening import dispose_engines, get_engine  # noqa: E402

ENTRY = ROOT / "tests" / "pages" / "app_entry.py"
PAGE = ROOT / "pages" / "connections.py"
NETWORK = "Benchmark network"
COMMUNITIES = 10
NAMED = 5
FIRST_VISIT, WARM_RERUN = 2.0, 0.3


def with_ties(responses: Responses, organisations: int, seed: int) -> Responses:
    """Each respondent in an organisation, naming about NAMED others (80% in its community)."""
    rng = np.random.default_rng(seed)
    people = len(responses.respondents)
    own = rng.integers(0, organisations, size=people)
    community = np.arange(organisations) % COMMUNITIES
    rows, named = [], []
    for row, home in enumerate(own):
        near = np.flatnonzero(community == community[home])
        for _ in range(rng.poisson(NAMED)):
            pool = near if rng.random() < 0.8 else np.arange(organisations)
            other = int(rng.choice(pool))
            rows.append(row)
            named.append(f"Organisation {other:03d}")
    ties = pd.DataFrame({"row": rows, "organisation": named}).drop_duplicates()
    respondents = responses.respondents.assign(organisation=[f"Organisation {o:03d}" for o in own])
    return Responses(respondents, responses.answers, responses.comments, ties)


def build_store(path: Path, organisations: int, respondents: int) -> list[float]:
    """The network's two rounds; returns each import's seconds (ties and places included)."""
    engine = get_engine(f"sqlite:///{path}")
    instrument = get_instrument()
    took = []
    for index, label in enumerate(("2026 Q2", "2026 Q3")):
        found = with_ties(synthetic_round(respondents, index, seed=12), organisations, 12 + index)
        meta = writes.RoundMeta(
            network=NETWORK, label=label, fielded_on=dt.date(2026, 3 * index + 5, 15)
        )
        start = time.perf_counter()
        writes.import_round(engine, meta, instrument, found)
        took.append(time.perf_counter() - start)
    dispose_engines()
    return took


def clear_kept() -> None:
    """Forget the rounds and maps the library keeps between pages: a true first visit."""
    from carenet_dash.analysis import data
    from carenet_dash.connections import figures

    data._LOADED.clear()
    figures._MAPS.clear()


def time_page(store: Path, repeats: int, compare: bool, cold: bool) -> tuple[float, float]:
    """(first visit, median warm rerun) of the Connections page, in seconds: after the
    Overview with Streamlit's caches cleared (as bench/pages.py measures), or ``cold``, with
    nothing the library keeps between pages either."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from carenet_dash.ui.connections import COMPARE_KEY

    os.environ["CARENET_DB_URL"] = f"sqlite:///{store}"
    at = AppTest.from_file(str(ENTRY), default_timeout=120)
    at.run()
    st.cache_data.clear()
    if cold:
        clear_kept()
    if compare:  # a link that opens the comparison
        at.query_params[COMPARE_KEY] = "2026 Q2"
    start = time.perf_counter()
    at.switch_page(str(PAGE)).run()
    first = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"connections: {at.exception[0].value}")
    if not at.get("vega_lite_chart"):
        raise RuntimeError("connections: no map drawn")
    warm = []
    for _ in range(repeats):
        start = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - start)
    dispose_engines()
    return first, statistics.median(warm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=200)
    parser.add_argument("--respondents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()

    store = Path(tempfile.mkdtemp(prefix="carenet-bench-")) / "connections.db"
    imports = build_store(store, args.organisations, args.respondents)
    rows = []
    for cold in (False, True):
        for compare in (False, True):
            name = "compared with the round before" if compare else "the map"
            name += ", cold" if cold else ", after the Overview"
            rows.append((name, *time_page(store, args.repeat, compare=compare, cold=cold)))
    lines = [
        f"# Connections benchmark ({dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores)",
        "",
        f"One network, two rounds of {args.respondents} respondents in {args.organisations} "
        f"organisations; each import (ties and places included): "
        f"{', '.join(f'{t:.1f} s' for t in imports)}.",
        "",
        "| Connections page | first visit (s) | warm rerun (s) | goals met |",
        "|---|---|---|---|",
    ]
    for name, first, warm in rows:
        ok = first < FIRST_VISIT and warm < WARM_RERUN
        lines.append(f"| {name} | {first:.2f} | {warm:.3f} | {'yes' if ok else 'NO'} |")
    report = "\n".join([*lines, ""])
    print(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "connections.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
