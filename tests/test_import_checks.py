"""What an import checks and says: columns confirmed with --map, the same responses again, a
large overlap, a long date span, all-test Qualtrics files, cleaned and blanked cells."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carenet_dash import importers
from carenet_dash.cli import main
from carenet_dash.errors import ImportRefused
from carenet_dash.instrument_files import load_instrument
from carenet_dash.store import queries
from tests.conftest import FIXTURES
from tests.import_cases import snapshot

SCALES = FIXTURES / "scales"
OWN = load_instrument(SCALES / "own_survey.toml")
INSTRUMENTS = {OWN.id: OWN}


def cli(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as stop:  # argparse's own refusals
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def refused(code: int, err: str) -> bool:
    lines = err.strip().splitlines()
    return code == 2 and len(lines) == 1 and lines[0].startswith("error: ")


# --- --map -----------------------------------------------------------------------------------

ROUGH = "I feel I belong to this network"


def test_map_confirms_a_rough_column_and_is_saved_for_the_network(store, capsys, tmp_path):
    path = tmp_path / "rough.csv"
    path.write_text(f"id,purpose_1,{ROUGH}\n1,4,5\n2,3,2\n")
    code, _, err = cli(capsys, "import", str(path), "--network", "N", "--round", "Q1")
    assert refused(code, err)
    assert "--map 'HEADER=ITEM_ID'" in err
    code, out, err = cli(capsys, "import", str(path), "--network", "N", "--round", "Q1",
                         "--map", f"{ROUGH.upper()}=purpose_2")  # fmt: skip
    assert (code, err) == (0, ""), err
    assert "1 chosen" in out
    network = queries.network_by_name(store, "N")
    assert queries.column_mappings(store, network.id) == {
        "network-health": {ROUGH: ("item", "purpose_2")}
    }
    later = tmp_path / "later.csv"
    later.write_text(f"id,purpose_1,{ROUGH}\n1,4,4\n2,3,1\n")
    code, out, err = cli(capsys, "import", str(later), "--network", "N", "--round", "Q2")
    assert (code, err) == (0, ""), err
    assert "1 saved for this network" in out


@pytest.mark.parametrize(
    ("given_map", "phrase"),
    [
        ("Nope=purpose_2", "--map Nope=purpose_2: the file has no answer column 'Nope'"),
        (f"{ROUGH}=nope", "--map: no instrument has every target named ('nope')"),
        ("no equals sign", "argument --map: 'no equals sign' is not HEADER=ITEM_ID"),
    ],
)
def test_a_wrong_map_is_refused_naming_the_flag(given_map, phrase, store, capsys, tmp_path):
    path = tmp_path / "rough.csv"
    path.write_text(f"id,purpose_1,{ROUGH}\n1,4,5\n")
    before = snapshot(store)
    code, _, err = cli(capsys, "import", str(path), "--network", "N", "--round", "Q1",
                       "--map", given_map)  # fmt: skip
    assert refused(code, err), err
    assert phrase in err
    assert snapshot(store) == before


def test_a_map_to_an_item_the_named_instrument_lacks_is_refused(store, capsys, tmp_path):
    path = tmp_path / "rough.csv"
    path.write_text(f"id,purpose_1,{ROUGH}\n1,4,5\n")
    code, _, err = cli(capsys, "import", str(path), "--network", "N", "--round", "Q1",
                       "--instrument", "network-health", "--map", f"{ROUGH}=p1")  # fmt: skip
    assert refused(code, err)
    assert f"--map {ROUGH}=p1: instrument 'network-health' has no item" in err


# --- the same responses again ----------------------------------------------------------------


def _import(capsys, path, network: str, label: str, *more: str) -> tuple[int, str, str]:
    return cli(capsys, "import", str(path), "--network", network, "--round", label,
               "--instrument", "own-survey", *more)  # fmt: skip


@pytest.fixture
def own(store, capsys):
    assert cli(capsys, "instrument", "add", str(SCALES / "own_survey.toml"))[0] == 0
    return store


def test_the_same_responses_resaved_are_refused_naming_the_round(own, capsys):
    assert _import(capsys, SCALES / "surveymonkey.csv", "N", "Q1")[0] == 0
    before = snapshot(own)
    for other in ("surveymonkey.xlsx", "googleforms.csv", "wide.csv", "long.csv"):
        code, _, err = _import(capsys, SCALES / other, "N", "Q2")
        assert refused(code, err), other
        assert "these responses are already stored as round 'Q1' of this network" in err
        assert snapshot(own) == before
    # Replacing that very round is allowed; another network may hold them too.
    assert _import(capsys, SCALES / "surveymonkey.xlsx", "N", "Q1", "--replace")[0] == 0
    assert _import(capsys, SCALES / "wide.csv", "Other", "Q1")[0] == 0


def _resaved(data: bytes) -> list[tuple[str, bytes]]:
    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    order = [0, *reversed(range(1, len(rows[0])))]  # the same columns, another order
    shuffled = io.StringIO()
    csv.writer(shuffled, lineterminator="\n").writerows([[r[i] for i in order] for r in rows])
    return [
        ("unix.csv", text.replace("\r\n", "\n").encode()),
        ("bom.csv", codecs.BOM_UTF8 + data),
        ("windows.csv", text.encode("cp1252")),
        ("unicode.txt", text.replace(",", "\t").encode("utf-16")),
        ("reordered.csv", shuffled.getvalue().encode()),
    ]


@pytest.mark.parametrize("case", range(5))
def test_the_fingerprint_survives_resaving(case):
    data = (SCALES / "googleforms.csv").read_bytes()  # with a curly apostrophe in it
    original = importers.preview(importers.read_export(data, "w.csv", instruments=INSTRUMENTS),
                                 instruments=INSTRUMENTS)  # fmt: skip
    name, resaved = _resaved(data)[case]
    again = importers.preview(importers.read_export(resaved, name, instruments=INSTRUMENTS),
                              instruments=INSTRUMENTS)  # fmt: skip
    assert again.export.sha256 != original.export.sha256  # another file...
    assert again.responses.fingerprint == original.responses.fingerprint  # ...same responses


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), change=st.booleans())
def test_row_and_column_order_never_change_the_fingerprint_and_an_answer_always_does(seed, change):
    rows = list(csv.reader(io.StringIO((SCALES / "wide.csv").read_text())))
    rng = random.Random(seed)
    header, body = rows[0], [list(r) for r in rows[1:]]
    order = list(range(len(header)))
    rng.shuffle(order)
    rng.shuffle(body)
    if change:  # one kept person's recommendation goes up by one
        person = next(r for r in body if r[header.index("n1")])
        person[header.index("n1")] = str(int(person[header.index("n1")]) % 10 + 1)

    def fingerprint(table: list[list[str]]) -> str:
        out = io.StringIO()
        csv.writer(out).writerows(table)
        export = importers.read_export(out.getvalue().encode(), "w.csv", instruments=INSTRUMENTS)
        return importers.preview(export, instruments=INSTRUMENTS).responses.fingerprint

    shuffled = [[r[i] for i in order] for r in [header, *body]]
    assert (fingerprint(shuffled) == fingerprint(rows)) is not change


def test_a_large_overlap_with_an_earlier_round_warns(own, capsys, tmp_path):
    assert _import(capsys, SCALES / "wide.csv", "N", "Q1")[0] == 0
    rows = list(csv.reader(io.StringIO((SCALES / "wide.csv").read_text())))
    # Four of the five kept people exactly as before; the fifth changed; a sixth new.
    rows[5] = ["W5", "Manager", "5", "3", "6", "4", "2", "", "", "8", ""]
    rows.append(["W7", "Clinician", "7", "1", "7", "4", "4", "3", "1", "10", ""])
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    export = importers.read_export(out.getvalue().encode(), "later.csv", instruments=INSTRUMENTS)
    draft = importers.preview(export, engine=own, network="N", instruments=INSTRUMENTS)
    assert draft.refusal() is None
    assert (
        "4 of these 6 responses are identical to responses in round 'Q1': is this file a "
        "re-export that includes that round's answers?"
    ) in draft.report.warnings


# --- dates, Qualtrics tests, cleaned and blanked cells ---------------------------------------


def test_a_file_spanning_years_warns_and_the_command_line_asks_for_the_date(
    store, capsys, tmp_path
):
    path = tmp_path / "years.csv"
    path.write_text(
        "Timestamp,purpose_1,purpose_2\n"
        "2016/03/01 9:00:00 AM GMT,4,5\n2017/01/10 9:00:00 AM GMT,3,4\n"
        "2018/07/09 9:00:00 AM GMT,2,2\n"
    )
    draft = importers.preview(importers.read_export(path.read_bytes(), "years.csv"))
    assert draft.report.needs_date
    assert any(
        "the responses span 2016-03-01 to 2018-07-09 (about 28 months)" in w
        for w in draft.report.warnings
    )
    before = snapshot(store)
    code, _, err = cli(capsys, "import", str(path), "--network", "N", "--round", "R")
    assert refused(code, err)
    assert "give the round's date with --date YYYY-MM-DD" in err
    assert snapshot(store) == before
    code, out, _ = cli(capsys, "import", str(path), "--network", "N", "--round", "R",
                       "--date", "2018-07-01")  # fmt: skip
    assert code == 0
    assert "fielded 2018-07-01" in out


def test_a_file_spanning_years_is_ready_to_import_only_with_its_date():
    data = b"Timestamp,purpose_1\n2016/03/01 9:00:00 AM GMT,4\n2018/07/09 9:00:00 AM GMT,2\n"
    draft = importers.preview(importers.read_export(data, "years.csv"))
    named = {"network": "N", "label": "R", "label_in_use": False, "replace": False}
    assert not draft.ready(**named)
    assert draft.ready(**named, fielded_on=dt.date(2018, 7, 1))
    assert draft.report.date_request() == (
        "the responses span 2016-03-01 to 2018-07-09 (about 28 months), so the file's "
        "earliest date may not be the round's; give the round's date"
    )
    quarter = b"Timestamp,purpose_1\n2026/03/01 9:00:00 AM GMT,4\n2026/05/30 9:00:00 AM GMT,2\n"
    within = importers.preview(importers.read_export(quarter, "quarter.csv"))
    assert within.report.date_request() is None
    assert within.ready(**named)


def test_cleaned_and_blanked_cells_are_tabled_per_column():
    data = b"id,purpose_1,purpose_2\n1,Agree,Somewhat agree\n2,agree,7\n3,AGREE,Agree.\n"
    draft = importers.preview(importers.read_export(data, "odd.csv"), unknown_as_missing=True)
    assert draft.report.tidied().to_dict("records") == [
        {"Column": "purpose_1", "Cleaned": 2, "Blanked": 0},
        {"Column": "purpose_2", "Cleaned": 1, "Blanked": 2},
    ]
    clean = importers.preview(importers.read_export(b"id,purpose_1\n1,Agree\n", "c.csv"))
    assert clean.report.tidied().empty


def _qualtrics(single_quoted: bool, previews_only: bool) -> bytes:
    lines = (FIXTURES / "qualtrics_text.csv").read_text(encoding="utf-8-sig").splitlines()
    header, body = lines[:3], lines[3:]
    if single_quoted:
        header[2] = header[2].replace('""', "'").replace("{'ImportId':", "{'ImportId': ")
    if previews_only:
        body = [row for row in body if "Survey Preview" in row]
    return ("\n".join(header + body) + "\n").encode()


def test_single_quoted_import_ids_are_read_as_the_header_row():
    data = _qualtrics(single_quoted=True, previews_only=False)
    assert b"{'ImportId': 'QID2_1'}" in data
    export = importers.read_export(data, "q.csv")
    assert export.format == "qualtrics"
    assert export.frame.columns[1].names[:2] == ("Q2_1", "QID2_1")
    draft = importers.preview(export)
    assert draft.refusal() is None
    assert draft.report.respondents == 4


@pytest.mark.parametrize("single_quoted", [False, True])
def test_a_file_of_only_previews_says_so(single_quoted):
    data = _qualtrics(single_quoted=single_quoted, previews_only=True)
    with pytest.raises(ImportRefused, match=r"all 1 response\(s\) in the file are "):
        importers.read_export(data, "q.csv")


def test_blanked_cells_are_counted_per_column(store, capsys, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("id,purpose_1,purpose_2\n1,Agree,Somewhat agree\n2,agree,7\n3,AGREE,Agree\n")
    code, out, _ = cli(capsys, "import", str(path), "--network", "N", "--round", "R",
                       "--unknown-as-missing")  # fmt: skip
    assert code == 0
    assert "blanked:       2 unknown answer(s) treated as missing ('purpose_2' 2)" in out
    assert (
        "cleaned:       2 answer(s) read after tidying case, spaces or quotes ('purpose_1' 2)"
        in out
    )


def test_instruments_and_fingerprints_work_on_every_backend(any_store):
    from carenet_dash import catalogue

    catalogue.add_file(any_store, SCALES / "own_survey.toml")
    found = catalogue.catalogue(any_store).find("own-survey")
    assert found == OWN
    for name, label in (("wide.csv", "Q1"), ("long.csv", "Q2")):
        export = importers.read_export((SCALES / name).read_bytes(), name, instruments=INSTRUMENTS)
        draft = importers.preview(export, engine=any_store, network="N", instruments=INSTRUMENTS)
        if label == "Q1":
            importers.commit(any_store, draft, network="N", label=label)
            continue
        assert any("already stored as round 'Q1'" in w for w in draft.report.warnings)
        with pytest.raises(ImportRefused, match="already stored as round 'Q1'"):
            importers.commit(any_store, draft, network="N", label=label)
