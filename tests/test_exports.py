"""Deck and HTML report: the expected slides and sections, numbers equal to analysis's,
hidden groups never shown, no personal data, everything escaped, nothing fetched."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import io
import re

import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Inches

from carenet_dash import analysis, present
from carenet_dash.exports import deck, export_bytes, html
from carenet_dash.exports.report import PROMPT_LINE, build_report
from carenet_dash.instrument import parse_instrument
from carenet_dash.store import queries, workshop_writes, writes
from carenet_dash.store.engine import make_engine
from carenet_dash.store.migrate import upgrade
from carenet_dash.store.workshop_writes import MatrixEntry
from tests.conftest import HAND_ANSWERS, MINI, make_responses

NETWORK = "Rivers & <Hills> Network"
PREPARED = dt.date(2026, 6, 1)
# Second round: B's respondents score 4, 4, 5 (mean 13/3); A still has only two respondents.
LATER_ANSWERS = [
    (1, "a1", 4, False), (1, "a2", 2, False), (1, "b1", 4, False), (1, "b2", 4, False),
    (2, "a1", 5, False), (2, "a3", 5, False), (2, "b1", 4, False),
    (3, "b1", 5, False), (3, "b2", 5, False),
]  # fmt: skip
# Personal data that must never reach an export: respondents' hashed ids and comments.
SECRET_HASH = "f00dfeedcafe" * 5
SECRET_COMMENT = "Call me on 07700 900123, Jo Bloggs"


def responses(answers):
    made = make_responses(answers, comments=[(1, "comments", SECRET_COMMENT)])
    made.respondents["source_hash"] = [
        f"{SECRET_HASH}{i:04d}" for i in range(len(made.respondents))
    ]
    return made


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A network with two rounds (A hidden at minimum 3), actions, notes and two sessions,
    exported once as a report, a deck and HTML."""
    data = copy.deepcopy(MINI)
    data["dimensions"][0]["levels"] = [f"A is at level {i}." for i in range(1, 6)]
    data["dimensions"][1]["prompts"] = ["What would help B?", "Who is missing from B?"]
    instrument = parse_instrument(data)
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('exports') / 'store.db'}")
    upgrade(engine)
    first = writes.import_round(
        engine, writes.RoundMeta(NETWORK, "2026 Q1", dt.date(2026, 2, 15), invited=8),
        instrument, responses(HAND_ANSWERS),
    )  # fmt: skip
    second = writes.import_round(
        engine, writes.RoundMeta(NETWORK, "2026 Q2", dt.date(2026, 5, 15), invited=6),
        instrument, responses(LATER_ANSWERS),
    )  # fmt: skip
    network_id = queries.round_by_id(engine, second).network_id
    writes.set_min_group_size(engine, network_id, 3)
    workshop_writes.record_action(
        engine, first, "Map who is missing", owner="Steering group", dimension_id="b",
        status="done",
    )  # fmt: skip
    workshop_writes.record_action(engine, first, "Agree a chairing rota", status="in progress")
    workshop_writes.record_action(
        engine, second, "<script>alert('x')</script> & =SUM(A1)", owner="Council <comms>",
        due_on=dt.date(2026, 7, 31), dimension_id="a",
    )  # fmt: skip
    workshop_writes.record_matrix_session(
        engine, network_id, dt.date(2026, 3, 1), [MatrixEntry("a", 1, 3), MatrixEntry("b", 2, 4)],
        round_id=first,
    )  # fmt: skip
    workshop_writes.record_matrix_session(
        engine, network_id, dt.date(2026, 5, 20), [MatrixEntry("a", 2, 3), MatrixEntry("b", 2, 5)],
        round_id=second,
    )  # fmt: skip
    report = build_report(engine, NETWORK, prepared_on=PREPARED)
    buffer = io.BytesIO()
    deck.write(report, buffer)
    yield {
        "engine": engine,
        "report": report,
        "round_id": second,
        "deck": Presentation(io.BytesIO(buffer.getvalue())),
        "html": html.render(report),
    }
    engine.dispose()


def slide_texts(slide) -> list[str]:
    """Every piece of text on a slide: text boxes and table cells, in shape order."""
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if shape.has_table:
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return texts


def table_of(slide) -> pd.DataFrame:
    (shape,) = [s for s in slide.shapes if s.has_table]
    rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
    return pd.DataFrame(rows[1:], columns=rows[0])


def by_title(presentation) -> dict[str, object]:
    return {slide.shapes.title.text: slide for slide in presentation.slides}


def test_the_deck_is_16_by_9_with_the_expected_slides_in_order(exported):
    presentation = exported["deck"]
    assert (presentation.slide_width, presentation.slide_height) == (Inches(13.333), Inches(7.5))
    assert [s.shapes.title.text for s in presentation.slides] == [
        NETWORK,
        "What changed",
        "Overview scorecard",
        "Dimension A",
        "Dimension B",
        "Changes since the last round",
        "Trend over every round",
        "Maturity matrix",
        "Maturity matrix beside the survey",
        "Maturity matrix over time",
        "Agreed actions",
        "Actions agreed before",
    ]


def test_the_title_slide_names_network_round_dates_and_the_prompt_line(exported):
    text = "\n".join(slide_texts(exported["deck"].slides[0]))
    for expected in (NETWORK, "round 2026 Q2", "Fielded 15 May 2026", "Prepared 1 June 2026",
                     PROMPT_LINE, "3 responses (50% of 6 invited)",
                     "Groups of fewer than 3 responses are never shown."):  # fmt: skip
        assert expected in text


def test_deck_numbers_equal_the_analysis_and_hidden_groups_read_fewer_than(exported):
    engine, round_id = exported["engine"], exported["round_id"]
    card = analysis.scorecard(engine, round_id, 3).set_index("dimension_id")
    slides = by_title(exported["deck"])

    overview = table_of(slides["Overview scorecard"]).set_index("Dimension")
    assert overview.loc["Dimension B", "Mean"] == f"{card.loc['b', 'mean']:.2f}" == "4.33"
    assert overview.loc["Dimension B", "Responses"] == "3"
    assert overview.loc["Dimension B", "Band"] == "▲ Strength"
    assert overview.loc["Dimension A"].tolist() == ["fewer than 3 responses"] * 2 + ["–"]

    b = "\n".join(slide_texts(slides["Dimension B"]))
    assert "4.33" in b
    assert "n = 3 respondents" in b
    # B went from 11/3 to 13/3 with three respondents each side.
    assert f"Since 2026 Q1: {present.signed(card.loc['b', 'change'])}" in b
    assert "+0.67" in b
    assert "n 3 → 3" in b
    assert "What would help B?" in b
    assert "What we agreed last time" in b
    assert "Map who is missing" in b
    a_slide = slides["Dimension A"]
    assert "fewer than 3 responses" in "\n".join(slide_texts(a_slide))
    assert not [s for s in a_slide.shapes if s.shape_type == 13]  # no chart for a hidden group

    changes = table_of(slides["Changes since the last round"]).set_index("Dimension")
    assert changes.loc["Dimension B"].tolist() == [
        "+0.67", "3 → 3", present.verdict(card.loc["b", "verdict"])
    ]  # fmt: skip
    assert changes.loc["Dimension A", "Change"] == "fewer than 3 responses"


def test_the_matrix_slides_carry_the_latest_session_beside_the_survey(exported):
    engine = exported["engine"]
    slides = by_title(exported["deck"])
    network_id = queries.network_by_name(engine, NETWORK).id
    session = analysis.matrix_session_for_round(engine, network_id, exported["round_id"])
    assert session.held_on == dt.date(2026, 5, 20)
    table = table_of(slides["Maturity matrix beside the survey"])
    # B: 2 -> 5 (gap 3) before A: 2 -> 3 (gap 1); B's mean 4.33 is 2.33 above its level 2.
    assert table.values.tolist() == [
        ["Dimension B", "2 · Developing", "5 · Leading", "+3", "4.33", "3",
         "↑ members' answers higher"],
        ["Dimension A", "2 · Developing", "3 · Established", "+1", "fewer than 3 responses",
         "fewer than 3 responses", "–"],
    ]  # fmt: skip
    assert "Session held 20 May 2026, discussing round 2026 Q2." in "\n".join(
        slide_texts(slides["Maturity matrix"])
    )


def test_the_actions_slides(exported):
    slides = by_title(exported["deck"])
    agreed = table_of(slides["Agreed actions"])
    assert agreed.values.tolist() == [
        ["Dimension A", "<script>alert('x')</script> & =SUM(A1)", "Council <comms>",
         "31 Jul 2026", "○ Open"],
    ]  # fmt: skip
    before = table_of(slides["Actions agreed before"])
    assert before[["Dimension", "Action", "Status", "Agreed at"]].values.tolist() == [
        ["Network-wide", "Agree a chairing rota", "→ In progress", "2026 Q1"],
        ["Dimension B", "Map who is missing", "✓ Done", "2026 Q1"],
    ]


def all_deck_text(presentation) -> str:
    parts = []
    for slide in presentation.slides:
        parts += slide_texts(slide)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def test_no_hidden_figure_and_no_personal_data_anywhere_in_the_deck(exported):
    text = all_deck_text(exported["deck"])
    # A's hidden means: 2.83 in the first round, (4.5 + 4.5 + ...) in the second; and n = 2.
    hidden_a = analysis.dimension_scores(
        analysis.load_round(exported["engine"], exported["round_id"]), min_size=1
    ).set_index("dimension_id")
    assert f"{hidden_a.loc['a', 'mean']:.2f}" not in text
    assert "n = 2" not in text
    assert SECRET_HASH not in text
    assert SECRET_COMMENT not in text
    for slide in exported["deck"].slides:
        for shape in slide.shapes:
            if shape.shape_type == 13:  # every chart picture carries alt text
                assert shape._element.nvPicPr.cNvPr.get("descr")


def decoded_images(document: str) -> list[str]:
    return [
        base64.b64decode(found).decode("utf-8")
        for found in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', document)
    ]


def test_the_html_report_holds_the_scores_and_no_hidden_group(exported):
    document = exported["html"]
    engine, round_id = exported["engine"], exported["round_id"]
    card = analysis.scorecard(engine, round_id, 3).set_index("dimension_id")
    assert f"<td>{card.loc['b', 'mean']:.2f}</td>" in document
    assert "4.33" in document
    assert "fewer than 3 responses" in document
    hidden_a = analysis.dimension_scores(
        analysis.load_round(engine, round_id), min_size=1
    ).set_index("dimension_id")
    images = decoded_images(document)
    assert len(images) == 6  # scorecard, B's distribution, changes, trend, matrix, movement
    everything = document + "\n".join(images)
    assert f"{hidden_a.loc['a', 'mean']:.2f}" not in everything
    assert "4.33 (n=3)" in "\n".join(images)
    assert SECRET_HASH not in everything
    assert SECRET_COMMENT not in everything


def test_the_html_report_escapes_all_text_and_needs_no_network(exported):
    document = exported["html"]
    assert "Rivers &amp; &lt;Hills&gt; Network" in document
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; =SUM(A1)" in document
    assert "<script" not in document.lower()
    assert "<link" not in document.lower()
    assert PROMPT_LINE in document
    urls = re.findall(r"(?:https?:)?//[^\s\"'<>)]+", document + "\n".join(decoded_images(document)))
    assert set(urls) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    sources = re.findall(r'src="([^"]{0,30})', document)
    assert sources
    assert all(s.startswith("data:image/svg+xml;base64,") for s in sources)


def test_exports_are_stable(exported):
    again = build_report(exported["engine"], NETWORK, prepared_on=PREPARED)
    assert html.render(again) == exported["html"]
    assert export_bytes(exported["engine"], NETWORK, "csv-actions") == export_bytes(
        exported["engine"], NETWORK, "csv-actions"
    )


def test_a_first_round_and_a_network_without_sessions_or_actions(tmp_path, mini):
    engine = make_engine(f"sqlite:///{tmp_path / 'one.db'}")
    upgrade(engine)
    writes.import_round(
        engine, writes.RoundMeta("Solo", "2026 Q1"), mini, make_responses(HAND_ANSWERS)
    )
    report = build_report(engine, "Solo", prepared_on=PREPARED)
    assert report.previous is None
    assert report.session is None
    slides = by_title(Presentation(io.BytesIO(export_bytes(engine, "Solo", "pptx"))))
    assert list(slides) == [
        "Solo", "What changed", "Overview scorecard", "Dimension A", "Dimension B",
        "Changes since the last round", "Maturity matrix", "Agreed actions",
    ]  # fmt: skip
    assert "first round" in "\n".join(slide_texts(slides["Changes since the last round"]))
    assert "No maturity-matrix session" in "\n".join(slide_texts(slides["Maturity matrix"]))
    assert "No actions recorded" in "\n".join(slide_texts(slides["Agreed actions"]))
    # With the default minimum of 5 every group here is hidden: the report says so, in words.
    document = html.render(report)
    assert "fewer than 5 responses" in document
    assert "3.67" not in document + "\n".join(decoded_images(document))
    engine.dispose()
