"""Instruments in the store: added from a file (each version kept), listed, shown, downloaded,
found by imports like the bundled ones; a broken file never blocks the others."""

from __future__ import annotations

import tomllib

import pytest

from carenet_dash import catalogue, config
from carenet_dash.cli import main
from carenet_dash.instrument import parse_instrument
from carenet_dash.store import instruments as stored
from tests.conftest import FIXTURES
from tests.import_cases import snapshot

OWN = FIXTURES / "scales" / "own_survey.toml"
GOOD_IMPORTS = ["surveymonkey.csv", "googleforms.csv", "qualtrics_text.csv", "wide_ids.csv",
                "long.csv", "typeform.csv", "smartsurvey.csv", "cp1252_semicolon.csv"]  # fmt: skip


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def refused(code: int, err: str) -> bool:
    lines = err.strip().splitlines()
    return code == 2 and len(lines) == 1 and lines[0].startswith("error: ")


def test_add_list_show_download(store, capsys, tmp_path):
    assert cli(capsys, "instrument", "add", str(OWN))[0] == 0
    code, out, _ = cli(capsys, "instrument", "list")
    assert code == 0
    lines = out.splitlines()
    assert any(
        "own-survey" in ln and "stored (added" in ln and "own_survey.toml" in ln for ln in lines
    )
    assert any("network-health" in ln and "bundled (network_health.toml)" in ln for ln in lines)
    assert any("7-point, 1–7; 4-point, 1–4; 3-point, 1–3; 11-point, 0–10" in ln for ln in lines)
    code, shown, _ = cli(capsys, "instrument", "show", "own-survey")
    assert code == 0
    original = parse_instrument(tomllib.loads(OWN.read_text()))
    assert parse_instrument(tomllib.loads(shown)) == original
    out_file = tmp_path / "copy.toml"
    assert cli(capsys, "instrument", "download", "own-survey@1", "--out", str(out_file))[0] == 0
    assert out_file.read_text() == shown
    code, bundled, _ = cli(capsys, "instrument", "show", "network-health")
    assert code == 0
    assert 'id = "network-health"' in bundled


def test_a_new_version_is_kept_beside_the_old_and_imports_use_the_newest(store, capsys, tmp_path):
    assert cli(capsys, "instrument", "add", str(OWN))[0] == 0
    newer = tmp_path / "own_v2.toml"
    newer.write_text(OWN.read_text().replace("version = 1", "version = 2").replace(
        'name = "Our own member survey"', 'name = "Our own member survey, revised"'))  # fmt: skip
    assert cli(capsys, "instrument", "add", str(newer))[0] == 0
    versions = [(s.instrument_id, s.version) for s in stored.stored_instruments(store)]
    assert versions == [("own-survey", 1), ("own-survey", 2)]
    found = catalogue.catalogue(store)
    assert found.latest()["own-survey"].version == 2
    assert found.find("own-survey@1").name == "Our own member survey"
    code, out, _ = cli(capsys, "import", str(FIXTURES / "scales" / "wide.csv"), "--network", "N",
                       "--round", "R", "--instrument", "own-survey")  # fmt: skip
    assert code == 0
    assert "Our own member survey, revised (own-survey)" in out


@pytest.mark.parametrize(
    ("edit", "phrase"),
    [
        (None, "is already in the store, exactly as in own_survey.toml"),
        (lambda t: t.replace("Partnership", "Working together"),
         "already holds a different instrument 'own-survey' version 1; raise `version`"),
    ],
)  # fmt: skip
def test_adding_again_is_refused_and_changes_nothing(edit, phrase, store, capsys, tmp_path):
    assert cli(capsys, "instrument", "add", str(OWN))[0] == 0
    path = tmp_path / "own_survey.toml"
    path.write_text(edit(OWN.read_text()) if edit else OWN.read_text())
    before = snapshot(store)
    code, _, err = cli(capsys, "instrument", "add", str(path))
    assert refused(code, err), err
    assert phrase in err
    assert snapshot(store) == before


def test_invalid_files_and_bundled_ids_are_refused_naming_file_field_problem(
    store, capsys, tmp_path
):
    bad = tmp_path / "mine.toml"
    bad.write_text(
        OWN.read_text().replace('labels = ["No.", "Neutral.", "Yes."]', 'labels = ["Yes."]')
    )
    before = snapshot(store)
    code, _, err = cli(capsys, "instrument", "add", str(bad))
    assert refused(code, err)
    assert "mine.toml: dimensions.2.scale.labels: List should have at least 2 items" in err
    bundled = tmp_path / "health.toml"
    shipped = (config.INSTRUMENTS_DIR / "network_health.toml").read_text()
    bundled.write_text(shipped.replace("Network Health Scorecard", "My scorecard"))
    code, _, err = cli(capsys, "instrument", "add", str(bundled))
    assert refused(code, err)
    assert "ships with CareNet Dash (network_health.toml) with different content" in err
    code, _, err = cli(capsys, "instrument", "show", "nope")
    assert refused(code, err)
    assert "no instrument 'nope'; available: core-questionnaire@1, network-health@2" in err
    assert snapshot(store) == before


@pytest.mark.parametrize("name", GOOD_IMPORTS)
def test_a_broken_instrument_never_blocks_an_import(name, broken_folder, store, capsys):
    code, out, err = cli(capsys, "import", str(FIXTURES / name), "--network", "N", "--round", "R")
    assert (code, err) == (0, ""), err
    assert "Network Health Scorecard (network-health)" in out


def test_broken_instruments_are_each_reported_on_their_own(broken_folder, store, capsys):
    code, out, _ = cli(capsys, "instrument", "list")
    assert code == 0
    problems = [ln for ln in out.splitlines() if ln.startswith("cannot be used:")]
    assert len(problems) == 3
    assert "a_broken.toml: version: Input should be greater than or equal to 1" in problems[0]
    assert "b_not_toml.toml: not valid TOML" in problems[1]
    assert (
        "z_same_id.toml: instrument id 'core-questionnaire' is used by another file" in problems[2]
    )
    assert "network-health" in out
    assert "core-questionnaire" in out
    # Asking for the broken one by id names its file's problem, in one line.
    code, _, err = cli(capsys, "import", str(FIXTURES / "wide_ids.csv"), "--network", "N",
                       "--round", "R", "--instrument", "own-survey")  # fmt: skip
    assert refused(code, err)
    assert "a_broken.toml: version: Input should be greater than or equal to 1" in err
