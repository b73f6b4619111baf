"""The connection map as a node-link chart: organisations where the stored layout puts them,
sized by how many name them, coloured by type, ties as lines with an arrowhead for direction
(or, comparing rounds, new and lost ties drawn differently)."""

from __future__ import annotations

import math
from collections.abc import Callable

import altair as alt
import pandas as pd

from carenet_dash.charts.common import FONT

SIZE = 620  # px: square, so an arrowhead's angle on screen is its angle in the layout
# The Workshop's map, legends included (width, height): below the step's title and beside its
# words on a 1280 x 720 projector.
SCREEN_SIZE = (620, 420)
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
NO_TYPE = "Type not given"
# Paul Tol's "muted" scheme for organisation types.
TYPE_COLOURS = [
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE",
    "#882255", "#44AA99", "#999933", "#AA4499", "#DDDDDD",
]  # fmt: skip
# The map's data, by name: ties, organisations (the nodes' layer: its marks are drawn with
# class organisations_marks), and the organisations whose names are written beside them.
TIES, NODES, LABELS = "ties", "organisations", "labels"
TOOLTIP = ("Organisation", "Type", "Named by", "Names", "Respondents", "Position")
DIGITS = 5  # of a place on the map: far finer than a pixel, and a smaller spec


def unlimited():
    """Altair's 5,000-row guard lifted while a map becomes a spec (``with unlimited(): ...``):
    a network of 200 organisations has thousands of ties, each a row, and the map needs them
    all."""
    return alt.data_transformers.disable_max_rows()


def _geometry(nodes: pd.DataFrame, ties: pd.DataFrame) -> pd.DataFrame:
    """Each tie's ends, its arrowhead (where, and its angle clockwise from up) and its kind."""
    at = nodes.set_index("organisation_id")[["x", "y"]]
    start, end = at.reindex(ties["source"]).to_numpy(), at.reindex(ties["target"]).to_numpy()
    found = pd.DataFrame(
        {"x": start[:, 0], "y": start[:, 1], "x2": end[:, 0], "y2": end[:, 1]}
    ).assign(change_word=ties["change"].map(CHANGE_WORDS).to_numpy())
    found["ax"] = found["x"] + ARROW_AT * (found["x2"] - found["x"])
    found["ay"] = found["y"] + ARROW_AT * (found["y2"] - found["y"])
    found["angle"] = [
        math.degrees(math.atan2(x2 - x, y2 - y)) % 360
        for x, y, x2, y2 in zip(found["x"], found["y"], found["x2"], found["y2"], strict=True)
    ]
    found = found.dropna(subset=["x", "y", "x2", "y2"]).reset_index(drop=True)
    return found.round(dict.fromkeys(("x", "y", "x2", "y2", "ax", "ay", "angle"), DIGITS))


def frames(nodes: pd.DataFrame, ties: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The map's data by name (TIES, NODES, LABELS): only the columns the chart reads."""
    typed = nodes["type"].notna().any()
    points = pd.DataFrame(
        {
            "name": nodes["name"].astype("object"),
            "x": nodes["x"].round(DIGITS),
            "y": nodes["y"].round(DIGITS),
            "named_by": nodes["named_by"].astype("int64"),
            "colour": nodes["type"].fillna(NO_TYPE) if typed else "",
            "Answered": nodes["Answered"],
            **{column: nodes[column] for column in TOOLTIP if column in nodes},
        }
    )
    labelled = points if len(points) <= LABELS_UP_TO else points.nlargest(12, "named_by")
    return {
        TIES: _geometry(nodes, ties),
        NODES: points,
        LABELS: labelled[["name", "x", "y"]].reset_index(drop=True),
    }


def _counts(named_by: pd.Series) -> list[int]:
    """A few whole numbers for the size legend (named-by counts are whole)."""
    top = int(named_by.max()) if len(named_by) else 0
    step = max(1, math.ceil(top / 4))
    return list(range(0, top + 1, step)) if top else [0]


def _axis(low: float, high: float) -> alt.Scale:
    return alt.Scale(domain=[low, high], nice=False, zero=False)


def _chart(
    data: dict[str, pd.DataFrame],
    source: Callable[[str], object],
    extent: tuple[float, float, float, float],
    directed: bool,
    size: int | tuple[int, int],
) -> alt.LayerChart:
    """The map's layers, each drawing on ``source(name)``: a frame, or a named dataset.
    ``size``: a square's side, or (width, height), in px."""
    low_x, high_x, low_y, high_y = extent
    width, height = size if isinstance(size, tuple) else (size, size)
    hidden = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)

    def place(x: str, y: str) -> dict[str, object]:
        return {
            "x": alt.X(f"{x}:Q", scale=_axis(low_x, high_x), axis=hidden),
            "y": alt.Y(f"{y}:Q", scale=_axis(low_y, high_y), axis=hidden),
        }

    kinds = [k for k in CHANGE_WORDS.values() if k in set(data[TIES]["change_word"])] or ["Tie"]
    styles = {word: CHANGE_STYLES[kind] for kind, word in CHANGE_WORDS.items() if word in kinds}

    def style(channel: type, part: int, legend: alt.Legend | None = None) -> object:
        scale = alt.Scale(domain=list(styles), range=[s[part] for s in styles.values()])
        return channel("change_word:N", scale=scale, legend=legend)

    legend = None if kinds == ["Tie"] else alt.Legend(title="Ties", orient="bottom")
    layers: list[alt.Chart] = [
        # Stroke and fill opacities, never a mark's own opacity: rasterised for a deck, each
        # element with an opacity becomes a layer of its own, and a map of 1,300 ties took 6 s.
        alt.Chart(source(TIES))
        .mark_rule(strokeOpacity=0.85)
        .encode(
            **place("x", "y"),
            x2="x2:Q",
            y2="y2:Q",
            color=style(alt.Color, 0, legend),
            strokeDash=style(alt.StrokeDash, 1),
            strokeWidth=style(alt.StrokeWidth, 2),
        )
    ]
    if directed:
        layers.append(
            alt.Chart(source(TIES))
            .mark_point(shape="triangle-up", filled=True, size=70, fillOpacity=0.9)
            .encode(
                **place("ax", "ay"),
                angle=alt.Angle("angle:Q", scale=None),
                color=style(alt.Color, 0),
            )
        )
    points = data[NODES]
    colour = (
        alt.Color(
            "colour:N",
            scale=alt.Scale(range=TYPE_COLOURS),
            legend=alt.Legend(title="Organisation type", orient="right"),
        )
        if (points["colour"] != "").any()
        else alt.value(NODE_COLOUR)
    )
    kinds_of = {"Named by": "Q", "Names": "Q"}
    layers.append(
        alt.Chart(source(NODES))
        .mark_circle(stroke="#333333", strokeWidth=0.8)
        .encode(
            **place("x", "y"),
            size=alt.Size(
                "named_by:Q",
                scale=alt.Scale(range=list(NODE_SIZES), zero=True),
                legend=alt.Legend(
                    title="Named by", orient="right", values=_counts(points["named_by"])
                ),
            ),
            color=colour,
            fillOpacity=alt.condition("datum.Answered == 'yes'", alt.value(0.95), alt.value(0.45)),
            description="name:N",  # each node's label for screen readers (and tests)
            tooltip=[alt.Tooltip(f"{c}:{kinds_of.get(c, 'N')}") for c in TOOLTIP if c in points],
        )
        .properties(name=NODES)
    )
    layers.append(
        alt.Chart(source(LABELS))
        .mark_text(dy=-14, fontSize=11, font=FONT, color="#222222")
        .encode(**place("x", "y"), text="name:N")
    )
    # Ties and organisations are coloured by different things: a scale each.
    chart = (
        alt.layer(*layers)
        .resolve_scale(color="independent", size="independent")
        .resolve_legend(color="independent", size="independent")
        .properties(width=width, height=height)
    )
    # SVG: each organisation is an element of its own (a screen reader can name it).
    return (
        chart.properties(usermeta={"embedOptions": {"renderer": "svg"}})
        .configure_view(strokeWidth=0)
        .configure_legend(labelFont=FONT, titleFont=FONT)
    )


def connection_map(
    nodes: pd.DataFrame,
    ties: pd.DataFrame,
    extent: tuple[float, float, float, float],
    *,
    directed: bool = True,
    size: int | tuple[int, int] = SIZE,
) -> alt.LayerChart:
    """The map, its data inside it (for images; see ``named_map`` for a page).

    ``nodes``: organisation_id, name, x, y, named_by, type (or None), Answered (yes, no) and
    the tooltip's columns (Organisation, Type, Named by, Names, Respondents, Position).
    ``ties``: source, target, change (new, lost, kept; or tie). ``extent``: the whole
    network's x and y range, so an organisation is drawn in the same place whichever round
    is shown.
    """
    data = frames(nodes, ties)
    return _chart(data, data.__getitem__, extent, directed, size)


def named_map(
    nodes: pd.DataFrame, ties: pd.DataFrame, extent: tuple[float, float, float, float], **how
) -> tuple[alt.LayerChart, dict[str, pd.DataFrame]]:
    """The map drawing on named datasets, and those datasets: a page sends them as Arrow
    beside the spec, rather than as thousands of JSON rows inside it. ``how``: directed and
    size, as for ``connection_map``."""
    data = frames(nodes, ties)
    options = {"directed": True, "size": SIZE, **how}
    return _chart(data, alt.NamedData, extent, options["directed"], options["size"]), data
