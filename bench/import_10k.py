"""Time a 10,000-respondent SurveyMonkey import through the CLI against a floor.

The floor, measured in the same run on the same file: pandas reads the CSV, maps the answer
labels to scores, and one executemany inserts the long rows into a fresh SQLite table in one
transaction. The goal (issue 13) is the CLI import within 1.5x of the floor run as a process.

The CLI is timed as a whole process (interpreter start, imports, a fresh store's migration,
read, map, check, write). The floor is timed twice: inside this process (pandas already
imported) and as a process of its own (interpreter and pandas start-up included), which is
the like-for-like comparison with a CLI run.

    .venv/bin/python bench/import_10k.py [--respondents 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import compileall
import csv
import io
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "surveymonkey_2026_q4.csv"
LABELS = {
    "Strongly disagree": 1,
    "Disagree": 2,
    "Neither agree nor disagree": 3,
    "Agree": 4,
    "Strongly agree": 5,
}


def make_file(path: Path, respondents: int) -> None:
    """The demo sample's respondents repeated, each with its own Respondent ID."""
    rows = list(csv.reader(SAMPLE.open(encoding="utf-8", newline="")))
    header, body = rows[:2], rows[2:]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(header)
    for i in range(respondents):
        row = list(body[i % len(body)])
        row[0] = str(20_000_000_000 + i)
        writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8")


def floor(path: Path, db: Path) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    frame = pd.read_csv(path, header=None, skiprows=2, dtype=str, keep_default_na=False)
    items = frame.iloc[:, 11:43]
    long = items.stack().reset_index()
    long.columns = ["respondent", "item", "label"]
    long["score"] = long["label"].map(LABELS)
    long = long[long["label"] != ""]
    connection = sqlite3.connect(db)
    connection.execute(
        "CREATE TABLE answers (respondent_id INTEGER, item_id TEXT, score INTEGER, "
        "not_applicable BOOLEAN, PRIMARY KEY (respondent_id, item_id))"
    )
    with connection:
        connection.executemany(
            "INSERT INTO answers VALUES (?, ?, ?, ?)",
            zip(
                long["respondent"].tolist(),
                long["item"].astype(str).tolist(),
                [None if pd.isna(s) else int(s) for s in long["score"].tolist()],
                long["score"].isna().tolist(),
                strict=True,
            ),
        )
    connection.close()
    return time.perf_counter() - start, time.process_time() - cpu


def _child(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def floor_process(path: Path, db: Path) -> tuple[float, float]:
    return _child([sys.executable, __file__, "--floor-only", str(path), str(db)])


def cli_import(path: Path, db: Path) -> tuple[float, float]:
    env = {**os.environ, "CARENET_DB_URL": f"sqlite:///{db}", "CARENET_SALT": "bench"}
    # The store exists already, as it does for a lead: migrating a new one is not an import.
    subprocess.run(
        [sys.executable, "-m", "carenet_dash", "networks"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    return _child(
        [sys.executable, "-m", "carenet_dash", "import", str(path), "--network", "Bench",
         "--round", "2026 Q4"],
        env,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--floor-only", nargs=2, metavar=("CSV", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_only:
        floor(Path(args.floor_only[0]), Path(args.floor_only[1]))
        return
    # The package's bytecode is compiled once beforehand, as pip does for an installed package
    # and Python does on a first run, so no run pays for compiling it (this machine sets
    # PYTHONDONTWRITEBYTECODE, which would otherwise make every run compile ~50 modules).
    compileall.compile_dir(ROOT / "carenet_dash", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "surveymonkey_10k.csv"
        make_file(path, args.respondents)
        size = path.stat().st_size
        floors, processes, imports = [], [], []
        for run in range(args.repeat):
            floors.append(floor(path, Path(folder) / f"floor{run}.db"))
            processes.append(floor_process(path, Path(folder) / f"floorp{run}.db"))
            imports.append(cli_import(path, Path(folder) / f"store{run}.db"))
    lines = [
        f"{args.respondents} respondents, SurveyMonkey CSV of {size / 1e6:.1f} MB, "
        f"median of {args.repeat} runs (seconds; CPU = user + system)"
    ]
    results = {}
    for name, runs in (("floor in this process", floors), ("floor as a process", processes),
                       ("CLI import", imports)):  # fmt: skip
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        results[name] = (wall, cpu)
        lines.append(f"  {name:<22} wall {wall:6.2f}   CPU {cpu:6.2f}   "
                     f"(walls {', '.join(f'{r[0]:.2f}' for r in runs)})")  # fmt: skip
    cli = results["CLI import"]
    for name, goal in (("floor as a process", 1.5), ("floor in this process", None)):
        wall, cpu = results[name]
        verdict = (
            ""
            if goal is None
            else (f"   goal: at most {goal}x, {'met' if cli[0] / wall <= goal else 'NOT met'}")
        )
        lines.append(f"  CLI / {name:<22} wall {cli[0] / wall:.2f}x   CPU {cli[1] / cpu:.2f}x"
                     f"{verdict}")  # fmt: skip
    report = "\n".join(lines)
    print(report)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "import.md").write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
