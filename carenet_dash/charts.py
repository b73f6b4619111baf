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


def band_shading(bands: Bands, horizontal: bool = True) -> alt.Chart:
    """Background stripes for the priority, discuss and strength ranges of the 1..5 scale."""
    stripes = pd.DataFrame(
        {
            "band": [BAND_LABELS[b] for b in ("priority", "discuss", "strength")],
            "start": [1.0, bands.priority, bands.strength],
            "end": [bands.priority, bands.strength, 5.0],
            "shade": [BAND_SHADES[b] for b in ("priority", "discuss", "strength")],
        }
    )
    axis = ("x", "x2") if horizontal else ("y", "y2")
    encoding = {
        axis[0]: alt.X("start:Q") if horizontal else alt.Y("start:Q"),
        axis[1]: "end:Q",
        "color": alt.Color("shade:N", scale=None),
    }
    return alt.Chart(stripes).mark_rect(opacity=0.7).encode(**encoding)


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
    stripes = band_shading(bands).encode(x=alt.X("start:Q", scale=scale, title="Mean (1-5)"))
    dots = (
        alt.Chart(shown)
        .mark_point(size=160, filled=True, opacity=1)
        .encode(
            x=alt.X("mean:Q", scale=scale),
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
    layers = [stripes, dots, labels]
    if len(others):
        layers.append(
            alt.Chart(others)
            .mark_text(align="left", fontStyle="italic", color="#555555")
            .encode(x=alt.X("position:Q", scale=scale), y=y, text="label:N")
        )
    return (
        alt.layer(*layers)
        .resolve_scale(color="independent")
        .properties(height=max(160, 34 * len(card)))
        .configure_axis(labelFont=FONT, titleFont=FONT)
        .configure_legend(orient="bottom")
    )


def _panel_stripes(bands: Bands, scale: alt.Scale) -> list[alt.Chart]:
    """Band stripes for a faceted panel: drawn once per panel from its first row."""
    stripes = []
    for name, low, high in (
        ("priority", 1.0, bands.priority),
        ("discuss", bands.priority, bands.strength),
        ("strength", bands.strength, 5.0),
    ):
        stripes.append(
            alt.Chart()
            .transform_window(row="row_number()")
            .transform_filter("datum.row == 1")
            .mark_rect(color=BAND_SHADES[name], opacity=0.8)
            .encode(y=alt.datum(low, scale=scale), y2=alt.datum(high))
        )
    return stripes


def trend_lines(trend: pd.DataFrame, bands: Bands) -> alt.FacetChart:
    """Small multiples: one panel per dimension, its mean round by round over band stripes."""
    shown = trend[trend["status"] == scoring.SHOWN].copy()
    shown["band_label"] = shown["band"].map(BAND_LABELS)
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
        alt.layer(*_panel_stripes(bands, scale), line, data=shown)
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
