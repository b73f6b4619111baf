"""A real `streamlit run` on a seeded temp store, driven by Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CARENET_CHROMIUM", "/usr/bin/chromium")
# Flags from the machine notes: without the networking ones Chromium tries (and fails) to
# reach Google at every start on a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running app: its base URL, its store URL and its log."""

    def __init__(self, base: str, store_url: str, log: Path, process: subprocess.Popen) -> None:
        self.base, self.store_url, self.log, self.process = base, store_url, log, process

    def url(self, path: str = "", **query: str) -> str:
        from urllib.parse import urlencode

        tail = f"?{urlencode(query)}" if query else ""
        return f"{self.base}/{path}{tail}"


def start_server(
    folder: Path, seed: bool = True, python: list[str] | None = None, pinned: bool = True
) -> Server:
    """Seed a store in ``folder`` and serve the app on it; ``python`` may wrap the interpreter
    (e.g. with tests.netguard), and ``pinned=False`` starts it as `make run` does
    (`python -m carenet_dash serve`), which chooses the address and usage-stats settings."""
    store_url = f"sqlite:///{folder / 'store.db'}"
    env = {
        **os.environ,
        "CARENET_DB_URL": store_url,
        "CARENET_SALT": "browser-tests",
        "PYTHONPATH": str(ROOT),
    }
    if seed:
        subprocess.run(
            [sys.executable, "-m", "carenet_dash", "demo"], env=env, check=True, cwd=ROOT,
            capture_output=True,
        )  # fmt: skip
    port = _free_port()
    log = folder / "streamlit.log"
    start = [
        "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false", "--server.headless", "true",
    ] if pinned else ["-m", "carenet_dash", "serve"]  # fmt: skip
    process = subprocess.Popen(
        [
            *(python or [sys.executable]), *start,
            "--server.port", str(port), "--server.fileWatcherType", "none",
        ],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    wait_healthy(process, base, log)
    return Server(base, store_url, log, process)


def wait_healthy(process: subprocess.Popen, base: str, log: Path, seconds: float = 60) -> None:
    """Poll /_stcore/health until it answers ok (stopping the server if it never does)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    stop_server(process)
    raise RuntimeError(f"streamlit did not become healthy in {seconds:g} s:\n{log.read_text()}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One app on the seeded demo store for the whole session (journeys that only read)."""
    running = start_server(tmp_path_factory.mktemp("app"))
    yield running
    stop_server(running.process)


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[Server]:
    """An app of its own for a journey that writes (uploads, actions)."""
    running = start_server(tmp_path)
    yield running
    stop_server(running.process)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package "
            "(apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    context.close()


# Counts the runs the page has seen start (stApp's script state turning to "running"), so a
# wait can tell "the run this click asked for has finished" from "the last run had finished":
# between a click and the server starting its run, the page still says notRunning.
_COUNT_RUNS = """() => {
    if (window.__carenetRuns !== undefined) return true;
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return false;
    window.__carenetRuns = 0;
    window.__carenetSeen = 0;
    new MutationObserver(records => records.forEach((record, i) => {
        // A record holds the value before its change; the next one (or the page) the value after.
        const after = i + 1 < records.length ? records[i + 1].oldValue
            : app.getAttribute('data-test-script-state');
        if (after === 'running' && record.oldValue !== 'running') window.__carenetRuns += 1;
    })).observe(app, {attributes: true, attributeOldValue: true,
                     attributeFilter: ['data-test-script-state']});
    return 'fresh';
}"""
# Settled: no run under way, nothing left stale (a run that ended early for a rerun, as a
# page's first run through the shell does, leaves its elements stale or the page empty),
# and a run has started since the last wait. A page just loaded counts its first run by its
# state, which reads "initial" until that run starts.
_SETTLED = """(fresh) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testScriptState !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stMain"] [data-stale="true"]')) return false;
    if (!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]'))
        return false;
    if (!fresh && window.__carenetRuns <= window.__carenetSeen) return false;
    window.__carenetSeen = window.__carenetRuns;
    return true;
}"""


def wait_ready(page, timeout: float = 30_000) -> None:
    """Wait until the run the last action started (a page load, a click, a key) has finished
    and the page has settled, then fail on any exception shown. Every call expects a run
    since the previous one."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    fresh = page.evaluate(_COUNT_RUNS) == "fresh"  # counting starts with this page
    page.wait_for_function(_SETTLED, arg=fresh, timeout=timeout)
    exceptions = page.locator('[data-testid="stException"]')
    if exceptions.count():
        raise AssertionError(f"the page shows an exception: {exceptions.first.inner_text()}")


def sidebar_shown(page) -> bool:
    """Whether the sidebar is open: Streamlit's own state (data-collapsed), set at once, where
    its position slides for a moment after the app reports ready."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    return sidebar.count() > 0 and sidebar.get_attribute("data-collapsed") == "false"


def open_sidebar(page) -> None:
    """Expand the sidebar if a page (the Workshop) started with it collapsed."""
    expand = page.locator('[data-testid="stExpandSidebarButton"]')
    if expand.count() and expand.first.is_visible():
        expand.first.click()
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stSidebar\"]')"
            ".getBoundingClientRect().right > 0"
        )
