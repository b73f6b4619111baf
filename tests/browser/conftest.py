"""A real `streamlit run` on a seeded temp store, driven by Debian's Chromium via Playwright."""

from __future__ import annotations

import itertools
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
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

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
# Generous: on a loaded two-core machine a first page run can take tens of seconds.
TIMEOUT = 90_000

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
    log = folder / "streamlit.log"
    start = [
        "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false", "--server.headless", "true",
    ] if pinned else ["-m", "carenet_dash", "serve"]  # fmt: skip
    for attempt in range(3):
        port = _free_port()
        process = subprocess.Popen(
            [
                *(python or [sys.executable]), *start,
                "--server.port", str(port), "--server.fileWatcherType", "none",
            ],
            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(process, base, log)
        except RuntimeError:
            # Other test runs share the machine: the free port may be taken before we bind it.
            if attempt == 2 or "already in use" not in log.read_text():
                raise
            continue
        return Server(base, store_url, log, process)
    raise AssertionError("unreachable")


def wait_healthy(process: subprocess.Popen, base: str, log: Path, seconds: float = 180) -> None:
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
    opened.set_default_timeout(TIMEOUT)
    track(opened)
    yield opened
    context.close()


class Runs:
    """The script runs one page has asked for and the server has finished, read off its
    websocket.

    A click makes the browser ask the server for a run; on a busy machine the run may take
    seconds to start, so the page can look settled (the last run's output, "not running") long
    after the click. Matching the browser's requests with the server's "script finished"
    messages tells the new run's result from the old page without guessing how long to wait.
    """

    def __init__(self, page) -> None:
        self._order = itertools.count(1)
        self.requested = 0  # rerun requests sent
        self.answered = 0  # requests sent before the last wait_ready returned
        self.last_request = 0  # when the latest request was sent, in self._order
        self.last_finish = 0  # when the latest run finished, in self._order
        page.on("websocket", self._socket)

    def _socket(self, socket) -> None:
        socket.on("framesent", self._sent)
        socket.on("framereceived", self._received)

    def _sent(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes) and BackMsg.FromString(payload).HasField("rerun_script"):
            self.requested += 1
            self.last_request = next(self._order)

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg.FromString(payload)
        # A run cut short for a rerun (st.rerun, switch_page) is followed by the run that counts.
        if (
            message.WhichOneof("type") == "script_finished"
            and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        ):
            self.last_finish = next(self._order)

    def settled(self) -> bool:
        """A request was sent since the last wait, and a run finished after the latest one."""
        return self.requested > self.answered and self.last_finish > self.last_request


def track(page) -> None:
    """Count the page's script runs (see Runs): every page a test waits on must be tracked,
    before it opens the app."""
    page.carenet_runs = Runs(page)


def new_page(browser) -> object:
    """A tracked page in a context of its own (another person, another browser)."""
    opened = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    opened.set_default_timeout(TIMEOUT)
    track(opened)
    return opened


def wait_ready(page, timeout: float = TIMEOUT) -> None:
    """Wait until the run started by the last goto or action has finished and the page shows
    it settled, then fail on any exception shown.

    Every call must follow something that starts a run (opening the app, a click on a widget or
    a page link, a submitted form or field)."""
    runs = getattr(page, "carenet_runs", None)
    if runs is None:
        raise AssertionError("wait_ready needs a tracked page: call track(page) before goto")
    deadline = time.monotonic() + timeout / 1000
    while not runs.settled():
        if time.monotonic() > deadline:
            raise AssertionError(f"no script run asked for and finished in {timeout / 1000:g} s")
        page.wait_for_timeout(50)  # hands control to Playwright, which delivers the frames
    runs.answered = runs.requested
    page.wait_for_selector(READY, timeout=timeout)
    exceptions = page.locator('[data-testid="stException"]')
    if exceptions.count():
        raise AssertionError(f"the page shows an exception: {exceptions.first.inner_text()}")


def sidebar_shown(page) -> bool:
    """Whether the sidebar is open: Streamlit's own state (data-collapsed), set at once, where
    its position slides for a moment after the app reports ready."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    return sidebar.count() > 0 and sidebar.get_attribute("data-collapsed") == "false"


def wait_sidebar(page, shown: bool) -> None:
    """Wait until the sidebar is open (or collapsed) by Streamlit's own state: the run that
    decides it may land a moment after the one waited for. Fails if it never gets there."""
    page.wait_for_function(SIDEBAR_SHOWN, arg=shown)


SIDEBAR_SHOWN = """(shown) => {
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  return (sidebar !== null && sidebar.getAttribute('data-collapsed') === 'false') === shown;
}"""


def open_sidebar(page) -> None:
    """Expand the sidebar if a page (the Workshop) started with it collapsed."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    if sidebar.count() and sidebar.get_attribute("data-collapsed") == "true":
        page.locator('[data-testid="stExpandSidebarButton"]').first.click()
    if sidebar.count():
        wait_sidebar(page, shown=True)
