"""Every page opens in Chromium, by URL and from the sidebar, with no exception shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import open_sidebar, wait_ready

ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))

pytestmark = pytest.mark.browser


def url_path(stem: str) -> str:
    return "" if stem == "overview" else stem  # the default page is served at the root


@pytest.mark.parametrize("stem", PAGE_FILES)
def test_page_opens_by_url(server, page, stem):
    page.goto(server.url(url_path(stem)))
    wait_ready(page)
    assert "Page not found" not in page.content()
    assert page.locator('[data-testid="stSidebar"]').count() or stem == "workshop"


def test_every_page_opens_from_the_sidebar(server, page):
    page.goto(server.url())
    wait_ready(page)
    links = page.locator('[data-testid="stSidebarNav"] a')
    titles = [links.nth(i).inner_text() for i in range(links.count())]
    # Streamlit shows no navigation for a one-page app.
    assert len(titles) == (len(PAGE_FILES) if len(PAGE_FILES) > 1 else 0)
    for index in range(len(titles)):
        open_sidebar(page)  # the Workshop collapses it
        # By position: a link's text also holds its icon's ligature name ("dashboard").
        links.nth(index).click()
        wait_ready(page)
        assert "Page not found" not in page.content()


def test_overview_shows_the_demo_network(server, page):
    page.goto(server.url())
    wait_ready(page)
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "Round 2026 Q3" in body
    assert "Scorecard" in body
    # Charts draw after the script finishes: wait for one rather than count at once.
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(state="visible")


def test_the_compare_dimension_and_segments_pages_draw_their_charts(server, page):
    for path in ("compare", "dimension", "segments"):
        page.goto(server.url(path))
        wait_ready(page)
        # Charts load their renderer lazily: wait for one rather than counting at once.
        page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(state="visible")
        assert page.locator('[data-testid="stVegaLiteChart"] canvas, '
                            '[data-testid="stVegaLiteChart"] svg').count() >= 1  # fmt: skip


@pytest.mark.parametrize("stem", ["compare", "upload"])
def test_a_deep_link_as_the_first_request_gets_the_whole_app(fresh_server, page, stem):
    # Before any session has run app.py, Streamlit treats pages/ as a legacy multipage app and
    # runs the page file alone; the page must go round through app.py (ui/shell.py), so the
    # sidebar has its pickers and the navigation its titles, not the files' names.
    page.goto(fresh_server.url(stem))
    wait_ready(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Network", exact=True).wait_for()
    titles = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    assert any(t.endswith("Overview") for t in titles)
    assert not any(t.strip() in ("app", "overview", "compare") for t in titles)
    heading = "Compare rounds" if stem == "compare" else "Upload a survey export"
    assert heading in page.locator('[data-testid="stMain"]').inner_text()
