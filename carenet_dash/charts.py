"""Altair chart builders: page-ready frames in, charts out; no Streamlit, no store."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carenet_dash import scoring
from carenet_dash.instrument import Bands
from carenet_dash.present import BAND_LABELS

# Paul Tol's "bright" scheme: distinguishable with the common colour-vision deficiencies.
BAND_COLOURS = {"strength": "#4477AA", "discuss": "#CCBB44", "priority": "#EE6677"}
BAND_SHAPES = {"strength": "triangle-up", "discuss": "circle", "priority": "triangle-down"}
BAND_SHADES = {"priority": "#FBE3E6", "discuss": "#F7F3DD", "strength": "#E2EAF3"}
FONT = "Source Sans Pro, Arial, sans-serif"


def _band_scale() -> alt.Scale:
    return alt.Scale(
        domain=[BAND_LABELS[b] for b in BAND_COLOURS], range=list(BAND_COLOURS.values())
    )


def _shape_scale() -> alt.Scale:
    return alt.Scale(domain=[BAND_LABELS[b] for b in BAND_SHAPES], range=list(BAND_SHAPES.values()))


def band_stripes(
    bands: Bands, scale: alt.Scale, horizontal: bool = True, faceted: bool = False
) -> list[alt.Chart]:
    """Background stripes for the priority, discuss and strength ranges of the 1..5 scale.

    Fixed-colour marks rather than a colour encoding, so they never share a scale (or a legend)
    with the data drawn over them.
    """
    stripes = []
    for name, low, high in (
        ("priority", 1.0, bands.priority),
        ("discuss", bands.priority, bands.strength),
        ("strength", bands.strength, 5.0),
    ):
        if horizontal:
            encoding = {"x": alt.datum(low, scale=scale), "x2": alt.datum(high)}
        else:
            encoding = {"y": alt.datum(low, scale=scale), "y2": alt.datum(high)}
        # In a facet every layer shares the panel's rows (Vega-Lite 6 also rejects a window
        # transform there), so the stripe is drawn once per row: opaque, so overlaps don't show.
        base = alt.Chart() if faceted else alt.Chart(pd.DataFrame({"row": [1]}))
        stripes.append(base.mark_rect(color=BAND_SHADES[name], opacity=1).encode(**encoding))
    return stripes


def scorecard(card: pd.DataFrame, bands: Bands, min_size: int) -> alt.LayerChart:
    """Each dimension's mean as a marked dot on the 1..5 scale over band stripes, labelled."""
    shown = card[card["status"] == scoring.SHOWN].assign(
        band_label=lambda f: f["band"].map(BAND_LABELS),
        label=lambda f: [f"{m:.2f} (n={n:.0f})" for m, n in zip(f["mean"], f["n"], strict=True)],
    )
    others = card[card["status"] != scoring.SHOWN].assign(
        label=lambda f: [
            scoring.hidden_text(min_size) if s == scoring.HIDDEN else "no data" for s in f["status"]
        ],
        position=1.05,
    )
    order = list(card["dimension"])
    y = alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    scale = alt.Scale(domain=[1, 5], nice=False)
    dots = (
        alt.Chart(shown)
        .mark_point(size=160, filled=True, opacity=1)
        .encode(
            x=alt.X("mean:Q", scale=scale, title="Mean (1-5)"),
            y=y,
            color=alt.Color("band_label:N", scale=_band_scale(), title="Band"),
            shape=alt.Shape("band_label:N", scale=_shape_scale(), title="Band"),
            tooltip=[
                alt.Tooltip("dimension:N", title="Dimension"),
                alt.Tooltip("mean:Q", format=".2f", title="Mean"),
                alt.Tooltip("n:Q", title="n"),
                alt.Tooltip("sd:Q", format=".2f", title="Spread (sd)"),
                alt.Tooltip("favourable_pct:Q", format=".0f", title="Favourable %"),
                alt.Tooltip("band_label:N", title="Band"),
            ],
        )
    )
    labels = (
        alt.Chart(shown)
        .mark_text(align="left", dx=12, fontSize=12)
        .encode(x="mean:Q", y=y, text="label:N")
    )
    layers = [*band_stripes(bands, scale), dots, labels]
    if len(others):
        layers.append(
            alt.Chart(others)
            .mark_text(align="left", fontStyle="italic", color="#555555")
            .encode(x=alt.X("position:Q", scale=scale), y=y, text="label:N")
        )
    return (
        alt.layer(*layers)
        .properties(height=max(160, 34 * len(card)))
        .configure_axis(labelFont=FONT, titleFont=FONT)
        .configure_legend(orient="bottom")
    )


def trend_lines(trend: pd.DataFrame, bands: Bands) -> alt.FacetChart:
    """Small multiples: one panel per dimension, its mean round by round over band stripes."""
    shown = trend.loc[trend["status"] == scoring.SHOWN, ["dimension", "round", "mean", "n", "band"]]
    shown = shown.assign(band_label=shown["band"].map(BAND_LABELS))
    order = list(dict.fromkeys(trend["round"]))
    scale = alt.Scale(domain=[1, 5], nice=False)
    line = (
        alt.Chart()
        .mark_line(color="#4477AA", point=alt.OverlayMarkDef(filled=True, size=60))
        .encode(
            x=alt.X("round:O", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("mean:Q", scale=scale, title="Mean"),
            tooltip=[
                alt.Tooltip("round:N", title="Round"),
                alt.Tooltip("mean:Q", format=".2f", title="Mean"),
                alt.Tooltip("n:Q", title="n"),
                alt.Tooltip("band_label:N", title="Band"),
            ],
        )
    )
    dimensions = list(dict.fromkeys(trend["dimension"]))
    return (
        alt.layer(*band_stripes(bands, scale, horizontal=False, faceted=True), line, data=shown)
        .properties(width=190, height=120)
        .facet(facet=alt.Facet("dimension:N", sort=dimensions, title=None), columns=3)
        .configure_axis(labelFont=FONT, titleFont=FONT)
    )


def responses_per_round(rounds: pd.DataFrame) -> alt.Chart:
    """Bars of respondents per round (rounds below the minimum are left out by the caller)."""
    order = list(rounds["round"])
    return (
        alt.Chart(rounds)
        .mark_bar(color="#4477AA")
        .encode(
            x=alt.X("round:O", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("respondents:Q", title="Responses"),
            tooltip=["round:N", "respondents:Q"],
        )
        .properties(height=140)
    )
