"""CSV exports: formula-like text neutralised (the one guard every CSV export uses), hidden
figures blank, stable order."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from carenet_dash.exports import csv as exports_csv
from carenet_dash.store import queries, workshop_writes, writes
from tests.conftest import HAND_ANSWERS, make_responses


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ('  =HYPERLINK("x")', '\'  =HYPERLINK("x")'),
        ('=HYPERLINK("http://example.org","click")', '\'=HYPERLINK("http://example.org","click")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)"),
        ("-1", "'-1"),  # text that reads as a number is still text: a spreadsheet would compute it
        ("   -2+3", "'   -2+3"),
        ("Plain text", "Plain text"),
        ("Agree", "Agree"),
        ("a=b", "a=b"),
        ("", ""),
        (-0.12, -0.12),  # numbers stay numbers: a real number cannot carry a formula
        (-3, -3),
        (3, 3),
        (4.0, 4.0),
    ],
)
def test_neutralise(value, expected):
    assert exports_csv.neutralise(value) == expected


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_scores_csv_blanks_hidden_figures_and_neutralises_names(store, mini):
    meta = writes.RoundMeta(network="=Evil network", label="+2026 Q1")
    writes.import_round(store, meta, mini, make_responses(HAND_ANSWERS))
    writes.set_min_group_size(store, queries.network_by_name(store, "=Evil network").id, 3)
    rows = parse(exports_csv.network_scores_csv(store, "=Evil network"))
    assert [(r["network"], r["round"], r["dimension_id"]) for r in rows] == [
        ("'=Evil network", "'+2026 Q1", "a"),
        ("'=Evil network", "'+2026 Q1", "b"),
    ]
    # A has 2 respondents, below the minimum of 3: no figure at all, only its status.
    a, b = rows
    assert (a["n"], a["mean"], a["sd"], a["favourable_pct"], a["band"], a["status"]) == (
        "", "", "", "", "", "hidden",
    )  # fmt: skip
    # B: respondent means 3, 3, 5 -> mean 11/3, sd 2/sqrt(3). Its scored answers 3, 2, 4, 5
    # come from one person each, so they are published only as one bin of all four: the
    # favourable share (4 and 5: two people) is not a union of bins and stays blank.
    assert (b["n"], b["mean"], b["sd"], b["favourable_pct"], b["band"], b["status"]) == (
        "3", "3.667", "1.155", "", "discuss", "shown",
    )  # fmt: skip


def test_a_status_is_one_word_a_script_can_match(store, mini):
    rows = [(p, "a1", 4, False) for p in range(1, 6)]
    writes.import_round(store, writes.RoundMeta(network="N", label="R"), mini, make_responses(rows))
    found = parse(exports_csv.network_scores_csv(store, "N"))
    # A respondent counts in A after answering two of its three items: a1 alone counts
    # nobody. Nobody answered B.
    assert [(r["dimension_id"], r["n"], r["status"]) for r in found] == [
        ("a", "", "no_data"),
        ("b", "", "no_data"),
    ]


def test_actions_csv_in_the_order_agreed_with_formulas_neutralised(store, mini):
    first = writes.import_round(
        store, writes.RoundMeta(network="N", label="2026 Q1"), mini, make_responses(HAND_ANSWERS)
    )
    second = writes.import_round(
        store, writes.RoundMeta(network="N", label="2026 Q2"), mini, make_responses(HAND_ANSWERS)
    )
    workshop_writes.record_action(
        store, first, "=HYPERLINK(\"http://evil\",\"click\")", owner="@ICB",
        due_on=dt.date(2026, 6, 30), status="in progress", dimension_id="a",
    )  # fmt: skip
    workshop_writes.record_action(
        store, second, "-Stop the duplicate meeting", owner="Steering group"
    )
    rows = parse(exports_csv.actions_csv(store, "N"))
    assert [
        (r["round"], r["dimension_id"], r["dimension"], r["action"], r["owner"], r["due_on"],
         r["status"])
        for r in rows
    ] == [
        ("2026 Q1", "a", "Dimension A", "'=HYPERLINK(\"http://evil\",\"click\")", "'@ICB",
         "2026-06-30", "in progress"),
        ("2026 Q2", "", "Network-wide", "'-Stop the duplicate meeting", "Steering group", "",
         "open"),
    ]  # fmt: skip
    assert all(dt.datetime.fromisoformat(r["created_at"]) for r in rows)
    only_second = parse(exports_csv.actions_csv(store, "N", "2026 Q2"))
    assert [r["action"] for r in only_second] == ["'-Stop the duplicate meeting"]
