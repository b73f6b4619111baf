"""Page-ready figures as text tables: rounds, scorecard, changes, trend, statements, spread,
segments and comments."""

from __future__ import annotations

import pandas as pd

from carenet_dash import disclosure, scoring
from carenet_dash.analysis.scales import on_favourable_share
from carenet_dash.present import columns
from carenet_dash.present.words import (
    DIFFERENT_INSTRUMENT,
    band,
    change_label,
    change_verdict,
    count,
    day_iso,
    interval,
    item_label,
    mean,
    missing,
    percent,
    side,
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
                count(n, disclosure.HIDDEN if missing(n) else disclosure.SHOWN, min_size)
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
    for row in card.to_dict("records"):
        rows.append(
            {
                "Dimension": row["dimension"],
                columns.RESPONSES: count(row["n"], row["status"], min_size),
                "Mean": mean(row["mean"], row["status"], min_size),
                columns.SPREAD: "–" if missing(row["sd"]) else f"{row['sd']:.2f}",
                "Favourable": percent(row["favourable_pct"]),
                "Band": band(row["band"]),
                "Members split": "yes" if row["split"] else "",
                columns.CHANGE: signed(row["change"]),
                columns.LIKELY_RANGE: interval(row["low"], row["high"]),
                columns.RESPONSES_BEFORE: side(
                    row["previous_n"], row["previous_status"], min_size, False
                ),
                "Verdict": change_verdict(row, min_size),
            }
        )
    return pd.DataFrame(rows)


def changes_table(changes: pd.DataFrame, before: str, after: str, min_size: int) -> pd.DataFrame:
    """Round-vs-round comparison as text columns, with n on both sides of every change (of
    favourable shares, where the rounds were asked on different scales); each side as its own
    status allows (a side is shown beside a hidden or empty other side)."""
    measure = "favourable %" if on_favourable_share(changes) else "mean"
    rows = []
    for row in changes.to_dict("records"):
        rows.append(
            {
                "Dimension": row["dimension"],
                f"{before} {measure}": side(
                    row["mean_before"], row["status_before"], min_size, True
                ),
                f"{before} responses": side(row["n_before"], row["status_before"], min_size, False),
                f"{after} {measure}": side(row["mean_after"], row["status_after"], min_size, True),
                f"{after} responses": side(row["n_after"], row["status_after"], min_size, False),
                columns.CHANGE: signed(row["change"]),
                columns.LIKELY_RANGE: interval(row["low"], row["high"]),
                "Verdict": change_verdict(row, min_size),
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
            if s == disclosure.SHOWN
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
                count(n, disclosure.HIDDEN if missing(n) else disclosure.SHOWN, min_size)
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
    """Each item's answers in both rounds as rows (label, bins, not_applicable, n, status: that
    side's own) for the side-by-side distribution chart and its table."""
    rows = []
    for row in changes.to_dict("records"):
        for prefix, suffix, label in (("before_", "_before", before), ("after_", "_after", after)):
            rows.append(
                {
                    "label": f"{item_label(row['text'], row['reverse'], 60)} · {label}",
                    "status": row[f"status{suffix}"],
                    "n": row[f"n{suffix}"],
                    "not_applicable": row[f"{prefix}not_applicable"],
                    "bins": row[f"{prefix}bins"],
                }
            )
    return pd.DataFrame(rows, columns=["label", "status", "n", "not_applicable", "bins"])


def distribution_table(
    items: pd.DataFrame, min_size: int, na_label: str = "Not applicable"
) -> pd.DataFrame:
    """Answers per statement as published, one line per bin of answers in the scale's words
    (two answers together where either alone would describe too few people), then the
    statement's not-applicable answers."""
    rows = []
    for row in items.to_dict("records"):
        label = row.get("label") or item_label(row["text"], row["reverse"], width=200)
        status = row["status"]
        n = count(row["n"], status, min_size)
        if status == disclosure.SHOWN:
            for found in row["bins"]:
                rows.append(
                    {
                        "Statement": label,
                        "Answer": found["label"],
                        "Share": percent(found["pct"]),
                        "Answers": count(found["count"]),
                        "n": n,
                    }
                )
        else:
            words = disclosure.status_text(status, min_size)
            rows.append(
                {"Statement": label, "Answer": "–", "Share": words, "Answers": words, "n": n}
            )
        na = row["not_applicable"]
        kept_back = row.get("na_status", status) == disclosure.HIDDEN
        rows.append(
            {
                "Statement": label,
                "Answer": na_label,
                "Share": percent(row.get("na_pct")),
                "Answers": count(na)
                if not missing(na)
                else (disclosure.hidden_text(min_size) if kept_back else "–"),
                "n": n,
            }
        )
    return pd.DataFrame(rows, columns=["Statement", "Answer", "Share", "Answers", "n"])


def spread_table(spread: pd.DataFrame, min_size: int) -> pd.DataFrame:
    """Respondents per band of dimension score, as text (bands of too few merged)."""
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
    if status != disclosure.SHOWN:
        return disclosure.status_text(status, min_size)
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
        labelled.loc[cells["status"] != disclosure.SHOWN, "shade"] = float("nan")
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


def _figure_text(column: str, value: object) -> str:
    if column in ("n", "n_before", "n_after"):
        return count(value)
    if column in ("change", "ci_low", "ci_high"):
        return signed(value)
    if column.endswith("_pct"):
        return percent(value)
    if column == "band":
        return band(value)
    if column == "verdict":
        return verdict(value)
    return "–" if missing(value) else f"{value:.2f}"


def figure_table(rows: pd.DataFrame, min_size: int, statuses: dict[str, str]) -> pd.DataFrame:
    """Rows of published figures (analysis.scores_rows, segments_rows, compare_rows) as the
    pages word them: each figure column named in ``statuses`` is written as text, or, where
    its status column says it is not shown, as the hidden text or "no data". Status columns
    themselves are left out."""
    table = rows.drop(columns=[c for c in rows.columns if c.startswith("status")])
    for column, status_column in statuses.items():
        table[column] = [
            _figure_text(column, value)
            if state == disclosure.SHOWN or not missing(value)
            else disclosure.status_text(state, min_size)
            for value, state in zip(rows[column], rows[status_column], strict=True)
        ]
    return table


def redactions_table(found: list) -> pd.DataFrame:
    """The lead's redactions (store.redaction.redactions) for the audit: the day, the round
    and the open question; never the text, which is gone."""
    return pd.DataFrame(
        {
            "Removed on": [day_iso(r.redacted_on) for r in found],
            "Round": [r.round_label for r in found],
            "Question": [r.question_id for r in found],
            "Comment": [r.comment_id for r in found],
        },
        columns=["Removed on", "Round", "Question", "Comment"],
    )
