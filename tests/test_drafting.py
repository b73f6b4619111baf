"""Editing a drafted instrument: rename, move, mark reverse-worded, finish; every edit keeps a
valid instrument whose statements read the file they came from the same way."""

from __future__ import annotations

import tomllib

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carenet_dash import drafting, importers, scoring
from carenet_dash.errors import InstrumentError, NotFound
from carenet_dash.importers.draft import draft_from_export
from carenet_dash.instrument import Instrument, parse_instrument
from carenet_dash.instrument_toml import instrument_toml
from tests.conftest import FIXTURES

SCALES = FIXTURES / "scales"
OWN = parse_instrument(tomllib.loads((SCALES / "own_survey.toml").read_text()))


def with_second_agreement_dimension() -> Instrument:
    """The own survey plus a second dimension on the instrument's 1..7 agreement scale, and
    an open question about the relevance dimension."""
    definition = OWN.definition()
    definition["dimensions"].insert(
        1,
        {
            "id": "trust",
            "name": "Trust",
            "items": [{"id": "t1", "text": "I trust the other members.", "labels": None}],
        },
    )
    definition["open_questions"].append(
        {"id": "why_relevant", "question": "Why?", "dimension": "relevance"}
    )
    return parse_instrument(definition)


def test_a_dimension_is_renamed_and_keeps_its_id():
    edited = drafting.rename_dimension(OWN, "voice", "  Having   a say ")
    assert edited.dimension("voice").name == "Having a say"
    assert [d.id for d in edited.dimensions] == [d.id for d in OWN.dimensions]
    with pytest.raises(InstrumentError, match="a dimension needs a name"):
        drafting.rename_dimension(OWN, "voice", "   ")
    with pytest.raises(InstrumentError, match="no dimension 'nope'"):
        drafting.rename_dimension(OWN, "nope", "Name")


def test_a_statement_is_marked_reverse_worded_and_scored_so():
    edited = drafting.set_reverse(OWN, "p1", True)
    assert edited.items["p1"].reverse
    assert not drafting.set_reverse(edited, "p1", False).items["p1"].reverse
    # p1 answered 6 on 1..7: reversed it scores 1 + 7 - 6 = 2.
    answers = pd.DataFrame(
        {"respondent_id": [1], "item_id": ["p1"], "score": [6], "not_applicable": [False]}
    )
    assert scoring.scored_answers(answers, edited)["value"].tolist() == [2.0]


def test_statements_move_only_between_dimensions_on_the_same_numbers():
    instrument = with_second_agreement_dimension()
    assert drafting.move_targets(instrument, "p1") == ["partnership", "trust"]
    assert drafting.move_targets(instrument, "n1") == ["recommend"]
    moved = drafting.move_item(instrument, "p3", "trust")
    assert [i.id for i in moved.dimension("trust").items] == ["t1", "p3"]
    assert [i.id for i in moved.dimension("partnership").items] == ["p1", "p2"]
    assert moved.items["p3"].labels is None  # the same words as its new dimension
    with pytest.raises(InstrumentError) as refused:
        drafting.move_item(instrument, "p1", "recommend")
    assert str(refused.value) == (
        "statement 'p1' is answered on 7-point, 1–7, dimension 'recommend' on 11-point, 0–10: "
        "a dimension's statements share one scale, so move it to a dimension on the same scale"
    )
    with pytest.raises(NotFound):
        drafting.move_item(instrument, "p1", "nope")
    assert drafting.move_item(instrument, "p1", "partnership") is instrument


def test_a_statement_moved_to_a_new_dimension_keeps_its_scale_and_words():
    moved = drafting.move_item(OWN, "r2", drafting.NEW_DIMENSION)
    assert [d.id for d in moved.dimensions] == [
        "partnership", "relevance", "dimension_5", "voice", "recommend"
    ]  # fmt: skip
    new = moved.dimension("dimension_5")
    assert new.name == "New dimension"
    assert [i.id for i in new.items] == ["r2"]
    assert moved.scale_of("dimension_5").labels == OWN.scale_of("relevance").labels
    assert moved.item_scales["r2"] == OWN.item_scales["r2"]  # "Not useful" .. "Very useful"
    assert moved.bands_of("dimension_5") == OWN.bands_of("relevance")  # 3.25 and 2.5 on 1..4
    # Moved back, it takes no words of its own where the dimension's are its own.
    back = drafting.move_item(moved, "r1", "dimension_5")
    assert [d.id for d in back.dimensions] == ["partnership", "dimension_5", "voice", "recommend"]
    assert back.items["r1"].labels is None
    assert back.items["r2"].labels == ["Not useful", "Slightly useful", "Useful", "Very useful"]


def test_a_dimension_left_empty_goes_and_its_open_question_becomes_general():
    instrument = with_second_agreement_dimension()
    once = drafting.move_item(instrument, "r1", drafting.NEW_DIMENSION)
    twice = drafting.move_item(once, "r2", once.dimension_of_item["r1"])
    assert "relevance" not in [d.id for d in twice.dimensions]
    question = next(q for q in twice.open_questions if q.id == "why_relevant")
    assert question.dimension is None


def test_finish_names_the_instrument_and_leaves_out_what_was_dropped():
    kept = drafting.finish(
        OWN, instrument_id=" our-survey ", name=" Our  survey ", version=3, dropped={"role"}
    )
    assert (kept.id, kept.name, kept.version) == ("our-survey", "Our survey", 3)
    assert kept.segments == []
    assert [q.id for q in kept.open_questions] == ["comments"]
    with pytest.raises(InstrumentError) as taken:
        drafting.finish(OWN, instrument_id="network-health", name="x", taken={"network-health"})
    assert str(taken.value) == (
        "the id 'network-health' is another instrument's; give the draft an id of its own"
    )
    with pytest.raises(InstrumentError, match=r"the draft: id: String should match pattern"):
        drafting.finish(OWN, instrument_id="our survey!", name="x", version=1)
    with pytest.raises(InstrumentError, match=r"the draft: name: String should have at least 1"):
        drafting.finish(OWN, instrument_id="ours", name="  ", version=1)


# --- any sequence of edits keeps a valid instrument that reads the file the same way --------

EDITS = st.lists(
    st.tuples(
        st.sampled_from(["rename", "reverse", "move", "move_new"]),
        st.integers(min_value=0, max_value=20),
        st.text(min_size=1, max_size=12),
    ),
    max_size=12,
)


def apply(instrument: Instrument, edits) -> Instrument:
    for kind, pick, text in edits:
        items = list(instrument.items)
        item = items[pick % len(items)]
        if kind == "rename":
            dimension = instrument.dimensions[pick % len(instrument.dimensions)]
            if text.strip():
                instrument = drafting.rename_dimension(instrument, dimension.id, text)
        elif kind == "reverse":
            instrument = drafting.set_reverse(instrument, item, pick % 2 == 0)
        elif kind == "move":
            targets = drafting.move_targets(instrument, item)
            instrument = drafting.move_item(instrument, item, targets[pick % len(targets)])
        else:
            instrument = drafting.move_item(instrument, item, drafting.NEW_DIMENSION)
    return instrument


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EDITS)
def test_any_edits_keep_every_statement_on_its_own_scale(edits):
    edited = apply(with_second_agreement_dimension(), edits)
    base = with_second_agreement_dimension()
    assert set(edited.items) == set(base.items)
    for item_id, item in base.items.items():
        assert edited.items[item_id].text == item.text
        assert edited.item_scales[item_id].scores == base.item_scales[item_id].scores
        assert edited.item_scales[item_id].labels == base.item_scales[item_id].labels
    # Written out and read back, it is the same instrument.
    assert parse_instrument(tomllib.loads(instrument_toml(edited))) == edited


@pytest.fixture(scope="module")
def export():
    data = (SCALES / "surveymonkey.csv").read_bytes()
    return importers.read_export(data, "surveymonkey.csv", instruments={})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(EDITS)
def test_an_edited_draft_imports_the_file_it_came_from(export, edits):
    drafted = draft_from_export(export).instrument
    kept = drafting.finish(apply(drafted, edits), instrument_id="ours", name="Ours", version=1)
    preview = importers.preview(export, instruments={"ours": kept}, instrument_id="ours")
    assert preview.blockers() == []
    assert preview.report.respondents == 5
    base = importers.preview(export, instruments={drafted.id: drafted}, instrument_id=drafted.id)

    # Every answer is read as the same number, whatever the edits did.
    def answers(found):
        columns = ["row", "item_id", "score", "not_applicable"]
        frame = found.responses.answers[columns].sort_values(["row", "item_id"])
        return frame.reset_index(drop=True)

    assert answers(preview).equals(answers(base))
