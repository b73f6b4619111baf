"""Time and memory of refusing hostile inputs: workbooks, CSVs, thousands of headers, backups.

Each case runs in a process of its own, so its peak memory (max RSS) is its own. Files come
from the generators the tests use (tests/bad_inputs.py). The limits being measured: a refusal
within seconds, and memory that does not grow with what a file claims to hold.

    .venv/bin/python bench/hostile_inputs.py
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CASES = {
    "workbook of 4 million cells": "many_cells",
    "workbook with one cell on row 1,048,576": "far_row",
    "CSV of a million columns": "million_columns",
    "CSV with a 200 KB cell": "long_cell",
    "1,990 near-matching headers: read and match": "near_matching",
    "backup unpacking to 256 MiB": "backup_bomb",
}


def make_file(case: str, folder: Path) -> Path:
    """The case's file, written by the parent so that making it costs the child nothing."""
    from tests import bad_inputs

    if case == "backup_bomb":
        return _bomb(folder)
    if case == "many_cells":
        name, data = "cells.xlsx", bad_inputs.many_cells_workbook()
    elif case == "far_row":
        far = b'<row r="1"><c r="A1" t="inlineStr"><is><t>respondent_id</t></is></c></row>'
        far += b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
        name, data = "far.xlsx", bad_inputs.workbook_with_sheet_data(far)
    elif case == "million_columns":
        name, data = "wide.csv", bad_inputs.million_columns()
    elif case == "long_cell":
        name, data = bad_inputs.bad_inputs()["a line over 128 KB"][:2]
    else:
        name, data = "near.csv", bad_inputs.near_matching_headers()
    path = folder / name
    path.write_bytes(data)
    return path


def _bomb(folder: Path) -> Path:
    """A valid header, then gzip members of answer rows: 256 MiB unpacked."""
    from carenet_dash import backup
    from carenet_dash.store.engine import make_engine
    from carenet_dash.store.migrate import upgrade

    engine = make_engine(f"sqlite:///{folder / 'empty.db'}")
    upgrade(engine)
    header = json.loads(gzip.decompress(backup.backup_bytes(engine)).splitlines()[0])
    header["tables"]["answers"]["rows"] = 10**9
    rows = b'{"table": "answers"}\n' + b'[1,"purpose_1",4,false]\n' * 43_690
    member = gzip.compress(rows, compresslevel=9)
    path = folder / "bomb.jsonl.gz"
    path.write_bytes(
        gzip.compress(json.dumps(header).encode() + b"\n") + member * ((256 << 20) // len(rows))
    )
    return path


def _memory_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process. Not ru_maxrss: that survives exec, so a
    child would report its parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_case(case: str, path: Path) -> dict[str, object]:
    """One case in this process: what happened, how long it took, memory before and at peak."""
    from carenet_dash import backup, importers
    from carenet_dash.errors import CareNetError
    from carenet_dash.store.opening import get_engine

    os.environ["CARENET_DB_URL"] = f"sqlite:///{path.parent / 'store.db'}"
    os.environ.setdefault("CARENET_SALT", "bench")
    engine = get_engine(os.environ["CARENET_DB_URL"])
    data = path.read_bytes()
    before = _memory_mb("VmRSS")
    start = time.perf_counter()
    try:
        if case == "backup_bomb":
            backup.restore(engine, path)
            outcome = "restored"
        else:
            importers.preview(importers.read_export(data, path.name))
            outcome = "read"
    except CareNetError as error:
        outcome = str(error)
    except Exception as error:  # a crash is a result too: the thing this bench guards against
        outcome = f"CRASH {type(error).__name__}: {error}"
    seconds = time.perf_counter() - start
    peak = _memory_mb("VmHWM")
    return {"seconds": seconds, "before": before, "peak": peak, "bytes": len(data),
            "outcome": outcome}  # fmt: skip


def cli_case() -> float:
    """The 4-million-cell workbook through `python -m carenet_dash import`, as a process."""
    from tests import bad_inputs

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cells.xlsx"
        path.write_bytes(bad_inputs.many_cells_workbook())
        env = {**os.environ, "CARENET_DB_URL": f"sqlite:///{Path(folder) / 's.db'}",
               "CARENET_SALT": "bench", "PYTHONPATH": str(ROOT)}  # fmt: skip
        subprocess.run([sys.executable, "-m", "carenet_dash", "networks"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "carenet_dash", "import", str(path), "--network", "N",
             "--round", "R"],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        seconds = time.perf_counter() - start
        if done.returncode != 2 or not done.stderr.startswith("error: "):
            raise RuntimeError(f"expected a one-line refusal, got: {done.stderr}")
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (the median shown)")
    parser.add_argument("--case", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case[0], Path(args.case[1]))))
        return
    lines = [
        f"Hostile inputs: seconds to the outcome (library, a process each, median of "
        f"{args.repeat}), and that process's memory (RSS) before the file is read and at its peak",
        "",
        "| case | file MB | seconds | MB before | MB peak | outcome |",
        "|---|---|---|---|---|---|",
    ]
    for title, case in CASES.items():
        runs = []
        with tempfile.TemporaryDirectory() as folder:
            path = make_file(case, Path(folder))
            for _ in range(args.repeat):
                done = subprocess.run(
                    [sys.executable, __file__, "--case", case, str(path)],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        result = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
        outcome = str(result["outcome"])
        lines.append(
            f"| {title} | {result['bytes'] / 1e6:.2f} | {result['seconds']:.2f} | "
            f"{result['before']:.0f} | {result['peak']:.0f} | "
            f"{outcome[:100]}{'…' if len(outcome) > 100 else ''} |"
        )
    cli = statistics.median(cli_case() for _ in range(args.repeat))
    lines += ["", f"CLI import of the 4-million-cell workbook, whole process: {cli:.2f} s"]
    report = "\n".join(lines)
    print(report)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "hostile_inputs.md").write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
