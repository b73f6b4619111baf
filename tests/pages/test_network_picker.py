"""The sidebar's network picker on a store of more networks than it lists: a bounded list and a
search, the lead's own network first, and a link to any network still opening on it."""

from __future__ import annotations

import pytest

from carenet_dash.demo import DEMO_NETWORKS
from carenet_dash.store import networks
from carenet_dash.store.opening import get_engine
from carenet_dash.ui import selection
from tests.markdown_inert import as_read
from tests.pages.conftest import app_test, open_page, text_of
from tests.pages.test_store_size import add_networks

OTHERS = [f"Zz other network {n}" for n in range(3)]  # sort after both demo networks


@pytest.fixture
def many(demo_url, monkeypatch):
    """Five networks (the two demos and three of the lead's own), two listed at a time."""
    add_networks(demo_url, 3)
    monkeypatch.setattr(selection, "PICKER_LIMIT", 2)
    return demo_url


def network_picker(at):
    return at.selectbox(key=selection.NETWORK_KEY)


def test_a_normal_store_lists_every_network_and_offers_no_search(app):
    assert network_picker(app).options == sorted(DEMO_NETWORKS, key=str.casefold)
    assert not [t for t in app.text_input if t.key == selection.SEARCH_KEY]


def test_a_larger_store_lists_a_few_and_opens_on_the_leads_own(many):
    at = app_test()
    at.run()
    assert not at.exception, at.exception
    # The two first by name are demos: the lead's own network is found beyond them.
    assert network_picker(at).value == OTHERS[0]
    assert network_picker(at).options == [OTHERS[0], *sorted(DEMO_NETWORKS, key=str.casefold)]
    assert at.text_input(key=selection.SEARCH_KEY).value == ""
    assert "The first 2 by name" in text_of(at)


def test_the_search_lists_the_networks_holding_it_and_one_can_be_chosen(many):
    at = app_test()
    at.run()
    at.text_input(key=selection.SEARCH_KEY).set_value("  NETWORK 2 ").run()
    assert network_picker(at).options == [OTHERS[0], OTHERS[2]]  # the one shown stays listed
    network_picker(at).set_value(OTHERS[2]).run()
    assert not at.exception, at.exception
    assert network_picker(at).value == OTHERS[2]
    at.text_input(key=selection.SEARCH_KEY).set_value("").run()  # the search cleared
    assert network_picker(at).value == OTHERS[2]  # the chosen network stays, first in the list
    assert network_picker(at).options == [OTHERS[2], *sorted(DEMO_NETWORKS, key=str.casefold)]


def test_a_link_to_a_network_beyond_the_list_opens_on_it(many):
    at = app_test()
    at.query_params[selection.NETWORK_KEY] = OTHERS[1]
    at.run()
    assert not at.exception, at.exception
    assert network_picker(at).value == OTHERS[1]
    assert OTHERS[1] in network_picker(at).options
    assert OTHERS[1] in as_read(text_of(at))  # the page shows it too, not the sidebar alone


def test_manage_offers_to_remove_the_demo_only_while_one_is_left(many):
    at = app_test()
    at.run()
    open_page(at, "manage")
    assert [b for b in at.button if b.key == "remove_demo"]
    networks.remove_demo(get_engine(many))  # elsewhere: the store's revision changes
    at.run()
    assert not at.exception, at.exception
    assert not [b for b in at.button if b.key == "remove_demo"]
