"""One round read through a page (AppTest, chart data included), the exports (HTML report, deck,
scores CSV) and the command line hides the same things and bands the same way.

The round, by hand (k = 5): 30 respondents by involvement, 2 + 2 + 26. Everyone answers every
"purpose" statement 4 (reverse-worded ones 2), so purpose's mean is exactly 4.00: a strength.
On "value" the two small groups answer 1 and 2 and the 26 answer 5: the 26's mean (5.00) with
the network's (136 / 30) would give the four people's mean, so all three groups are hidden.
Every other statement is answered 3: a mean of exactly 3.00 is "discuss", not a priority.
"""

from __future__ import annotations

import contextlib
import io
import re
from concurrent.futures import Future
from unittest import mock

import pandas as pd
import pytest

from carenet_dash import cli
from carenet_dash.exports import deck, html
from carenet_dash.exports.csv import network_scores_csv
from carenet_dash.exports.report import build_report
from carenet_dash.instrument_files import get_instrument
from carenet_dash.responses import Responses
from carenet_dash.store import queries, writes
from carenet_dash.store.opening import get_engine
from tests.attack import rendered, tiny_png
from tests.pages.conftest import open_page, switch_network, text_of

NETWORK = "Involvement network"
GROUPS = {"Less than a year": 2, "1 to 3 years": 2, "More than 3 years": 26}
VALUE_ANSWER = {"Less than a year": 1, "1 to 3 years": 2, "More than 3 years": 5}
# What no surface may show: the groups' means and sizes (the network's n is 30).
LEAKS = ["5.00", "1.00", "2.00", "(n=26)", "(n=2)", "n=26", "n = 26", "n 26", "26 respondents"]


def _round() -> Responses:
    instrument = get_instrument()
    people = [group for group, size in GROUPS.items() for _ in range(size)]
    rows = []
    for row, group in enumerate(people):
        for dimension in instrument.dimensions:
            if dimension.id == "purpose":
                given = 4
            elif dimension.id == "value":
                given = VALUE_ANSWER[group]
            else:
                given = 3
            for item in dimension.items:
                scale = instrument.scale_of(dimension.id)
                score = scale.low + scale.high - given if item.reverse else given
                rows.append((row, item.id, score))
    respondents = pd.DataFrame(
        {
            "source_hash": [f"p{r}" for r in range(len(people))],
            "involvement": pd.Series(people, dtype="object"),
        }
    )
    answers = pd.DataFrame(
        {
            "row": [r for r, _, _ in rows],
            "item_id": [i for _, i, _ in rows],
            "score": pd.array([s for _, _, s in rows], dtype="Int8"),
            "not_applicable": [False] * len(rows),
        }
    )
    comments = pd.DataFrame(columns=["row", "question_id", "text"])
    return Responses(respondents=respondents, answers=answers, comments=comments)


@pytest.fixture
def involvement(app, demo_url):
    engine = get_engine(demo_url)
    writes.import_round(
        engine, writes.RoundMeta(network=NETWORK, label="2026 Q1"), get_instrument(), _round()
    )
    network = queries.network_by_name(engine, NETWORK)
    assert network.min_group_size == 5
    switch_network(app, NETWORK)
    return app, engine, demo_url


def _stdout(arguments: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert cli.main(arguments) == 0, err.getvalue()
    return out.getvalue()


def _no_leak(text: str, where: str) -> None:
    for leak in LEAKS:
        assert leak not in text, f"{where} shows {leak!r}"


def test_page_exports_and_cli_hide_the_same_groups_and_band_the_same(involvement):
    at, engine, url = involvement
    # The page: every figure of the Segments page by involvement, its charts' data included.
    open_page(at, "segments")
    at.selectbox(key="segment").set_value("involvement").run()
    assert not at.exception, at.exception
    page = text_of(at)
    _no_leak(page, "Segments page")
    assert page.count("fewer than 5 responses") >= 3 * len(get_instrument().dimensions)
    open_page(at, "dimension")
    at.selectbox(key="dimension").set_value("purpose").run()
    metrics = {m.label: m.value for m in at.get("metric")}
    assert metrics["Mean"] == "4.00"
    assert "Strength" in metrics["Band"]
    at.selectbox(key="dimension").set_value("trust").run()
    metrics = {m.label: m.value for m in at.get("metric")}
    assert metrics["Mean"] == "3.00"
    assert "Discuss" in metrics["Band"]
    open_page(at, "overview")
    _no_leak(text_of(at), "Overview page")

    # The command line: every group of every dimension hidden, no n or mean for any.
    db = ["--db", url]
    found = pd.read_csv(
        io.StringIO(
            _stdout(
                [
                    *db,
                    "segments",
                    "--network",
                    NETWORK,
                    "--round",
                    "2026 Q1",
                    "--segment",
                    "involvement",
                    "--format",
                    "csv",
                ]
            )
        ),
        dtype=str,
        keep_default_na=False,
    )
    assert set(found["group"]) == set(GROUPS)
    assert set(found["status"]) == {"hidden"}
    assert set(found["n"]) == set(found["mean"]) == {""}
    scores = pd.read_csv(
        io.StringIO(_stdout([*db, "scores", "--network", NETWORK, "--format", "csv"])),
        dtype=str,
        keep_default_na=False,
    ).set_index("dimension_id")
    assert scores.loc["purpose", "mean"] in ("4", "4.0", "4.00")
    assert scores.loc["purpose", "band"] == "strength"
    assert scores.loc["trust", "band"] == "discuss"
    assert scores.loc["value", "n"] == "30"

    # The exports: the scores CSV, the HTML report and the deck (its text and chart data).
    csv_scores = pd.read_csv(
        io.StringIO(network_scores_csv(engine, NETWORK, "2026 Q1")), dtype=str
    ).set_index("dimension_id")
    assert csv_scores.loc["purpose", "band"] == "strength"
    assert csv_scores.loc["trust", "band"] == "discuss"
    report = build_report(engine, NETWORK, "2026 Q1")
    drawn: list[str] = []

    def svg(chart):
        drawn.append(str(chart.to_dict(validate=False)))
        return rendered("<svg/>")

    with mock.patch.object(html, "svg", svg):
        text = html.render(report)
    _no_leak(re.sub(r"<[^>]+>", " ", text), "HTML report")
    purpose = re.search(r'<section id="dimension-purpose">(.*?)</section>', text, re.S)
    assert purpose
    assert "Strength" in purpose[1]
    with mock.patch.object(deck, "png", lambda chart, scale=2: _kept(drawn, chart)):
        slides = deck.build(report)
    words = "\n".join(
        shape.text_frame.text
        for slide in slides.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ) + "\n".join(
        cell.text_frame.text
        for slide in slides.slides
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
        for cell in row.cells
    )
    _no_leak(words, "deck")
    for spec in drawn:
        _no_leak(spec, "an exported chart's data")


def _kept(drawn: list[str], chart) -> Future:
    """The chart's data kept for the check, and a tiny PNG in its place on the slide."""
    drawn.append(str(chart.to_dict(validate=False)))
    return rendered(tiny_png())
