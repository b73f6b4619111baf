"""The scales fixtures (3-, 4-, 7-point and 0-10 questions, every export layout) import through
the command line, with the instrument added to the store, and score as worked out by hand."""

from __future__ import annotations

import pytest

from carenet_dash import scoring
from carenet_dash.cli import main
from carenet_dash.store import queries
from tests.conftest import FIXTURES

SCALES = FIXTURES / "scales"
FILES = ["surveymonkey.csv", "surveymonkey.xlsx", "qualtrics.csv", "msforms.xlsx",
         "googleforms.csv", "wide.csv", "long.csv"]  # fmt: skip

# Worked by hand from the answers in tests/fixtures/scales/make_fixtures.py (five people kept,
# a sixth answered nothing; reverse items score low + high - x):
# partnership, 1..7, 2 of 3 items needed, p2 reverse (8 - x):
#   R1 6, 8-2=6, 7 -> 19/3; R2 5, 8-4=4 (p3 don't know) -> 4.5; R3 1, 8-7=1, 3 -> 5/3;
#   R4 answered p1 only -> left out; R5 4, 8-3=5, 6 -> 5.  n 4, mean 17.5/4 = 4.375.
#   Bands 5.5 / 4.0 -> discuss. Scored answers 6,6,7 | 5,4 | 1,1,3 | 6 | 4,5,6: above the
#   midpoint 4: 7 of 12, on it 2, below 3.
# relevance, 1..4, 1 of 2 needed: R1 (4+3)/2 = 3.5; R2 (3+1)/2 = 2; R3 1 (r2 don't know);
#   R4 (2+4)/2 = 3; R5 (4+2)/2 = 3. n 5, mean 12.5/5 = 2.5: exactly the priority line, so
#   discuss. Answers 4,3,3,1,1,2,4,4,2: above 2.5: 5 of 9, below 4, no neutral (even scale).
# voice, 1..3, v2 reverse (4 - x): R1 (3 + 2)/2 = 2.5; R2 (1 + 3)/2 = 2; R3 (2 + 1)/2 = 1.5;
#   R4 (2 + 1)/2 = 1.5; R5 nothing. n 4, mean 7.5/4 = 1.875 < 2.0 -> priority.
#   Answers 3,2 | 1,3 | 2,1 | 2,1: 3 favourable (2 of 8), 2 neutral (3), 1 unfavourable (3).
# recommend, 0..10: 9, 6, 5, 10 -> n 4, mean 7.5: exactly the strength line -> strength.
#   Above 5: 3 of 4; 5 itself: 1.
EXPECTED = {
    "partnership": (4, 17.5 / 4, "discuss", 7 / 12, 2 / 12, 3 / 12),
    "relevance": (5, 2.5, "discuss", 5 / 9, 0.0, 4 / 9),
    "voice": (4, 1.875, "priority", 2 / 8, 3 / 8, 3 / 8),
    "recommend": (4, 7.5, "strength", 3 / 4, 1 / 4, 0.0),
}
# Raw answers as given, by person (file order of those kept) and item; "na" = don't know.
RAW = {
    0: {"p1": 6, "p2": 2, "p3": 7, "r1": 4, "r2": 3, "v1": 3, "v2": 2, "n1": 9},
    1: {"p1": 5, "p2": 4, "p3": "na", "r1": 3, "r2": 1, "v1": 1, "v2": 1, "n1": 6},
    2: {"p1": 1, "p2": 7, "p3": 3, "r1": 1, "r2": "na", "v1": 2, "v2": 3, "n1": 5},
    3: {"p1": 6, "r1": 2, "r2": 4, "v1": 2, "v2": 3, "n1": 10},
    4: {"p1": 4, "p2": 3, "p3": 6, "r1": 4, "r2": 2},
}


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def with_instrument(store, capsys):
    code, out, err = cli(capsys, "instrument", "add", str(SCALES / "own_survey.toml"))
    assert (code, err) == (0, ""), err
    assert "added instrument 'own-survey' version 1" in out
    return store


@pytest.mark.parametrize("name", FILES)
def test_each_layout_imports_with_the_hand_worked_scores(name, with_instrument, capsys):
    store = with_instrument
    code, out, err = cli(capsys, "import", str(SCALES / name), "--network", "Net", "--round",
                         "2026 Q3", "--instrument", "own-survey")  # fmt: skip
    assert (code, err) == (0, ""), err
    assert "5 respondents kept, 1 without any scored answer" in out
    network = queries.network_by_name(store, "Net")
    (round_,) = queries.rounds(store, network.id)
    assert (round_.instrument_id, round_.respondents) == ("own-survey", 5)
    instrument = queries.instrument_snapshot(store, round_.instrument_pk)
    answers = queries.answers(store, [round_.id])
    summary = scoring.dimension_summary(answers, instrument).set_index("dimension_id")
    for dimension, (n, mean, band, good, neutral, bad) in EXPECTED.items():
        row = summary.loc[dimension]
        assert row["n"] == n, dimension
        assert row["mean"] == pytest.approx(mean), dimension
        assert row["band"] == band, dimension
        assert row["favourable_pct"] == pytest.approx(100 * good), dimension
        assert row["neutral_pct"] == pytest.approx(100 * neutral), dimension
        assert row["unfavourable_pct"] == pytest.approx(100 * bad), dimension
    people = sorted(answers["respondent_id"].unique())
    found: dict[int, dict[str, object]] = {}
    for row in answers.itertuples():
        value = "na" if row.not_applicable else int(row.score)
        found.setdefault(people.index(row.respondent_id), {})[row.item_id] = value
    assert found == RAW


def test_the_report_counts_cleaned_labels_per_column(with_instrument, capsys):
    code, out, _ = cli(capsys, "import", str(SCALES / "qualtrics.csv"), "--network", "Net",
                       "--round", "Q3")  # fmt: skip
    assert code == 0
    # Qualtrics wrote the agreement labels in title case ("Somewhat Agree"): read, and counted.
    assert "cleaned:       8 answer(s) read after tidying case, spaces or quotes" in out
    assert "Partners keep their promises.' 3" in out
    assert "1 survey preview, test or spam response(s) were left out" in out
    assert "instrument:    Our own member survey (own-survey)" in out  # found in the store
