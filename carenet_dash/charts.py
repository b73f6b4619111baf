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


def _mean_layers(
    frame: pd.DataFrame, bands: Bands, min_size: int, y: alt.Y, tooltip: list[alt.Tooltip]
) -> list[alt.Chart]:
    """Band stripes, each shown mean as a marked dot labelled "mean (n=..)", and italic text
    where a mean is hidden or missing: the layers of any means-on-the-1..5-scale chart."""
    shown = frame[frame["status"] == scoring.SHOWN].assign(
        band_label=lambda f: f["band"].map(BAND_LABELS),
        label=lambda f: [f"{m:.2f} (n={n:.0f})" for m, n in zip(f["mean"], f["n"], strict=True)],
    )
    others = frame[frame["status"] != scoring.SHOWN].assign(
        label=lambda f: [
            scoring.hidden_text(min_size) if s == scoring.HIDDEN else "no data" for s in f["status"]
        ],
        position=1.05,
    )
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
            tooltip=tooltip,
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


# ---------------------------------------------------------------------------------------------
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
            scoring.hidden_text(min_size)
            if s == scoring.HIDDEN
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
    right = (
        alt.layer(*_mean_layers(summary, bands, min_size, no_names, tooltip))
        .resolve_scale(color="independent")
        .properties(width=300, height=height, title="Members' answers: survey mean")
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
