"""Charts of answers as given: diverging bars per statement, the spread of respondents'
scores, and one dimension's answers 1..5."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carenet_dash import scoring, suppression
from carenet_dash.charts.common import (
    FONT,
    configured,
    mapped,
    placeholders,
)
from carenet_dash.present import count

# ColorBrewer RdBu (5 classes, colour-blind safe) with a grey middle for the neutral answer.
LIKERT_COLOURS = ["#CA0020", "#F4A582", "#D9D9D9", "#92C5DE", "#0571B0"]
NA_COLUMN = 108  # where the not-applicable count is written, right of the 100% mark


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
        layers.append(placeholders(others, y, -95, min_size))
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
    return configured(alt.layer(*layers).properties(height=34 * len(items) + 140))


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
    return configured(alt.layer(*layers).properties(height=260, title=title))


ANSWER_SIDES = {"unfavourable": "#EE6677", "neutral": "#BBBBBB", "favourable": "#4477AA"}


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
            color=mapped(alt.Color, "side:N", ANSWER_SIDES, None),
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
