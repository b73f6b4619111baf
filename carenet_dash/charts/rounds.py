"""Charts of a round and of rounds side by side: the scorecard, the trend, responses per
round, the change between two rounds, and one dimension round by round."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carenet_dash import disclosure, scoring
from carenet_dash.charts.common import (
    BAND_SHADES,
    FONT,
    band_scale,
    band_stripes,
    configured,
    mean_layers,
    only,
    placeholders,
    shape_scale,
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


def scorecard(card: pd.DataFrame, bands: Bands, min_size: int) -> alt.LayerChart:
    """Each dimension's mean as a marked dot on the 1..5 scale over band stripes, labelled."""
    order = list(card["dimension"])
    y = alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("dimension:N", title="Dimension"),
        alt.Tooltip("mean:Q", format=".2f", title="Mean"),
        alt.Tooltip("n:Q", title="n"),
        alt.Tooltip("sd:Q", format=".2f", title="Spread (sd)"),
        alt.Tooltip("favourable_pct:Q", format=".0f", title="Favourable %"),
        alt.Tooltip("band_label:N", title="Band"),
    ]
    return (
        alt.layer(*mean_layers(card, bands, min_size, y, tooltip))
        # The legend sits below the plot inside the chart's height: leave room for it.
        .properties(height=34 * len(card) + 90)
        .configure_axis(labelFont=FONT, titleFont=FONT)
        .configure_legend(orient="bottom")
    )


def _panel_stripes(bands: Bands, dimensions: list[str]) -> pd.DataFrame:
    """Band stripes as rows for every panel of a faceted chart (kind "stripe").

    A facet needs one data set for all its layers, so the stripes travel in the same frame
    as the lines and each layer filters its own rows.
    """
    rows = []
    for dimension in dimensions:
        for name, low, high in (
            ("priority", 1.0, bands.priority),
            ("discuss", bands.priority, bands.strength),
            ("strength", bands.strength, 5.0),
        ):
            rows.append(
                {
                    "kind": "stripe",
                    "dimension": dimension,
                    "start": low,
                    "end": high,
                    "shade": BAND_SHADES[name],
                }
            )
    return pd.DataFrame(rows)


def trend_lines(trend: pd.DataFrame, bands: Bands) -> alt.FacetChart:
    """Small multiples: one panel per dimension, its mean round by round over band stripes."""
    shown = trend[trend["status"] == disclosure.SHOWN].copy()
    shown["band_label"] = shown["band"].map(BAND_LABELS)
    shown = shown[["dimension", "round", "mean", "n", "band_label"]].assign(kind="line")
    order = list(dict.fromkeys(trend["round"]))
    dimensions = list(dict.fromkeys(trend["dimension"]))
    data = pd.concat([_panel_stripes(bands, dimensions), shown], ignore_index=True)
    scale = alt.Scale(domain=[1, 5], nice=False)
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
    return (
        alt.layer(stripes, line, data=data)
        .properties(width=190, height=120)
        .facet(facet=alt.Facet("dimension:N", sort=dimensions, title=None), columns=3)
        .configure_axis(labelFont=FONT, titleFont=FONT)
    )


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


def dumbbell(
    changes: pd.DataFrame, bands: Bands, before: str, after: str, min_size: int
) -> alt.LayerChart:
    """Every dimension's mean in two rounds joined by a line, sorted by change (largest rise
    at the top); the later mean's shape and the text beside it give the verdict."""
    ordered = changes.sort_values("change", ascending=False, na_position="last")
    order = list(ordered["dimension"])
    fields = ["dimension_id", "dimension", "mean_before", "n_before", "mean_after", "n_after"]
    fields += ["change", "low", "high", "verdict"]
    shown = only(ordered[ordered["status"] == disclosure.SHOWN], fields).assign(
        label=lambda f: [
            f"{row.change:+.2f} {row.verdict} (n {row.n_before:.0f}→{row.n_after:.0f})"
            for row in f.itertuples()
        ],
        verdict_shown=lambda f: f["verdict"].fillna(scoring.TOO_FEW),
    )
    scale = alt.Scale(domain=[1, 5], nice=False)
    y = alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("dimension:N", title="Dimension"),
        alt.Tooltip("mean_before:Q", format=".2f", title=f"{before} mean"),
        alt.Tooltip("n_before:Q", title=f"{before} n"),
        alt.Tooltip("mean_after:Q", format=".2f", title=f"{after} mean"),
        alt.Tooltip("n_after:Q", title=f"{after} n"),
        alt.Tooltip("change:Q", format="+.2f", title="Change"),
        alt.Tooltip("low:Q", format="+.2f", title="95% interval from"),
        alt.Tooltip("high:Q", format="+.2f", title="95% interval to"),
        alt.Tooltip("verdict:N", title="Verdict"),
    ]
    base = alt.Chart(shown).encode(y=y, tooltip=tooltip)
    verdicts = list(VERDICT_COLOURS)
    layers = [
        *band_stripes(bands, scale),
        base.mark_rule(strokeWidth=3, color="#888888").encode(
            x=alt.X("mean_before:Q", scale=scale, title="Mean (1-5)"), x2="mean_after:Q"
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
        layers.append(placeholders(others, y, 1.05, min_size))
    # The legend sits below the plot inside the chart's height: leave room for it.
    chart = alt.layer(*layers).properties(height=34 * len(ordered) + 110)
    return configured(chart)


def dimension_trend(history: pd.DataFrame, bands: Bands, min_size: int) -> alt.LayerChart:
    """One dimension's mean round by round over band stripes, each point labelled with its
    mean and n; a round whose figure is hidden or empty says so in words."""
    order = list(history["round"])
    scale = alt.Scale(domain=[1, 5], nice=False)
    x = alt.X("round:O", sort=order, title=None, axis=alt.Axis(labelAngle=0))
    shown = history[history["status"] == disclosure.SHOWN][["round", "mean", "n", "band"]].assign(
        band_label=lambda f: f["band"].map(BAND_LABELS),
        label=lambda f: [f"{m:.2f} (n={n:.0f})" for m, n in zip(f["mean"], f["n"], strict=True)],
    )
    base = alt.Chart(shown).encode(
        x=x,
        y=alt.Y("mean:Q", scale=scale, title="Mean (1-5)"),
        tooltip=ROUND_TOOLTIP,
    )
    layers = [
        *band_stripes(bands, scale, horizontal=False),
        base.mark_line(color="#4477AA"),
        base.mark_point(size=120, filled=True, opacity=1).encode(
            color=alt.Color("band_label:N", scale=band_scale(), legend=None),
            shape=alt.Shape("band_label:N", scale=shape_scale(), title="Band"),
        ),
        base.mark_text(dy=-14, fontSize=12).encode(text="label:N"),
    ]
    others = history[history["status"] != disclosure.SHOWN]
    if len(others):
        words = others[["round"]].assign(
            label=[disclosure.status_text(s, min_size) for s in others["status"]],
            position=1.3,
        )
        layers.append(
            alt.Chart(words)
            .mark_text(fontStyle="italic", color="#555555")
            .encode(x=x, y=alt.Y("position:Q", scale=scale), text="label:N")
        )
    return configured(alt.layer(*layers).properties(height=300))
