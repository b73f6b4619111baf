"""In Chromium: a hostile network and a hostile export render no link or image of their own
and make the browser ask nothing of any other address; viewers get no table download, and
the lead's toolbar CSV carries no live formula."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from carenet_dash.store import queries, workshop_writes
from carenet_dash.store.opening import dispose_engines, get_engine
from tests.browser.conftest import Server, open_sidebar, start_server, stop_server, wait_ready
from tests.hostile import FILE_NAME, SHEETS, hostile_export, hostile_instrument, seed_hostile
from tests.markdown_inert import HOST, MARK
from tests.netguard import is_local

pytestmark = pytest.mark.browser

CANCER = "Head and Neck Cancer Support Network"
FORMULA = '=HYPERLINK("http://evil.example","click")'
PASSWORDS = {"CARENET_VIEWER_PASSWORD": "members-only", "CARENET_LEAD_PASSWORD": "lead-only"}
# Every <a> and <img> on the page that is not the app's own: off this address, or carrying
# hostile words (the app's links to its pages may be labelled with a dimension's name; the
# anchors Streamlit adds to headings link within the page).
FOREIGN = """() => {
  const own = (url) => url.startsWith(location.origin + '/') || url.startsWith('data:')
      || url.startsWith('#') || url.startsWith(location.href.split('#')[0] + '#');
  const found = [];
  for (const a of document.querySelectorAll('a')) {
    const href = a.getAttribute('href') || '';
    const appLink = (a.dataset.testid || '').startsWith('stPageLink');  // a label, not a link
    if (!own(a.href || href) || (a.textContent.includes('EVIL') && !appLink)) {
      found.push(a.outerHTML);
    }
  }
  for (const img of document.querySelectorAll('img')) {
    if (!own(img.src) || (img.alt || '').includes('EVIL')) found.push(img.outerHTML);
  }
  return found.map((html) => html.slice(0, 200));
}"""


@pytest.fixture
def hostile_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    """The demo store plus the hostile network, served with viewer and lead passwords."""
    for name, value in PASSWORDS.items():
        monkeypatch.setenv(name, value)
    running = start_server(tmp_path)
    engine = get_engine(running.store_url)
    seed_hostile(engine)
    cancer = queries.network_by_name(engine, CANCER)
    latest = queries.rounds(engine, cancer.id)[-1]
    workshop_writes.record_action(
        engine, latest.id, FORMULA, owner="@SUM(1)", due_on=dt.date(2026, 12, 1)
    )
    dispose_engines()
    yield running
    stop_server(running.process)


class Recorder:
    """A browser context that records (and refuses) every request off this machine, and any
    request for what the hostile text names."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.refused: list[str] = []
        self.context.route("**/*", self._route)
        # Streamlit saves a toolbar CSV through the File System Access API where there is
        # one; without it, as a download Playwright can catch.
        self.context.add_init_script("delete window.showSaveFilePicker;")
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)

    def _route(self, route) -> None:
        url = route.request.url
        if is_local(urlsplit(url).hostname) and HOST not in url and "e.png" not in url:
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()

    def open(self, url: str) -> None:
        self.page.goto(url)
        wait_ready(self.page)

    def foreign(self) -> list[str]:
        return self.page.evaluate(FOREIGN)

    def go(self, title: str) -> None:
        """Open a page from the sidebar (an address typed anew would start a new session,
        signed out)."""
        open_sidebar(self.page)  # the Workshop collapses it
        self.page.locator('[data-testid="stSidebarNav"] a', has_text=title).click()
        wait_ready(self.page)

    def main_text(self) -> str:
        return self.page.locator('[data-testid="stMain"]').inner_text()


def sign_in(recorder: Recorder, server: Server, lead: bool) -> None:
    page = recorder.page
    recorder.open(server.url())
    if lead:
        page.get_by_text("Network lead? Sign in with the lead password").click()
        field, password = page.get_by_label("Lead password"), PASSWORDS["CARENET_LEAD_PASSWORD"]
    else:
        field, password = page.get_by_label("Password", exact=True), "members-only"
    field.fill(password)
    field.press("Enter")
    page.locator('[data-testid="stSidebarNav"]').wait_for()
    wait_ready(page)


def choose_network(recorder: Recorder, name: str) -> None:
    picker = recorder.page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    if picker.inner_text().strip().endswith(name):
        return  # already chosen: choosing it again starts no run to wait for
    picker.click()
    recorder.page.get_by_role("option", name=name).click()
    recorder.page.get_by_text(f"{name}", exact=True).first.wait_for()
    wait_ready(recorder.page)


def test_hostile_words_and_an_injected_export_make_no_request_link_or_image(
    hostile_server, browser
):
    lead = Recorder(browser)
    try:
        sign_in(lead, hostile_server, lead=True)
        seen: dict[str, list[str]] = {}
        for title in ("Overview", "Compare", "Dimension", "Segments", "Comments", "Manage"):
            lead.go(title)
            assert MARK in lead.main_text(), title
            seen[title] = lead.foreign()
        lead.go("Workshop")
        steps = 3 + len(hostile_instrument().dimensions)  # title, dimensions, matrix, agreed
        for step in range(1, steps + 1):
            if step > 1:
                lead.page.get_by_role("button", name="Next ▶").first.click()
                lead.page.get_by_text(f"Step {step} of {steps}").wait_for()
                wait_ready(lead.page)
            assert MARK in lead.main_text(), step
            seen[f"Workshop step {step}"] = lead.foreign()
        lead.go("Upload")
        export = hostile_server.log.parent / FILE_NAME
        export.write_bytes(hostile_export())
        lead.page.set_input_files('input[type="file"]', str(export))
        lead.page.get_by_text("has several sheets").wait_for()
        wait_ready(lead.page)
        seen["Upload: which sheet"] = lead.foreign()
        lead.page.locator('[data-testid="stSelectbox"]', has_text="Sheet").click()
        lead.page.get_by_role("option", name=SHEETS[1]).click()
        lead.page.get_by_text("Respondents kept").wait_for()
        wait_ready(lead.page)
        assert "cannot be scored" in lead.main_text()
        seen["upload: preview"] = lead.foreign()
    finally:
        lead.context.close()
    assert lead.refused == [], "the page asked for resources off this machine or named by text"
    assert {path: found for path, found in seen.items() if found} == {}


def test_a_viewer_gets_no_table_download_and_the_leads_csv_has_no_live_formula(
    hostile_server, browser
):
    viewer, lead = Recorder(browser), Recorder(browser)
    try:
        sign_in(viewer, hostile_server, lead=False)
        choose_network(viewer, CANCER)
        viewer.page.get_by_text("The open actions as a table").click()  # beneath the wrapped one
        table = viewer.page.locator('[data-testid="stDataFrame"]').last
        table.scroll_into_view_if_needed()
        table.hover()
        viewer.page.locator('[data-testid="stElementToolbar"]').last.wait_for()
        viewer.page.get_by_role("button", name="Search").last.wait_for()  # the toolbar is up
        assert not viewer.page.get_by_role("button", name="Download as CSV").is_visible()

        sign_in(lead, hostile_server, lead=True)
        choose_network(lead, CANCER)
        lead.page.get_by_text("The open actions as a table").click()
        table = lead.page.locator('[data-testid="stDataFrame"]').last
        table.scroll_into_view_if_needed()
        table.hover()
        download = lead.page.get_by_role("button", name="Download as CSV").last
        download.wait_for()
        with lead.page.expect_download() as saved:
            # The toolbar floats over the grid's top edge, which takes a pointer's click there.
            download.dispatch_event("click")
        csv_text = Path(saved.value.path()).read_text(encoding="utf-8-sig")
    finally:
        viewer.context.close()
        lead.context.close()
    assert f"'{FORMULA}".replace('"', '""') in csv_text
    assert "'@SUM(1)" in csv_text
    assert not any(line.startswith(("=", "@", "+")) for line in csv_text.splitlines())
