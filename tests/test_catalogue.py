"""The catalogue's pieces behind the Instruments page: an uploaded file checked (each problem
on its own line), added as a version, listed and named for download."""

from __future__ import annotations

import pytest

from carenet_dash import catalogue
from carenet_dash.errors import InstrumentError
from tests.conftest import FIXTURES
from tests.import_cases import snapshot

OWN = FIXTURES / "scales" / "own_survey.toml"


def test_each_problem_is_a_line_naming_file_field_and_problem():
    text = (
        OWN.read_text()
        .replace("version = 1", "version = 0")
        .replace('id = "p3"', 'id = "p3"\n  colour = "red"')
    )
    with pytest.raises(InstrumentError) as raised:
        catalogue.check_file(text.encode(), "mine.toml")
    assert raised.value.lines == (
        "mine.toml: version: Input should be greater than or equal to 1",
        "mine.toml: dimensions.0.items.2.colour: Extra inputs are not permitted",
    )
    # The message keeps its one-line form: the file once, then each field and problem.
    assert str(raised.value) == (
        "mine.toml: version: Input should be greater than or equal to 1; "
        "dimensions.0.items.2.colour: Extra inputs are not permitted"
    )


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b"id = [", "x.toml: not valid TOML"),
        ("name = 'Café'".encode("latin-1"), "x.toml: not UTF-8 text; save the file as UTF-8"),
        (b"#" * 1_000_001, "x.toml: 1.0 MB is far too large for an instrument file"),
    ],
)
def test_a_file_that_is_no_instrument_is_one_line(data, phrase):
    with pytest.raises(InstrumentError) as raised:
        catalogue.check_file(data, "x.toml")
    assert raised.value.lines == (str(raised.value),)
    assert str(raised.value).startswith(phrase)


def test_added_listed_and_named(store):
    instrument = catalogue.check_file(OWN.read_bytes(), "own_survey.toml")
    before = snapshot(store)
    entry = catalogue.add_instrument(store, instrument, "own_survey.toml")
    assert entry.origin == catalogue.STORED
    assert snapshot(store) != before
    found = catalogue.catalogue(store)
    rows = {(r["id"], r["version"]): r for r in catalogue.listing(found)}
    assert rows[("own-survey", 1)]["items"] == 8
    assert rows[("own-survey", 1)]["from"].startswith("stored (added ")
    assert rows[("network-health", 2)]["from"] == "bundled (network_health.toml)"
    assert found.ids() == {"own-survey", "network-health", "core-questionnaire"}
    assert found.for_import("own-survey") == ("own-survey", {"own-survey": instrument})
    assert found.for_import(None)[0] is None
    assert catalogue.file_name(instrument) == "own-survey-v1.toml"
    assert [r["bands"] for r in catalogue.outline(instrument)] == [
        "strength ≥ 5.5, priority < 4",
        "strength ≥ 3.25, priority < 2.5",
        "strength ≥ 2.5, priority < 2",
        "strength ≥ 7.5, priority < 5",
    ]
    before = snapshot(store)
    with pytest.raises(InstrumentError, match="already in the store"):
        catalogue.add_instrument(store, instrument, "own_survey.toml")
    assert snapshot(store) == before
