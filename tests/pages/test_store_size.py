"""A page's first visit and a command cost the same whatever else the store holds: they make
the same statements on a store of two networks as on one of five, and none of them reads every
row of a table about respondents, their answers, ties or organisations (SQLite's query plans).

Counted with an event listener on the engine, never timed (timings belong in bench/).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import streamlit as st
from sqlalchemy import Engine, event

from carenet_dash.analysis import data
from carenet_dash.cli import main
from carenet_dash.connections import figures
from carenet_dash.demo import synthetic_round
from carenet_dash.instrument_files import get_instrument
from carenet_dash.store import writes
from carenet_dash.store.opening import get_engine
from tests.pages.conftest import ROOT, app_test, page

PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py")
# Tables that grow with every network's respondents, rounds and records: a page reads only
# its own network's rows of these, through an index. (The sidebar reads at most a picker's
# worth of networks; Upload's "Into network", once a file is chosen, lists every network.)
GROWING = (
    "answers",
    "respondents",
    "respondent_segments",
    "comments",
    "ties",
    "organisations",
    "organisation_aliases",
    "rounds",
    "dimension_totals",
    "actions",
    "workshop_notes",
    "matrix_sessions",
    "matrix_levels",
    "column_mappings",
)
_WHOLE_TABLE = re.compile(rf"\bSCAN (?:TABLE )?({'|'.join(GROWING)})\b(?! USING)")


def add_networks(url: str, count: int) -> None:
    """``count`` more networks of two small rounds each, named to sort after the demo's."""
    engine = get_engine(url)
    for number in range(count):
        for index, label in enumerate(("2026 Q1", "2026 Q2")):
            meta = writes.RoundMeta(
                network=f"Zz other network {number}",
                label=label,
                fielded_on=dt.date(2026, 3 * index + 2, 1),
            )
            writes.import_round(engine, meta, get_instrument(), synthetic_round(12, index, number))


@contextmanager
def statements(engine: Engine) -> Iterator[list[tuple[str, object]]]:
    """Every statement the engine sends while the block runs, with its parameters."""
    sent: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, *_context) -> None:
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def first_visit(url: str, name: str) -> list[tuple[str, object]]:
    """The statements of a first visit to a page: every cache emptied just before it."""
    at = app_test()
    # The same network on both stores: the app opens on the lead's own network, and the
    # networks added below are real ones, not demos.
    at.query_params["network"] = "Head and Neck Cancer Support Network"
    at.run()
    st.cache_data.clear()
    st.cache_resource.clear()
    data._LOADED.clear()
    figures._MAPS.clear()
    with statements(get_engine(url)) as sent:
        at.switch_page(page(name)).run()
    assert not at.exception, at.exception
    return sent


def whole_table_reads(engine: Engine, sent: list[tuple[str, object]]) -> list[str]:
    """The plan lines of reads that visit every row of a growing table."""
    found = []
    with engine.connect() as conn:
        for statement, parameters in sent:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            found += [f"{row[-1]} in: {statement}" for row in plan if _WHOLE_TABLE.search(row[-1])]
        conn.rollback()
    return found


@pytest.mark.parametrize("name", PAGES)
def test_a_first_visit_makes_the_same_statements_on_a_larger_store(demo_url, name):
    small = first_visit(demo_url, name)
    add_networks(demo_url, 3)
    large = first_visit(demo_url, name)
    assert [s for s, _ in large] == [s for s, _ in small]
    assert whole_table_reads(get_engine(demo_url), large) == []


CHILDREN = ["--network", "Riverside Children's Health Network"]
COMMANDS = {
    "networks": ["networks"],
    "rounds": ["rounds", *CHILDREN],
    "scores": ["scores", *CHILDREN],
    "ties": ["ties", *CHILDREN],
    "ties --summary": ["ties", *CHILDREN, "--summary"],
    "organisations list": ["organisations", "list", *CHILDREN],
    "instrument list": ["instrument", "list"],
}


def command_statements(url: str, args: list[str]) -> list[tuple[str, object]]:
    with statements(get_engine(url)) as sent:
        assert main(["--db", url, *args]) == 0
    return sent


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_makes_the_same_statements_on_a_larger_store(demo_url, command, capsys):
    args = COMMANDS[command]
    small = command_statements(demo_url, args)
    shown = capsys.readouterr().out
    add_networks(demo_url, 3)
    large = command_statements(demo_url, args)
    assert [s for s, _ in large] == [s for s, _ in small]
    assert whole_table_reads(get_engine(demo_url), large) == []
    if command == "networks":  # the list grew, its statements did not
        assert capsys.readouterr().out.count("Zz other network") == 3 > shown.count("Zz")
