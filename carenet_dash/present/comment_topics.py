"""Comments by dimension as a table of plain text: how many, and the words they use most."""

from __future__ import annotations

import pandas as pd


def terms_text(terms: list[tuple[str, int]]) -> str:
    """'lead (3) · meetings (2)': each word or phrase with the comments that use it."""
    return " · ".join(f"{term} ({n})" for term, n in terms) or "–"


def dimension_summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """analysis.comment_topics.dimension_summary as text columns for a dataframe."""
    return pd.DataFrame(
        {
            "Dimension": summary["dimension"].astype("str"),
            "Comments": summary["comments"].astype("int64"),
            "Words and phrases used most (comments)": [terms_text(t) for t in summary["terms"]],
        }
    )
