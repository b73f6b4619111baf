"""What leaves the app as CSV: every table is drawn from a copy a spreadsheet cannot run."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from carenet_dash import access
from carenet_dash.exports.csv import FORMULA_STARTS
from carenet_dash.ui.downloads import safe_cell, safe_frame

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "@SUM(1)", "+cmd|' /C calc'!A0", "-2+3"]


def test_formula_cells_and_headers_are_neutralised_and_numbers_stay_numbers():
    frame = pd.DataFrame(
        {
            "Comment": [*FORMULAS, "Plain words", None],
            "=HEADER()": ["a", "b", "c", "d", "e", "f"],
            "Mean": [-0.12, 3.5, -2.0, 4.0, 1.0, float("nan")],
            "n": pd.array([-3, 5, 6, 7, 8, None], dtype="Int64"),
        }
    )
    safe = safe_frame(frame)
    assert list(safe["Comment"][:5]) == [f"'{f}" for f in FORMULAS] + ["Plain words"]
    assert pd.isna(safe["Comment"][5])
    assert list(safe.columns) == ["Comment", "'=HEADER()", "Mean", "n"]
    # Numbers are untouched, negative ones too, and keep their types.
    pd.testing.assert_series_equal(safe["Mean"], frame["Mean"])
    pd.testing.assert_series_equal(safe["n"], frame["n"])
    # The frame given is left as it was.
    assert frame["Comment"][0] == FORMULAS[0]


def test_the_apps_own_signed_figures_and_marks_are_kept_as_shown():
    figures = ["+0.25 ↑", "-0.31 ↓", "+0.02 ≈", "-0.10 to +0.32", "+0.20 ↑ (n 10→14)", "+1", "-1",
               "= in line"]  # fmt: skip
    assert [safe_cell(f) for f in figures] == figures
    # Anything more than a figure is neutralised.
    for text in ["+0.25 ↑ =cmd|'/C calc'!A0", "-1+1", "+1 (SUM(A1))", "=in line", "-0.1e5"]:
        assert safe_cell(text) == "'" + text


# What may come through starting like a formula: signed figures, "to", "(n 10→14)", "= in line".
FIGURE_CHARACTERS = set("0123456789.+-= ↑↓≈▶◀◆()→")


@given(st.text())
def test_a_cell_handed_over_formula_like_is_a_figure_with_nothing_a_spreadsheet_could_call(text):
    cell = safe_cell(text)
    if cell.lstrip(" ").startswith(FORMULA_STARTS):
        words = cell.replace("= in line", "").replace(" to ", " ").replace("(n", "(")
        assert set(words) <= FIGURE_CHARACTERS, cell


def test_the_toolbar_csv_of_a_safe_frame_holds_no_formula():
    # What Streamlit's "Download as CSV" writes: the cells as given, comma-separated.
    frame = safe_frame(pd.DataFrame({"Action": FORMULAS, "Gap": [-1, 0, 2, -3]}))
    rows = list(csv.reader(io.StringIO(frame.to_csv(index=False))))
    assert all(not cell.startswith(FORMULA_STARTS) for row in rows for cell in row[:1])
    assert [row[1] for row in rows[1:]] == ["-1", "0", "2", "-3"]


@pytest.mark.parametrize(
    ("lead", "viewer", "role", "allowed", "expected"),
    [
        (None, None, None, False, True),  # nothing configured: one lead on a laptop
        ("l", None, None, False, False),  # viewing open, writes protected: visitors are viewers
        ("l", None, None, True, True),
        ("l", "v", access.VIEWER, False, False),
        ("l", "v", access.VIEWER, True, True),
        ("l", "v", access.LEAD, False, True),
        ("l", "v", None, True, False),  # not signed in: sees nothing, downloads nothing
    ],
)
def test_who_may_download_tables(lead, viewer, role, allowed, expected):
    rules = access.Policy(lead_password=lead, viewer_password=viewer)
    assert access.can_download_tables(rules, role, allowed) is expected
