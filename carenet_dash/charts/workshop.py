"""Workshop charts: each dimension's change with its interval, and the maturity matrix (the
levels agreed beside the survey, and how they moved)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carenet_dash import disclosure, scoring
from carenet_dash.analysis.scales import on_favourable_share
from carenet_dash.charts.common import (
    FONT,
    Axis,
    axes,
    mapped,
    mean_layers,
    only,
    stacked,
)

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


def change_intervals(card: pd.DataFrame, min_size: int) -> alt.TopLevelMixin:
    """Each dimension's change since the previous round: a dot (shaped by verdict) on its 95%
    interval, against a zero line; hidden or missing changes are said in words. Changes on
    different scales are in a panel per scale (a point on 0..10 is not a point on 1..5)."""
    groups = axes(card, share=on_favourable_share(card))
    panels = [_change_panel(part, axis, min_size) for axis, part in groups]
    return (
        stacked(panels)
        .configure_axis(labelFont=FONT, titleFont=FONT)
        .configure_legend(orient="bottom")
    )


def _change_panel(card: pd.DataFrame, axis: Axis, min_size: int) -> alt.LayerChart:
    order = list(card["dimension"])
    y = alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    has_change = card["change"].notna() & card["verdict"].isin(list(CHANGE_COLOURS))
    shown = only(card[has_change], ["dimension", "change", "low", "high", "verdict"]).assign(
        label=lambda f: [f"{c:+.2f}" for c in f["change"]],
        right=lambda f: f[["high", "change"]].max(axis=1),
    )
    reach = float(shown[["low", "high"]].abs().max().max()) if len(shown) else 0.5
    reach = max(0.5, round(reach + 0.25, 1))
    scale = alt.Scale(domain=[-reach, reach], nice=False)
    title = (
        "Change in favourable share (points), with its likely range"
        if axis.share
        else f"Change in mean ({axis.span}), with its likely range"
    )
    others = only(card[~has_change], ["dimension"]).assign(
        label=[
            disclosure.hidden_text(min_size)
            if s == disclosure.HIDDEN
            else "no data in one of the rounds"
            if s == disclosure.NO_DATA
            else "not asked in both rounds"
            if isinstance(before, str)
            else "no previous round"
            for s, before in zip(
                card.loc[~has_change, "change_status"],
                card.loc[~has_change, "previous_round"],
                strict=True,
            )
        ],
        position=-reach,
    )
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#333333").encode(x="zero:Q")
    intervals = (
        alt.Chart(shown)
        .mark_rule(strokeWidth=3, color="#999999")
        .encode(
            x=alt.X("low:Q", scale=scale, title=title),
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
            color=mapped(alt.Color, "verdict:N", CHANGE_COLOURS, "Verdict"),
            shape=mapped(alt.Shape, "verdict:N", CHANGE_SHAPES, "Verdict"),
            tooltip=[
                alt.Tooltip("dimension:N", title="Dimension"),
                alt.Tooltip("change:Q", format="+.2f", title="Change"),
                alt.Tooltip("low:Q", format="+.2f", title="Likely range from"),
                alt.Tooltip("high:Q", format="+.2f", title="Likely range to"),
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
    return alt.layer(*layers).properties(height=max(160, 34 * len(card)), width=360)


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
        "color": mapped(alt.Color, f"{field}:N", LEVEL_COLOURS, "Agreed level"),
        "shape": mapped(alt.Shape, f"{field}:N", LEVEL_SHAPES, "Agreed level"),
    }


def matrix_levels(
    summary: pd.DataFrame, level_names: list[str], min_size: int
) -> alt.TopLevelMixin:
    """The maturity matrix, biggest gaps first: on the left the level agreed now and the
    target joined by a line and labelled with the gap; on the right, on the same rows, the
    survey mean for that dimension (suppressed as everywhere) over its band stripes, on its
    own scale (dimensions on different scales in a pair of panels per scale)."""
    groups = axes(summary)
    rows = [
        _matrix_pair(part, axis, level_names, min_size, first=number == 0)
        for number, (axis, part) in enumerate(groups)
    ]
    return (
        stacked(rows)
        .configure_axis(labelFont=FONT, titleFont=FONT)
        .configure_legend(orient="bottom")
        .configure_title(font=FONT, fontSize=14, anchor="start")
    )


def _matrix_pair(
    summary: pd.DataFrame, axis: Axis, level_names: list[str], min_size: int, first: bool
) -> alt.HConcatChart:
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
        width=460, height=height, title="The group's judgement: now and target" if first else ""
    )
    tooltip = [
        alt.Tooltip("dimension:N", title="Dimension"),
        alt.Tooltip("mean:Q", format=".2f", title="Mean"),
        alt.Tooltip("n:Q", title="n"),
        alt.Tooltip("band_label:N", title="Band"),
    ]
    no_names = alt.Y("dimension:N", sort=order, title=None, axis=None)
    right = alt.layer(*mean_layers(summary, axis, min_size, no_names, tooltip)).properties(
        width=300, height=height, title="Members' answers: survey mean" if first else ""
    )
    return alt.hconcat(left, right, spacing=24).resolve_scale(
        color="independent", shape="independent"
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
            strokeDash=mapped(alt.StrokeDash, "which:N", LEVEL_DASHES, "Agreed level"),
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
