"""Figures into the words and tables people read; shared by pages, the CLI and exports."""

from __future__ import annotations

import math

import pandas as pd

from carenet_dash import scoring, suppression
from carenet_dash.config import DEFAULT_MIN_GROUP_SIZE

BAND_LABELS = {"strength": "Strength", "discuss": "Discuss", "priority": "Priority"}
# Shapes beside colours, so a band never depends on colour alone (projectors, colour blindness).
BAND_MARKS = {"strength": "▲", "discuss": "●", "priority": "▼"}
VERDICT_MARKS = {
    scoring.CLEAR_RISE: "↑",
    scoring.CLEAR_FALL: "↓",
    scoring.WITHIN_NOISE: "≈",
}


def _missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def mean(
    value: float | None, status: str = suppression.SHOWN, min_size: int = DEFAULT_MIN_GROUP_SIZE
) -> str:
    """A mean to two decimals, or what stands in for it."""
    if status == suppression.HIDDEN:
        return suppression.hidden_text(min_size)
    if status == suppression.NO_DATA or _missing(value):
        return "no data"
    return f"{value:.2f}"


def count(
    value: float | int | None,
    status: str = suppression.SHOWN,
    min_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> str:
    if status == suppression.HIDDEN:
        return suppression.hidden_text(min_size)
    if _missing(value):
        return "no data" if status == suppression.NO_DATA else "–"
    return f"{int(value)}"  # type: ignore[arg-type]


def percent(value: float | None) -> str:
    return "–" if _missing(value) else f"{value:.0f}%"


def band(value: str | None) -> str:
    if not value:
        return "–"
    return f"{BAND_MARKS[value]} {BAND_LABELS[value]}"


def signed(value: float | None) -> str:
    return "–" if _missing(value) else f"{value:+.2f}"


def interval(low: float | None, high: float | None) -> str:
    if _missing(low) or _missing(high):
        return "–"
    return f"{low:+.2f} to {high:+.2f}"


def verdict(value: str | None) -> str:
    if not value:
        return "–"
    mark = VERDICT_MARKS.get(value)
    return f"{mark} {value}" if mark else value


def responses(respondents: int | None, min_size: int) -> str:
    """A round's response count, or the hidden text when the round is below the minimum
    (``respondents`` None, as analysis.respondent_count gives it)."""
    status = suppression.SHOWN if respondents is not None else suppression.HIDDEN
    return count(respondents, status, min_size)


def mean_lines(card: pd.DataFrame) -> list[str]:
    """Scorecard rows as Markdown list lines: '- **Shared purpose & identity**: 3.61 (n=91)'."""
    return [f"- **{r.dimension}**: {mean(r.mean)} (n={count(r.n)})" for r in card.itertuples()]


def response_rate(respondents: int | None, invited: int | None) -> str | None:
    if respondents is None or not invited:
        return None
    return f"{100.0 * respondents / invited:.0f}% of {invited} invited"


def rounds_table(rounds: pd.DataFrame, min_size: int) -> pd.DataFrame:
    """A network's rounds (analysis.round_list) as text: a round below the minimum shows the
    hidden text instead of its count."""
    return pd.DataFrame(
        {
            "Round": rounds["round"],
            "Fielded": [day_iso(d) for d in rounds["fielded_on"]],
            "Responses": [
                count(n, suppression.HIDDEN if _missing(n) else suppression.SHOWN, min_size)
                for n in rounds["respondents"]
            ],
            "Invited": [count(n) if not _missing(n) else "" for n in rounds["invited"]],
            "Instrument": rounds["instrument"],
            "Source file": rounds["source"].fillna(""),
        },
        columns=["Round", "Fielded", "Responses", "Invited", "Instrument", "Source file"],
    )


def day_iso(value: object) -> str:
    """A date as 2026-08-15, or blank."""
    return "" if _missing(value) else value.isoformat()  # type: ignore[union-attr]


def scorecard_table(card: pd.DataFrame, min_size: int) -> pd.DataFrame:
    """The overview scorecard as text columns: dimension, n, mean, spread, band, change."""
    rows = []
    for row in card.itertuples():
        rows.append(
            {
                "Dimension": row.dimension,
                "n": count(row.n, row.status, min_size),
                "Mean": mean(row.mean, row.status, min_size),
                "Spread (sd)": "–" if _missing(row.sd) else f"{row.sd:.2f}",
                "Favourable": percent(row.favourable_pct),
                "Band": band(row.band),
                "Members split": "yes" if row.split else "",
                "Change": signed(row.change),
                "95% interval": interval(row.low, row.high),
                "n before": count(row.previous_n) if not _missing(row.previous_n) else "–",
                "Verdict": verdict(row.verdict),
            }
        )
    return pd.DataFrame(rows)


def changes_table(changes: pd.DataFrame, before: str, after: str, min_size: int) -> pd.DataFrame:
    """Round-vs-round comparison as text columns, with n on both sides of every change."""
    rows = []
    for row in changes.itertuples():
        rows.append(
            {
                "Dimension": row.dimension,
                f"{before} mean": mean(row.mean_before, row.status, min_size),
                f"{before} n": count(row.n_before, row.status, min_size),
                f"{after} mean": mean(row.mean_after, row.status, min_size),
                f"{after} n": count(row.n_after, row.status, min_size),
                "Change": signed(row.change),
                "95% interval": interval(row.low, row.high),
                "Verdict": verdict(row.verdict),
            }
        )
    return pd.DataFrame(rows)


def trend_table(trend: pd.DataFrame, min_size: int) -> pd.DataFrame:
    """Dimension x round means as text (rows dimensions, columns rounds)."""
    if trend.empty:
        return pd.DataFrame()
    cells = trend.assign(
        cell=[
            f"{mean(m, s, min_size)} (n={count(n, s, min_size)})"
            if s == suppression.SHOWN
            else mean(m, s, min_size)
            for m, n, s in zip(trend["mean"], trend["n"], trend["status"], strict=True)
        ]
    )
    table = cells.pivot_table(
        index=["dimension_id", "dimension"], columns="round_order", values="cell", aggfunc="first"
    )
    labels = cells.drop_duplicates("round_order").set_index("round_order")["round"]
    table.columns = [labels[c] for c in table.columns]
    order = list(dict.fromkeys(trend["dimension_id"]))
    table = table.reset_index().set_index("dimension_id").loc[order].reset_index(drop=True)
    return table.rename(columns={"dimension": "Dimension"})


# ---------------------------------------------------------------------------------------------
# Compare, dimension, segments and comments pages

DIFFERENT_INSTRUMENT = "†"


def mark_rounds(trend: pd.DataFrame) -> pd.DataFrame:
    """A trend frame whose round labels carry † where the round's instrument differs from
    the latest round's, so charts and tables flag it in text, not colour."""
    if trend.empty:
        return trend
    marked = trend.copy()
    marked["round"] = [
        f"{label} {DIFFERENT_INSTRUMENT}" if differs else label
        for label, differs in zip(trend["round"], trend["instrument_differs"], strict=True)
    ]
    return marked


def responses_table(rounds: pd.DataFrame, min_size: int) -> pd.DataFrame:
    """Responses per round as text; a round below the minimum reads 'fewer than N'."""
    return pd.DataFrame(
        {
            "Round": rounds["round"],
            "Responses": [
                count(n, suppression.HIDDEN if _missing(n) else suppression.SHOWN, min_size)
                for n in rounds["respondents"]
            ],
        }
    )


def change_label(value: float | None, verdict_: str | None) -> str:
    """'+0.38 ↑' style text beside a change, its verdict mark never left to colour."""
    if _missing(value):
        return verdict_ or "–"
    mark = VERDICT_MARKS.get(verdict_ or "", "")
    return f"{value:+.2f} {mark}".strip()


def item_label(text: str, reverse: bool, width: int = 70) -> str:
    """A statement short enough for a chart axis; ⇄ marks a reverse-worded one."""
    short = text if len(text) <= width else text[: width - 1].rstrip() + "…"
    return f"⇄ {short}" if reverse else short


def item_changes_table(
    changes: pd.DataFrame, before: str, after: str, min_size: int
) -> pd.DataFrame:
    """Item-by-item comparison as text, n on both sides of every change."""
    table = changes_table(changes, before, after, min_size)
    labels = [
        item_label(t, r, width=200)
        for t, r in zip(changes["text"], changes["reverse"], strict=True)
    ]
    table.insert(0, "Statement", labels)
    return table


def distribution_rows(changes: pd.DataFrame, before: str, after: str) -> pd.DataFrame:
    """Each item's answers in both rounds as rows (label, raw_*, pct_*, not_applicable, n,
    status) for the side-by-side distribution chart and its table."""
    rows = []
    for row in changes.to_dict("records"):
        for prefix, label in (("before_", before), ("after_", after)):
            raw = [row[f"{prefix}raw_{s}"] for s in scoring.SCORES]
            n = float(sum(raw))
            rows.append(
                {
                    "label": f"{item_label(row['text'], row['reverse'], 60)} · {label}",
                    "status": row["status"],
                    "n": n,
                    "not_applicable": row[f"{prefix}not_applicable"],
                    **{f"raw_{s}": v for s, v in zip(scoring.SCORES, raw, strict=True)},
                    **{
                        f"pct_{s}": 100.0 * v / n if n else float("nan")
                        for s, v in zip(scoring.SCORES, raw, strict=True)
                    },
                }
            )
    return pd.DataFrame(rows)


def distribution_table(
    items: pd.DataFrame, labels: list[str], min_size: int, na_label: str = "Not applicable"
) -> pd.DataFrame:
    """Answers per statement as 'share (count)' under each scale label, N/A apart."""
    rows = []
    for row in items.to_dict("records"):
        label = row.get("label") or item_label(row["text"], row["reverse"], width=200)
        status = row["status"]
        cells: dict[str, str] = {"Statement": label}
        for score, name in zip(scoring.SCORES, labels, strict=True):
            if status == suppression.SHOWN:
                cells[name] = f"{percent(row[f'pct_{score}'])} ({count(row[f'raw_{score}'])})"
            else:
                cells[name] = mean(None, status, min_size)
        cells[na_label] = (
            count(row["not_applicable"])
            if status != suppression.HIDDEN
            else suppression.hidden_text(min_size)
        )
        cells["n"] = count(row["n"], status, min_size)
        rows.append(cells)
    return pd.DataFrame(rows)


def spread_table(spread: pd.DataFrame, min_size: int) -> pd.DataFrame:
    """Respondents per half-point of dimension score, as text."""
    return pd.DataFrame(
        {
            "Respondent score": spread["label"],
            "Respondents": [
                count(n, s, min_size)
                for n, s in zip(spread["respondents"], spread["status"], strict=True)
            ],
        }
    )


def segment_cell(row: dict, min_size: int, change: bool = False) -> str:
    """A heatmap cell: 'mean (n=12)', '+0.20 ↑ (n 10→14)', or what stands in for it."""
    status = row["status"]
    if status != suppression.SHOWN:
        return suppression.status_text(status, min_size)
    if change:
        return (
            f"{change_label(row['change'], row['verdict'])} "
            f"(n {int(row['n_before'])}→{int(row['n_after'])})"
        )
    return f"{row['mean']:.2f} (n={int(row['n'])})"


def segment_cells(cells: pd.DataFrame, min_size: int, change: bool = False) -> pd.DataFrame:
    """Segment cells with their text ('label') and the value their colour shows ('shade':
    difference from the network mean, or the change), NaN where the cell is not shown."""
    labelled = cells.copy()
    labelled["label"] = [segment_cell(r, min_size, change) for r in cells.to_dict("records")]
    labelled["shade"] = cells["change"] if change else cells["difference"]
    return labelled


def segment_table(cells: pd.DataFrame, min_size: int, change: bool = False) -> pd.DataFrame:
    """Dimension x group as a text table (rows dimensions, columns groups)."""
    labelled = segment_cells(cells, min_size, change)
    groups = list(dict.fromkeys(labelled["group"]))
    table = labelled.pivot_table(
        index=["dimension_id", "dimension"], columns="group", values="label", aggfunc="first"
    )[groups]
    order = list(dict.fromkeys(labelled["dimension_id"]))
    table = table.reset_index().set_index("dimension_id").loc[order].reset_index(drop=True)
    table.columns.name = None
    return table.rename(columns={"dimension": "Dimension"})


def comments_table(comments: pd.DataFrame, segment: str | None) -> pd.DataFrame:
    """Comments as plain-text columns for a dataframe (never rendered as Markdown)."""
    table = pd.DataFrame(
        {
            "Comment": comments["text"].astype("str"),
            "Question": comments["question"].astype("str"),
            "Dimension": comments["dimension"].astype("str"),
        }
    )
    if segment:
        table[segment] = comments["group"].astype("str")
    return table


# Workshop: actions and the maturity matrix

# A mark beside each status, so it reads without colour.
STATUS_LABELS = {
    "open": "○ Open",
    "in_progress": "→ In progress",
    "done": "✓ Done",
    "dropped": "✕ Dropped",
}
VIEWS_MARKS = {
    "members' answers higher": "↑",
    "members' answers lower": "↓",
    "in line": "=",
}


def status(value: str | None) -> str:
    if _missing(value):
        return "–"
    return STATUS_LABELS.get(value, value)  # type: ignore[arg-type]


def day(value: object) -> str:
    """A date as people write it (30 Jun 2026), or a dash."""
    if _missing(value):
        return "–"
    return value.strftime("%d %b %Y")  # type: ignore[union-attr]


def level(value: int, names: list[str]) -> str:
    """A maturity level with its name: '2 · Developing'."""
    return f"{value} · {names[value - 1]}"


def gap(value: int) -> str:
    return f"{value:+d}" if value else "0"


def views(value: str | None) -> str:
    if _missing(value) or not value:
        return "–"
    return f"{VIEWS_MARKS[value]} {value}"


def actions_table(actions: pd.DataFrame, with_round: bool = False) -> pd.DataFrame:
    """Actions as text columns: dimension, action, owner, due, status (and the round)."""
    rows = []
    for row in actions.itertuples():
        cells = {
            "Dimension": row.dimension,
            "Action": row.what,
            "Owner": row.owner or "–",
            "Due": day(row.due_on),
            "Status": status(row.status),
        }
        if with_round:
            cells["Agreed at"] = row.round if isinstance(row.round, str) else "round deleted"
        rows.append(cells)
    columns = ["Dimension", "Action", "Owner", "Due", "Status"] + (
        ["Agreed at"] if with_round else []
    )
    return pd.DataFrame(rows, columns=columns)


def matrix_table(summary: pd.DataFrame, names: list[str], min_size: int) -> pd.DataFrame:
    """The matrix as text: levels now and aimed for, the gap, and the survey beside them."""
    rows = []
    for row in summary.itertuples():
        rows.append(
            {
                "Dimension": row.dimension,
                "Now": level(row.current, names),
                "Target": level(row.target, names),
                "Gap": gap(row.gap),
                "Survey mean": mean(row.mean, row.status, min_size),
                "n": count(row.n, row.status, min_size),
                "Members vs group": views(row.views),
            }
        )
    return pd.DataFrame(
        rows, columns=["Dimension", "Now", "Target", "Gap", "Survey mean", "n", "Members vs group"]
    )


# Workshop page: the same words as the deck and the report


def change_since(previous_label: str | None, row: pd.Series | dict) -> str:
    """A scorecard row's change as one line: 'Since 2026 Q2: +0.29 (95% interval +0.05 to
    +0.53) · ↑ clear rise · n 74 → 91', or why there is no change to give."""
    if previous_label is None:
        return "The network's first round: changes show from the second."
    since = f"Since {previous_label}:"
    verdict_ = row["verdict"]
    if _missing(row["change"]) or not isinstance(verdict_, str):
        reason = verdict_ if isinstance(verdict_, str) else "not asked in both rounds"
        return f"{since} {reason}"
    return (
        f"{since} {signed(row['change'])} "
        f"(95% interval {interval(row['low'], row['high'])}) · "
        f"{verdict(verdict_)} · n {count(row['previous_n'])} → {count(row['n'])}"
    )


ANSWER_NAMES = ("1 least favourable", "2", "3 neutral", "4", "5 most favourable")


def answer_distribution_table(row: pd.Series | dict) -> pd.DataFrame:
    """A shown scorecard row's scored answers 1..5 (reverse-worded statements turned round)
    with their counts and shares: the table beside charts.answer_distribution."""
    counts = [int(row[f"dist_{s}"]) for s in scoring.SCORES]
    total = sum(counts)
    return pd.DataFrame(
        {
            "Answer": list(ANSWER_NAMES),
            "Answers": [str(c) for c in counts],
            "Share": [percent(100.0 * c / total if total else None) for c in counts],
        }
    )


def level_option(value: int, names: list[str], descriptors: list[str] | None) -> str:
    """A maturity level as a choice: '2 · Developing: <that level's descriptor>'."""
    text = level(value, names)
    return f"{text}: {descriptors[value - 1]}" if descriptors else text


def movement_table(movement: pd.DataFrame) -> pd.DataFrame:
    """Agreed levels session by session as text: a row per dimension, a column per session,
    each cell 'now → target'."""
    if movement.empty:
        return pd.DataFrame(columns=["Dimension"])
    cells = movement.assign(
        cell=[f"{c} → {t}" for c, t in zip(movement["current"], movement["target"], strict=True)]
    )
    table = cells.pivot_table(
        index=["dimension_id", "dimension"],
        columns="session_order",
        values="cell",
        aggfunc="first",
    )
    sessions = cells.drop_duplicates("session_order").set_index("session_order")["session"]
    table.columns = [sessions[c] for c in table.columns]
    order = list(dict.fromkeys(movement["dimension_id"]))
    table = table.reset_index().set_index("dimension_id").loc[order].reset_index(drop=True)
    return table.fillna("–").rename(columns={"dimension": "Dimension"})
