"""What every export of a round shows, gathered once from analysis (published figures only)."""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import pandas as pd
import vl_convert
from sqlalchemy import Engine

from carenet_dash import analysis, disclosure, present, workshop
from carenet_dash.analysis import comment_topics, follow_up, story
from carenet_dash.analysis.story import StoryLine
from carenet_dash.charts import SCREEN_CONFIG, screen_spec
from carenet_dash.errors import CareNetError
from carenet_dash.exports import connections
from carenet_dash.instrument import Dimension, Instrument
from carenet_dash.store import queries
from carenet_dash.store.queries import NetworkInfo, RoundInfo
from carenet_dash.store.workshop_queries import MatrixSessionInfo

PROMPT_LINE = "Scores are prompts for discussion, never verdicts."


@dataclass(frozen=True)
class Report:
    """One round of one network as the exports present it."""

    network: NetworkInfo
    round: RoundInfo
    previous: RoundInfo | None
    instrument: Instrument
    card: pd.DataFrame  # analysis.scorecard: hidden figures are already NaN
    respondents: int | None  # None when the round itself is below the minimum
    session: MatrixSessionInfo | None
    matrix: pd.DataFrame
    movement: pd.DataFrame
    actions: pd.DataFrame  # agreed against this round
    previous_actions: pd.DataFrame  # what we agreed last time, with "did it move?"
    prepared_on: dt.date  # also the day actions are overdue against
    story: tuple[StoryLine, ...] = ()  # what changed (analysis.story)
    trend: pd.DataFrame = field(default_factory=pd.DataFrame)  # every round (analysis.trend)
    comments: pd.DataFrame = field(default_factory=pd.DataFrame)  # may be shown, by dimension
    comments_refused: str | None = None  # why the round shows no comments
    connections: Any = None  # exports.connections.MapExport, when the round has a map

    @property
    def min_size(self) -> int:
        return self.network.min_group_size

    @property
    def hidden(self) -> str:
        return disclosure.hidden_text(self.min_size)

    def dimension_comments(self, dimension_id: str, count: int = 3) -> list[tuple[str, bool]]:
        """A few comments about a dimension, pinned ones first: (text, pinned)."""
        if self.comments.empty:
            return []
        about = self.comments[comment_topics.about(self.comments, dimension_id)]
        pinned, others, _ = workshop.step_comments(about, dimension_id, count=count)
        return [(t, True) for t in pinned["text"]] + [(t, False) for t in others["text"]]

    def dimensions(self) -> list[tuple[Dimension, pd.Series]]:
        """Each dimension of the round's instrument with its scorecard row, in order."""
        rows = self.card.set_index("dimension_id")
        return [(d, rows.loc[d.id]) for d in self.instrument.dimensions]


def build_report(
    engine: Engine,
    network_name: str,
    round_label: str | None = None,
    prepared_on: dt.date | None = None,
) -> Report:
    """Gather a round (the latest unless a label is given) for export."""
    network = queries.network_by_name(engine, network_name)
    rounds = queries.rounds(engine, network.id)
    if not rounds:
        raise CareNetError(f"{network.name} has no rounds yet; import one before exporting")
    chosen = (
        queries.round_by_label(engine, network.id, round_label)
        if round_label is not None
        else rounds[-1]
    )
    session = analysis.matrix_session_for_round(engine, network.id, chosen.id)
    min_size = network.min_group_size
    today = prepared_on or dt.date.today()
    card = story.dimension_story(engine, chosen.id, min_size)  # the scorecard, and since when
    found = analysis.round_comments(engine, chosen.id, min_size)
    moved = follow_up.dimension_movement(engine, chosen.id, min_size)
    previous = analysis.previous_round(rounds, chosen)
    return Report(
        network=network,
        round=chosen,
        previous=previous,
        instrument=queries.instrument_snapshot(engine, chosen.instrument_pk),
        card=card,
        respondents=analysis.respondent_count(chosen, min_size),
        session=session,
        matrix=(
            analysis.matrix_summary(engine, session, min_size)
            if session is not None
            else pd.DataFrame()
        ),
        movement=analysis.matrix_movement(engine, network.id),
        actions=follow_up.with_overdue(analysis.round_actions(engine, chosen.id), today),
        previous_actions=follow_up.with_movement(
            follow_up.with_overdue(analysis.previous_actions(engine, chosen.id), today), moved
        ),
        prepared_on=today,
        story=tuple(story.story_lines(engine, chosen.id, min_size, card)),
        trend=present.mark_rounds(analysis.trend(engine, network.id, min_size)),
        comments=found.comments,
        comments_refused=found.refused,
        connections=connections.gather(engine, chosen, previous, min_size),
    )


def long_date(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "date not given"


def responses_line(report: Report) -> str:
    """'91 responses (62% of 146 invited)', or the hidden text for a round below the minimum."""
    if report.respondents is None:
        return f"{report.hidden} in this round"
    line = f"{report.respondents} responses"
    if report.round.invited:
        rate = 100.0 * report.respondents / report.round.invited
        line += f" ({rate:.0f}% of {report.round.invited} invited)"
    return line


def session_line(report: Report) -> str:
    session = report.session
    if session is None:
        return "No maturity-matrix session has been recorded for this network yet."
    discussed = f", discussing round {session.round_label}" if session.round_label else ""
    return f"Session held {long_date(session.held_on)}{discussed}."


# Charts are handed to a pool as soon as they are built. vl-convert 1.9 keeps Python's lock
# while it renders (measured: a thread beside a render does not run), so renders do not
# overlap each other or the slides' building; what a deck costs is the sum of its renders,
# kept small by drawing without per-element opacity (see charts.connections).
_RENDERERS = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="chart")


def _spec(chart: alt.TopLevelMixin) -> dict:
    # The builders' charts are valid by construction: validating each again costs a second
    # a deck for nothing.
    return screen_spec(chart.to_dict(validate=False))


def png(chart: alt.TopLevelMixin, scale: float = 2) -> Future[bytes]:
    """A chart as PNG, rendered without a browser and without any network access; started
    at once, ready when its ``result()`` is asked for."""
    return _RENDERERS.submit(
        vl_convert.vegalite_to_png,
        _spec(chart),
        scale=scale,
        config=SCREEN_CONFIG,
        allowed_base_urls=[],
    )


def svg(chart: alt.TopLevelMixin) -> Future[str]:
    """A chart as SVG (see ``png``)."""
    return _RENDERERS.submit(
        vl_convert.vegalite_to_svg, _spec(chart), config=SCREEN_CONFIG, allowed_base_urls=[]
    )


@dataclass(frozen=True)
class DimensionText:
    """One dimension's figures in words, the same in the deck and the HTML report."""

    mean: str  # "3.61", or the hidden text, or "no data"
    band: str  # "● Discuss", or "" when there is no mean to band
    detail: str  # n, spread and favourable share, or why there are no figures
    change: str  # since the previous round, with its interval, verdict and n both sides
    split: bool


def dimension_text(report: Report, row: pd.Series) -> DimensionText:
    min_size = report.min_size
    shown = row["status"] == disclosure.SHOWN
    if shown:
        spread = "–" if pd.isna(row["sd"]) else f"{row['sd']:.2f}"
        detail = (
            f"n = {present.count(row['n'])} respondents · spread {spread} · "
            f"{present.percent(row['favourable_pct'])} favourable"
        )
    elif row["status"] == disclosure.HIDDEN:
        detail = "Too few members answered to show figures without risking identifying them."
    else:
        detail = "Nobody answered this dimension's statements in this round."
    return DimensionText(
        mean=present.mean(row["mean"], row["status"], min_size),
        band=present.band(row["band"]) if shown else "",
        detail=detail,
        change=change_text(report, row),
        split=bool(row["split"]) if shown else False,
    )


def change_text(report: Report, row: pd.Series) -> str:
    return present.change_since(
        report.previous.label if report.previous else None, row, report.min_size
    )
