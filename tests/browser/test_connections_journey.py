"""The Connections page in Chromium: the map is drawn, another round is chosen, and each
organisation on both maps is drawn in the same place."""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_ready

pytestmark = pytest.mark.browser

CANCER = "Head and Neck Cancer Support Network"
BROKER = "Head and Neck Peer Support"
# A node of the map: an SVG symbol of the organisations' layer, named for screen readers.
NODE = '[data-testid="stVegaLiteChart"] svg g.organisations_marks path[aria-label]'


def round_picker(page):
    return page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1)


def places(page) -> dict[str, str]:
    """Each organisation on the map and where it is drawn (its symbol's translate)."""
    page.locator(NODE).first.wait_for()
    found = {}
    for node in page.locator(NODE).all():
        found[node.get_attribute("aria-label")] = node.get_attribute("transform")
    return found


def test_the_map_keeps_each_organisation_in_its_place_from_round_to_round(server, page):
    page.goto(server.url("connections", network=CANCER, round="2026 Q3"))
    wait_ready(page)
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("h1").first.inner_text().strip() == "Connections"
    assert "round 2026 Q3" in main.inner_text()
    later = places(page)
    assert BROKER in later
    assert len(later) == 12  # the network's organisations by 2026 Q3

    round_picker(page).locator('button[aria-label="Open"]').click()
    page.get_by_role("option", name="2025 Q4", exact=True).click()
    wait_ready(page)
    page.wait_for_url("**round=2025*Q4*")
    assert "round 2025 Q4" in main.inner_text()
    earlier = places(page)
    # Two patient groups joined after 2025 Q4: they are not on its map yet.
    assert set(earlier) < set(later)
    assert len(earlier) == 10
    for name, place in earlier.items():
        assert place == later[name], name
    assert not page.locator('[data-testid="stException"]').count()
