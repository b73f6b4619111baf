"""A self-contained HTML report of a round: charts embedded, nothing fetched, all text escaped."""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable
from contextvars import ContextVar

import altair as alt
import pandas as pd

from carenet_dash import analysis, charts, disclosure, present
from carenet_dash.exports import connections
from carenet_dash.exports.report import (
    PROMPT_LINE,
    Report,
    dimension_text,
    long_date,
    responses_line,
    session_line,
    svg,
)
from carenet_dash.present import columns, follow_up
from carenet_dash.present import story as present_story

CHANGE_COLUMNS = [
    "Dimension",
    columns.RESPONSES_BEFORE,
    columns.RESPONSES,
    "Mean",
    columns.CHANGE,
    columns.LIKELY_RANGE,
    "Verdict",
]

# System fonts only: the report must look right with no network.
STYLE = """
:root { color-scheme: light; }
body { font-family: "Source Sans Pro", Arial, "Liberation Sans", sans-serif; font-size: 18px;
  line-height: 1.45; color: #111; background: #fff; margin: 0 auto; max-width: 72rem;
  padding: 1.5rem; }
h1 { font-size: 2.2rem; margin: 0 0 .3rem; }
h2 { font-size: 1.6rem; margin-top: 2.5rem; border-bottom: 3px solid #4477AA; }
h3 { font-size: 1.2rem; margin-bottom: .3rem; }
.prompt { font-size: 1.3rem; font-style: italic; }
.big { font-size: 2.6rem; font-weight: 700; margin: .2rem 0; }
.band { font-size: 1.4rem; margin-left: .8rem; font-weight: 400; }
.muted { color: #444; }
table { border-collapse: collapse; margin: .8rem 0; width: 100%; }
th, td { border: 1px solid #999; padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: #E2EAF3; }
img { max-width: 100%; height: auto; display: block; margin: .8rem 0; }
nav ol { columns: 2; }
blockquote { margin: .5rem 0; padding: .4rem .8rem; border-left: 4px solid #4477AA;
  background: #F4F6F9; white-space: pre-wrap; }
.overdue { font-weight: 700; }
section { break-inside: avoid-page; }
/* Print to PDF: a clean A4 document, each part on its own page, nothing cut in half. */
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  body { font-size: 11pt; max-width: none; padding: 0; }
  nav { display: none; }
  h1 { font-size: 20pt; } h2 { font-size: 15pt; margin-top: 0; } h3 { font-size: 12pt; }
  .big { font-size: 24pt; }
  section { break-before: page; break-inside: auto; }
  #story { break-before: auto; }
  h2, h3 { break-after: avoid; }
  img { max-height: 150mm; width: auto; max-width: 100%; break-inside: avoid; }
  table { font-size: 9.5pt; page-break-inside: auto; }
  tr, blockquote, li { break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: #E2EAF3 !important; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


# Images wait for their charts until the whole document is written, so the charts render
# side by side (report.svg starts each at once): a marker holds each one's place.
_WAITING: ContextVar[list | None] = ContextVar("report_images_waiting", default=None)
_MARKER = "<!--chart {}-->"


def _img(data: str, alt_text: str) -> str:
    encoded = base64.b64encode(data.encode("utf-8")).decode("ascii")
    return f'<img alt="{esc(alt_text)}" src="data:image/svg+xml;base64,{encoded}">'


def image(chart: alt.TopLevelMixin, alt_text: str) -> str:
    """A chart as an <img> holding its SVG as a data URI: no script can run from it."""
    rendering = svg(chart)
    waiting = _WAITING.get()
    if waiting is None:
        return _img(rendering.result(), alt_text)
    waiting.append((rendering, alt_text))
    return _MARKER.format(len(waiting) - 1)


def table(frame: pd.DataFrame, caption: str | None = None) -> str:
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    title = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def _header(report: Report) -> str:
    r = report.round
    return (
        f"<header><h1>{esc(report.network.name)}</h1>"
        f"<p><strong>Round {esc(r.label)}</strong> · fielded {esc(long_date(r.fielded_on))} · "
        f"{esc(responses_line(report))} · {esc(report.instrument.name)} "
        f"(version {report.instrument.version})</p>"
        f'<p class="prompt">{esc(PROMPT_LINE)}</p>'
        f'<p class="muted">{esc(disclosure.never_shown(report.min_size))}: '
        f"“{esc(report.hidden)}” marks them, and “no data” means nobody answered. "
        f"Prepared {esc(long_date(report.prepared_on))}.</p></header>"
    )


def _contents(report: Report) -> str:
    items = [("story", "What changed"), ("scorecard", "Overview scorecard")]
    items += [(f"dimension-{d.id}", d.name) for d in report.instrument.dimensions]
    items += [
        ("changes", "Changes since the last round"),
        *([(connections.SECTION_ID, connections.TITLE)] if report.connections else []),
        ("trend", "Trend over every round"),
        ("matrix", "Maturity matrix"),
        ("actions", "Agreed actions"),
    ]
    links = "".join(f'<li><a href="#{esc(i)}">{esc(t)}</a></li>' for i, t in items)
    return f'<nav aria-label="Contents"><ol>{links}</ol></nav>'


def _story(report: Report) -> str:
    lines = present_story.story_texts(list(report.story)) or [present_story.NO_STORY]
    return (
        '<section id="story"><h2>What changed</h2>'
        + _list(lines)
        + "<p>Each dimension's change since the previous round, beside its largest clear "
        "change since any earlier round. A change is clear only when its likely range (the "
        "95% interval) leaves out zero.</p>"
        + table(present_story.story_table(report.card, report.min_size))
        + "</section>"
    )


def _trend(report: Report) -> str:
    parts = ['<section id="trend"><h2>Trend over every round</h2>']
    if report.trend["round"].nunique() < 2:
        parts.append("<p>The trend shows from the network's second round.</p>")
    else:
        parts.append(
            image(
                charts.trend_lines(report.trend),
                "Each dimension's mean round by round, one small chart per dimension.",
            )
        )
        parts.append(table(present.trend_table(report.trend, report.min_size)))
    return "".join(parts) + "</section>"


def _comments(report: Report, dimension_id: str) -> str:
    if report.comments_refused:
        return ""
    found = report.dimension_comments(dimension_id)
    if not found:
        return ""
    quotes = "".join(
        f"<blockquote>{'📌 ' if pinned else ''}{esc(text)}</blockquote>" for text, pinned in found
    )
    return "<h3>In members' words</h3>" + quotes


def _scorecard(report: Report) -> str:
    chart = charts.scorecard(report.card, report.min_size)
    return (
        '<section id="scorecard"><h2>Overview scorecard</h2>'
        + image(chart, "Each dimension's mean on the 1 to 5 scale, with n, over band stripes.")
        + table(present.scorecard_table(report.card, report.min_size))
        + "</section>"
    )


def _actions_list(frame: pd.DataFrame, heading: str, min_size: int) -> str:
    if frame.empty:
        return ""
    lines = [
        f"{a.what} — {a.owner or 'no owner yet'} · "
        f"{follow_up.status_text(a.status, follow_up.is_overdue(a))}"
        + (f" · due {present.day(a.due_on)}" if not pd.isna(a.due_on) else "")
        + (
            f" · did it move? {follow_up.moved_text(a, min_size)}"
            if isinstance(getattr(a, "moved_status", None), str)
            else ""
        )
        for a in frame.itertuples()
    ]
    return f"<h3>{esc(heading)}</h3>" + _list(lines)


def _dimension(report: Report, number: int) -> str:
    dimension, row = report.dimensions()[number]
    text = dimension_text(report, row)
    parts = [
        f'<section id="dimension-{esc(dimension.id)}"><h2>{number + 1}. {esc(dimension.name)}</h2>',
        f'<p class="big">{esc(text.mean)}<span class="band">{esc(text.band)}</span></p>',
        f"<p>{esc(text.detail)}</p>",
        f"<p>{esc(text.change)}</p>",
    ]
    if text.split:
        parts.append("<p><strong>Members are split on this dimension.</strong></p>")
    if dimension.description:
        parts.append(f'<p class="muted">{esc(dimension.description)}</p>')
    if row["status"] == "shown":
        parts.append(
            image(
                charts.answer_distribution(row),
                f"How members answered the statements on {dimension.name}, in the scale's words.",
            )
        )
    parts.append(_comments(report, dimension.id))
    if dimension.prompts:
        parts.append("<h3>For discussion</h3>" + _list(dimension.prompts))
    parts.append(
        _actions_list(
            analysis.for_dimension(report.previous_actions, dimension.id),
            "What we agreed last time",
            report.min_size,
        )
    )
    parts.append(
        _actions_list(
            analysis.for_dimension(report.actions, dimension.id),
            "Agreed this round",
            report.min_size,
        )
    )
    return "".join(parts) + "</section>"


def _changes(report: Report) -> str:
    parts = ['<section id="changes"><h2>Changes since the last round</h2>']
    if report.previous is None:
        parts.append("<p>This is the network's first round: changes show from the second.</p>")
    else:
        parts.append(
            f"<p>{esc(report.previous.label)} → {esc(report.round.label)}. A change is clear "
            "only when its likely range (the 95% interval) leaves out zero; otherwise it is "
            "within noise.</p>"
        )
        parts.append(
            image(
                charts.change_intervals(report.card, report.min_size),
                "Each dimension's change in mean since the last round, with its likely range.",
            )
        )
        parts.append(table(present.scorecard_table(report.card, report.min_size)[CHANGE_COLUMNS]))
    return "".join(parts) + "</section>"


def _matrix(report: Report) -> str:
    parts = ['<section id="matrix"><h2>Maturity matrix</h2>', f"<p>{esc(session_line(report))}</p>"]
    names = report.instrument.maturity.level_names
    if not report.matrix.empty:
        parts.append(
            "<p>The levels the group agreed, biggest gaps first, beside the survey mean for "
            "the same dimension. “Members vs group” flags a step or more between them: a "
            "question to ask, not a finding.</p>"
        )
        parts.append(
            image(
                charts.matrix_levels(report.matrix, names, report.min_size),
                "Agreed current and target level per dimension beside the survey mean.",
            )
        )
        parts.append(table(present.matrix_table(report.matrix, names, report.min_size)))
    if report.movement["session_id"].nunique() > 1:
        parts.append("<h3>How the agreed levels moved</h3>")
        parts.append(
            image(
                charts.matrix_movement(report.movement, names),
                "Agreed current and target levels per dimension, session by session.",
            )
        )
    return "".join(parts) + "</section>"


def _actions(report: Report) -> str:
    parts = ['<section id="actions"><h2>Agreed actions</h2>']
    if report.actions.empty:
        parts.append("<p>No actions have been recorded for this round yet.</p>")
    else:
        parts.append(table(present.actions_table(report.actions), "Agreed this round"))
    carried = report.previous_actions
    if not carried.empty:
        parts.append(
            table(
                present.actions_table(carried, with_round=True, min_size=report.min_size),
                "Agreed before",
            )
        )
    return "".join(parts) + "</section>"


def render(report: Report) -> str:
    """The whole report as one HTML document."""
    waiting: list = []
    token = _WAITING.set(waiting)
    try:
        document = _document(report)
    finally:
        _WAITING.reset(token)
    for number, (rendering, alt_text) in enumerate(waiting):
        document = document.replace(_MARKER.format(number), _img(rendering.result(), alt_text))
    return document


def _document(report: Report) -> str:
    title = f"{report.network.name}: round {report.round.label}"
    body = [
        _header(report),
        _contents(report),
        _story(report),
        _scorecard(report),
        *(_dimension(report, i) for i in range(len(report.instrument.dimensions))),
        _changes(report),
        connections.html_section(report, esc=esc, image=image, table=table),
        _trend(report),
        _matrix(report),
        _actions(report),
        '<footer class="muted"><p>Made with CareNet Dash. This report holds no personal data '
        "and no group smaller than the network's minimum.</p></footer>",
    ]
    return (
        '<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
        + "".join(body)
        + "</body></html>\n"
    )
