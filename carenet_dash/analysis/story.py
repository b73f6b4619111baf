"""What changed and since when: each dimension's change since the previous round and its
largest clear change since any earlier round, and the short "what changed" list built from
those figures by rules (no model): biggest clear falls and rises, new strengths and
priorities, and groups that differ clearly from the rest of the network."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import disclosure, scoring
from carenet_dash.analysis.data import load_round
from carenet_dash.analysis.rounds import compare_rounds, scorecard
from carenet_dash.analysis.scales import FAVOURABLE
from carenet_dash.analysis.segments import segment_of, segment_scores
from carenet_dash.errors import CareNetError
from carenet_dash.store import queries

CLEAR = (scoring.CLEAR_RISE, scoring.CLEAR_FALL)
# Where a story line sends the reader: the pages' url paths (ui.navigation names them).
COMPARE, DIMENSION, SEGMENTS = "compare", "dimension", "segments"
# Kinds of line, in the order the list reads.
FALL, RISE, NEW_PRIORITY, NEW_STRENGTH, GROUP = (
    "fall", "rise", "new priority", "new strength", "group",
)  # fmt: skip
CHANGES_EACH_WAY = 2
GROUP_LINES = 2
GROUP_COLUMNS = [
    "segment_id", "segment", "group", "dimension_id", "dimension", "mean_group", "n_group",
    "mean_rest", "n_rest", "difference", "low", "high", "verdict",
]  # fmt: skip
SINCE_COLUMNS = [
    "since_round",
    "since_mean_before",
    "since_n_before",
    "since_change",
    "since_low",
    "since_high",
    "since_verdict",
]


@dataclass(frozen=True)
class StoryLine:
    """One line of the "what changed" list: its figures, and the view that shows them.

    ``since`` names the round a change runs from; for a group line, ``group`` and
    ``segment`` name the group, ``mean_before``/``n_before`` are the rest of the network's
    and ``mean_after``/``n_after`` the group's. ``view`` is a page's url path and ``params``
    the query parameters (besides network and round) that open it on this figure.
    """

    kind: str
    dimension_id: str
    dimension: str
    change: float
    mean_before: float
    mean_after: float
    n_before: float
    n_after: float
    verdict: str
    since: str | None = None
    previous: str | None = None  # the previous round, when the change runs from an earlier one
    previous_change: float = math.nan
    previous_verdict: str | None = None
    group: str | None = None
    segment: str | None = None
    view: str = COMPARE
    params: dict[str, str] = field(default_factory=dict)


def dimension_story(engine: Engine, round_id: int, min_size: int) -> pd.DataFrame:
    """The round's scorecard (analysis.scorecard: the change since the previous round) with,
    per dimension, its largest clear change since any earlier round: since_round,
    since_mean_before, since_n_before, since_change, since_low, since_high, since_verdict
    (blank where no earlier round differs clearly).

    Every change comes from ``compare_rounds``, so a side below the minimum group size never
    gives one; the largest in size wins, the more recent round on a tie. A round asked on
    other answer scales is compared on favourable share (points, not a mean's steps): its
    change cannot be ranked beside changes in the mean, so it is left out here.
    """
    card = scorecard(engine, round_id, min_size)
    info = queries.round_by_id(engine, round_id)
    rounds = queries.rounds(engine, info.network_id)
    earlier = rounds[: [r.id for r in rounds].index(round_id)]
    best: dict[str, dict[str, object]] = {}
    for before in reversed(earlier):  # most recent first, so a tie keeps the nearer round
        try:
            changes = compare_rounds(engine, before.id, round_id, min_size)
        except CareNetError:
            continue  # nothing in common with that round's instrument
        if (changes["compared_on"] == FAVOURABLE).any():
            continue  # another scale: see above
        clear = changes[(changes["status"] == disclosure.SHOWN) & changes["verdict"].isin(CLEAR)]
        for row in clear.itertuples():
            found = best.get(row.dimension_id)
            if found is None or abs(row.change) > abs(found["since_change"]):
                best[row.dimension_id] = {
                    "since_round": before.label,
                    "since_mean_before": row.mean_before,
                    "since_n_before": row.n_before,
                    "since_change": row.change,
                    "since_low": row.low,
                    "since_high": row.high,
                    "since_verdict": row.verdict,
                }
    story = card.copy()
    for column in SINCE_COLUMNS:
        values = [best.get(d, {}).get(column) for d in story["dimension_id"]]
        numeric = column not in ("since_round", "since_verdict")
        story[column] = pd.Series(values, dtype="float64" if numeric else "object")
    return story


def group_differences(engine: Engine, round_id: int, min_size: int) -> pd.DataFrame:
    """Each shown group of each segment against the rest of the network, dimension by
    dimension: segment_id, segment, group, dimension_id, dimension, group mean and n, the
    rest's mean and n, the Welch difference (group minus rest), its interval and verdict.

    Only groups the Segments page shows (disclosure: the complement rule across segments)
    are compared, and only against a rest of at least the minimum group size: the rest's
    mean follows from the network's and the group's, both published, so it tells nothing new.
    """
    data = load_round(engine, round_id)
    people = scoring.respondent_scores(data.answers, data.instrument)
    rows = []
    for segment in data.instrument.segments:
        groups, _ = segment_of(data, segment.id)
        cells = segment_scores(engine, round_id, segment.id, min_size)
        shown = cells[cells["status"] == disclosure.SHOWN]
        by_person = people.assign(group=people["respondent_id"].map(groups))
        for cell in shown.itertuples():
            scores = by_person[by_person["dimension_id"] == cell.dimension_id]
            inside = scores.loc[scores["group"] == cell.group, "score"]
            rest = scores.loc[scores["group"] != cell.group, "score"]
            if disclosure.status(len(rest), min_size) != disclosure.SHOWN:
                continue  # the rest itself must be a group that may be shown
            found = scoring.change(rest, inside)
            rows.append(
                {
                    "segment_id": segment.id,
                    "segment": segment.label,
                    "group": cell.group,
                    "dimension_id": cell.dimension_id,
                    "dimension": cell.dimension,
                    "mean_group": found.mean_after,
                    "n_group": found.n_after,
                    "mean_rest": found.mean_before,
                    "n_rest": found.n_before,
                    "difference": found.difference,
                    "low": found.low,
                    "high": found.high,
                    "verdict": found.verdict,
                }
            )
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


def _change_lines(story: pd.DataFrame) -> list[StoryLine]:
    """Per dimension, its largest clear change (since the previous round or an earlier one),
    with the previous round's change beside it when the two differ."""
    lines = []
    for row in story[story["status"] == disclosure.SHOWN].itertuples():
        # A change since the previous round on favourable share (other answer scales) is in
        # points: the Overview and Compare say it with its unit; the list ranks means only.
        on_means = row.compared_on != FAVOURABLE
        previous_clear = on_means and row.verdict in CLEAR and not pd.isna(row.change)
        earlier_clear = isinstance(row.since_verdict, str)
        if not previous_clear and not earlier_clear:
            continue
        use_earlier = earlier_clear and (
            not previous_clear or abs(row.since_change) > abs(row.change) + 1e-12
        )
        earlier = use_earlier and row.since_round != row.previous_round
        prefix = "since_" if earlier else ""
        change = getattr(row, f"{prefix}change")
        lines.append(
            StoryLine(
                kind=FALL if change < 0 else RISE,
                dimension_id=row.dimension_id,
                dimension=row.dimension,
                change=change,
                mean_before=row.since_mean_before if earlier else row.previous_mean,
                mean_after=row.mean,
                n_before=row.since_n_before if earlier else row.previous_n,
                n_after=row.n,
                verdict=getattr(row, f"{prefix}verdict"),
                since=row.since_round if earlier else row.previous_round,
                previous=row.previous_round if earlier else None,
                previous_change=row.change if earlier else math.nan,
                previous_verdict=row.verdict if earlier and isinstance(row.verdict, str) else None,
                params={"before": row.since_round if earlier else row.previous_round},
            )
        )
    falls = sorted((ln for ln in lines if ln.kind == FALL), key=lambda ln: ln.change)
    rises = sorted((ln for ln in lines if ln.kind == RISE), key=lambda ln: -ln.change)
    return falls[:CHANGES_EACH_WAY] + rises[:CHANGES_EACH_WAY]


def _band_lines(story: pd.DataFrame, band_of) -> list[StoryLine]:
    """Dimensions whose band changed since the previous round into priority or strength."""
    lines = []
    for row in story[story["status"] == disclosure.SHOWN].itertuples():
        if pd.isna(row.previous_mean) or row.band not in ("priority", "strength"):
            continue
        if row.compared_on == FAVOURABLE:
            continue  # the previous "mean" is a favourable share: no band to set it in
        before = band_of(row.previous_mean, row.dimension_id)
        if before == row.band:
            continue
        lines.append(
            StoryLine(
                kind=NEW_PRIORITY if row.band == "priority" else NEW_STRENGTH,
                dimension_id=row.dimension_id,
                dimension=row.dimension,
                change=row.change,
                mean_before=row.previous_mean,
                mean_after=row.mean,
                n_before=row.previous_n,
                n_after=row.n,
                verdict=row.verdict if isinstance(row.verdict, str) else "",
                since=row.previous_round,
                view=DIMENSION,
                params={"dimension": row.dimension},
            )
        )
    return sorted(lines, key=lambda ln: ln.kind != NEW_PRIORITY)


def _group_lines(differences: pd.DataFrame) -> list[StoryLine]:
    clear = differences[differences["verdict"].isin(CLEAR)]
    clear = clear.reindex(clear["difference"].abs().sort_values(ascending=False).index)
    return [
        StoryLine(
            kind=GROUP,
            dimension_id=row.dimension_id,
            dimension=row.dimension,
            change=row.difference,
            mean_before=row.mean_rest,
            mean_after=row.mean_group,
            n_before=row.n_rest,
            n_after=row.n_group,
            verdict=row.verdict,
            group=row.group,
            segment=row.segment,
            view=SEGMENTS,
            params={"segment": row.segment},
        )
        for row in clear.head(GROUP_LINES).itertuples()
    ]


def story_lines(
    engine: Engine, round_id: int, min_size: int, story: pd.DataFrame | None = None
) -> list[StoryLine]:
    """The round's "what changed" list, from its figures: up to two clear falls and two
    clear rises (each dimension's largest clear change, since the previous round or an
    earlier one), then dimensions newly in the priority or strength band, then the groups
    that differ most clearly from the rest of the network. ``story``: the round's
    ``dimension_story``, when the caller has it already."""
    info = queries.round_by_id(engine, round_id)
    instrument = queries.instrument_snapshot(engine, info.instrument_pk)
    if story is None:
        story = dimension_story(engine, round_id, min_size)
    return (
        _change_lines(story)
        + _band_lines(story, instrument.band)
        + _group_lines(group_differences(engine, round_id, min_size))
    )
