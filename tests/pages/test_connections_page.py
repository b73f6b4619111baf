"""Connections: the map and its figures match the engine, rounds compare, the views and the
type filter work, the lead alone changes the list, and nothing about a person is drawn."""

from __future__ import annotations

import io

import pyarrow as pa
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from carenet_dash import access, workshop
from carenet_dash.connections.figures import round_map
from carenet_dash.instrument_files import get_instrument
from carenet_dash.present import connections as words
from carenet_dash.store import organisations, queries, writes
from carenet_dash.store.opening import get_engine
from carenet_dash.ui import connections as page_parts
from tests.conftest import HAND_ANSWERS, make_responses
from tests.markdown_inert import as_read, markdown_problems
from tests.pages.conftest import app_test, chosen, open_page, page, switch_network, text_of

CANCER = "Head and Neck Cancer Support Network"
BROKER = "Head and Neck Peer Support"
STEP = next(s.number for s in workshop.steps(get_instrument()) if s.kind == workshop.CONNECTIONS)


def spec_data(at: AppTest) -> list[dict]:
    """Every row of data the map carries to the browser (Streamlit sends it as Arrow)."""
    chart = at.get("vega_lite_chart")[0]  # the map comes first, the perception heatmap later
    rows = []
    for dataset in chart.proto.datasets:
        table = pa.ipc.open_stream(io.BytesIO(dataset.data.data)).read_all()
        rows += table.to_pylist()
    return rows


def node_names(at: AppTest) -> set[str]:
    return {r["name"] for r in spec_data(at) if "named_by" in r and "Organisation" in r}


@pytest.fixture
def connections(app):
    return open_page(app, "connections")


def test_the_map_and_its_figures_are_the_engines(connections, demo_url):
    at = connections
    engine, network, _, current = chosen(at, demo_url)
    found = round_map(engine, current.id, network.min_group_size)
    shown = {m.label: m.value for m in at.get("metric")}
    assert shown["Organisations"] == str(found.figures.organisations)
    assert shown["Ties"] == str(found.figures.ties)
    assert node_names(at) == set(found.organisations["name"])
    shown, expected = at.dataframe[0].value, words.organisation_table(found)
    for column in ("Organisation", "Respondents", "Named by", "Names", "Position", "Broker"):
        assert shown[column].tolist() == expected[column].tolist(), column
    assert words.coverage_text(found.coverage) in text_of(at)


def test_the_map_carries_organisations_never_respondents(connections):
    rows = spec_data(connections)
    fields = {key for row in rows for key in row}
    assert not {"respondent_id", "source_hash", "row", "member_type"} & fields
    # A respondent count under the minimum reads "fewer than k", on the map as in the table.
    counts = {r["Respondents"] for r in rows if "Respondents" in r}
    assert "fewer than 5 responses" in counts
    assert all(c in ("fewer than 5 responses", "0") or int(c) >= 5 for c in counts)


def test_comparing_with_an_earlier_round_draws_new_and_lost_ties(connections):
    at = connections
    labels = at.selectbox(key=page_parts.COMPARE_KEY).options
    assert labels[0] == page_parts.NO_COMPARISON
    at.selectbox(key=page_parts.COMPARE_KEY).set_value(labels[1]).run()
    assert not at.exception, at.exception
    kinds = {r["change_word"] for r in spec_data(at) if "change_word" in r}
    assert kinds <= {"New tie", "Lost tie", "Tie in both"}
    assert "Tie in both" in kinds
    assert "new ties and" in text_of(at)
    assert "Change" in at.dataframe[1].value.columns


def test_ties_confirmed_by_both_sides(connections):
    at = connections
    at.radio(key=page_parts.VIEW_KEY).set_value(page_parts.CONFIRMED).run()
    assert not at.exception, at.exception
    ties = at.dataframe[1].value
    assert len(ties)
    assert set(ties["Confirmed by both"]) == {"yes"}


def test_the_type_filter_keeps_only_the_chosen_types(connections, demo_url):
    at = connections
    at.multiselect(key=page_parts.TYPES_KEY).set_value(["NHS trust"]).run()
    assert not at.exception, at.exception
    engine, network, _, current = chosen(at, demo_url)
    found = round_map(engine, current.id, network.min_group_size).organisations
    assert node_names(at) == set(found.loc[found["type"] == "NHS trust", "name"])


def test_another_round_keeps_each_organisation_in_its_place(connections):
    at = connections
    later = {r["name"]: (r["x"], r["y"]) for r in spec_data(at) if "Organisation" in r}
    at.selectbox(key="round").set_value("2025 Q4").run()
    earlier = {r["name"]: (r["x"], r["y"]) for r in spec_data(at) if "Organisation" in r}
    assert set(earlier) < set(later)
    assert all(earlier[name] == later[name] for name in earlier)


def test_a_round_without_the_relations_question_says_so(app, demo_url, mini):
    writes.import_round(
        get_engine(demo_url),
        writes.RoundMeta(network="Old survey", label="2025 Q1"),
        mini,
        make_responses(HAND_ANSWERS + [(p, "a1", 4, False) for p in range(5, 9)]),
    )
    switch_network(app, "Old survey")
    open_page(app, "connections")
    assert "does not ask which member organisations" in text_of(app)
    assert not app.get("vega_lite_chart")


def test_the_lead_adds_and_merges_organisations(connections, demo_url):
    at = connections
    at.text_input(key="org_add_name").set_value("Northshire Hospice Trust")
    at.button(key="FormSubmitter:org_add-Add").click().run()
    assert not at.exception, at.exception
    engine, network, _, _ = chosen(at, demo_url)
    names = set(organisations.organisations(engine, network.id)["name"])
    assert "Northshire Hospice Trust" in names
    at.selectbox(key="org_merge_keep").set_value("Northshire Hospice")
    at.selectbox(key="org_merge_other").set_value("Northshire Hospice Trust")
    at.button(key="FormSubmitter:org_merge-Merge").click().run()
    assert not at.exception, at.exception
    names = set(organisations.organisations(engine, network.id)["name"])
    assert "Northshire Hospice Trust" not in names
    assert "Saved." in text_of(at)


@pytest.fixture
def lead_locked(demo_url, monkeypatch):
    monkeypatch.setenv("CARENET_LEAD_PASSWORD", "lead-only")
    monkeypatch.setattr(access, "LOCKOUT", access.Lockout())
    st.cache_data.clear()
    at = app_test()
    at.run()
    return open_page(at, "connections")


def test_only_the_lead_changes_the_list(lead_locked):
    at = lead_locked
    assert "Only the network lead can change the list of organisations" in text_of(at)
    assert not [t for t in at.text_input if t.key.startswith("org_")]
    assert at.get("vega_lite_chart")  # viewing needs no lead password


def test_the_workshop_step_names_the_broker_as_plain_text(app, demo_url):
    engine = get_engine(demo_url)
    network = queries.network_by_name(engine, CANCER)
    listed = organisations.organisations(engine, network.id).set_index("name")
    organisations.rename_organisation(
        engine, int(listed.loc[BROKER, "organisation_id"]), "**Peer** [support](http://x.test)"
    )
    st.cache_data.clear()
    app.switch_page(page("workshop.py")).run()
    app.number_input(key="step").set_value(STEP).run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Who works with whom"
    assert app.get("vega_lite_chart")
    broker = next(m.value for m in app.markdown if "lose every path" in m.value)
    assert "**Peer** [support](http://x.test)" in as_read(broker)
    assert not markdown_problems(broker)


def test_choosing_the_compared_round_itself_drops_the_comparison(connections):
    at = connections
    at.selectbox(key=page_parts.COMPARE_KEY).set_value("2026 Q2").run()
    at.selectbox(key="round").set_value("2026 Q2").run()
    assert not at.exception, at.exception
    assert at.selectbox(key=page_parts.COMPARE_KEY).value == page_parts.NO_COMPARISON
    assert at.selectbox(key=page_parts.COMPARE_KEY).options == [
        page_parts.NO_COMPARISON,
        "2026 Q1",
        "2025 Q4",
    ]


def test_a_refused_change_quotes_the_name_as_plain_text(connections):
    at = connections
    for spelling in ("[Hospice](http://x.test)", "[hospice](http://x.test)"):
        at.text_input(key="org_add_name").set_value(spelling)
        at.button(key="FormSubmitter:org_add-Add").click().run()
        assert not at.exception, at.exception
    (error,) = at.error
    assert "already has an organisation called" in error.value
    assert "'[Hospice](http://x.test)'" in as_read(error.value)
    assert not markdown_problems(error.value)
