"""No network calls at runtime: a real server, started the way `make run` starts it
(`python -m carenet_dash serve`), with every page opened in Chromium."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import (
    TIMEOUT,
    Server,
    open_sidebar,
    start_server,
    stop_server,
    track,
    wait_ready,
)
from tests.netguard import is_local

pytestmark = pytest.mark.browser


@pytest.fixture
def guarded_server(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    log = tmp_path / "outbound.log"
    running = start_server(
        tmp_path, python=[sys.executable, "-m", "tests.netguard", str(log)], pinned=False
    )
    yield running, log
    stop_server(running.process)


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1, as /proc shows


def test_the_app_makes_no_outbound_call_and_listens_on_loopback_only(guarded_server, browser):
    server, log = guarded_server
    port = urlsplit(server.base).port
    assert listening_addresses(port), "the server should be listening"
    assert listening_addresses(port) <= LOOPBACK

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def only_local(route) -> None:
        # Anything the page asks of another host is recorded and never sent.
        if is_local(urlsplit(route.request.url).hostname):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    track(page)
    try:
        page.goto(server.url())
        wait_ready(page)
        links = page.locator('[data-testid="stSidebarNav"] a')
        for i in range(links.count()):  # every page (a one-page app shows no navigation)
            open_sidebar(page)  # the Workshop collapses it
            links.nth(i).click()
            wait_ready(page)
    finally:
        context.close()
    assert outside == [], "the page asked for resources off this machine"
    assert log.read_text() == "", f"the server tried to reach the network:\n{log.read_text()}"
