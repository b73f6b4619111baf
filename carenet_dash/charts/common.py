"""What every chart shares: the colour-blind-safe palettes, the font, band stripes behind
the 1..5 scale, marked means, and words standing in for hidden figures."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carenet_dash import disclosure
from carenet_dash.instrument import Bands
from carenet_dash.present import BAND_LABELS

# Paul Tol's "bright" scheme: distinguishable with the common colour-vision deficiencies.
BAND_COLOURS = {"strength": "#4477AA", "discuss": "#CCBB44", "priority": "#EE6677"}
BAND_SHAPES = {"strength": "triangle-up", "discuss": "circle", "priority": "triangle-down"}
BAND_SHADES = {"priority": "#FBE3E6", "discuss": "#F7F3DD", "strength": "#E2EAF3"}
FONT = "Source Sans Pro, Arial, sans-serif"


def band_scale() -> alt.Scale:
    return alt.Scale(
        domain=[BAND_LABELS[b] for b in BAND_COLOURS], range=list(BAND_COLOURS.values())
    )


def shape_scale() -> alt.Scale:
    return alt.Scale(domain=[BAND_LABELS[b] for b in BAND_SHAPES], range=list(BAND_SHAPES.values()))


def band_stripes(bands: Bands, scale: alt.Scale, horizontal: bool = True) -> list[alt.Chart]:
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
        base = alt.Chart(pd.DataFrame({"row": [1]}))
        stripes.append(base.mark_rect(color=BAND_SHADES[name], opacity=0.8).encode(**encoding))
    return stripes


def mean_layers(
    frame: pd.DataFrame, bands: Bands, min_size: int, y: alt.Y, tooltip: list[alt.Tooltip]
) -> list[alt.Chart]:
    """Band stripes, each shown mean as a marked dot labelled "mean (n=..)", and italic text
    where a mean is hidden or missing: the layers of any means-on-the-1..5-scale chart."""
    shown = only(frame[frame["status"] == disclosure.SHOWN], MEAN_FIELDS).assign(
        band_label=lambda f: f["band"].map(BAND_LABELS),
        label=lambda f: [f"{m:.2f} (n={n:.0f})" for m, n in zip(f["mean"], f["n"], strict=True)],
    )
    others = frame[frame["status"] != disclosure.SHOWN]
    scale = alt.Scale(domain=[1, 5], nice=False)
    dots = (
        alt.Chart(shown)
        .mark_point(size=160, filled=True, opacity=1)
        .encode(
            x=alt.X("mean:Q", scale=scale, title="Mean (1-5)"),
            y=y,
            color=alt.Color("band_label:N", scale=band_scale(), title="Band"),
            shape=alt.Shape("band_label:N", scale=shape_scale(), title="Band"),
            tooltip=tooltip,
        )
    )
    labels = (
        alt.Chart(shown)
        .mark_text(align="left", dx=12, fontSize=12)
        .encode(x="mean:Q", y=y, text="label:N")
    )
    layers = [*band_stripes(bands, scale), dots, labels]
    if len(others):
        layers.append(placeholders(others, y, 1.05, min_size))
    return layers


def configured(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure_axis(labelFont=FONT, titleFont=FONT).configure_legend(orient="bottom")


def only(frame: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """The columns of ``frame`` a chart draws or names: a chart's data travels to the browser
    whole, so it carries nothing it does not use (rule 5)."""
    return frame[[c for c in fields if c in frame.columns]]


# What a chart of means names its rows by, and draws or shows on hover.
ROW_FIELDS = ["dimension_id", "dimension", "group", "round"]
MEAN_FIELDS = [*ROW_FIELDS, "mean", "n", "sd", "favourable_pct", "band"]


def placeholders(rows: pd.DataFrame, y: alt.Y, x: float, min_size: int) -> alt.Chart:
    """Italic grey text standing in for rows that are hidden or have no data."""
    text = only(rows, [*ROW_FIELDS, "label"]).assign(
        words=[disclosure.status_text(s, min_size) for s in rows["status"]],
        position=x,
    )
    return (
        alt.Chart(text)
        .mark_text(align="left", fontStyle="italic", color="#555555")
        .encode(x=alt.X("position:Q"), y=y, text="words:N")
    )


def mapped(channel: type, field: str, mapping: dict, title: str | None) -> alt.SchemaBase:
    """A colour, shape or dash channel whose values come from a fixed mapping."""
    scale = alt.Scale(domain=list(mapping), range=list(mapping.values()))
    return channel(field, scale=scale, title=title)
