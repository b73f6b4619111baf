"""Charts by group: the dimension x group heatmap and one dimension's groups as dots."""

from __future__ import annotations

import json
import textwrap

import altair as alt
import pandas as pd

from carenet_dash import disclosure
from carenet_dash.charts.common import (
    PLACEHOLDER_AT,
    axes,
    configured,
    only,
    placeholders,
    stripes,
)

# ColorBrewer PuOr for differences (orange below, purple above), distinct from the bands.
DIVERGING_SCHEME = "purpleorange"
HIDDEN_FILL = "#EEEEEE"


def _wrapped_top_axis(labels: list[str], width: int = 14) -> alt.Axis:
    """A top axis whose long labels break over lines (a Vega label that is an array is drawn
    as lines). Lines grow downwards, so the padding lifts them clear of the plot."""
    lines = {label: textwrap.wrap(label, width) or [label] for label in labels}
    most = max((len(v) for v in lines.values()), default=1)
    return alt.Axis(
        labelAngle=0,
        labelOverlap=False,
        orient="top",
        labelExpr=f"{json.dumps(lines)}[datum.label] || datum.label",
        labelPadding=4 + 11 * (most - 1),
    )


def segment_heatmap(cells: pd.DataFrame, legend: str, limit: float = 1.0) -> alt.LayerChart:
    """Dimension x group cells coloured on a diverging scale centred on zero (``shade``:
    difference from the network mean, or change), each with its text ``label``; hidden and
    empty cells are pale grey and say so in words."""
    dimensions = list(dict.fromkeys(cells["dimension"]))
    groups = list(dict.fromkeys(cells["group"]))
    frame = only(cells, ["dimension", "group", "status", "label", "shade"]).assign(
        shade_clipped=lambda f: f["shade"].clip(-limit, limit),
        dark=lambda f: f["shade"].abs() > 0.7 * limit,
        cell=lambda f: f["label"].str.replace(" (", "\n(").str.replace(" responses", "\nresponses"),
    )
    x = alt.X(
        "group:N",
        sort=groups,
        title=None,
        axis=_wrapped_top_axis(groups),
    )
    y = alt.Y("dimension:N", sort=dimensions, title=None, axis=alt.Axis(labelLimit=260))
    base = alt.Chart(frame).encode(
        x=x,
        y=y,
        tooltip=[
            alt.Tooltip("dimension:N", title="Dimension"),
            alt.Tooltip("group:N", title="Group"),
            alt.Tooltip("label:N", title="Value"),
        ],
    )
    # Two rect layers: a quantitative colour scale drops NaN cells, and hidden ones must show.
    rects = (
        base.transform_filter(alt.datum.status == disclosure.SHOWN)
        .mark_rect(stroke="white", strokeWidth=2)
        .encode(
            color=alt.Color(
                "shade_clipped:Q",
                scale=alt.Scale(
                    scheme=DIVERGING_SCHEME, domain=[-limit, limit], domainMid=0, reverse=True
                ),
                title=legend,
            )
        )
    )
    blanks = base.transform_filter(alt.datum.status != disclosure.SHOWN).mark_rect(
        stroke="white", strokeWidth=2, color=HIDDEN_FILL
    )
    text = base.mark_text(fontSize=11, lineBreak="\n").encode(
        text="cell:N",
        color=alt.condition(alt.datum.dark, alt.value("white"), alt.value("#111111")),
    )
    chart = alt.layer(rects, blanks, text).properties(height=44 * len(dimensions) + 150)
    return configured(chart)


def group_dots(cells: pd.DataFrame, min_size: int) -> alt.LayerChart:
    """One dimension's mean for each group as a labelled dot over its band stripes, on its
    own scale, with the network's mean as a dashed line; hidden and empty groups say so in
    words."""
    order = list(cells["group"])
    axis = axes(cells)[0][0]  # one dimension: one scale
    scale = axis.scale()
    y = alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    shown = only(cells[cells["status"] == disclosure.SHOWN], ["group", "mean", "n"]).assign(
        label=lambda f: [f"{m:.2f} (n={n:.0f})" for m, n in zip(f["mean"], f["n"], strict=True)]
    )
    layers = [
        *stripes(cells, axis),
        alt.Chart(shown)
        .mark_point(size=150, filled=True, color="#4477AA", opacity=1)
        .encode(
            x=alt.X("mean:Q", scale=scale, title=axis.title),
            y=y,
            tooltip=[
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("mean:Q", format=".2f", title="Mean"),
                alt.Tooltip("n:Q", title="n"),
            ],
        ),
        alt.Chart(shown)
        .mark_text(align="left", dx=10, fontSize=12)
        .encode(x="mean:Q", y=y, text="label:N"),
    ]
    network_mean = cells["network_mean"].dropna()
    if len(network_mean):
        mean_value = float(network_mean.iloc[0])
        marker = pd.DataFrame({"mean": [mean_value], "text": [f"network {mean_value:.2f}"]})
        rule = alt.Chart(marker).encode(x=alt.X("mean:Q", scale=scale))
        layers += [
            rule.mark_rule(strokeDash=[4, 3], color="#222222"),
            rule.mark_text(align="left", dx=4, dy=-4, baseline="bottom").encode(
                y=alt.value(0), text="text:N"
            ),
        ]
    others = cells[cells["status"] != disclosure.SHOWN]
    if len(others):
        layers.append(placeholders(others, y, axis.at(PLACEHOLDER_AT), min_size))
    return configured(alt.layer(*layers).properties(height=34 * len(cells) + 60))
