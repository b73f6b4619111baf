"""Bands in words: once when every dimension shares them, per dimension where scales or bands
differ; a change of favourable shares says its unit."""

from __future__ import annotations

import tomllib

from carenet_dash import present
from carenet_dash.analysis.scales import FAVOURABLE, MEAN
from carenet_dash.instrument import parse_instrument
from carenet_dash.instrument_files import get_instrument
from carenet_dash.present.scales import band_groups, bands_caption
from tests.conftest import FIXTURES

OWN = parse_instrument(tomllib.loads((FIXTURES / "scales" / "own_survey.toml").read_text()))


def test_one_set_of_bands_is_said_once():
    assert bands_caption(get_instrument()) == (
        "Bands: ▲ strength (mean ≥ 4), ● discuss, ▼ priority (mean < 3)."
    )


def test_bands_that_differ_are_said_per_dimension_with_their_scale():
    definition = OWN.definition()
    # A fifth dimension on the instrument's own 1..7 scale shares Partnership's bands.
    definition["dimensions"].append(
        {"id": "trust", "name": "Trust", "items": [{"id": "t1", "text": "I trust them."}]}
    )
    groups = band_groups(parse_instrument(definition))
    assert [names for names, _ in groups] == [
        ("Partnership", "Trust"), ("Relevance",), ("Voice",), ("Recommendation",)
    ]  # fmt: skip
    caption = bands_caption(OWN, quote=lambda name: f"<{name}>")
    assert caption == (
        "Bands by dimension, each on its own scale: <Partnership>: ▲ strength (mean ≥ 5.5 on "
        "1–7), ● discuss, ▼ priority (mean < 4); <Relevance>: ▲ strength (mean ≥ 3.25 on "
        "1–4), ● discuss, ▼ priority (mean < 2.5); <Voice>: ▲ strength (mean ≥ 2.5 on 1–3), "
        "● discuss, ▼ priority (mean < 2); <Recommendation>: ▲ strength (mean ≥ 7.5 on 0–10), "
        "● discuss, ▼ priority (mean < 5)."
    )


def test_a_change_in_favourable_share_says_its_unit():
    row = {"change": 20.0, "low": -49.3, "high": 89.3, "verdict": "within noise",
           "previous_n": 5, "n": 5, "compared_on": FAVOURABLE}  # fmt: skip
    line = present.change_since("2026 Q1", row)
    assert line.startswith("Since 2026 Q1: +20.00 points of favourable share (likely range")
    assert "points" not in present.change_since("2026 Q1", {**row, "compared_on": MEAN})
