"""Charts of answers as given: diverging bars per statement, the spread of respondents'
scores, and one dimension's answers; each draws the published bins only (answers of too few
people arrive merged with their neighbours, named with the scale's words)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carenet_dash import disclosure
from carenet_dash.charts.common import (
    FONT,
    configured,
    mapped,
    only,
    placeholders,
)
from carenet_dash.present import count

# ColorBrewer RdBu (5 classes, colour-blind safe) with a grey middle for the neutral answer;
# a bin takes the colour of its place on the scale, so any scale (2 to 11 points) fits.
LIKERT_COLOURS = ["#CA0020", "#F4A582", "#D9D9D9", "#92C5DE", "#0571B0"]
NA_COLUMN = 108  # where the not-applicable count is written, right of the 100% mark


def _mix(first: str, second: str, share: float) -> str:
    a = [int(first[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(second[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b, strict=True))


def bin_colour(place: float) -> str:
    """The colour of a point ``place`` of the way up a scale (0 lowest, 1 highest)."""
    place = min(max(place, 0.0), 1.0) * (len(LIKERT_COLOURS) - 1)
    lower = min(int(place), len(LIKERT_COLOURS) - 2)
    return _mix(LIKERT_COLOURS[lower], LIKERT_COLOURS[lower + 1], place - lower)


def _places(bins: list[dict]) -> list[float]:
    """Each bin's centre as a share of the way up its scale (the bins cover the scale)."""
    low, high = float(bins[0]["low"]), float(bins[-1]["high"])
    span = high - low or 1.0
    return [((float(b["low"]) + float(b["high"])) / 2 - low) / span for b in bins]


def item_bars(items: pd.DataFrame, min_size: int, na_label: str = "N/A") -> alt.LayerChart:
    """Diverging stacked bars, one per row of ``items`` (label, bins, not_applicable, status):
    the published bins of answers as given, lower answers left of zero and higher right, a
    bin across the middle split across it; not-applicable answers counted in words apart,
    right of the bars. Tooltips give the answer in words, % and counts."""
    order = list(items["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=420))
    shown = items[items["status"] == disclosure.SHOWN]
    pieces, colours = [], {}
    for row in shown.to_dict("records"):
        bins = list(row["bins"])
        if not bins:
            continue
        # Left edge: the bins below the middle, and the lower part of one across it.
        left = -sum(float(b["pct"]) * float(b["below"]) for b in bins)
        for position, (found, place) in enumerate(zip(bins, _places(bins), strict=True)):
            pct = float(found["pct"])
            colours.setdefault(found["label"], (place, bin_colour(place)))
            pieces.append(
                {
                    "label": row["label"],
                    "answer": found["label"],
                    "order": position,
                    "pct": pct,
                    "answers": int(found["count"]),
                    "start": left,
                    "end": left + pct,
                    "text": f"{pct:.0f}%" if pct >= 8 else "",
                }
            )
            left += pct
    bars = pd.DataFrame(
        pieces, columns=["label", "answer", "order", "pct", "answers", "start", "end", "text"]
    )
    legend = sorted(colours, key=lambda name: colours[name][0])
    x = alt.X(
        "start:Q",
        scale=alt.Scale(domain=[-100, NA_COLUMN + 40], nice=False),
        title="% of answers on the scale (lower ← → higher)",
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
                scale=alt.Scale(domain=legend, range=[colours[n][1] for n in legend]),
                sort=legend,
                title=None,
            ),
            order=alt.Order("order:Q"),
        ),
        stacked.mark_text(fontSize=11, color="#111111")
        .encode(x=alt.X("middle:Q"), text="text:N")
        .transform_calculate(middle="(datum.start + datum.end) / 2"),
        alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color="#333333").encode(x="zero:Q"),
    ]
    others = items[items["status"] != disclosure.SHOWN]
    if len(others):
        layers.append(placeholders(others, y, -95, min_size))
    kept_back = items.get("na_status", items["status"]) == disclosure.HIDDEN
    na = pd.DataFrame(
        {
            "label": items["label"],
            "position": NA_COLUMN,
            "not_applicable": items["not_applicable"].astype("float64"),
            "na_text": [
                f"{na_label}: {count(v)}"
                if not pd.isna(v)
                else (f"{na_label}: {disclosure.hidden_text(min_size)}" if hidden else "")
                for v, hidden in zip(items["not_applicable"], kept_back, strict=True)
            ],
        }
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
    return configured(alt.layer(*layers).properties(height=34 * len(items) + 140))


def spread_histogram(spread: pd.DataFrame, mean_value: float | None, split: bool) -> alt.Chart:
    """How many respondents' dimension scores fall in each published band of scores (bands
    of too few merged), with the mean marked; the title says in words when members are split."""
    title = "Respondents' scores on this dimension"
    if split:
        title += " — members are split: a quarter or more lean each way"
    domain = [float(spread["start"].min()), float(spread["end"].max())]
    data = only(spread, ["start", "end", "label", "respondents"])
    bars = (
        alt.Chart(data)
        .mark_bar(color="#4477AA", stroke="white")
        .encode(
            x=alt.X("start:Q", bin="binned", scale=alt.Scale(domain=domain), title="Score"),
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
    return configured(alt.layer(*layers).properties(height=260, title=title))


ANSWER_SIDES = {
    "unfavourable": "#EE6677",
    "neutral": "#BBBBBB",
    "mixed": "#DDCC77",
    "favourable": "#4477AA",
}


def answer_distribution(row: pd.Series | dict) -> alt.LayerChart:
    """One dimension's scored answers (reverse-worded items turned round) in its published
    bins, named with the scale's words, each labelled with its count and share, coloured and
    named by side (a bin across the middle is "mixed")."""
    bins = list(row["bins"])
    data = pd.DataFrame(
        {
            "answer": [b["label"] for b in bins],
            "answers": [int(b["count"]) for b in bins],
            "side": [b["side"] for b in bins],
            "label": [f"{int(b['count'])} ({float(b['pct']):.0f}%)" for b in bins],
        },
        columns=["answer", "answers", "side", "label"],
    )
    x = alt.X(
        "answer:N",
        sort=list(data["answer"]),
        title="Answer (least favourable left, most favourable right)",
        axis=alt.Axis(labelAngle=0, labelLimit=140),
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("answers:Q", title="Answers"),
            color=mapped(alt.Color, "side:N", ANSWER_SIDES, None),
            tooltip=["answer:N", "answers:Q", "side:N"],
        )
    )
    text = alt.Chart(data).mark_text(dy=-8, fontSize=12).encode(x=x, y="answers:Q", text="label:N")
    return (
        alt.layer(bars, text)
        .properties(width=360, height=220)
        .configure_axis(labelFont=FONT, titleFont=FONT)
        .configure_legend(orient="bottom")
    )
