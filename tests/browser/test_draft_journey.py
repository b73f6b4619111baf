"""In Chromium: a survey of the lead's own that no instrument matches is drafted on the Upload
page, edited, saved, imported with, and then listed on the Instruments page."""

from __future__ import annotations

import pytest

from carenet_dash.store import queries
from carenet_dash.store.opening import get_engine
from tests.browser.conftest import wait_ready
from tests.conftest import FIXTURES

pytestmark = pytest.mark.browser

WIDE = FIXTURES / "scales" / "wide.csv"


def main_text(page) -> str:
    # plain() keeps file names whole with word joiners; a reader does not see them.
    return page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")


def test_draft_an_instrument_from_a_file_and_import_with_it(fresh_server, page):
    page.goto(fresh_server.url("upload"))
    wait_ready(page)
    page.set_input_files('input[type="file"]', str(WIDE))
    page.get_by_text("Draft an instrument from this file").first.wait_for()
    wait_ready(page)
    assert "No column of wide.csv matches an item of any instrument" in main_text(page)
    first_name = page.get_by_label("Dimension", exact=True).first
    first_name.fill("Partnership")
    first_name.press("Enter")
    wait_ready(page)
    page.get_by_role("checkbox", name="Worded negatively", exact=True).nth(1).check(
        force=True
    )  # p2, "a waste of time"
    wait_ready(page)
    page.get_by_label("Instrument name").fill("Our own survey")
    page.get_by_label("Instrument name").press("Enter")
    wait_ready(page)
    page.get_by_role("button", name="Save the instrument and import with it").click()
    page.get_by_text("Respondents kept").wait_for()
    wait_ready(page)
    assert "Saved Our own survey (wide, version 1) in the store" in main_text(page)
    page.get_by_label("Round label", exact=True).fill("Own survey 2026")
    page.get_by_label("Round label", exact=True).press("Enter")
    wait_ready(page)
    # The target network is chosen on purpose (Import stays off until it is).
    page.locator('[data-testid="stSelectbox"]', has_text="Into network").click()
    page.get_by_role("option", name="Head and Neck Cancer Support Network").click()
    wait_ready(page)
    page.get_by_role("button", name="Import round").click()
    page.get_by_text("Imported round").wait_for()
    wait_ready(page)
    assert "5 respondents" in main_text(page)
    engine = get_engine(fresh_server.store_url)
    instrument = next(
        queries.instrument_snapshot(engine, r.instrument_pk)
        for n in queries.networks(engine)
        for r in queries.rounds(engine, n.id)
        if r.label == "Own survey 2026"
    )
    assert instrument.dimensions[0].name == "Partnership"
    assert [i.id for i in instrument.items.values() if i.reverse] == ["p2"]
    page.goto(fresh_server.url("instruments"))
    page.get_by_text("Instruments you can import with").wait_for()
    wait_ready(page)
    # The list is a data grid drawn on a canvas: the download's choices name it in text.
    page.locator('[data-testid="stSelectbox"]', has_text="Instrument").click()
    page.get_by_role("option", name="Our own survey (wide, version 1, stored)").wait_for()
