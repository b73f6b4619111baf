"""The Manage page: rename, re-date, invited count, delete with confirmation, download, and the
minimum group size with its floor."""

from __future__ import annotations

import datetime as dt

import pytest

from carenet_dash.store import queries
from carenet_dash.store.opening import get_engine
from tests.import_cases import snapshot
from tests.pages.conftest import page, text_of


@pytest.fixture
def manage(app):
    app.switch_page(page("manage.py")).run()
    assert not app.exception, app.exception
    return app


def chosen_round(at, url: str):
    engine = get_engine(url)
    network = queries.network_by_name(engine, at.selectbox(key="network").value)
    return engine, network, queries.round_by_label(engine, network.id, "2026 Q3")


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_the_page_lists_the_rounds_of_the_chosen_network(manage):
    table = manage.dataframe[0].value
    assert list(table["Round"]) == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"]
    assert "Round 2026 Q3" in text_of(manage)


def test_rename_redate_and_invited(manage, demo_url):
    engine, _, current = chosen_round(manage, demo_url)
    manage.text_input(key=f"label-{current.id}").set_value("  2026 Q3   autumn ")
    manage.date_input(key=f"date-{current.id}").set_value(dt.date(2026, 9, 1))
    manage.number_input(key=f"invited-{current.id}").set_value(150)
    button(manage, "Save changes").click().run()
    assert not manage.exception
    changed = queries.round_by_id(engine, current.id)
    assert (changed.label, changed.fielded_on, changed.invited) == (
        "2026 Q3 autumn",
        dt.date(2026, 9, 1),
        150,
    )
    assert manage.selectbox(key="round").value == "2026 Q3 autumn"  # the sidebar follows


def test_a_clashing_name_is_refused_and_nothing_changes(manage, demo_url):
    engine, _, current = chosen_round(manage, demo_url)
    before = snapshot(engine)
    manage.text_input(key=f"label-{current.id}").set_value("2026 Q2")
    button(manage, "Save changes").click().run()
    assert "already has a round called '2026 Q2'" in text_of(manage)
    assert snapshot(engine) == before


def test_invited_below_the_respondents_is_refused(manage, demo_url):
    engine, _, current = chosen_round(manage, demo_url)
    manage.number_input(key=f"invited-{current.id}").set_value(current.respondents - 1)
    button(manage, "Save changes").click().run()
    assert "smaller than the respondents kept" in text_of(manage)
    assert queries.round_by_id(engine, current.id).invited == current.invited


def test_delete_needs_confirmation(manage, demo_url):
    engine, network, current = chosen_round(manage, demo_url)
    assert button(manage, "Delete round").disabled
    manage.checkbox(key=f"confirm-delete-{current.id}").check().run()
    button(manage, "Delete round").click().run()
    assert not manage.exception
    labels = [r.label for r in queries.rounds(engine, network.id)]
    assert labels == ["2025 Q4", "2026 Q1", "2026 Q2"]
    assert manage.selectbox(key="round").value == "2026 Q2"
    assert snapshot(engine)["respondents"] == sum(
        r.respondents for n in queries.networks(engine) for r in queries.rounds(engine, n.id)
    )  # the deleted round's respondents went with it


def test_the_downloads_are_offered(manage):
    labels = [d.proto.label for d in manage.get("download_button")]
    assert labels == ["Download answers (CSV)", "Download a backup"]


def test_minimum_group_size_never_below_three(manage, demo_url):
    engine, network, _ = chosen_round(manage, demo_url)
    key = f"min-group-size-{network.id}"
    assert manage.number_input(key=key).min == 3
    manage.number_input(key=key).set_value(7).run()
    button(manage, "Save minimum group size").click().run()
    assert queries.network_by_id(engine, network.id).min_group_size == 7
    assert "Groups of fewer than 7 responses are never shown" in text_of(manage)


def test_the_answers_of_a_round_under_the_minimum_are_not_offered(manage, demo_url):
    # A round of 20 respondents: offered at a minimum group size of 5, not at 21 (issue 9, case 8).
    from tests.pages.conftest import SMALL, small_round, switch_network

    small_round(get_engine(demo_url), "2026 Q1")
    switch_network(manage, SMALL)
    labels = [d.proto.label for d in manage.get("download_button")]
    assert "Download answers (CSV)" in labels
    engine = get_engine(demo_url)
    network = queries.network_by_name(engine, SMALL)
    key = f"min-group-size-{network.id}"
    manage.number_input(key=key).set_value(21).run()
    button(manage, "Save minimum group size").click().run()
    assert queries.network_by_id(engine, network.id).min_group_size == 21
    labels = [d.proto.label for d in manage.get("download_button")]
    assert labels == ["Download a backup"]
    assert "This round's answers are not offered" in text_of(manage)
