"""A lead's journey in Chromium: Overview -> a dimension -> another round -> the link, shared."""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_ready

pytestmark = pytest.mark.browser


DIMENSION = "Governance & decision-making"


def heading(page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


def round_picker(page):
    return page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1)


def chosen_round(page) -> str:
    return round_picker(page).locator("input").input_value()


def test_follow_a_dimension_switch_rounds_and_share_the_link(server, browser, page):
    page.goto(server.url())
    wait_ready(page)
    # The dimension's own link (a "what changed" line may start with its name too).
    page.locator('[data-testid="stPageLink"]').get_by_role(
        "link", name=DIMENSION, exact=True
    ).click()
    wait_ready(page)
    assert heading(page) == DIMENSION
    assert "/dimension" in page.url
    assert chosen_round(page) == "2026 Q3"

    round_picker(page).locator('button[aria-label="Open"]').click()
    page.get_by_role("option", name="2026 Q1", exact=True).click()
    wait_ready(page)
    page.wait_for_url("**round=2026*Q1*")
    assert heading(page) == DIMENSION
    assert "round 2026 Q1" in page.locator('[data-testid="stMain"]').inner_text()

    # Paste the address into a fresh browser: the same view opens.
    shared = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    shared.set_default_timeout(30_000)
    shared.goto(page.url)
    wait_ready(shared)
    assert heading(shared) == DIMENSION
    assert chosen_round(shared) == "2026 Q1"
    assert "round 2026 Q1" in shared.locator('[data-testid="stMain"]').inner_text()
    shared.context.close()
