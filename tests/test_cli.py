"""The command line: its output contract, and one-line errors with exit status 2."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from carenet_dash import analysis
from carenet_dash.cli import main
from carenet_dash.store import queries, writes

ROOT = Path(__file__).resolve().parents[1]
CHILDREN = "Riverside Children's Health Network"


@pytest.fixture
def seeded(store_url, capsys):
    assert main(["demo"]) == 0
    capsys.readouterr()
    return store_url


def test_demo_seeds_once_and_reset_rebuilds(store_url, capsys):
    assert main(["demo"]) == 0
    assert "8 round(s) written" in capsys.readouterr().out
    assert main(["demo"]) == 0
    assert "0 round(s) written" in capsys.readouterr().out
    assert main(["--db", store_url, "demo", "--reset"]) == 0
    assert "8 round(s) written" in capsys.readouterr().out


def test_networks_lists_each_network_with_its_rounds(seeded, store, capsys):
    writes.create_network(store, "A network with no rounds", min_group_size=7)
    assert main(["networks"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "A network with no rounds  (0 round(s), minimum group size 7)"
    assert f"{CHILDREN}  (4 round(s), minimum group size 5)" in lines
    assert len(lines) == 3


def test_rounds_lists_each_round_in_order(seeded, capsys):
    assert main(["rounds", "--network", CHILDREN]) == 0
    out = capsys.readouterr().out
    labels = ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"]
    assert [out.index(label) for label in labels] == sorted(out.index(label) for label in labels)
    assert "network-health v2" in out


def test_scores_csv_matches_the_scoring_engine(seeded, store, capsys):
    assert main(["scores", "--network", CHILDREN, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {"network", "round", "dimension_id", "dimension", "n", "mean", "favourable_pct",
            "band"} <= set(rows[0])  # fmt: skip
    assert len(rows) == 4 * 9
    network = queries.network_by_name(store, CHILDREN)
    expected = analysis.scores_rows(store, network).set_index(["round", "dimension_id"])
    for row in rows:
        engine_row = expected.loc[(row["round"], row["dimension_id"])]
        if engine_row["status"] == "shown":
            assert float(row["mean"]) == pytest.approx(engine_row["mean"], abs=5e-4)
            assert int(row["n"]) == engine_row["n"]
            assert 0 <= float(row["favourable_pct"]) <= 100
            assert row["band"] in {"strength", "discuss", "priority"}
        else:
            assert row["mean"] == row["n"] == row["band"] == ""


def test_scores_for_one_round_as_a_table(seeded, capsys):
    assert main(["scores", "--network", CHILDREN, "--round", "2026 Q3"]) == 0
    out = capsys.readouterr().out
    assert "2026 Q3" in out
    assert "2025 Q4" not in out
    assert "Resources & capacity" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["rounds", "--network", "Nowhere"], "no network called 'Nowhere'"),
        (["scores", "--network", CHILDREN, "--round", "1999 Q1"], "no round '1999 Q1'"),
        (["scores", "--network", CHILDREN, "--format", "pdf"], "invalid choice: 'pdf'"),
        (["--db", "nonsense", "rounds", "--network", "x"], "not a database URL"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_errors_are_one_line_with_exit_status_2(seeded, capsys, argv, message):
    try:
        code = main(argv)
    except SystemExit as stopped:  # argparse's own refusals exit from inside
        code = stopped.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_the_module_runs_and_never_prints_a_traceback(tmp_path):
    env = {
        **os.environ,
        "CARENET_DB_URL": f"sqlite:///{tmp_path / 'x.db'}",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "carenet_dash", "scores", "--network", "Nowhere"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("error: no network called 'Nowhere'")
    assert "Traceback" not in done.stderr


def test_an_unreachable_postgresql_store_is_one_line_without_the_password(capsys):
    # Port 1 on this machine: nothing listens there, so the connection is refused at once.
    url = "postgresql+psycopg://carenet:s3cret@127.0.0.1:1/carenet"
    assert main(["--db", url, "networks"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot open the store at postgresql+psycopg://carenet:***@")
    assert "s3cret" not in err
    assert err.count("\n") == 1
