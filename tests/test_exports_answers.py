"""A round's answers as CSV: raw scores as given, nothing personal, safe in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest

from carenet_dash import importers
from carenet_dash.errors import CareNetError
from carenet_dash.exports import answers as answers_export
from carenet_dash.store import queries, writes
from tests.conftest import FIXTURES
from tests.import_cases import EXPECTED, answers_of


@pytest.fixture
def round_id(store):
    data = (FIXTURES / "surveymonkey.csv").read_bytes()
    draft = importers.preview(importers.read_export(data, "sm.csv"))
    found = importers.commit(store, draft, network="N", label="2026 Q3")
    # Four respondents: downloadable only where the minimum group size is at most 4.
    writes.set_min_group_size(store, queries.network_by_name(store, "N").id, 3)
    return found


def test_a_round_under_the_minimum_is_refused_and_the_store_is_unchanged(store, round_id):
    # Issue case 8: the per-respondent download of a round of 4 people with k = 5.
    network = queries.network_by_name(store, "N")
    writes.set_min_group_size(store, network.id, 5)
    info = queries.round_by_id(store, round_id)
    assert not answers_export.downloadable(store, info)
    with pytest.raises(CareNetError, match="has fewer than 5 responses, so its answers cannot"):
        answers_export.answers_table(store, round_id)
    with pytest.raises(CareNetError):
        answers_export.answers_csv(store, round_id)
    writes.set_min_group_size(store, network.id, 4)
    assert answers_export.downloadable(store, queries.round_by_id(store, round_id))


def test_the_table_holds_raw_scores_per_respondent_and_item(store, round_id, network_health):
    table = answers_export.answers_table(store, round_id)
    assert list(table.columns) == ["respondent", *network_health.items]
    assert table["respondent"].tolist() == [1, 2, 3, 4]
    assert table.loc[0, ["purpose_1", "purpose_2", "purpose_4", "trust_4"]].tolist() == [
        "4",
        "5",
        "2",
        "1",
    ]  # fmt: skip  (reverse items as given, not turned round)
    assert table.loc[1, "purpose_4"] == "Not applicable"
    assert table.loc[1, "trust_2"] == ""  # left blank
    assert table.loc[3, "purpose_1"] == "2"
    assert (table["value_1"] == "").all()  # not in the file


def test_the_csv_has_nothing_personal_and_reimports_to_the_same_answers(store, round_id):
    data = answers_export.answers_csv(store, round_id)
    text = data.decode("utf-8-sig")
    for secret in ("example.org", "192.0.2.", "NHS trust", "More joint training", "114523"):
        assert secret not in text
    draft = importers.preview(importers.read_export(data, "answers.csv"))
    assert draft.export.format == "wide"
    assert answers_of(draft.responses) == EXPECTED


def test_a_formula_in_an_item_id_header_is_neutralised(store, round_id, monkeypatch):
    table = answers_export.answers_table(store, round_id).rename(columns={"purpose_1": "=cmd"})
    monkeypatch.setattr(answers_export, "answers_table", lambda *_: table)
    rows = list(
        csv.reader(io.StringIO(answers_export.answers_csv(store, round_id).decode("utf-8-sig")))
    )
    assert rows[0][1] == "'=cmd"


def test_a_formula_behind_spaces_is_neutralised_as_in_every_csv_export(
    store, round_id, monkeypatch
):
    table = answers_export.answers_table(store, round_id).rename(columns={"purpose_1": "  =1+1"})
    table.loc[0, "purpose_2"] = "  @SUM(1)"
    monkeypatch.setattr(answers_export, "answers_table", lambda *_: table)
    text = answers_export.answers_csv(store, round_id).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][1] == "'  =1+1"
    assert rows[1][2] == "'  @SUM(1)"
