"""A facilitator's journey in Chromium: step through the workshop on a collapsed sidebar,
share the step, switch to high contrast, record an action, and find it on the Overview."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_sidebar, sidebar_shown, wait_ready

pytestmark = pytest.mark.browser

ACTION = "Ask members which meeting times suit carers"


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def heading(page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


def test_step_through_record_an_action_and_see_it_on_the_overview(fresh_server, browser, page):
    page.goto(fresh_server.url("workshop"))
    wait_ready(page)
    assert not sidebar_shown(page)  # a presentation: the room sees the step, not the pickers
    assert "Step 1 of 13" in main_text(page)
    assert heading(page) == "Head and Neck Cancer Support Network"

    for expected in ("Shared purpose & identity", "Value to members"):
        page.get_by_role("button", name="Next ▶").first.click()
        wait_ready(page)
        assert heading(page) == expected
    page.wait_for_url("**step=3*")
    assert "Step 3 of 13" in main_text(page)

    # A co-facilitator opens the same address and sees the same step.
    follower = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    follower.set_default_timeout(30_000)
    follower.goto(page.url)
    wait_ready(follower)
    assert heading(follower) == "Value to members"
    follower.context.close()

    page.locator('[data-testid="stCheckbox"]', has_text="High contrast").locator("label").click()
    wait_ready(page)
    page.wait_for_url("**contrast=true*")
    colour = page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-testid=\"stMain\"] h1')).color"
    )
    assert colour == "rgb(0, 0, 0)"

    page.get_by_text("Record a note or an action").click()
    form = page.locator('[data-testid="stForm"]').first
    form.locator('[data-testid="stTextInput"]', has_text="What will be done").locator("input").fill(
        ACTION
    )
    form.locator('[data-testid="stTextInput"]', has_text="Owner").locator("input").fill(
        "Patient and carer panel"
    )
    form.get_by_role("button", name="Record the action").click()
    wait_ready(page)
    page.get_by_text("Action recorded.").wait_for()
    assert ACTION in main_text(page)

    open_sidebar(page)
    page.locator('[data-testid="stSidebarNav"] a').first.click()  # the Overview
    wait_ready(page)
    assert sidebar_shown(page)
    page.get_by_text("Open actions").first.wait_for()
    # A table that wraps to the page (no column cut off), its text in the page itself.
    table = page.locator('[data-testid="stTable"]').last
    table.scroll_into_view_if_needed()
    expect(table).to_contain_text(ACTION)
    expect(table).to_contain_text("Patient and carer panel")
