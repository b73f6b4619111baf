"""Charts of a round and of rounds side by side: the scorecard, the trend, responses per
round, the change between two rounds, and one dimension round by round; every mean on its
dimension's own scale."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from carenet_dash import disclosure, scoring
from carenet_dash.analysis.scales import on_favourable_share, on_latest_scale
from carenet_dash.charts.common import (
    BAND_SHADES,
    FONT,
    PLACEHOLDER_AT,
    Axis,
    axes,
    band_scale,
    band_stripes,
    configured,
    mean_layers,
    only,
    placeholders,
    shape_scale,
    stacked,
    stripes,
)
from carenet_dash.instrument import Bands
from carenet_dash.present import BAND_LABELS

# A round's mean, as every chart of rounds shows it on hover.
ROUND_TOOLTIP = [
    alt.Tooltip("round:N", title="Round"),
    alt.Tooltip("mean:Q", format=".2f", title="Mean"),
    alt.Tooltip("n:Q", title="n"),
    alt.Tooltip("band_label:N", title="Band"),
]


def scorecard(card: pd.DataFrame, min_size: int) -> alt.TopLevelMixin:
    """Each dimension's mean as a marked dot on its own scale over its band stripes, labelled;
    dimensions on different scales (1..7, 0..10) in a panel per scale."""
    tooltip = [
        alt.Tooltip("dimension:N", title="Dimension"),
        alt.Tooltip("mean:Q", format=".2f", title="Mean"),
        alt.Tooltip("n:Q", title="n"),
        alt.Tooltip("sd:Q", format=".2f", title="Spread"),
        alt.Tooltip("favourable_pct:Q", format=".0f", title="Favourable %"),
        alt.Tooltip("band_label:N", title="Band"),
    ]
    groups = axes(card)
    panels = []
    for number, (axis, part) in enumerate(groups):
        y = alt.Y(
            "dimension:N", sort=list(part["dimension"]), title=None, axis=alt.Axis(labelLimit=260)
        )
        # The legend sits below the last panel inside its height: leave room for it.
        room = 90 if number == len(groups) - 1 else 40
        panels.append(
            alt.layer(*mean_layers(part, axis, min_size, y, tooltip)).properties(
                height=34 * len(part) + room
            )
        )
    return configured(stacked(panels))


def _panel_stripes(trend: pd.DataFrame, panels: dict[str, str]) -> pd.DataFrame:
    """Band stripes as rows for every panel of a faceted chart (kind "stripe"), from each
    dimension's latest round's scale and bands.

    A facet needs one data set for all its layers, so the stripes travel in the same frame
    as the lines and each layer filters its own rows.
    """
    rows = []
    latest = trend.drop_duplicates("dimension", keep="last")
    for row in latest.itertuples():
        if math.isnan(row.band_priority):
            continue
        axis = Axis(row.scale_low, row.scale_high)
        for name, low, high in (
            ("priority", axis.low, row.band_priority),
            ("discuss", row.band_priority, row.band_strength),
            ("strength", row.band_strength, axis.high),
        ):
            rows.append(
                {
                    "kind": "stripe",
                    "panel": panels[row.dimension],
                    "start": low,
                    "end": high,
                    "shade": BAND_SHADES[name],
                }
            )
    return pd.DataFrame(rows)


def trend_lines(trend: pd.DataFrame) -> alt.FacetChart:
    """Small multiples: one panel per dimension, its mean round by round over its band
    stripes, on the dimension's own scale (its latest round's; a round asked on another scale
    is left off the line, and is in the table)."""
    latest = trend.drop_duplicates("dimension", keep="last")
    mixed = len(latest[["scale_low", "scale_high"]].drop_duplicates()) > 1
    panels = {
        row.dimension: f"{row.dimension} ({row.scale_low:g}–{row.scale_high:g})"
        if mixed
        else row.dimension
        for row in latest.itertuples()
    }
    shown = trend[(trend["status"] == disclosure.SHOWN) & on_latest_scale(trend)].copy()
    shown["band_label"] = shown["band"].map(BAND_LABELS)
    shown = shown[["dimension", "round", "mean", "n", "band_label"]].assign(
        kind="line", panel=shown["dimension"].map(panels)
    )
    order = list(dict.fromkeys(trend["round"]))
    data = pd.concat([_panel_stripes(trend, panels), shown], ignore_index=True)
    if mixed:  # each panel's range comes from its stripes, which span its scale exactly
        scale = alt.Scale(nice=False, zero=False)
    else:
        scale = Axis(
            float(latest["scale_low"].iloc[0]), float(latest["scale_high"].iloc[0])
        ).scale()
    stripes = (
        alt.Chart()
        .transform_filter(alt.datum.kind == "stripe")
        .mark_rect(opacity=0.8)
        .encode(
            y=alt.Y("start:Q", scale=scale, title="Mean"),
            y2="end:Q",
            color=alt.Color("shade:N", scale=None),
        )
    )
    line = (
        alt.Chart()
        .transform_filter(alt.datum.kind == "line")
        .mark_line(color="#4477AA", point=alt.OverlayMarkDef(filled=True, size=60))
        .encode(
            x=alt.X("round:O", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("mean:Q", scale=scale, title="Mean"),
            tooltip=ROUND_TOOLTIP,
        )
    )
    chart = (
        alt.layer(stripes, line, data=data)
        .properties(width=190, height=120)
        .facet(facet=alt.Facet("panel:N", sort=list(panels.values()), title=None), columns=3)
    )
    if mixed:
        chart = chart.resolve_scale(y="independent")
    return chart.configure_axis(labelFont=FONT, titleFont=FONT)


def responses_per_round(rounds: pd.DataFrame) -> alt.Chart:
    """Bars of respondents per round; a round below the minimum (no count) has no bar, but
    keeps its place on the axis."""
    order = list(rounds["round"])
    rounds = only(rounds.dropna(subset=["respondents"]), ["round", "respondents"])
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


VERDICT_COLOURS = {
    scoring.CLEAR_RISE: "#4477AA",
    scoring.CLEAR_FALL: "#EE6677",
    scoring.WITHIN_NOISE: "#777777",
    scoring.TOO_FEW: "#777777",
}
VERDICT_SHAPES = {
    scoring.CLEAR_RISE: "triangle-right",
    scoring.CLEAR_FALL: "triangle-left",
    scoring.WITHIN_NOISE: "diamond",
    scoring.TOO_FEW: "diamond",
}


def dumbbell(changes: pd.DataFrame, before: str, after: str, min_size: int) -> alt.TopLevelMixin:
    """Every dimension's mean in two rounds joined by a line, sorted by change (largest rise
    at the top); the later mean's shape and the text beside it give the verdict. Dimensions
    on different scales are in a panel per scale; rounds asked on different scales are
    compared on favourable share (0..100, no bands)."""
    groups = axes(changes, share=on_favourable_share(changes))
    panels = []
    for number, (axis, part) in enumerate(groups):
        layers = _dumbbell_layers(part, axis, before, after, min_size)
        # The legend sits below the last panel inside its height: leave room for it.
        room = 110 if number == len(groups) - 1 else 40
        panels.append(alt.layer(*layers).properties(height=34 * len(part) + room))
    return configured(stacked(panels))


def _dumbbell_layers(
    changes: pd.DataFrame, axis: Axis, before: str, after: str, min_size: int
) -> list[alt.Chart]:
    ordered = changes.sort_values("change", ascending=False, na_position="last")
    order = list(ordered["dimension"])
    unit = " points" if axis.share else ""
    fields = ["dimension_id", "dimension", "mean_before", "n_before", "mean_after", "n_after"]
    fields += ["change", "low", "high", "verdict"]
    shown = only(ordered[ordered["status"] == disclosure.SHOWN], fields).assign(
        label=lambda f: [
            f"{row.change:+.{1 if axis.share else 2}f}{unit} {row.verdict} "
            f"(n {row.n_before:.0f}→{row.n_after:.0f})"
            for row in f.itertuples()
        ],
        verdict_shown=lambda f: f["verdict"].fillna(scoring.TOO_FEW),
    )
    scale = axis.scale()
    measure = "favourable %" if axis.share else "mean"
    y = alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("dimension:N", title="Dimension"),
        alt.Tooltip("mean_before:Q", format=".2f", title=f"{before} {measure}"),
        alt.Tooltip("n_before:Q", title=f"{before} n"),
        alt.Tooltip("mean_after:Q", format=".2f", title=f"{after} {measure}"),
        alt.Tooltip("n_after:Q", title=f"{after} n"),
        alt.Tooltip("change:Q", format="+.2f", title="Change"),
        alt.Tooltip("low:Q", format="+.2f", title="Likely range from"),
        alt.Tooltip("high:Q", format="+.2f", title="Likely range to"),
        alt.Tooltip("verdict:N", title="Verdict"),
    ]
    base = alt.Chart(shown).encode(y=y, tooltip=tooltip)
    verdicts = list(VERDICT_COLOURS)
    layers = [
        *stripes(ordered, axis, y),
        base.mark_rule(strokeWidth=3, color="#888888").encode(
            x=alt.X("mean_before:Q", scale=scale, title=axis.title), x2="mean_after:Q"
        ),
        base.mark_point(size=110, filled=False, color="#333333", strokeWidth=2).encode(
            x=alt.X("mean_before:Q", scale=scale)
        ),
        base.mark_point(size=170, filled=True, opacity=1).encode(
            x=alt.X("mean_after:Q", scale=scale),
            color=alt.Color(
                "verdict_shown:N",
                scale=alt.Scale(domain=verdicts, range=list(VERDICT_COLOURS.values())),
                legend=None,  # the shape legend says the same; Streamlit would draw two
            ),
            shape=alt.Shape(
                "verdict_shown:N",
                scale=alt.Scale(domain=verdicts, range=list(VERDICT_SHAPES.values())),
                title=f"Verdict ({after} filled, {before} hollow)",
                legend=alt.Legend(titleLimit=400),
            ),
        ),
        alt.Chart(shown)
        .mark_text(align="left", dx=14, fontSize=12)
        .encode(
            x=alt.X("max_mean:Q", scale=scale),
            y=y,
            text="label:N",
        )
        .transform_calculate(max_mean="max(datum.mean_before, datum.mean_after)"),
    ]
    others = ordered[ordered["status"] != disclosure.SHOWN]
    if len(others):
        layers.append(placeholders(others, y, axis.at(PLACEHOLDER_AT), min_size))
    return layers


def dimension_trend(history: pd.DataFrame, min_size: int) -> alt.LayerChart:
    """One dimension's mean round by round over its band stripes, on its own scale (its
    latest round's), each point labelled with its mean and n; a round whose figure is hidden
    or empty, or that was asked on another scale, says so in words."""
    order = list(history["round"])
    latest = history.iloc[-1]
    axis = Axis(float(latest["scale_low"]), float(latest["scale_high"]))
    scale = axis.scale()
    x = alt.X("round:O", sort=order, title=None, axis=alt.Axis(labelAngle=0))
    on_scale = on_latest_scale(history)
    drawn = (history["status"] == disclosure.SHOWN) & on_scale
    shown = history[drawn][["round", "mean", "n", "band"]].assign(
        band_label=lambda f: f["band"].map(BAND_LABELS),
        label=lambda f: [f"{m:.2f} (n={n:.0f})" for m, n in zip(f["mean"], f["n"], strict=True)],
    )
    base = alt.Chart(shown).encode(
        x=x,
        y=alt.Y("mean:Q", scale=scale, title=axis.title),
        tooltip=ROUND_TOOLTIP,
    )
    bands = Bands(priority=latest["band_priority"], strength=latest["band_strength"])
    layers = [
        *band_stripes(bands, axis, horizontal=False),
        base.mark_line(color="#4477AA"),
        base.mark_point(size=120, filled=True, opacity=1).encode(
            color=alt.Color("band_label:N", scale=band_scale(), legend=None),
            shape=alt.Shape("band_label:N", scale=shape_scale(), title="Band"),
        ),
        base.mark_text(dy=-14, fontSize=12).encode(text="label:N"),
    ]
    others = history[~drawn]
    if len(others):
        words = others[["round", "status"]].assign(
            label=[
                disclosure.status_text(row.status, min_size)
                if row.status != disclosure.SHOWN
                else f"asked on {row.scale_low:g}–{row.scale_high:g}"
                for row in others.itertuples()
            ],
            position=axis.at(0.075),
        )
        layers.append(
            alt.Chart(words)
            .mark_text(fontStyle="italic", color="#555555")
            .encode(x=x, y=alt.Y("position:Q", scale=scale), text="label:N")
        )
    return configured(alt.layer(*layers).properties(height=300))
