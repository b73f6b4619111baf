"""Altair chart builders: page-ready frames in, charts out; no Streamlit, no store."""

from __future__ import annotations

import json
import textwrap

import altair as alt
import pandas as pd

from carenet_dash import scoring, suppression
from carenet_dash.instrument import Bands
from carenet_dash.present import BAND_LABELS, count

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


def _mean_layers(
    frame: pd.DataFrame, bands: Bands, min_size: int, y: alt.Y, tooltip: list[alt.Tooltip]
) -> list[alt.Chart]:
    """Band stripes, each shown mean as a marked dot labelled "mean (n=..)", and italic text
    where a mean is hidden or missing: the layers of any means-on-the-1..5-scale chart."""
    shown = frame[frame["status"] == suppression.SHOWN].assign(
        band_label=lambda f: f["band"].map(BAND_LABELS),
        label=lambda f: [f"{m:.2f} (n={n:.0f})" for m, n in zip(f["mean"], f["n"], strict=True)],
    )
    others = frame[frame["status"] != suppression.SHOWN]
    scale = alt.Scale(domain=[1, 5], nice=False)
    dots = (
        alt.Chart(shown)
        .mark_point(size=160, filled=True, opacity=1)
        .encode(
            x=alt.X("mean:Q", scale=scale, title="Mean (1-5)"),
            y=y,
            color=alt.Color("band_label:N", scale=_band_scale(), title="Band"),
            shape=alt.Shape("band_label:N", scale=_shape_scale(), title="Band"),
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
        layers.append(_placeholders(others, y, 1.05, min_size))
    return layers


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
        alt.layer(*_mean_layers(card, bands, min_size, y, tooltip))
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
    shown = trend[trend["status"] == suppression.SHOWN].copy()
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
            tooltip=[
                alt.Tooltip("round:N", title="Round"),
                alt.Tooltip("mean:Q", format=".2f", title="Mean"),
                alt.Tooltip("n:Q", title="n"),
                alt.Tooltip("band_label:N", title="Band"),
            ],
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
    rounds = rounds.dropna(subset=["respondents"])
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


# ---------------------------------------------------------------------------------------------
# Compare, dimension and segments pages

# ColorBrewer RdBu (5 classes, colour-blind safe) with a grey middle for the neutral answer.
LIKERT_COLOURS = ["#CA0020", "#F4A582", "#D9D9D9", "#92C5DE", "#0571B0"]
# ColorBrewer PuOr for differences (orange below, purple above), distinct from the bands.
DIVERGING_SCHEME = "purpleorange"
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
HIDDEN_FILL = "#EEEEEE"
NA_COLUMN = 108  # where the not-applicable count is written, right of the 100% mark


def _configured(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure_axis(labelFont=FONT, titleFont=FONT).configure_legend(orient="bottom")


def _placeholders(rows: pd.DataFrame, y: alt.Y, x: float, min_size: int) -> alt.Chart:
    """Italic grey text standing in for rows that are hidden or have no data."""
    text = rows.assign(
        label=[suppression.status_text(s, min_size) for s in rows["status"]],
        position=x,
    )
    return (
        alt.Chart(text)
        .mark_text(align="left", fontStyle="italic", color="#555555")
        .encode(x=alt.X("position:Q"), y=y, text="label:N")
    )


def dumbbell(
    changes: pd.DataFrame, bands: Bands, before: str, after: str, min_size: int
) -> alt.LayerChart:
    """Every dimension's mean in two rounds joined by a line, sorted by change (largest rise
    at the top); the later mean's shape and the text beside it give the verdict."""
    ordered = changes.sort_values("change", ascending=False, na_position="last")
    order = list(ordered["dimension"])
    shown = ordered[ordered["status"] == suppression.SHOWN].assign(
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
    others = ordered[ordered["status"] != suppression.SHOWN]
    if len(others):
        layers.append(_placeholders(others, y, 1.05, min_size))
    # The legend sits below the plot inside the chart's height: leave room for it.
    chart = alt.layer(*layers).properties(height=34 * len(ordered) + 110)
    return _configured(chart)


def item_bars(
    items: pd.DataFrame, labels: list[str], min_size: int, na_label: str = "N/A"
) -> alt.LayerChart:
    """Diverging stacked bars, one per row of ``items`` (label, raw_1..5, pct_1..5,
    not_applicable, status): disagreement left of zero, agreement right, the neutral answer
    split across it; not-applicable answers counted in words apart, right of the bars.
    Tooltips give % and counts."""
    order = list(items["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=420))
    shown = items[items["status"] == suppression.SHOWN]
    pieces = []
    for row in shown.to_dict("records"):
        pcts = [float(row[f"pct_{s}"]) for s in scoring.SCORES]
        # Left edge: everything below neutral plus half of neutral sits left of zero.
        left = -(pcts[0] + pcts[1] + pcts[2] / 2)
        for score, name, pct in zip(scoring.SCORES, labels, pcts, strict=True):
            pieces.append(
                {
                    "label": row["label"],
                    "answer": name,
                    "order": score,
                    "pct": pct,
                    "answers": int(row[f"raw_{score}"]),
                    "start": left,
                    "end": left + pct,
                    "text": f"{pct:.0f}%" if pct >= 8 else "",
                }
            )
            left += pct
    bars = pd.DataFrame(
        pieces, columns=["label", "answer", "order", "pct", "answers", "start", "end", "text"]
    )
    x = alt.X(
        "start:Q",
        scale=alt.Scale(domain=[-100, NA_COLUMN + 40], nice=False),
        title="% of answers on the scale (disagree ← → agree)",
        axis=alt.Axis(
            values=[-100, -75, -50, -25, 0, 25, 50, 75, 100],
            labelExpr="abs(datum.value) + '%'",
        ),
    )
    stacked = alt.Chart(bars).encode(
        y=y,
        tooltip=[
            alt.Tooltip("label:N", title="Statement"),
            alt.Tooltip("answer:N", title="Answer"),
            alt.Tooltip("pct:Q", format=".0f", title="%"),
            alt.Tooltip("answers:Q", title="Answers"),
        ],
    )
    layers = [
        stacked.mark_bar(stroke="white", strokeWidth=0.5).encode(
            x=x,
            x2="end:Q",
            color=alt.Color(
                "answer:N",
                scale=alt.Scale(domain=labels, range=LIKERT_COLOURS),
                sort=labels,
                title=None,
            ),
            order=alt.Order("order:Q"),
        ),
        stacked.mark_text(fontSize=11, color="#111111")
        .encode(x=alt.X("middle:Q"), text="text:N")
        .transform_calculate(middle="(datum.start + datum.end) / 2"),
        alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color="#333333").encode(x="zero:Q"),
    ]
    others = items[items["status"] != suppression.SHOWN]
    if len(others):
        layers.append(_placeholders(others, y, -95, min_size))
    na = items.assign(
        position=NA_COLUMN,
        na_text=[
            f"{na_label}: {count(v)}" if s != suppression.HIDDEN else ""
            for v, s in zip(items["not_applicable"], items["status"], strict=True)
        ],
    )
    layers.append(
        alt.Chart(na)
        .mark_text(align="left", color="#333333")
        .encode(
            x=alt.X("position:Q"),
            y=y,
            text="na_text:N",
            tooltip=[
                alt.Tooltip("label:N", title="Statement"),
                alt.Tooltip("not_applicable:Q", title=na_label),
            ],
        )
    )
    # The legend sits below the bars; leave room for it and the axis title.
    return _configured(alt.layer(*layers).properties(height=34 * len(items) + 140))


def spread_histogram(spread: pd.DataFrame, mean_value: float | None, split: bool) -> alt.Chart:
    """How many respondents' dimension scores fall in each half-point, with the mean marked;
    the title says in words when members are split."""
    title = "Respondents' scores on this dimension"
    if split:
        title += " — members are split: a quarter or more lean each way"
    bars = (
        alt.Chart(spread)
        .mark_bar(color="#4477AA", stroke="white")
        .encode(
            x=alt.X("start:Q", bin="binned", scale=alt.Scale(domain=[1, 5]), title="Score"),
            x2="end:Q",
            y=alt.Y("respondents:Q", title="Respondents", axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("label:N", title="Score"),
                alt.Tooltip("respondents:Q", title="Respondents"),
            ],
        )
    )
    layers = [bars]
    if mean_value is not None and not pd.isna(mean_value):
        marker = pd.DataFrame({"mean": [mean_value], "text": [f"mean {mean_value:.2f}"]})
        rule = alt.Chart(marker).encode(x="mean:Q")
        layers += [
            rule.mark_rule(color="#222222", strokeDash=[4, 3], strokeWidth=2),
            rule.mark_text(align="left", dx=4, dy=-6, baseline="top", color="#222222").encode(
                y=alt.value(0), text="text:N"
            ),
        ]
    return _configured(alt.layer(*layers).properties(height=260, title=title))


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
    frame = cells.assign(
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
        base.transform_filter(alt.datum.status == suppression.SHOWN)
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
    blanks = base.transform_filter(alt.datum.status != suppression.SHOWN).mark_rect(
        stroke="white", strokeWidth=2, color=HIDDEN_FILL
    )
    text = base.mark_text(fontSize=11, lineBreak="\n").encode(
        text="cell:N",
        color=alt.condition(alt.datum.dark, alt.value("white"), alt.value("#111111")),
    )
    chart = alt.layer(rects, blanks, text).properties(height=44 * len(dimensions) + 150)
    return _configured(chart)


def dimension_trend(history: pd.DataFrame, bands: Bands, min_size: int) -> alt.LayerChart:
    """One dimension's mean round by round over band stripes, each point labelled with its
    mean and n; a round whose figure is hidden or empty says so in words."""
    order = list(history["round"])
    scale = alt.Scale(domain=[1, 5], nice=False)
    x = alt.X("round:O", sort=order, title=None, axis=alt.Axis(labelAngle=0))
    shown = history[history["status"] == suppression.SHOWN][["round", "mean", "n", "band"]].assign(
        band_label=lambda f: f["band"].map(BAND_LABELS),
        label=lambda f: [f"{m:.2f} (n={n:.0f})" for m, n in zip(f["mean"], f["n"], strict=True)],
    )
    base = alt.Chart(shown).encode(
        x=x,
        y=alt.Y("mean:Q", scale=scale, title="Mean (1-5)"),
        tooltip=[
            alt.Tooltip("round:N", title="Round"),
            alt.Tooltip("mean:Q", format=".2f", title="Mean"),
            alt.Tooltip("n:Q", title="n"),
            alt.Tooltip("band_label:N", title="Band"),
        ],
    )
    layers = [
        *band_stripes(bands, scale, horizontal=False),
        base.mark_line(color="#4477AA"),
        base.mark_point(size=120, filled=True, opacity=1).encode(
            color=alt.Color("band_label:N", scale=_band_scale(), legend=None),
            shape=alt.Shape("band_label:N", scale=_shape_scale(), title="Band"),
        ),
        base.mark_text(dy=-14, fontSize=12).encode(text="label:N"),
    ]
    others = history[history["status"] != suppression.SHOWN]
    if len(others):
        words = others[["round", "status"]].assign(
            label=[suppression.status_text(s, min_size) for s in others["status"]],
            position=1.3,
        )
        layers.append(
            alt.Chart(words)
            .mark_text(fontStyle="italic", color="#555555")
            .encode(x=x, y=alt.Y("position:Q", scale=scale), text="label:N")
        )
    return _configured(alt.layer(*layers).properties(height=300))


def group_dots(cells: pd.DataFrame, bands: Bands, min_size: int) -> alt.LayerChart:
    """One dimension's mean for each group as a labelled dot over band stripes, with the
    network's mean as a dashed line; hidden and empty groups say so in words."""
    order = list(cells["group"])
    scale = alt.Scale(domain=[1, 5], nice=False)
    y = alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    shown = cells[cells["status"] == suppression.SHOWN].assign(
        label=lambda f: [f"{m:.2f} (n={n:.0f})" for m, n in zip(f["mean"], f["n"], strict=True)]
    )
    layers = [
        *band_stripes(bands, scale),
        alt.Chart(shown)
        .mark_point(size=150, filled=True, color="#4477AA", opacity=1)
        .encode(
            x=alt.X("mean:Q", scale=scale, title="Mean (1-5)"),
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
    others = cells[cells["status"] != suppression.SHOWN]
    if len(others):
        layers.append(_placeholders(others, y, 1.05, min_size))
    return _configured(alt.layer(*layers).properties(height=34 * len(cells) + 60))


# Workshop and exports: distribution, change with its interval, the maturity matrix

# Paul Tol "bright" again: agreed levels in purple (now) and green (target), apart from bands.
LEVEL_COLOURS = {"Now": "#AA3377", "Target": "#228833"}
LEVEL_SHAPES = {"Now": "circle", "Target": "diamond"}
LEVEL_DASHES = {"Now": [1, 0], "Target": [6, 4]}
CHANGE_COLOURS = {
    scoring.CLEAR_RISE: "#4477AA",
    scoring.CLEAR_FALL: "#EE6677",
    scoring.WITHIN_NOISE: "#777777",
}
CHANGE_SHAPES = {
    scoring.CLEAR_RISE: "triangle-right",
    scoring.CLEAR_FALL: "triangle-left",
    scoring.WITHIN_NOISE: "diamond",
}
ANSWER_SIDES = {"unfavourable": "#EE6677", "neutral": "#BBBBBB", "favourable": "#4477AA"}


def _mapped(channel: type, field: str, mapping: dict, title: str | None) -> alt.SchemaBase:
    """A colour, shape or dash channel whose values come from a fixed mapping."""
    scale = alt.Scale(domain=list(mapping), range=list(mapping.values()))
    return channel(field, scale=scale, title=title)


def _levels_axis(names: list[str], title: str) -> alt.Axis:
    """An axis for levels 1..5 labelled on two lines, the number over its name."""
    labels = ", ".join(f"[{str(i)!r}, {name!r}]" for i, name in enumerate(names, start=1))
    return alt.Axis(
        values=[1, 2, 3, 4, 5],
        labelExpr=f"[{labels}][datum.value - 1]",
        title=title,
        labelAngle=0,
        labelFontSize=12,
        labelLimit=110,
    )


def answer_distribution(row: pd.Series) -> alt.LayerChart:
    """One dimension's scored answers (reverse-worded items turned round) as bars 1..5, each
    labelled with its count and share, coloured and named by side."""
    counts = [int(row[f"dist_{s}"]) for s in scoring.SCORES]
    total = sum(counts) or 1
    sides = ["unfavourable", "unfavourable", "neutral", "favourable", "favourable"]
    data = pd.DataFrame(
        {
            "score": [str(s) for s in scoring.SCORES],
            "answers": counts,
            "side": sides,
            "label": [f"{c} ({100 * c / total:.0f}%)" for c in counts],
        }
    )
    x = alt.X(
        "score:O", title="Answer, 1 = least favourable, 5 = most", axis=alt.Axis(labelAngle=0)
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("answers:Q", title="Answers"),
            color=_mapped(alt.Color, "side:N", ANSWER_SIDES, None),
            tooltip=["score:O", "answers:Q", "side:N"],
        )
    )
    text = alt.Chart(data).mark_text(dy=-8, fontSize=12).encode(x=x, y="answers:Q", text="label:N")
    return (
        alt.layer(bars, text)
        .properties(width=360, height=220)
        .configure_axis(labelFont=FONT, titleFont=FONT)
        .configure_legend(orient="bottom")
    )


def change_intervals(card: pd.DataFrame, min_size: int) -> alt.LayerChart:
    """Each dimension's change since the previous round: a dot (shaped by verdict) on its 95%
    interval, against a zero line; hidden or missing changes are said in words."""
    order = list(card["dimension"])
    y = alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    has_change = card["change"].notna() & card["verdict"].isin(list(CHANGE_COLOURS))
    shown = card[has_change].assign(
        label=lambda f: [f"{c:+.2f}" for c in f["change"]],
        right=lambda f: f[["high", "change"]].max(axis=1),
    )
    reach = float(shown[["low", "high"]].abs().max().max()) if len(shown) else 0.5
    reach = max(0.5, round(reach + 0.25, 1))
    scale = alt.Scale(domain=[-reach, reach], nice=False)
    others = card[~has_change].assign(
        label=lambda f: [
            suppression.hidden_text(min_size)
            if s == suppression.HIDDEN
            else (v if isinstance(v, str) and v else "no previous round")
            for s, v in zip(f["status"], f["verdict"], strict=True)
        ],
        position=-reach,
    )
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#333333").encode(x="zero:Q")
    intervals = (
        alt.Chart(shown)
        .mark_rule(strokeWidth=3, color="#999999")
        .encode(
            x=alt.X("low:Q", scale=scale, title="Change in mean, with 95% interval"),
            x2="high:Q",
            y=y,
        )
    )
    dots = (
        alt.Chart(shown)
        .mark_point(size=160, filled=True, opacity=1)
        .encode(
            x=alt.X("change:Q", scale=scale),
            y=y,
            color=_mapped(alt.Color, "verdict:N", CHANGE_COLOURS, "Verdict"),
            shape=_mapped(alt.Shape, "verdict:N", CHANGE_SHAPES, "Verdict"),
            tooltip=[
                alt.Tooltip("dimension:N", title="Dimension"),
                alt.Tooltip("change:Q", format="+.2f", title="Change"),
                alt.Tooltip("low:Q", format="+.2f", title="95% from"),
                alt.Tooltip("high:Q", format="+.2f", title="95% to"),
                alt.Tooltip("verdict:N", title="Verdict"),
            ],
        )
    )
    labels = (
        alt.Chart(shown)
        .mark_text(align="left", dx=10, fontSize=12)
        .encode(x=alt.X("right:Q", scale=scale), y=y, text="label:N")
    )
    layers = [zero, intervals, dots, labels]
    if len(others):
        layers.append(
            alt.Chart(others)
            .mark_text(align="left", fontStyle="italic", color="#555555")
            .encode(x=alt.X("position:Q", scale=scale), y=y, text="label:N")
        )
    return (
        alt.layer(*layers)
        .properties(height=max(160, 34 * len(card)), width=360)
        .configure_axis(labelFont=FONT, titleFont=FONT)
        .configure_legend(orient="bottom")
    )


def _level_points(summary: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(
        [
            summary.assign(which="Now", level=summary["current"]),
            summary.assign(which="Target", level=summary["target"]),
        ],
        ignore_index=True,
    )[["dimension", "which", "level", "current_name", "target_name", "gap"]]


def _level_encoding(field: str) -> dict:
    return {
        "color": _mapped(alt.Color, f"{field}:N", LEVEL_COLOURS, "Agreed level"),
        "shape": _mapped(alt.Shape, f"{field}:N", LEVEL_SHAPES, "Agreed level"),
    }


def matrix_levels(
    summary: pd.DataFrame, level_names: list[str], bands: Bands, min_size: int
) -> alt.HConcatChart:
    """The maturity matrix, biggest gaps first: on the left the level agreed now and the
    target joined by a line and labelled with the gap; on the right, on the same rows, the
    survey mean for that dimension (suppressed as everywhere) over its band stripes."""
    order = list(summary["dimension"])
    y = alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    scale = alt.Scale(domain=[0.8, 5.2], nice=False)
    height = max(160, 40 * len(summary))
    levels = summary.assign(
        right=summary[["current", "target"]].max(axis=1),
        gap_label=[f"gap {g:+d}" if g else "at target" for g in summary["gap"]],
    )
    line = (
        alt.Chart(levels)
        .mark_rule(strokeWidth=3, color="#BBBBBB")
        .encode(
            x=alt.X("current:Q", scale=scale, axis=_levels_axis(level_names, "Agreed level")),
            x2="target:Q",
            y=y,
        )
    )
    points = (
        alt.Chart(_level_points(summary))
        .mark_point(size=170, filled=True, opacity=1)
        .encode(
            x=alt.X("level:Q", scale=scale),
            y=y,
            **_level_encoding("which"),
            tooltip=[
                alt.Tooltip("dimension:N", title="Dimension"),
                alt.Tooltip("which:N", title="Level"),
                alt.Tooltip("level:Q", title="Agreed"),
                alt.Tooltip("gap:Q", title="Gap"),
            ],
        )
    )
    gaps = (
        alt.Chart(levels)
        .mark_text(align="left", dx=12, fontSize=12)
        .encode(x=alt.X("right:Q", scale=scale), y=y, text="gap_label:N")
    )
    left = alt.layer(line, points, gaps).properties(
        width=460, height=height, title="The group's judgement: now and target"
    )
    tooltip = [
        alt.Tooltip("dimension:N", title="Dimension"),
        alt.Tooltip("mean:Q", format=".2f", title="Mean"),
        alt.Tooltip("n:Q", title="n"),
        alt.Tooltip("band_label:N", title="Band"),
    ]
    no_names = alt.Y("dimension:N", sort=order, title=None, axis=None)
    right = alt.layer(*_mean_layers(summary, bands, min_size, no_names, tooltip)).properties(
        width=300, height=height, title="Members' answers: survey mean"
    )
    return (
        alt.hconcat(left, right, spacing=24)
        .resolve_scale(color="independent", shape="independent")
        .configure_axis(labelFont=FONT, titleFont=FONT)
        .configure_legend(orient="bottom")
        .configure_title(font=FONT, fontSize=14, anchor="start")
    )


def matrix_movement(movement: pd.DataFrame, level_names: list[str]) -> alt.FacetChart:
    """Small multiples, one per dimension: the level agreed now (solid) and the target (dashed)
    session by session."""
    long = pd.concat(
        [
            movement.assign(which="Now", level=movement["current"]),
            movement.assign(which="Target", level=movement["target"]),
        ],
        ignore_index=True,
    )[["dimension", "session", "session_order", "which", "level"]]
    order = list(dict.fromkeys(movement.sort_values("session_order")["session"]))
    lines = (
        alt.Chart()
        .mark_line(point=alt.OverlayMarkDef(filled=True, size=70))
        .encode(
            x=alt.X("session:O", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "level:Q",
                scale=alt.Scale(domain=[1, 5], nice=False),
                axis=alt.Axis(values=[1, 2, 3, 4, 5], title="Level"),
            ),
            strokeDash=_mapped(alt.StrokeDash, "which:N", LEVEL_DASHES, "Agreed level"),
            **_level_encoding("which"),
            tooltip=[
                alt.Tooltip("session:N", title="Session"),
                alt.Tooltip("which:N", title="Level"),
                alt.Tooltip("level:Q", title="Agreed"),
            ],
        )
    )
    dimensions = list(dict.fromkeys(movement["dimension"]))
    names = "; ".join(f"{i} {name}" for i, name in enumerate(level_names, start=1))
    return (
        alt.layer(lines, data=long)
        .properties(width=190, height=120)
        .facet(facet=alt.Facet("dimension:N", sort=dimensions, title=None), columns=3)
        .properties(title=alt.TitleParams(f"Levels: {names}", fontSize=13, anchor="start"))
        .configure_axis(labelFont=FONT, titleFont=FONT)
        .configure_legend(orient="bottom")
    )


# ---------------------------------------------------------------------------------------------
# Charts on a shared screen (the Workshop page, the deck, the HTML report): larger text

SCREEN_CONFIG = {
    "axis": {"labelFontSize": 15, "titleFontSize": 15},
    "axisQuantitative": {"tickCount": 5},
    "legend": {"labelFontSize": 15, "titleFontSize": 15},
    "header": {"labelFontSize": 15},
    "title": {"fontSize": 17},
    "text": {"fontSize": 15},
}
SCREEN_TEXT_SIZE = 15
# Larger type needs longer axis labels before they are cut short with an ellipsis.
SCREEN_LABEL_LIMIT = 360
# High contrast: every piece of chart text and every axis line in black.
INK = "#000000"
INK_CONFIG = {
    "axis": {"labelColor": INK, "titleColor": INK, "domainColor": INK, "tickColor": INK},
    "legend": {"labelColor": INK, "titleColor": INK},
    "header": {"labelColor": INK, "titleColor": INK},
    "title": {"color": INK},
}


def screen_spec(spec: object) -> object:
    """A Vega-Lite spec with text marks at screen size and axis label limits raised to fit."""
    if isinstance(spec, dict):
        fixed = {key: screen_spec(value) for key, value in spec.items()}
        if "labelLimit" in fixed:
            fixed["labelLimit"] = max(fixed["labelLimit"], SCREEN_LABEL_LIMIT)
        if fixed.get("type") == "text" and "fontSize" in fixed:
            fixed["fontSize"] = max(fixed["fontSize"], SCREEN_TEXT_SIZE)
        return fixed
    if isinstance(spec, list):
        return [screen_spec(value) for value in spec]
    return spec


def _beneath(defaults: dict, config: dict) -> dict:
    """``config`` with ``defaults`` filled in where it says nothing (one level of sections)."""
    merged = {key: dict(value) for key, value in defaults.items()}
    for key, value in config.items():
        merged[key] = {**merged.get(key, {}), **value} if isinstance(value, dict) else value
    return merged


def for_screen(chart: alt.TopLevelMixin, high_contrast: bool = False) -> dict:
    """The chart's Vega-Lite spec with its text sized for a shared screen, as the deck renders
    it, and in black when ``high_contrast``. A spec, not a chart: rebuilding an Altair chart
    from it would validate every part again (a second or more for the matrix)."""
    spec = screen_spec(chart.to_dict())
    spec["config"] = _beneath(SCREEN_CONFIG, spec.get("config", {}))
    if high_contrast:  # ink wins over the chart's own greys
        spec["config"] = _beneath(spec["config"], INK_CONFIG)
    return spec
