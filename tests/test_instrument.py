"""Instrument files: the shipped ones load, and mistakes are named by file, field and problem."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import tomli_w

from carenet_dash.errors import InstrumentError
from carenet_dash.instrument import common_items, parse_instrument
from carenet_dash.instrument_files import load_instrument, load_instruments
from tests.conftest import MINI


def test_shipped_instruments_load():
    instruments = load_instruments()
    health = instruments["network-health"]
    assert [d.id for d in health.dimensions] == [
        "purpose", "value", "trust", "membership", "leadership",
        "governance", "communication", "resources", "impact",
    ]  # fmt: skip
    assert all(3 <= len(d.items) <= 4 for d in health.dimensions)
    assert sum(i.reverse for i in health.items.values()) >= 4
    assert {s.id for s in health.segments} == {"member_type", "involvement", "organisation"}
    assert health.organisation_segment.question == "Which member organisation do you belong to?"
    assert health.relations_question.id == "works_with"
    assert health.relations_question.question == (
        "Which of these member organisations have you worked with in the last three months?"
    )
    assert all(d.levels and len(d.levels) == 5 for d in health.dimensions)
    assert sum(q.dimension is not None for q in health.open_questions) >= 2
    assert len(instruments["core-questionnaire"].dimensions) == 7


def test_half_rule_rounds_up(mini):
    assert mini.dimension("a").min_answered == 2
    assert mini.dimension("b").min_answered == 1


def test_valid_scores_are_the_numbers_of_the_items_scale(mini):
    first = next(iter(mini.items))
    assert mini.valid_scores(first) == {1, 2, 3, 4, 5}
    eleven = parse_instrument(
        {
            "id": "likely",
            "version": 1,
            "name": "How likely",
            "scale": {"labels": [str(v) for v in range(11)], "values": list(range(11))},
            "dimensions": [{"id": "d", "name": "D", "items": [{"id": "d1", "text": "Likely?"}]}],
        }
    )
    assert eleven.valid_scores("d1") == set(range(11))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


def toml_of(data: dict) -> str:
    return tomli_w.dumps(data)


def test_a_missing_field_is_named(tmp_path):
    data = copy.deepcopy(MINI)
    del data["scale"]
    with pytest.raises(InstrumentError, match=r"bad\.toml: scale: Field required"):
        load_instrument(write(tmp_path, toml_of(data)))


def test_a_wrong_scale_is_named(tmp_path):
    data = copy.deepcopy(MINI)
    data["scale"]["labels"] = ["Yes"]
    with pytest.raises(InstrumentError, match=r"scale\.labels: .*at least 2"):
        load_instrument(write(tmp_path, toml_of(data)))
    data["scale"]["labels"] = [f"level {n}" for n in range(12)]
    with pytest.raises(InstrumentError, match=r"scale\.labels: .*at most 11"):
        load_instrument(write(tmp_path, toml_of(data)))


def test_a_typo_in_a_key_is_refused(tmp_path):
    data = copy.deepcopy(MINI)
    data["dimensions"][0]["items"][0]["revers"] = True
    with pytest.raises(InstrumentError, match=r"dimensions\.0\.items\.0\.revers: Extra inputs"):
        load_instrument(write(tmp_path, toml_of(data)))


def test_duplicate_item_ids_are_refused(tmp_path):
    data = copy.deepcopy(MINI)
    data["dimensions"][1]["items"][0]["id"] = "a1"
    with pytest.raises(InstrumentError, match="duplicate item id 'a1'"):
        load_instrument(write(tmp_path, toml_of(data)))


def test_open_question_must_name_a_real_dimension(tmp_path):
    data = copy.deepcopy(MINI)
    data["open_questions"][1]["dimension"] = "nope"
    with pytest.raises(InstrumentError, match="names dimension 'nope'"):
        load_instrument(write(tmp_path, toml_of(data)))


def test_bands_must_be_ordered(tmp_path):
    data = copy.deepcopy(MINI)
    data["bands"] = {"strength": 2.5, "priority": 3.5}
    with pytest.raises(InstrumentError, match="priority <= strength"):
        load_instrument(write(tmp_path, toml_of(data)))


def test_maturity_levels_need_five(tmp_path):
    data = copy.deepcopy(MINI)
    data["dimensions"][0]["levels"] = ["one", "two"]
    with pytest.raises(InstrumentError, match="exactly 5 level descriptors"):
        load_instrument(write(tmp_path, toml_of(data)))


def test_broken_toml_and_missing_files_say_so(tmp_path):
    with pytest.raises(InstrumentError, match="not valid TOML"):
        load_instrument(write(tmp_path, "id = ["))
    with pytest.raises(InstrumentError, match="cannot read instrument file"):
        load_instrument(tmp_path / "absent.toml")


def test_older_files_without_maturity_levels_stay_valid(mini):
    assert mini.dimensions[0].levels is None
    assert len(mini.maturity.level_names) == 5


def test_hash_changes_with_meaning_and_common_items_need_same_wording(mini):
    data = copy.deepcopy(MINI)
    data["dimensions"][0]["items"][0]["text"] = "A reworded first statement."
    from carenet_dash.instrument import parse_instrument

    changed = parse_instrument(data)
    assert changed.sha256 != mini.sha256
    assert common_items(mini, changed) == {"a2", "a3", "b1", "b2"}
    restricted = mini.restricted_to({"a2", "a3"})
    assert [d.id for d in restricted.dimensions] == ["a"]
    assert list(restricted.items) == ["a2", "a3"]
    assert [q.id for q in restricted.open_questions] == ["comments"]


def test_every_shipped_dimension_has_five_short_distinct_level_descriptors():
    for instrument in load_instruments().values():
        names = instrument.maturity.level_names
        assert len(set(names)) == 5, instrument.id
        for dimension in instrument.dimensions:
            levels = dimension.levels
            assert levels is not None, (instrument.id, dimension.id)
            assert len(set(levels)) == 5, (instrument.id, dimension.id)
            # One short sentence each: they are read aloud and shown on one slide.
            assert all(0 < len(text) <= 140 and text.endswith(".") for text in levels)


def test_an_older_file_and_an_older_stored_snapshot_without_maturity_still_load(tmp_path):
    # A file written before the maturity matrix existed: no [maturity] table, no levels.
    data = copy.deepcopy(MINI)
    assert "maturity" not in data
    assert all("levels" not in d for d in data["dimensions"])
    loaded = load_instrument(write(tmp_path, toml_of(data)))
    assert [d.levels for d in loaded.dimensions] == [None, None]
    assert loaded.maturity.level_names[0] == "Emerging"

    # A snapshot stored with a round before the schema grew: the same keys are simply absent.
    from carenet_dash.instrument import parse_instrument

    stored = loaded.definition()
    del stored["maturity"]
    for dimension in stored["dimensions"]:
        del dimension["levels"]
    assert parse_instrument(stored, source="stored instrument 1") == loaded
