"""What a viewer can take away is decided by the app: no table download for viewers unless
the lead allows it (per network, on Manage), and every table's cells neutralised for CSV."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from carenet_dash.store import queries, workshop_writes
from carenet_dash.store.opening import get_engine
from carenet_dash.ui.downloads import HIDE_DOWNLOAD
from tests.markdown_inert import as_read
from tests.pages.conftest import ROOT, open_page, text_of
from tests.pages.test_access_pages import another_session, app_with

CANCER = "Head and Neck Cancer Support Network"  # the first network, so the one shown
PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py") if p.stem != "upload")


def download_hidden(at: AppTest) -> bool:
    return any(element.proto.body == HIDE_DOWNLOAD for element in at.get("html"))


def signed_in(at: AppTest, form: str, password: str) -> AppTest:
    at.text_input(key=f"{form}_password").set_value(password)
    at.button(key=f"FormSubmitter:{form}-Sign in").click().run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def viewer(demo_url, monkeypatch) -> AppTest:
    at = app_with(monkeypatch, viewer="members-only", lead="lead-only")
    return signed_in(at, "viewer_sign_in", "members-only")


@pytest.mark.parametrize("name", PAGES)
def test_a_viewer_gets_no_table_download_on_any_page(viewer, name):
    at = open_page(viewer, name)
    assert download_hidden(at)


def test_the_lead_gets_table_downloads_and_can_allow_them_for_viewers(
    viewer, monkeypatch, demo_url
):
    engine = get_engine(demo_url)
    cancer = queries.network_by_name(engine, CANCER)
    assert cancer.viewer_downloads is False
    lead = another_session(monkeypatch)
    signed_in(lead, "lead_sign_in", "lead-only")
    assert not download_hidden(lead)
    at = open_page(lead, "manage")
    switch = at.toggle(key=f"viewer-downloads-{cancer.id}")
    assert switch.value is False
    switch.set_value(True).run()
    assert not at.exception, at.exception
    assert queries.network_by_name(engine, CANCER).viewer_downloads is True
    # The viewer's next run offers the download for this network, and only this one.
    viewer.run()
    assert not download_hidden(viewer)
    viewer.selectbox(key="network").set_value("Riverside Children's Health Network").run()
    assert download_hidden(viewer)


def test_with_nothing_configured_the_one_lead_downloads(app):
    assert not download_hidden(app)


def test_a_formula_in_a_table_is_neutralised_before_it_reaches_the_browser(app, demo_url):
    engine = get_engine(demo_url)
    network = queries.network_by_name(engine, CANCER)
    latest = queries.rounds(engine, network.id)[-1]
    formula = '=HYPERLINK("http://evil.example","click")'
    workshop_writes.record_action(engine, latest.id, formula, owner="@SUM(1)")
    at = open_page(app, "overview")
    # The Overview's actions wrap to the page (views.text_table: cells read as Markdown).
    tables = [t.value.rename(columns=as_read).map(as_read) for t in at.table]
    actions = next(t for t in tables if "Action" in t.columns)
    row = actions[actions["Action"].str.contains("HYPERLINK")].iloc[0]
    assert (row["Action"], row["Owner"]) == (f"'{formula}", "'@SUM(1)")
    assert "Open actions" in text_of(at)


def test_only_the_lead_can_allow_viewers_to_download(viewer):
    at = open_page(viewer, "manage")
    assert not [t for t in at.toggle if t.key.startswith("viewer-downloads-")]
    assert "Only the network lead can" in text_of(at)
