"""`python -m carenet_dash import`: a round lands whole with a report, or nothing changes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from carenet_dash import analysis
from carenet_dash.cli import main
from carenet_dash.store import queries
from tests.bad_inputs import bad_inputs, oversized
from tests.conftest import FIXTURES
from tests.import_cases import PURPOSE_MEAN, msforms_rows, snapshot, xlsx_bytes

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def refused(code: int, err: str) -> bool:
    """Exit 2 and exactly one line, `error: ...`, with no traceback."""
    lines = err.strip().splitlines()
    return code == 2 and len(lines) == 1 and lines[0].startswith("error: ")


def test_import_lands_a_round_and_prints_a_report(store, capsys):
    code, out, err = run(capsys, str(FIXTURES / "surveymonkey.csv"), "--network", "Test net",
                         "--round", "2026 Q3", "--invited", "10")  # fmt: skip
    assert (code, err) == (0, "")
    assert "format:        SurveyMonkey" in out
    assert "4 respondents kept, 1 without any scored answer, 2 partial" in out
    assert "'IP Address', 'Email Address'" in out
    assert "fielded 2026-09-14 (from the file's dates)" in out
    assert len(out.splitlines()) <= 24  # one screen
    network = queries.network_by_name(store, "Test net")  # created by the import
    (round_,) = queries.rounds(store, network.id)
    assert (round_.label, round_.respondents, round_.invited) == ("2026 Q3", 4, 10)
    assert round_.fielded_on == dt.date(2026, 9, 14)
    card = analysis.dimension_scores(analysis.load_round(store, round_.id), 1)
    assert card.set_index("dimension_id").at["purpose", "mean"] == pytest.approx(PURPOSE_MEAN)


def test_the_same_file_again_is_refused_naming_its_round(store, capsys):
    path = str(FIXTURES / "wide_ids.csv")
    assert run(capsys, path, "--network", "N", "--round", "A")[0] == 0
    before = snapshot(store)
    code, _, err = run(capsys, path, "--network", "Other", "--round", "B")
    assert refused(code, err)
    assert "already imported as round 'A' of network 'N'" in err
    assert snapshot(store) == before


def test_a_used_label_is_refused_unless_replaced(store, capsys):
    args = ["--network", "N", "--round", "2026 Q3"]
    assert run(capsys, str(FIXTURES / "wide_ids.csv"), *args)[0] == 0
    before = snapshot(store)
    code, _, err = run(capsys, str(FIXTURES / "long.csv"), *args)
    assert refused(code, err)
    assert "already has a round '2026 Q3'" in err
    assert snapshot(store) == before
    code, _, _ = run(capsys, str(FIXTURES / "long.csv"), *args, "--replace", "--date",
                       "2026-09-01")  # fmt: skip
    assert code == 0
    network = queries.network_by_name(store, "N")
    (round_,) = queries.rounds(store, network.id)
    assert (round_.source_name, round_.fielded_on) == ("long.csv", dt.date(2026, 9, 1))
    assert snapshot(store)["respondents"] == 4  # the old round's four are gone


@pytest.mark.parametrize("case", list(bad_inputs()))
def test_bad_input_is_one_error_line_and_the_store_is_unchanged(case, any_store, capsys, tmp_path):
    name, data, phrase = bad_inputs()[case]
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot(any_store)
    code, out, err = run(capsys, str(path), "--network", "N", "--round", "R")
    assert refused(code, err), err
    assert phrase in err
    assert out == ""
    assert snapshot(any_store) == before


def test_an_oversized_file_is_refused_before_it_is_read(store, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CARENET_MAX_UPLOAD_MB", "1")
    name, data, phrase = oversized(1)
    (tmp_path / name).write_bytes(data)
    before = snapshot(store)
    code, _, err = run(capsys, str(tmp_path / name), "--network", "N", "--round", "R")
    assert refused(code, err)
    assert phrase in err
    assert snapshot(store) == before


def test_unknown_labels_refuse_unless_taken_as_missing(store, capsys, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("id,purpose_1,purpose_2\n1,Agree,Somewhat agree\n2,Agree,Agree\n")
    before = snapshot(store)
    code, _, err = run(capsys, str(path), "--network", "N", "--round", "R")
    assert refused(code, err)
    assert "column 'purpose_2' holds 'Somewhat agree' in 1 cell" in err
    assert snapshot(store) == before
    assert run(capsys, str(path), "--network", "N", "--round", "R", "--unknown-as-missing")[0] == 0
    assert snapshot(store)["answers"] == 3


def test_rough_matches_are_refused_naming_the_columns(store, capsys, tmp_path):
    path = tmp_path / "rough.csv"
    path.write_text("id,purpose_1,I feel I belong to this network\n1,4,5\n")
    code, _, err = run(capsys, str(path), "--network", "N", "--round", "R")
    assert refused(code, err)
    assert "'I feel I belong to this network' (maybe purpose_2" in err


def test_format_and_sheet_can_be_named(store, capsys, tmp_path):
    path = tmp_path / "two.xlsx"
    path.write_bytes(xlsx_bytes({"A": msforms_rows(), "B": msforms_rows()}))
    code, _, err = run(capsys, str(path), "--network", "N", "--round", "R")
    assert refused(code, err)
    assert "--sheet NAME" in err
    code, out, _ = run(capsys, str(path), "--network", "N", "--round", "R", "--sheet", "B",
                       "--format", "msforms")  # fmt: skip
    assert code == 0
    assert "(as named)" in out
    code, _, err = run(capsys, str(FIXTURES / "wide_ids.csv"), "--network", "N", "--round",
                       "S", "--format", "long")  # fmt: skip
    assert refused(code, err)
    assert "a long file needs the columns respondent_id, item_id and value" in err


@pytest.mark.parametrize(
    ("extra", "phrase"),
    [
        (["--date", "30/09/2026"], "is not a date like 2026-09-30"),
        (["--invited", "0"], "is not a whole number of at least 1"),
        (["--invited", "2"], "smaller than the respondents kept (4)"),
        (["--format", "excel"], "invalid choice"),
        (["--instrument", "nope"], "no instrument 'nope'"),
    ],
)
def test_bad_options_are_one_error_line(extra, phrase, store, capsys):
    before = snapshot(store)
    try:
        code = main(["import", str(FIXTURES / "wide_ids.csv"), "--network", "N", "--round",
                     "R", *extra])  # fmt: skip
    except SystemExit as exit_:
        code = exit_.code
    err = capsys.readouterr().err
    assert refused(code, err)
    assert phrase in err
    assert snapshot(store) == before


def test_a_missing_file_is_one_error_line(store, capsys):
    code, _, err = run(capsys, "no/such/file.csv", "--network", "N", "--round", "R")
    assert refused(code, err)
    assert "No such file" in err


def test_the_real_command_line_never_shows_a_traceback(store_url, tmp_path):
    path = tmp_path / "random.csv"
    path.write_bytes(bad_inputs()["random bytes"][1])
    env = {**os.environ, "CARENET_DB_URL": store_url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "carenet_dash", "import", str(path), "--network", "N",
         "--round", "R"],
        capture_output=True, text=True, env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("error: ")
    assert "Traceback" not in done.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "carenet_dash", "import", str(FIXTURES / "long.csv"),
         "--network", "N", "--round", "R"],
        capture_output=True, text=True, env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert "imported round 'R' into 'N': 4 respondents" in ok.stdout
