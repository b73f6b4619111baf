"""Drafting an instrument from an export: scales, dimensions, segments and open questions are
found, personal columns left out, and a draft imports the file it came from."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carenet_dash import importers
from carenet_dash.cli import main
from carenet_dash.errors import ImportRefused
from carenet_dash.importers.draft import FAMILIES, draft_instrument
from carenet_dash.instrument_files import load_instrument
from tests.conftest import FIXTURES
from tests.import_cases import EXPECTED, ITEMS, NA, STATEMENTS
from tests.test_scales_import import FILES, RAW

SCALES = FIXTURES / "scales"
OWN = load_instrument(SCALES / "own_survey.toml")
OLD_FILES = ["surveymonkey.csv", "googleforms.csv", "qualtrics_text.csv", "qualtrics_numeric.csv",
             "wide_ids.csv", "wide_text.csv", "long.csv", "typeform.csv", "smartsurvey.csv",
             "cp1252_semicolon.csv", "utf16_tab.txt"]  # fmt: skip


def imported_with_draft(data: bytes, name: str):
    draft = draft_instrument(data, name)
    found = {draft.instrument.id: draft.instrument}
    export = importers.read_export(data, name, instruments=found)
    return draft, importers.preview(export, instruments=found)


def raw_by_text(preview) -> dict[int, dict[str, object]]:
    """Answers as row -> the drafted item's text -> raw score (or NA)."""
    items = preview.instrument.items
    found: dict[int, dict[str, object]] = {}
    for row in preview.responses.answers.itertuples():
        value = NA if row.not_applicable else int(row.score)
        found.setdefault(int(row.row), {})[items[row.item_id].text] = value
    return found


@pytest.mark.parametrize("name", FILES)
def test_a_draft_imports_the_scales_file_it_came_from(name):
    draft, preview = imported_with_draft((SCALES / name).read_bytes(), name)
    assert preview.refusal() is None
    assert not preview.mapping.missing_items()
    assert [c.header for c in preview.mapping.columns if c.used is None] == []
    # Every answer lands with the number the person gave, on the question's own scale.
    by_text = {OWN.items[i].text: i for i in OWN.items} | {i: i for i in OWN.items}
    found = {
        row: {by_text[text]: value for text, value in answers.items()}
        for row, answers in raw_by_text(preview).items()
    }
    assert found == {r: {i: (NA if v == "na" else v) for i, v in a.items()} for r, a in RAW.items()}
    assert preview.report.comments == 2
    assert [s.options for s in draft.instrument.segments] == [
        ["Clinician", "Manager", "Patient or carer"]
    ]


@pytest.mark.parametrize("name", OLD_FILES)
def test_a_draft_imports_every_other_layout_it_came_from(name):
    draft, preview = imported_with_draft((FIXTURES / name).read_bytes(), name)
    assert preview.refusal() is None
    by_text = dict(zip(STATEMENTS, ITEMS, strict=True)) | {i: i for i in ITEMS}
    folded = {" ".join(k.casefold().split()).rstrip(".?"): v for k, v in by_text.items()}

    def item_of(text: str) -> str:
        key = " ".join(text.casefold().split()).rstrip(".?")
        return folded[key.replace("organizations", "organisations")]

    found = {
        row: {item_of(text): value for text, value in answers.items()}
        for row, answers in raw_by_text(preview).items()
    }
    expected = EXPECTED
    if name == "qualtrics_numeric.csv":  # its "don't know" was exported as a blank
        expected = {r: {i: v for i, v in a.items() if v != NA} for r, a in EXPECTED.items()}
    assert found == expected
    assert len(draft.instrument.segments) == 1
    assert len(draft.instrument.open_questions) == 1


def test_the_drafted_structure_of_a_surveymonkey_export():
    draft = draft_instrument((SCALES / "surveymonkey.csv").read_bytes(), "own.csv")
    instrument = draft.instrument
    names = [d.name for d in instrument.dimensions]
    assert names == [
        "How far do you agree with these statements?",
        "How relevant is each of these to you?",
        "About having a say",
        "How likely are you to recommend the network to a colleague?",
    ]
    scales = [instrument.scale_of(d.id) for d in instrument.dimensions]
    assert [s.describe() for s in scales] == [
        "7-point, 1–7", "4-point, 1–4", "3-point, 1–3", "11-point, 0–10"
    ]  # fmt: skip
    assert scales[0].labels[3] == "Neither agree nor disagree"
    assert scales[1].labels == ["Not relevant", "Slightly relevant", "Relevant", "Very relevant"]
    newsletter = instrument.dimensions[1].items[1]
    assert newsletter.text == "The newsletter is useful to me."
    assert newsletter.labels == ["Not useful", "Slightly useful", "Useful", "Very useful"]
    assert scales[2].labels == ["No.", "Neutral.", "Yes."]
    assert scales[3].labels[0] == "0"
    assert scales[3].labels[-1] == "10 - Extremely likely"
    assert "I don't know / NA" in instrument.scale.not_applicable
    assert [q.question for q in instrument.open_questions] == ["Any other comments?"]
    assert draft.dropped_personal == ("IP Address", "Email Address", "First Name", "Last Name",
                                      "Custom Data 1")  # fmt: skip
    assert any("scale 0 to 10 inferred" in note for note in draft.notes)
    assert "# Drafted by CareNet Dash from own.csv (SurveyMonkey)" in draft.toml()


def test_the_command_line_writes_a_draft_and_never_overwrites(capsys, tmp_path):
    out = tmp_path / "draft.toml"
    code = main(["instrument", "draft", str(SCALES / "qualtrics.csv"), "--out", str(out),
                 "--id", "mine", "--name", "My survey"])  # fmt: skip
    printed, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert "drafted 'mine' from qualtrics.csv (Qualtrics): 4 dimension(s), 8 item(s)" in printed
    assert load_instrument(out).name == "My survey"
    code = main(["instrument", "draft", str(SCALES / "wide.csv"), "--out", str(out)])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.strip().splitlines() == [f"error: {out} exists already; choose another --out, "
                                        "or move that file"]  # fmt: skip
    assert load_instrument(out).name == "My survey"


def test_an_export_without_ratings_is_refused():
    data = b"id,What is your role?,Any other comments?\n1,Manager,Fine\n2,Clinician,Good work\n"
    with pytest.raises(ImportRefused, match=r"no rating questions found in roles\.csv"):
        draft_instrument(data, "roles.csv")


def test_a_five_point_question_beside_seven_point_ones_keeps_its_own_scale():
    # Items a1, a2 answered on 7 points, b1 on all five levels of the 5-point scale: b1 is its
    # own question (no common stem), so "Agree" is its 4, not the 7-point scale's 6.
    name = "long_mixed_agreement.csv"
    draft, preview = imported_with_draft((FIXTURES / name).read_bytes(), name)
    assert preview.refusal() is None
    found = raw_by_text(preview)
    assert [found[row]["b1"] for row in range(5)] == [1, 2, 3, 4, 5]
    assert [found[row]["a1"] for row in range(7)] == [1, 2, 3, 4, 5, 6, 7]
    assert [found[row]["a2"] for row in range(7)] == [7, 6, 5, 4, 3, 2, 1]
    instrument = draft.instrument
    points = {instrument.items[i].text: len(s.labels) for i, s in instrument.item_scales.items()}
    assert points == {"a1": 7, "a2": 7, "b1": 5}


# --- generated surveys ------------------------------------------------------------------------

_FAMILIES = [f for f in FAMILIES if f not in ("agreement (4 points)", "yes / no")]
_NUMERIC = [(1, 3), (1, 4), (1, 5), (1, 7), (0, 4), (0, 10)]


@st.composite
def surveys(draw):
    """Questions on random scales, each level answered at least once, as label text."""
    questions = []
    for number in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            family = draw(st.sampled_from(_FAMILIES))
            labels = [words[0] for words in FAMILIES[family]]
            values = list(range(1, len(labels) + 1))
        else:
            low, high = draw(st.sampled_from(_NUMERIC))
            values = list(range(low, high + 1))
            worded = draw(st.booleans())
            labels = [str(v) for v in values]
            if worded:
                labels[0], labels[-1] = f"{low} - not at all", f"{high} - completely"
        statements = [f"Statement {number}.{k} on topic {number}" for k in
                      range(draw(st.integers(1, 3)))]  # fmt: skip
        extra = draw(st.integers(0, 3))
        columns = []
        for _ in statements:
            order = draw(st.permutations(range(len(values))))
            more = draw(st.lists(st.integers(0, len(values) - 1), min_size=extra, max_size=extra))
            columns.append([*order, *more])
        questions.append((f"Question {number}", statements, labels, values, columns))
    people = max(len(c) for q in questions for c in q[4])
    return questions, people


def _layout(questions, people: int, grid: bool) -> tuple[bytes, dict[int, dict[str, int]]]:
    header = ["Timestamp"] if grid else ["id"]
    expected: dict[int, dict[str, int]] = {row: {} for row in range(people)}
    cells: list[list[str]] = [[] for _ in range(people)]
    for stem, statements, labels, values, columns in questions:
        for statement, column in zip(statements, columns, strict=True):
            header.append(f"{stem} [{statement}]" if grid else statement)
            for row in range(people):
                if row < len(column):
                    cells[row].append(labels[column[row]])
                    expected[row][statement] = values[column[row]]
                else:
                    cells[row].append("")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in range(people):
        first = f"2026/09/1{row % 10} 9:00:00 AM GMT" if grid else str(row + 1)
        writer.writerow([first, *cells[row]])
    kept = {row: answers for row, answers in expected.items() if answers}
    return out.getvalue().encode(), dict(enumerate(kept.values()))


@settings(max_examples=30, deadline=None)
@given(survey=surveys(), grid=st.booleans())
def test_a_draft_of_any_generated_survey_imports_it_with_the_numbers_given(survey, grid):
    questions, people = survey
    data, expected = _layout(questions, people, grid)
    draft, preview = imported_with_draft(data, "generated.csv")
    assert preview.refusal() is None
    assert raw_by_text(preview) == expected
    if grid:  # one dimension per question
        assert len(draft.instrument.dimensions) == len(questions)
