"""A round's original answers as CSV: raw scores per respondent and item, no personal data."""

from __future__ import annotations

import io

import pandas as pd
from sqlalchemy import Engine

from carenet_dash import disclosure
from carenet_dash.errors import CareNetError
from carenet_dash.exports.csv import neutralise
from carenet_dash.filenames import download_name
from carenet_dash.store import queries

NOT_APPLICABLE = "Not applicable"


def answers_table(engine: Engine, round_id: int) -> pd.DataFrame:
    """One row per respondent (numbered 1..n), one column per item id, in the instrument's
    order: the raw score 1..5 as given (reverse items not turned round), "Not applicable",
    or blank. Segments, comments and respondent hashes are left out, so the file cannot be
    used to pick out a small group.

    Refused for a round of fewer respondents than its network's minimum group size (every
    row would be one of too few people; disclosure rule 9).
    """
    info = queries.round_by_id(engine, round_id)
    check_downloadable(engine, info)
    instrument = queries.instrument_snapshot(engine, info.instrument_pk)
    answers = queries.answers(engine, [round_id])
    people = queries.segments(engine, [round_id])["respondent_id"].sort_values()
    cells = answers["score"].astype("Int64").astype("str").where(answers["score"].notna(), "")
    cells = cells.where(~answers["not_applicable"], NOT_APPLICABLE)
    wide = (
        answers.assign(cell=cells)
        .pivot(index="respondent_id", columns="item_id", values="cell")
        .fillna("")
        .reindex(index=people.to_numpy(), columns=list(instrument.items), fill_value="")
    )
    wide.insert(0, "respondent", range(1, len(wide) + 1))
    return wide.reset_index(drop=True)


def downloadable(engine: Engine, info: queries.RoundInfo) -> bool:
    """True when a round's answers may be downloaded: it has at least its network's minimum
    group size of respondents."""
    k = queries.network_by_id(engine, info.network_id).min_group_size
    return disclosure.status(info.respondents, k) == disclosure.SHOWN


def check_downloadable(engine: Engine, info: queries.RoundInfo) -> None:
    if not downloadable(engine, info):
        k = queries.network_by_id(engine, info.network_id).min_group_size
        raise CareNetError(
            f"round {info.label!r} has {disclosure.hidden_text(k)}, so its answers cannot be "
            "downloaded: each row would belong to one of too few members"
        )


def answers_csv(engine: Engine, round_id: int) -> bytes:
    """The answers table as UTF-8 CSV (with a byte-order mark so Excel reads it right)."""
    table = answers_table(engine, round_id).map(neutralise)
    table.columns = [neutralise(c) for c in table.columns]
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def file_name(network: str, label: str) -> str:
    """A download name like riverside-childrens-health-network-2026-q3-answers.csv."""
    return download_name(network, label, "answers", suffix=".csv")
