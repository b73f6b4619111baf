"""Charts on a shared screen (the Workshop page, the deck, the HTML report): larger text, and
black ink for the high-contrast theme."""

from __future__ import annotations

import altair as alt

# Every piece of chart text at least 16 px and near-black: read from the back of a room.
SCREEN_TEXT_SIZE = 16
SCREEN_INK = "#222222"
SCREEN_CONFIG = {
    "axis": {
        "labelFontSize": SCREEN_TEXT_SIZE,
        "titleFontSize": SCREEN_TEXT_SIZE,
        "labelColor": SCREEN_INK,
        "titleColor": SCREEN_INK,
    },
    "axisQuantitative": {"tickCount": 5},
    "legend": {
        "labelFontSize": SCREEN_TEXT_SIZE,
        "titleFontSize": SCREEN_TEXT_SIZE,
        "labelColor": SCREEN_INK,
        "titleColor": SCREEN_INK,
    },
    "header": {"labelFontSize": SCREEN_TEXT_SIZE, "titleFontSize": SCREEN_TEXT_SIZE},
    "title": {"fontSize": 18, "color": SCREEN_INK},
    "text": {"fontSize": SCREEN_TEXT_SIZE},
}
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
    """A Vega-Lite spec with every text at least screen size and axis label limits raised
    to fit."""
    if isinstance(spec, dict):
        fixed = {key: screen_spec(value) for key, value in spec.items()}
        if "labelLimit" in fixed:
            fixed["labelLimit"] = max(fixed["labelLimit"], SCREEN_LABEL_LIMIT)
        # Any size a chart set for itself (a text mark, an axis, a title) is raised too.
        for size in ("fontSize", "labelFontSize", "titleFontSize"):
            if isinstance(fixed.get(size), int | float):
                fixed[size] = max(fixed[size], SCREEN_TEXT_SIZE)
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
