"""The connection map as a node-link chart: organisations where the stored layout puts them,
sized by how many name them, coloured by type, ties as lines with an arrowhead for direction
(or, comparing rounds, new and lost ties drawn differently)."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from carenet_dash.charts.common import FONT

SIZE = 620  # px: square, so an arrowhead's angle on screen is its angle in the layout
NODE_SIZES = (70, 1400)
# Where along a tie its arrowhead sits: past the middle, clear of the larger nodes.
ARROW_AT = 0.62
LABELS_UP_TO = 45  # more organisations than this: names on hover only, bar the most named
CHANGE_STYLES = {
    "new": ("#228833", [1, 0], 2.6),
    "lost": ("#EE6677", [6, 4], 2.2),
    "kept": ("#BBBBBB", [1, 0], 1.0),
    "tie": ("#999999", [1, 0], 1.0),
}
CHANGE_WORDS = {"new": "New tie", "lost": "Lost tie", "kept": "Tie in both", "tie": "Tie"}
NODE_COLOUR = "#4477AA"
# Paul Tol's "muted" scheme for organisation types.
TYPE_COLOURS = [
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE",
    "#882255", "#44AA99", "#999933", "#AA4499", "#DDDDDD",
]  # fmt: skip


def _geometry(nodes: pd.DataFrame, ties: pd.DataFrame) -> pd.DataFrame:
    """Each tie's ends and its arrowhead (where, and its angle clockwise from up)."""
    at = nodes.set_index("organisation_id")[["x", "y"]]
    start, end = at.reindex(ties["source"]).to_numpy(), at.reindex(ties["target"]).to_numpy()
    found = ties.reset_index(drop=True).assign(
        x=start[:, 0], y=start[:, 1], x2=end[:, 0], y2=end[:, 1]
    )
    found["ax"] = found["x"] + ARROW_AT * (found["x2"] - found["x"])
    found["ay"] = found["y"] + ARROW_AT * (found["y2"] - found["y"])
    found["angle"] = [
        math.degrees(math.atan2(x2 - x, y2 - y)) % 360
        for x, y, x2, y2 in zip(found["x"], found["y"], found["x2"], found["y2"], strict=True)
    ]
    return found.dropna(subset=["x", "y", "x2", "y2"])


def _counts(nodes: pd.DataFrame) -> list[int]:
    """A few whole numbers for the size legend (named-by counts are whole)."""
    top = int(nodes["named_by"].max()) if len(nodes) else 0
    step = max(1, math.ceil(top / 4))
    return list(range(0, top + 1, step)) if top else [0]


def _axis(low: float, high: float) -> alt.Scale:
    return alt.Scale(domain=[low, high], nice=False, zero=False)


def connection_map(
    nodes: pd.DataFrame,
    ties: pd.DataFrame,
    extent: tuple[float, float, float, float],
    *,
    directed: bool = True,
    size: int = SIZE,
) -> alt.LayerChart:
    """The map.

    ``nodes``: organisation_id, name, x, y, named_by, type (or None), tooltip columns
    Organisation, Type, Named by, Names, Respondents, Position, Answered. ``ties``: source,
    target, change (new, lost, kept; or tie). ``extent``: the whole network's x and y range,
    so an organisation is drawn in the same place whichever round is shown.
    """
    low_x, high_x, low_y, high_y = extent
    x_scale, y_scale = _axis(low_x, high_x), _axis(low_y, high_y)
    hidden = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    lines = _geometry(nodes, ties).assign(change_word=lambda f: f["change"].map(CHANGE_WORDS))
    kinds = [k for k in CHANGE_STYLES if k in set(lines["change"])] or ["tie"]
    words = {CHANGE_WORDS[k]: CHANGE_STYLES[k] for k in kinds}
    legend = None if kinds == ["tie"] else alt.Legend(title="Ties", orient="bottom")
    edge = (
        alt.Chart(lines)
        .mark_rule(opacity=0.85)
        .encode(
            x=alt.X("x:Q", scale=x_scale, axis=hidden),
            y=alt.Y("y:Q", scale=y_scale, axis=hidden),
            x2="x2:Q",
            y2="y2:Q",
            color=alt.Color(
                "change_word:N",
                scale=alt.Scale(domain=list(words), range=[w[0] for w in words.values()]),
                legend=legend,
            ),
            strokeDash=alt.StrokeDash(
                "change_word:N",
                scale=alt.Scale(domain=list(words), range=[w[1] for w in words.values()]),
                legend=None,
            ),
            strokeWidth=alt.StrokeWidth(
                "change_word:N",
                scale=alt.Scale(domain=list(words), range=[w[2] for w in words.values()]),
                legend=None,
            ),
        )
    )
    layers: list[alt.Chart] = [edge]
    if directed:
        layers.append(
            alt.Chart(lines)
            .mark_point(shape="triangle-up", filled=True, size=70, opacity=0.9)
            .encode(
                x=alt.X("ax:Q", scale=x_scale, axis=hidden),
                y=alt.Y("ay:Q", scale=y_scale, axis=hidden),
                angle=alt.Angle("angle:Q", scale=None),
                color=alt.Color(
                    "change_word:N",
                    scale=alt.Scale(domain=list(words), range=[w[0] for w in words.values()]),
                    legend=None,
                ),
            )
        )
    typed = nodes["type"].notna().any()
    colour = (
        alt.Color(
            "Type:N",
            scale=alt.Scale(range=TYPE_COLOURS),
            legend=alt.Legend(title="Organisation type", orient="right"),
        )
        if typed
        else alt.value(NODE_COLOUR)
    )
    tooltip = [
        alt.Tooltip(c)
        for c in ("Organisation", "Type", "Named by", "Names", "Respondents", "Position")
        if c in nodes
    ]
    points = nodes.assign(Type=nodes["type"].fillna("Type not given") if typed else "")
    layers.append(
        alt.Chart(points)
        .mark_circle(stroke="#333333", strokeWidth=0.8)
        .encode(
            x=alt.X("x:Q", scale=x_scale, axis=hidden),
            y=alt.Y("y:Q", scale=y_scale, axis=hidden),
            size=alt.Size(
                "named_by:Q",
                scale=alt.Scale(range=list(NODE_SIZES), zero=True),
                legend=alt.Legend(title="Named by", orient="right", values=_counts(nodes)),
            ),
            color=colour,
            opacity=alt.condition("datum.Answered == 'yes'", alt.value(0.95), alt.value(0.45)),
            description="name:N",  # each node's label for screen readers (and tests)
            tooltip=tooltip,
        )
    )
    labelled = points if len(points) <= LABELS_UP_TO else points.nlargest(12, "named_by")
    layers.append(
        alt.Chart(labelled)
        .mark_text(dy=-14, fontSize=11, font=FONT, color="#222222")
        .encode(
            x=alt.X("x:Q", scale=x_scale, axis=hidden),
            y=alt.Y("y:Q", scale=y_scale, axis=hidden),
            text="name:N",
        )
    )
    # Ties and organisations are coloured by different things: a scale each.
    chart = (
        alt.layer(*layers)
        .resolve_scale(color="independent", size="independent")
        .resolve_legend(color="independent", size="independent")
        .properties(width=size, height=size)
    )
    # SVG: each organisation is an element of its own (a screen reader can name it).
    return (
        chart.properties(usermeta={"embedOptions": {"renderer": "svg"}})
        .configure_view(strokeWidth=0)
        .configure_legend(labelFont=FONT, titleFont=FONT)
    )
