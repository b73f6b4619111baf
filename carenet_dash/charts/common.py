"""What every chart shares: the colour-blind-safe palettes, the font, the axis of each
dimension's own scale with its band stripes, marked means, and words standing in for hidden
figures."""

from __future__ import annotations

import math
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Axis:
    """The range a panel draws figures on: a scale's lowest to highest answer (1..5, 0..10),
    or 0..100 for a favourable share."""

    low: float = 1.0
    high: float = 5.0
    share: bool = False

    @property
    def title(self) -> str:
        return "Favourable share (%)" if self.share else f"Mean ({self.low:g}–{self.high:g})"

    @property
    def span(self) -> str:
        return f"{self.low:g}–{self.high:g}"

    def scale(self) -> alt.Scale:
        return alt.Scale(domain=[self.low, self.high], nice=False, zero=False)

    def at(self, share: float) -> float:
        """The point a share of the way along the axis."""
        return self.low + share * (self.high - self.low)


def axes(frame: pd.DataFrame, share: bool = False) -> list[tuple[Axis, pd.DataFrame]]:
    """A frame's rows grouped by the scale their dimension is on (its ``scale_low`` and
    ``scale_high``), in order of first appearance: one panel per scale. A frame without
    scales is on 1..5; favourable shares (``share``) are all on 0..100."""
    if share:
        return [(Axis(0.0, 100.0, share=True), frame)]
    if "scale_low" not in frame or frame.empty:
        return [(Axis(), frame)]
    ends = frame[["scale_low", "scale_high"]]
    known = ends.dropna()
    fallback = tuple(known.iloc[0]) if len(known) else (1.0, 5.0)
    keys = [
        fallback if math.isnan(low) or math.isnan(high) else (low, high)
        for low, high in ends.itertuples(index=False)
    ]
    groups = []
    for key in dict.fromkeys(keys):
        rows = frame[[k == key for k in keys]]
        groups.append((Axis(float(key[0]), float(key[1])), rows))
    return groups


def _stripe_ranges(axis: Axis, priority: float, strength: float) -> list[tuple[str, float, float]]:
    return [
        ("priority", axis.low, priority),
        ("discuss", priority, strength),
        ("strength", strength, axis.high),
    ]


def band_stripes(bands: Bands, axis: Axis, horizontal: bool = True) -> list[alt.Chart]:
    """Background stripes for the priority, discuss and strength ranges of a scale, across
    the whole panel.

    Fixed-colour marks rather than a colour encoding, so they never share a scale (or a legend)
    with the data drawn over them.
    """
    stripes = []
    for name, low, high in _stripe_ranges(axis, bands.priority, bands.strength):
        if horizontal:
            encoding = {"x": alt.datum(low, scale=axis.scale()), "x2": alt.datum(high)}
        else:
            encoding = {"y": alt.datum(low, scale=axis.scale()), "y2": alt.datum(high)}
        base = alt.Chart(pd.DataFrame({"row": [1]}))
        stripes.append(base.mark_rect(color=BAND_SHADES[name], opacity=0.8).encode(**encoding))
    return stripes


def stripes(frame: pd.DataFrame, axis: Axis, y: alt.Y | None = None) -> list[alt.Chart]:
    """Band stripes behind a panel of rows (horizontal means): across the whole panel when its
    rows share bands, else each row's own bands behind that row (on ``y``). None for a
    favourable share, which has no bands."""
    if axis.share or "band_priority" not in frame:
        return []
    bands = frame[["band_priority", "band_strength"]].dropna().drop_duplicates()
    if bands.empty:
        return []
    if len(bands) == 1 or y is None:
        priority, strength = bands.iloc[0]
        return band_stripes(Bands(priority=priority, strength=strength), axis)
    field = y.shorthand.split(":")[0]
    rows = [
        {field: getattr(row, field), "start": low, "end": high, "shade": BAND_SHADES[name]}
        for row in frame.dropna(subset=["band_priority", "band_strength"]).itertuples()
        for name, low, high in _stripe_ranges(axis, row.band_priority, row.band_strength)
    ]
    return [
        alt.Chart(pd.DataFrame(rows))
        .mark_rect(opacity=0.8)
        .encode(
            x=alt.X("start:Q", scale=axis.scale()),
            x2="end:Q",
            y=y,
            color=alt.Color("shade:N", scale=None),
        )
    ]


def stacked(panels: list[alt.Chart]) -> alt.TopLevelMixin:
    """One panel as it is, several (one per scale) one above the other."""
    return panels[0] if len(panels) == 1 else alt.vconcat(*panels, spacing=18)


def mean_layers(
    frame: pd.DataFrame, axis: Axis, min_size: int, y: alt.Y, tooltip: list[alt.Tooltip]
) -> list[alt.Chart]:
    """Band stripes, each shown mean as a marked dot labelled "mean (n=..)", and italic text
    where a mean is hidden or missing: the layers of a panel of means on one scale."""
    shown = only(frame[frame["status"] == disclosure.SHOWN], MEAN_FIELDS).assign(
        band_label=lambda f: f["band"].map(BAND_LABELS),
        label=lambda f: [f"{m:.2f} (n={n:.0f})" for m, n in zip(f["mean"], f["n"], strict=True)],
    )
    others = frame[frame["status"] != disclosure.SHOWN]
    dots = (
        alt.Chart(shown)
        .mark_point(size=160, filled=True, opacity=1)
        .encode(
            x=alt.X("mean:Q", scale=axis.scale(), title=axis.title),
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
    layers = [*stripes(frame, axis, y), dots, labels]
    if len(others):
        layers.append(placeholders(others, y, axis.at(PLACEHOLDER_AT), min_size))
    return layers


PLACEHOLDER_AT = 0.0125  # words for a hidden figure start just inside the axis (1.05 on 1..5)


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
