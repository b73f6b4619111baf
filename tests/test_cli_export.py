"""`export`: each format written whole to --out; refusals are one `error:` line, no file."""

from __future__ import annotations

import csv
import io

import pytest
from pptx import Presentation

from carenet_dash.cli import main
from carenet_dash.store import workshop_writes, writes
from tests.conftest import HAND_ANSWERS, make_responses


@pytest.fixture
def stored(store, mini):
    round_id = writes.import_round(
        store, writes.RoundMeta("Test network", "2026 Q1"), mini, make_responses(HAND_ANSWERS)
    )
    workshop_writes.record_action(store, round_id, "=Invite primary care", owner="Chair")
    return store


FILES = {
    "pptx": "deck.pptx",
    "html": "report.html",
    "csv-scores": "scores.csv",
    "csv-actions": "actions.csv",
}


def test_each_format_is_written_to_out(stored, tmp_path, capsys):
    for export_format, name in FILES.items():
        out = tmp_path / name
        argv = ["export", "--network", "Test network", "--format", export_format, "--out", str(out)]
        assert main(argv) == 0
        assert f"wrote {out}" in capsys.readouterr().out
    titles = [s.shapes.title.text for s in Presentation(str(tmp_path / "deck.pptx")).slides]
    assert titles[:3] == ["Test network", "What changed", "Overview scorecard"]
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    scores = list(csv.DictReader(io.StringIO((tmp_path / "scores.csv").read_text("utf-8-sig"))))
    assert [(r["dimension_id"], r["status"]) for r in scores] == [("a", "hidden"), ("b", "hidden")]
    actions = list(csv.DictReader(io.StringIO((tmp_path / "actions.csv").read_text("utf-8-sig"))))
    assert [(r["action"], r["owner"]) for r in actions] == [("'=Invite primary care", "Chair")]
    assert not list(tmp_path.glob(".*.partial"))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--network", "Nowhere", "--format", "html"], "no network called 'Nowhere'"),
        (["--network", "Test network", "--round", "1999", "--format", "pptx"], "no round '1999'"),
        (["--network", "Test network", "--format", "pdf"], "invalid choice: 'pdf'"),
        (["--network", "Test network", "--format", "html", "--out", "/no/such/dir/r.html"],
         "the folder /no/such/dir does not exist"),
    ],
)  # fmt: skip
def test_refusals_are_one_line_and_write_nothing(stored, tmp_path, capsys, argv, message):
    if "--out" not in argv:
        argv = [*argv, "--out", str(tmp_path / "out.file")]
    try:
        code = main(["export", *argv])
    except SystemExit as stopped:
        code = stopped.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert message in err
    assert err.count("\n") == 1
    assert not (tmp_path / "out.file").exists()
