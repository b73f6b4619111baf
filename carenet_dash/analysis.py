"""Page-ready figures: store reads joined with scoring, with suppression already applied.

Everything a page, the CLI or an export shows comes through here, so the minimum group size
is enforced in one place: a hidden figure leaves this module as NaN with status "hidden".
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import scoring, suppression
from carenet_dash.errors import CareNetError
from carenet_dash.instrument import Instrument, common_items
from carenet_dash.store import queries, workshop_queries
from carenet_dash.store.engine import revision
from carenet_dash.store.queries import NetworkInfo, RoundInfo

_FIGURES = [
    "n",
    "mean",
    "sd",
    "favourable_pct",
    "neutral_pct",
    "unfavourable_pct",
    "answers",
    "not_applicable",
    *[f"dist_{s}" for s in scoring.SCORES],
]


@dataclass(frozen=True)
class RoundData:
    """One round loaded for scoring: its record, instrument, answers and segments."""

    info: RoundInfo
    instrument: Instrument
    answers: pd.DataFrame
    segments: pd.DataFrame


_LOADED: OrderedDict[tuple[str, int, int], RoundData] = OrderedDict()
_LOADED_MAX = 8
_LOADED_LOCK = threading.Lock()


def load_round(engine: Engine, round_id: int) -> RoundData:
    """A round's record, instrument, answers and segments.

    The last few are kept, keyed by the store revision: one page asks for the same round
    from several figures (the Dimension page four times), and reading a large round's answers
    is the slow part. Callers must not modify the frames.
    """
    key = (engine.url.render_as_string(hide_password=False), round_id, revision(engine))
    with _LOADED_LOCK:
        if key in _LOADED:
            _LOADED.move_to_end(key)
            return _LOADED[key]
    info = queries.round_by_id(engine, round_id)
    loaded = RoundData(
        info=info,
        instrument=queries.instrument_snapshot(engine, info.instrument_pk),
        answers=queries.answers(engine, [round_id]),
        segments=queries.segments(engine, [round_id]),
    )
    with _LOADED_LOCK:
        _LOADED[key] = loaded
        while len(_LOADED) > _LOADED_MAX:
            _LOADED.popitem(last=False)
    return loaded


def previous_round(rounds: list[RoundInfo], current: RoundInfo) -> RoundInfo | None:
    """The round before ``current`` in the network's order, if any."""
    ids = [r.id for r in rounds]
    position = ids.index(current.id)
    return rounds[position - 1] if position > 0 else None


def dimension_scores(
    data: RoundData, min_size: int, instrument: Instrument | None = None
) -> pd.DataFrame:
    """The round's dimension summary; dimensions with fewer than ``min_size`` counted
    respondents are hidden (status "hidden"), those with none are "no data"."""
    instrument = instrument or data.instrument
    summary = scoring.dimension_summary(data.answers, instrument)
    status = suppression.status_of(summary["n"], min_size)
    summary["status"] = status
    return suppression.hide(summary, status != suppression.SHOWN, _FIGURES)


def scorecard(engine: Engine, round_id: int, min_size: int) -> pd.DataFrame:
    """Each dimension of a round with its band, and its change since the previous round.

    Change columns (previous_mean, previous_n, change, low, high, verdict) compare only items
    both rounds share; they are NaN (verdict None) without a previous round, and hidden when
    either side is below the minimum group size.
    """
    data = load_round(engine, round_id)
    card = dimension_scores(data, min_size)
    rounds = queries.rounds(engine, data.info.network_id)
    before = previous_round(rounds, data.info)
    card["previous_round"] = before.label if before else None
    changes = compare_rounds(engine, before.id, round_id, min_size) if before else None
    for column in ("previous_mean", "previous_n", "change", "low", "high"):
        card[column] = math.nan
    card["verdict"] = None
    if changes is not None:
        by_id = changes.set_index("dimension_id")
        for position, dimension_id in enumerate(card["dimension_id"]):
            if dimension_id not in by_id.index:
                continue
            row = by_id.loc[dimension_id]
            card.loc[position, "previous_mean"] = row["mean_before"]
            card.loc[position, "previous_n"] = row["n_before"]
            card.loc[position, ["change", "low", "high"]] = row[
                ["change", "low", "high"]
            ].to_numpy()
            card.loc[position, "verdict"] = row["verdict"]
    return card


def compare_rounds(engine: Engine, before_id: int, after_id: int, min_size: int) -> pd.DataFrame:
    """Per shared dimension: both means, n each side, the change, its 95% interval, verdict.

    When the rounds used different instruments only the items both share are scored, on both
    sides. A side below the minimum group size hides the whole row's figures.
    """
    first, second = queries.round_by_id(engine, before_id), queries.round_by_id(engine, after_id)
    if first.instrument_sha256 == second.instrument_sha256:
        # Same instrument: the stored totals hold all a Welch change needs; no answers read.
        instrument = queries.instrument_snapshot(engine, second.instrument_pk)
        totals = queries.dimension_totals(engine, [before_id, after_id])
        changes = scoring.changes_from_totals(
            totals[totals["round_id"] == before_id], totals[totals["round_id"] == after_id],
            instrument,
        )  # fmt: skip
        partial = False
    else:
        before, after = load_round(engine, before_id), load_round(engine, after_id)
        instrument = shared_instrument(before, after)
        changes = scoring.dimension_changes(
            scoring.respondent_scores(before.answers, instrument),
            scoring.respondent_scores(after.answers, instrument),
            instrument,
        )
        partial = instrument is not after.instrument
    status = suppression.status_of_change(changes["n_before"], changes["n_after"], min_size)
    hide = status == suppression.HIDDEN
    changes = suppression.hide(changes, hide, _CHANGE_FIGURES)
    changes["verdict"] = changes["verdict"].where(~hide, suppression.hidden_text(min_size))
    changes["status"] = status
    changes["band_before"] = [instrument.band(m) for m in changes["mean_before"]]
    changes["band_after"] = [instrument.band(m) for m in changes["mean_after"]]
    changes["partial_instrument"] = partial
    return changes


def shared_instrument(before: RoundData, after: RoundData) -> Instrument:
    """The later round's instrument cut to the items both rounds share (itself when they
    share every item); refuses two rounds with nothing in common."""
    shared = common_items(before.instrument, after.instrument)
    if not shared:
        raise CareNetError(
            f"rounds {before.info.label!r} and {after.info.label!r} share no statements, "
            "so they cannot be compared"
        )
    if shared != set(after.instrument.items) or shared != set(before.instrument.items):
        return after.instrument.restricted_to(shared)
    return after.instrument


def trend(engine: Engine, network_id: int, min_size: int) -> pd.DataFrame:
    """Every round x dimension of a network, oldest first: round, n, mean, band, status.

    ``instrument_differs`` marks rounds whose instrument is not the latest round's.
    """
    rounds = queries.rounds(engine, network_id)
    if not rounds:
        return pd.DataFrame(
            columns=[
                "round_id",
                "round",
                "fielded_on",
                "respondents",
                "dimension_id",
                "dimension",
                "n",
                "mean",
                "band",
                "status",
                "instrument_differs",
            ]
        )
    latest = rounds[-1].instrument_sha256
    # From the totals stored with each round: a trend never reads every round's answers.
    totals = queries.dimension_totals(engine, [r.id for r in rounds])
    instruments = {
        pk: queries.instrument_snapshot(engine, pk)
        for pk in dict.fromkeys(r.instrument_pk for r in rounds)
    }
    frames = []
    for order, r in enumerate(rounds):
        instrument = instruments[r.instrument_pk]
        scores = _suppressed_totals(instrument, totals[totals["round_id"] == r.id], min_size)
        counted = respondent_count(r, min_size)
        respondents = counted if counted is not None else math.nan
        frames.append(
            scores.assign(
                round_id=r.id,
                round=r.label,
                round_order=order,
                fielded_on=r.fielded_on,
                respondents=respondents,
                instrument_differs=r.instrument_sha256 != latest,
            )
        )
    return pd.concat(frames, ignore_index=True)


def _suppressed_totals(instrument: Instrument, found: pd.DataFrame, min_size: int) -> pd.DataFrame:
    """One row per dimension of the instrument from stored totals, with the same suppression
    as ``dimension_scores``: below the minimum is hidden, nobody is no data."""
    by_id = found.set_index("dimension_id")
    rows = []
    for dimension in instrument.dimensions:
        if dimension.id in by_id.index:
            row = by_id.loc[dimension.id]
            moments = scoring.Moments.from_totals(int(row["n"]), row["total"], row["squares"])
        else:
            moments = scoring.Moments.from_totals(0, 0.0, 0.0)
        n = moments.n
        status = suppression.status_of(n, min_size)
        shown = status == suppression.SHOWN
        rows.append(
            {
                "dimension_id": dimension.id,
                "dimension": dimension.name,
                "n": n if shown else math.nan,
                "mean": moments.mean if shown else math.nan,
                "sd": moments.sd if shown else math.nan,
                "band": instrument.band(moments.mean) if shown else None,
                "status": status,
            }
        )
    return pd.DataFrame(rows)


def respondent_count(info: RoundInfo, min_size: int) -> int | None:
    """Respondents in a round, or None when the round itself is below the minimum."""
    shown = suppression.status_of(info.respondents, min_size) == suppression.SHOWN
    return info.respondents if shown else None


def round_list(rounds: list[RoundInfo], min_size: int) -> pd.DataFrame:
    """A network's rounds as given: round, fielded_on, respondents (NaN for a round below the
    minimum), invited, instrument ("id vN") and source file."""
    columns = ["round", "fielded_on", "respondents", "invited", "instrument", "source"]
    rows = [
        {
            "round": r.label,
            "fielded_on": r.fielded_on,
            "respondents": respondent_count(r, min_size),
            "invited": r.invited,
            "instrument": f"{r.instrument_id} v{r.instrument_version}",
            "source": r.source_name,
        }
        for r in rounds
    ]
    return pd.DataFrame(rows, columns=columns).astype({"respondents": "float64"})


def strengths_and_priorities(card: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shown dimensions in the strength band (best first) and priority band (worst first)."""
    shown = card[card["status"] == suppression.SHOWN]
    strengths = shown[shown["band"] == "strength"].sort_values("mean", ascending=False)
    priorities = shown[shown["band"] == "priority"].sort_values("mean")
    return strengths, priorities


def scores_rows(
    engine: Engine, network: NetworkInfo, round_label: str | None = None
) -> pd.DataFrame:
    """The CLI's `scores` table: one row per round and dimension."""
    rounds = queries.rounds(engine, network.id)
    if round_label is not None:
        rounds = [queries.round_by_label(engine, network.id, round_label)]
    rows = []
    for r in rounds:
        data = load_round(engine, r.id)
        scores = dimension_scores(data, network.min_group_size)
        for row in scores.itertuples():
            rows.append(
                {
                    "network": network.name,
                    "round": r.label,
                    "dimension_id": row.dimension_id,
                    "dimension": row.dimension,
                    "n": row.n,
                    "mean": row.mean,
                    "sd": row.sd,
                    "favourable_pct": row.favourable_pct,
                    "band": row.band,
                    "status": row.status,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "network",
            "round",
            "dimension_id",
            "dimension",
            "n",
            "mean",
            "sd",
            "favourable_pct",
            "band",
            "status",
        ],
    )


# ---------------------------------------------------------------------------------------------
# Compare, dimension, segments and comments pages. Each function suppresses before returning.

RAW_COLUMNS = [f"raw_{s}" for s in scoring.SCORES]
PCT_COLUMNS = [f"pct_{s}" for s in scoring.SCORES]
_CHANGE_FIGURES = ["mean_before", "mean_after", "n_before", "n_after", "change", "low", "high"]


def item_changes(engine: Engine, before_id: int, after_id: int, min_size: int) -> pd.DataFrame:
    """Per item both rounds share: both means, n each side, change, 95% interval, verdict, and
    each side's answers as given (before_raw_1..5, before_not_applicable, after_...).

    Sorted by change, largest rise first. An item with fewer than ``min_size`` scored answers
    on either side is hidden: every figure NaN, verdict "fewer than N responses".
    """
    before, after = load_round(engine, before_id), load_round(engine, after_id)
    instrument = shared_instrument(before, after)
    changes = scoring.item_changes(
        scoring.scored_answers(before.answers, instrument),
        scoring.scored_answers(after.answers, instrument),
        instrument,
    )
    for prefix, data in (("before_", before), ("after_", after)):
        given = scoring.item_summary(data.answers, instrument).set_index("item_id")
        changes = changes.join(
            given[[*RAW_COLUMNS, "not_applicable"]].add_prefix(prefix), on="item_id"
        )
    status = suppression.status_of_change(changes["n_before"], changes["n_after"], min_size)
    distribution = [c for c in changes.columns if c.startswith(("before_", "after_"))]
    changes = suppression.hide(
        changes, status == suppression.HIDDEN, _CHANGE_FIGURES + distribution
    )
    changes["verdict"] = changes["verdict"].where(
        status != suppression.HIDDEN, suppression.hidden_text(min_size)
    )
    changes["status"] = status
    return changes.sort_values("change", ascending=False, na_position="last").reset_index(drop=True)


def items_moved_most(changes: pd.DataFrame, count: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shown items that rose most (largest first) and fell most (largest fall first)."""
    shown = changes[changes["status"] == suppression.SHOWN]
    rises = shown[shown["change"] > 0].sort_values("change", ascending=False).head(count)
    falls = shown[shown["change"] < 0].sort_values("change").head(count)
    return rises.reset_index(drop=True), falls.reset_index(drop=True)


def round_responses(trend_frame: pd.DataFrame) -> pd.DataFrame:
    """One row per round of a trend frame: round, respondents (NaN when below the minimum)
    and whether the round's instrument differs from the latest round's."""
    columns = ["round_order", "round", "respondents", "instrument_differs"]
    if trend_frame.empty:
        return pd.DataFrame(columns=columns)
    return trend_frame.drop_duplicates("round_order")[columns].reset_index(drop=True)


def dimension_history(trend_frame: pd.DataFrame, dimension_id: str) -> pd.DataFrame:
    """One dimension's rows of a trend frame, oldest round first."""
    return trend_frame[trend_frame["dimension_id"] == dimension_id].reset_index(drop=True)


def dimension_items(
    engine: Engine, round_id: int, dimension_id: str, min_size: int
) -> pd.DataFrame:
    """A dimension's items in a round: answers as given (raw_1..5 and their shares pct_1..5 of
    scored answers), not_applicable (count and na_pct of all answers), scored n and mean.

    An item with 1..min_size-1 scored answers is hidden (every figure NaN); none is "no data".
    """
    data = load_round(engine, round_id)
    data.instrument.dimension(dimension_id)  # NotFound names the dimension
    items = scoring.item_summary(data.answers, data.instrument)
    items = items[items["dimension_id"] == dimension_id].reset_index(drop=True)
    scored = items["n"].astype("float64")
    for raw, pct in zip(RAW_COLUMNS, PCT_COLUMNS, strict=True):
        items[pct] = 100.0 * items[raw] / scored.where(scored > 0)
    all_answers = scored + items["not_applicable"]
    items["na_pct"] = 100.0 * items["not_applicable"] / all_answers.where(all_answers > 0)
    status = suppression.status_of(items["n"], min_size)
    figures = [
        "n",
        "mean",
        "favourable_pct",
        "neutral_pct",
        "unfavourable_pct",
        "not_applicable",
        "na_pct",
        *RAW_COLUMNS,
        *PCT_COLUMNS,
    ]
    items = suppression.hide(items, status == suppression.HIDDEN, figures)
    items["status"] = status
    return items


def dimension_spread(
    engine: Engine, round_id: int, dimension_id: str, min_size: int
) -> pd.DataFrame:
    """How respondents' scores on one dimension spread over half-point bins (start, end,
    label, respondents), with the dimension's status; all counts NaN when it is hidden."""
    data = load_round(engine, round_id)
    data.instrument.dimension(dimension_id)
    people = scoring.respondent_scores(data.answers, data.instrument)
    scores = people.loc[people["dimension_id"] == dimension_id, "score"]
    spread = scoring.score_spread(scores)
    n = len(scores)
    status = suppression.status_of(n, min_size)
    spread = suppression.hide(
        spread, pd.Series(status == suppression.HIDDEN, index=spread.index), ["respondents"]
    )
    spread["status"] = status
    return spread


def _segment_of(data: RoundData, segment_id: str) -> tuple[pd.Series, list[str]]:
    """Each respondent's group for a segment of the round's instrument, and the group order."""
    segment = data.instrument.segment(segment_id)
    groups = scoring.segment_groups(data.segments, segment_id, segment.options)
    return groups, scoring.group_order(segment.options, groups)


def segment_scores(engine: Engine, round_id: int, segment_id: str, min_size: int) -> pd.DataFrame:
    """Dimension x group for a round: status, n, mean, the network's mean for the dimension
    and the group's difference from it. Suppression (minimum size and complementary, per
    dimension) is applied: a hidden cell has NaN n, mean and difference."""
    data = load_round(engine, round_id)
    groups, order = _segment_of(data, segment_id)
    people = scoring.respondent_scores(data.answers, data.instrument)
    cells = scoring.segment_summary(people, groups, data.instrument, min_size, order)
    overall = dimension_scores(data, min_size).set_index("dimension_id")["mean"]
    cells["network_mean"] = cells["dimension_id"].map(overall).astype("float64")
    cells["difference"] = cells["mean"] - cells["network_mean"]
    return cells


def segment_changes(
    engine: Engine, before_id: int, after_id: int, segment_id: str, min_size: int
) -> pd.DataFrame:
    """Dimension x group: each group's change between two rounds, on the items they share.

    A cell hidden in either round's own suppression is hidden here too (every figure NaN).
    """
    before, after = load_round(engine, before_id), load_round(engine, after_id)
    instrument = shared_instrument(before, after)
    before_groups, before_order = _segment_of(before, segment_id)
    after_groups, after_order = _segment_of(after, segment_id)
    order = after_order + [g for g in before_order if g not in after_order]
    return scoring.segment_changes(
        scoring.respondent_scores(before.answers, instrument),
        scoring.respondent_scores(after.answers, instrument),
        before_groups,
        after_groups,
        instrument,
        min_size=min_size,
        order=order,
    )


@dataclass(frozen=True)
class RoundComments:
    """A round's comments, each tagged with its writer's group for one segment when that
    group passes suppression (blank otherwise), and the segment's groups with their status."""

    comments: pd.DataFrame
    groups: pd.DataFrame
    segment: str | None
    refused: str | None = None


COMMENT_COLUMNS = ["comment_id", "question_id", "question", "dimension_id", "dimension", "group"]
GENERAL = "General"


def round_comments(
    engine: Engine, round_id: int, min_size: int, segment_id: str | None = None
) -> RoundComments:
    """All comments of a round, ready to filter with ``select_comments``.

    A round with fewer respondents than the minimum shows no comments at all (``refused``
    says why): with so few members a comment is too easy to attribute.
    """
    data = load_round(engine, round_id)
    empty_groups = pd.DataFrame(columns=["group", "status", "n"])
    found = queries.comments(engine, [round_id])
    if respondent_count(data.info, min_size) is None:
        return RoundComments(
            comments=pd.DataFrame(columns=[*COMMENT_COLUMNS, "text"]),
            groups=empty_groups,
            segment=None,
            refused=(
                f"This round has {suppression.hidden_text(min_size)}, so its comments are not "
                "shown: with so few members a comment could identify its writer."
            ),
        )
    questions = {q.id: q for q in data.instrument.open_questions}
    names = {d.id: d.name for d in data.instrument.dimensions}
    frame = pd.DataFrame(
        {
            "comment_id": found["comment_id"],
            "question_id": found["question_id"],
            "question": found["question_id"].map(
                lambda q: questions[q].question if q in questions else q
            ),
            "dimension_id": found["question_id"].map(
                lambda q: questions[q].dimension if q in questions else None
            ),
        }
    )
    frame["dimension"] = [names.get(d, GENERAL) if d else GENERAL for d in frame["dimension_id"]]
    frame["group"] = ""
    groups = empty_groups
    label = None
    if segment_id is not None:
        respondent_groups, order = _segment_of(data, segment_id)
        groups = scoring.group_counts(respondent_groups, order, min_size)
        shown = set(groups.loc[groups["status"] == suppression.SHOWN, "group"])
        tags = found["respondent_id"].map(respondent_groups)
        frame["group"] = [t if t in shown else "" for t in tags]
        label = data.instrument.segment(segment_id).label
    frame["text"] = found["text"]
    return RoundComments(comments=frame, groups=groups, segment=label)


@dataclass(frozen=True)
class CommentSelection:
    """Comments left after filtering, how many there are per open question, and the reason
    when a filter had to show nothing."""

    comments: pd.DataFrame
    counts: pd.DataFrame
    total: int
    reason: str | None = None


def select_comments(
    found: RoundComments,
    min_size: int,
    *,
    question_id: str | None = None,
    dimension_id: str | None = None,
    group: str | None = None,
    search: str | None = None,
) -> CommentSelection:
    """Filter a round's comments by open question, dimension, group and a plain-text search.

    A group that is hidden (fewer than ``min_size`` respondents, or kept back to protect a
    smaller group) gives no comments and a reason, never a partial list.
    """
    frame = found.comments
    total = len(frame)
    reason = found.refused
    if reason is None and group is not None:
        match = found.groups[found.groups["group"] == group]
        if match.empty or match["status"].iloc[0] == suppression.NO_DATA:
            reason = f"Nobody in this round answered “{group}”."
        elif match["status"].iloc[0] != suppression.SHOWN:
            reason = (
                f"Comments from “{group}” are not shown: the group has "
                f"{suppression.hidden_text(min_size)}, or showing it would reveal a smaller group."
            )
    if reason is not None:
        frame = frame.iloc[0:0]
    else:
        if question_id is not None:
            frame = frame[frame["question_id"] == question_id]
        if dimension_id is not None:
            frame = frame[frame["dimension_id"] == dimension_id]
        if group is not None:
            frame = frame[frame["group"] == group]
        if search:
            frame = frame[frame["text"].str.contains(search.strip(), case=False, regex=False)]
    counts = (
        frame.groupby(["question_id", "question"], sort=False)
        .size()
        .reset_index(name="comments")[["question", "comments"]]
    )
    return CommentSelection(
        comments=frame.reset_index(drop=True), counts=counts, total=total, reason=reason
    )


def in_order(rounds: list[RoundInfo], a: RoundInfo, b: RoundInfo) -> tuple[RoundInfo, RoundInfo]:
    """Two rounds of a network as (earlier, later), so a change always runs forward in time."""
    ids = [r.id for r in rounds]
    return (a, b) if ids.index(a.id) < ids.index(b.id) else (b, a)


# Workshop: agreed actions and the maturity matrix beside the survey

OPEN_STATUSES = ("open", "in_progress")
NETWORK_WIDE = "Network-wide"
# Members' mean and the group's agreed level sit on 1..5 scales that are not the same scale:
# a whole step apart is enough to be worth asking about, never a measured disagreement.
VIEWS_APART = 1.0
MEMBERS_HIGHER = "members' answers higher"
MEMBERS_LOWER = "members' answers lower"
IN_LINE = "in line"

_ACTION_COLUMNS = [
    "action_id",
    "round_id",
    "round",
    "dimension_id",
    "dimension",
    "what",
    "owner",
    "due_on",
    "status",
    "created_at",
    "updated_at",
]


def dimension_names(engine: Engine, network_id: int) -> dict[str, str]:
    """Dimension id -> name across the instruments a network's rounds used (latest wins)."""
    names: dict[str, str] = {}
    for pk in dict.fromkeys(r.instrument_pk for r in queries.rounds(engine, network_id)):
        names.update({d.id: d.name for d in queries.instrument_snapshot(engine, pk).dimensions})
    return names


def actions_frame(
    engine: Engine,
    network_id: int,
    *,
    round_ids: list[int] | None = None,
    statuses: tuple[str, ...] | list[str] | None = None,
) -> pd.DataFrame:
    """A network's actions as a table, in the order agreed, with each dimension's name
    ("Network-wide" where none). Actions hold no survey figures, so nothing is suppressed."""
    found = workshop_queries.actions(engine, network_id, round_ids=round_ids, statuses=statuses)
    names = dimension_names(engine, network_id) if found else {}
    rows = [
        {
            "action_id": a.id,
            "round_id": a.round_id,
            "round": a.round_label,
            "dimension_id": a.dimension_id,
            "dimension": (
                NETWORK_WIDE
                if a.dimension_id is None
                else names.get(a.dimension_id, a.dimension_id)
            ),
            "what": a.what,
            "owner": a.owner,
            "due_on": a.due_on,
            "status": a.status,
            "created_at": a.created_at,
            "updated_at": a.updated_at,
        }
        for a in found
    ]
    frame = pd.DataFrame(rows, columns=_ACTION_COLUMNS)
    return frame.astype({"action_id": "int64", "round_id": "Int64"})


def _in_dimension_order(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Network-wide rows first, then the instrument's dimension order; stable within each."""
    order = {d.id: i for i, d in enumerate(instrument.dimensions)}
    rank = [-1 if pd.isna(d) else order.get(d, len(order)) for d in frame["dimension_id"]]
    return (
        frame.assign(_rank=rank)
        .sort_values("_rank", kind="stable")
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


def round_actions(engine: Engine, round_id: int) -> pd.DataFrame:
    """The actions agreed against a round, network-wide first, then by dimension."""
    info = queries.round_by_id(engine, round_id)
    frame = actions_frame(engine, info.network_id, round_ids=[round_id])
    return _in_dimension_order(frame, queries.instrument_snapshot(engine, info.instrument_pk))


def previous_actions(engine: Engine, round_id: int) -> pd.DataFrame:
    """What we agreed last time: every action of the round before this one, and actions of
    older rounds still open or in progress (``carried`` True), by dimension."""
    info = queries.round_by_id(engine, round_id)
    rounds = queries.rounds(engine, info.network_id)
    earlier = [r.id for r in rounds[: [r.id for r in rounds].index(round_id)]]
    frame = actions_frame(engine, info.network_id, round_ids=earlier)
    last = earlier[-1] if earlier else None
    keep = (frame["round_id"] == last) | frame["status"].isin(OPEN_STATUSES)
    frame = frame[keep].assign(carried=lambda f: f["round_id"] != last)
    return _in_dimension_order(frame, queries.instrument_snapshot(engine, info.instrument_pk))


def open_actions(engine: Engine, network_id: int) -> pd.DataFrame:
    """Actions still open or in progress, soonest due first (no due date last)."""
    frame = actions_frame(engine, network_id, statuses=OPEN_STATUSES)
    return frame.sort_values("due_on", kind="stable", na_position="last").reset_index(drop=True)


def survey_round_for(
    rounds: list[RoundInfo], session: workshop_queries.MatrixSessionInfo
) -> RoundInfo | None:
    """The round whose means sit beside a matrix session: the one it discussed, else the
    latest fielded on or before the day it was held."""
    if session.round_id is not None:
        return next((r for r in rounds if r.id == session.round_id), None)
    before = [r for r in rounds if r.fielded_on is not None and r.fielded_on <= session.held_on]
    return before[-1] if before else None


def matrix_session_for_round(
    engine: Engine, network_id: int, round_id: int
) -> workshop_queries.MatrixSessionInfo | None:
    """The latest matrix session that discussed a round, else the network's latest session."""
    sessions = workshop_queries.matrix_sessions(engine, network_id)
    linked = [s for s in sessions if s.round_id == round_id]
    return (linked or sessions or [None])[-1]


def _views(mean: float, current: int) -> str | None:
    if math.isnan(mean):
        return None
    if mean - current >= VIEWS_APART:
        return MEMBERS_HIGHER
    if current - mean >= VIEWS_APART:
        return MEMBERS_LOWER
    return IN_LINE


def matrix_summary(
    engine: Engine, session: workshop_queries.MatrixSessionInfo, min_size: int
) -> pd.DataFrame:
    """One row per dimension the group rated: current and target level (with names and
    descriptors), the gap, and beside them the survey mean (suppressed as everywhere else)
    and whether members' answers and the group's judgement sit a step or more apart.

    Biggest gaps first; equal gaps keep the instrument's order.
    """
    instrument = queries.instrument_snapshot(engine, session.instrument_pk)
    levels = workshop_queries.matrix_levels(engine, [session.id]).set_index("dimension_id")
    survey = survey_round_for(queries.rounds(engine, session.network_id), session)
    scores = (
        dimension_scores(load_round(engine, survey.id), min_size).set_index("dimension_id")
        if survey is not None
        else pd.DataFrame()
    )
    names = instrument.maturity.level_names
    rows = []
    for dimension in instrument.dimensions:
        if dimension.id not in levels.index:
            continue
        agreed = levels.loc[dimension.id]
        current, target = int(agreed["current_level"]), int(agreed["target_level"])
        descriptors = dimension.levels or [""] * len(names)
        if dimension.id in scores.index:
            score = scores.loc[dimension.id]
            n, mean, band, status = score["n"], score["mean"], score["band"], score["status"]
        else:
            n, mean, band, status = math.nan, math.nan, None, suppression.NO_DATA
        rows.append(
            {
                "dimension_id": dimension.id,
                "dimension": dimension.name,
                "current": current,
                "target": target,
                "gap": target - current,
                "current_name": names[current - 1],
                "target_name": names[target - 1],
                "current_descriptor": descriptors[current - 1],
                "target_descriptor": descriptors[target - 1],
                "note": None if pd.isna(agreed["note"]) else agreed["note"],
                "survey_round": survey.label if survey is not None else None,
                "n": n,
                "mean": mean,
                "band": band,
                "status": status,
                "views": _views(float(mean), current),
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values("gap", ascending=False, kind="stable").reset_index(drop=True)


def matrix_movement(engine: Engine, network_id: int) -> pd.DataFrame:
    """Agreed levels session by session, oldest first: one row per session and dimension
    (session_id, held_on, session, session_order, dimension_id, dimension, current, target)."""
    sessions = workshop_queries.matrix_sessions(engine, network_id)
    columns = [
        "session_id",
        "held_on",
        "session",
        "session_order",
        "dimension_id",
        "dimension",
        "current",
        "target",
    ]
    if not sessions:
        return pd.DataFrame(columns=columns)
    levels = workshop_queries.matrix_levels(engine, [s.id for s in sessions])
    latest = queries.instrument_snapshot(engine, sessions[-1].instrument_pk)
    order = {d.id: i for i, d in enumerate(latest.dimensions)}
    names: dict[str, str] = {}
    for pk in dict.fromkeys(s.instrument_pk for s in sessions):
        names.update({d.id: d.name for d in queries.instrument_snapshot(engine, pk).dimensions})
    by_id = {s.id: (position, s) for position, s in enumerate(sessions)}
    rows = [
        {
            "session_id": row.session_id,
            "held_on": by_id[row.session_id][1].held_on,
            "session": by_id[row.session_id][1].held_on.strftime("%d %b %Y"),
            "session_order": by_id[row.session_id][0],
            "dimension_id": row.dimension_id,
            "dimension": names.get(row.dimension_id, row.dimension_id),
            "current": int(row.current_level),
            "target": int(row.target_level),
        }
        for row in levels.itertuples()
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["_rank"] = [order.get(d, len(order)) for d in frame["dimension_id"]]
    return (
        frame.sort_values(["_rank", "dimension_id", "session_order"], kind="stable")
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


def for_dimension(frame: pd.DataFrame, dimension_id: str) -> pd.DataFrame:
    """The rows of a per-dimension figure (scorecard, segment cells...) for one dimension."""
    return frame[frame["dimension_id"] == dimension_id]


def dimension_row(card: pd.DataFrame, dimension_id: str) -> pd.Series:
    """One dimension's row of a scorecard."""
    return for_dimension(card, dimension_id).iloc[0]
