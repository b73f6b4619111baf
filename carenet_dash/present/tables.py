"""Page-ready figures as text tables: rounds, scorecard, changes, trend, statements, spread,
segments and comments."""

from __future__ import annotations

import pandas as pd

from carenet_dash import scoring, suppression
from carenet_dash.analysis.scales import on_favourable_share
from carenet_dash.present import columns
from carenet_dash.present.words import (
    DIFFERENT_INSTRUMENT,
    band,
    change_label,
    count,
    day_iso,
    interval,
    item_label,
    mean,
    missing,
    percent,
    signed,
    verdict,
)


def rounds_table(rounds: pd.DataFrame, min_size: int) -> pd.DataFrame:
    """A network's rounds (analysis.round_list) as text: a round below the minimum shows the
    hidden text instead of its count."""
    return pd.DataFrame(
        {
            "Round": rounds["round"],
            "Fielded": [day_iso(d) for d in rounds["fielded_on"]],
            "Responses": [
                count(n, suppression.HIDDEN if missing(n) else suppression.SHOWN, min_size)
                for n in rounds["respondents"]
            ],
            "Invited": [count(n) if not missing(n) else "" for n in rounds["invited"]],
            "Instrument": rounds["instrument"],
            "Source file": rounds["source"].fillna(""),
        },
        columns=["Round", "Fielded", "Responses", "Invited", "Instrument", "Source file"],
    )


def scorecard_table(card: pd.DataFrame, min_size: int) -> pd.DataFrame:
    """The overview scorecard as text columns: dimension, n, mean, spread, band, change."""
    rows = []
    for row in card.itertuples():
        rows.append(
            {
                "Dimension": row.dimension,
                columns.RESPONSES: count(row.n, row.status, min_size),
                "Mean": mean(row.mean, row.status, min_size),
                columns.SPREAD: "–" if missing(row.sd) else f"{row.sd:.2f}",
                "Favourable": percent(row.favourable_pct),
                "Band": band(row.band),
                "Members split": "yes" if row.split else "",
                columns.CHANGE: signed(row.change),
                columns.LIKELY_RANGE: interval(row.low, row.high),
                columns.RESPONSES_BEFORE: (
                    count(row.previous_n) if not missing(row.previous_n) else "–"
                ),
                "Verdict": verdict(row.verdict),
            }
        )
    return pd.DataFrame(rows)


def changes_table(changes: pd.DataFrame, before: str, after: str, min_size: int) -> pd.DataFrame:
    """Round-vs-round comparison as text columns, with n on both sides of every change (of
    favourable shares, where the rounds were asked on different scales)."""
    measure = "favourable %" if on_favourable_share(changes) else "mean"
    rows = []
    for row in changes.itertuples():
        rows.append(
            {
                "Dimension": row.dimension,
                f"{before} {measure}": mean(row.mean_before, row.status, min_size),
                f"{before} responses": count(row.n_before, row.status, min_size),
                f"{after} {measure}": mean(row.mean_after, row.status, min_size),
                f"{after} responses": count(row.n_after, row.status, min_size),
                columns.CHANGE: signed(row.change),
                columns.LIKELY_RANGE: interval(row.low, row.high),
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
                count(n, suppression.HIDDEN if missing(n) else suppression.SHOWN, min_size)
                for n in rounds["respondents"]
            ],
        }
    )


def labelled_items(items: pd.DataFrame) -> pd.DataFrame:
    """A dimension's items (analysis.dimension_items) with each statement's axis label."""
    labels = [item_label(t, r) for t, r in zip(items["text"], items["reverse"], strict=True)]
    return items.assign(label=labels)


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
    difference from the network mean, or the change when it is clear and 0, the neutral
    middle, when it is within noise), NaN where the cell is not shown."""
    labelled = cells.copy()
    labelled["label"] = [segment_cell(r, min_size, change) for r in cells.to_dict("records")]
    if change:
        # Colour only a clear change: one within noise stays neutral, whatever its size.
        clear = cells["verdict"].isin([scoring.CLEAR_RISE, scoring.CLEAR_FALL])
        labelled["shade"] = cells["change"].astype("float64").where(clear, 0.0)
        labelled.loc[cells["status"] != suppression.SHOWN, "shade"] = float("nan")
    else:
        labelled["shade"] = cells["difference"]
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
