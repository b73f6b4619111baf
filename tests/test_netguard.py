"""The runtime makes no network calls: settings that keep it local, and the guard that checks it.

The end-to-end check (a real server, every page in Chromium, nothing leaving the machine) is in
tests/browser/test_no_network.py; these are the cheap parts.
"""

from __future__ import annotations

import socket
import tomllib
from pathlib import Path

import pytest

from tests import netguard

ROOT = Path(__file__).resolve().parents[1]


def test_the_streamlit_config_keeps_the_app_local():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    # Bound to loopback: headless Streamlit with no address looks up an external IP online.
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["maxUploadSize"] <= 50
    assert config["client"]["showErrorDetails"] == "none"


@pytest.mark.parametrize(
    ("host", "local"),
    [
        (None, True), ("", True), ("localhost", True), ("127.0.0.1", True), ("127.8.9.1", True),
        ("::1", True), ("[::1]", True), (b"127.0.0.1", True),
        ("example.org", False), ("192.0.2.1", False), ("10.0.0.1", False),
        ("::ffff:192.0.2.1", False), ("checkip.amazonaws.com", False),
    ],
)  # fmt: skip
def test_what_counts_as_this_machine(host, local):
    assert netguard.is_local(host) is local


def test_the_guard_refuses_and_records_outbound_calls_before_they_happen(tmp_path, monkeypatch):
    # Stand-ins for the real network functions: the test can see whether the guard let a
    # call through, and nothing can reach the network even if the guard were wrong.
    reached: list[tuple[str, object]] = []

    def stand_in(name):
        def call(*args, **kwargs):
            reached.append((name, args[1] if name in ("connect", "connect_ex") else args[0]))
            return []

        return call

    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        monkeypatch.setattr(socket, name, stand_in(name))
    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, stand_in(name))
    log = tmp_path / "outbound.log"
    uninstall = netguard.install(log)
    try:
        with pytest.raises(socket.gaierror):
            socket.getaddrinfo("example.org", 443)
        with pytest.raises(OSError, match="refused"):
            socket.gethostbyname("checkip.amazonaws.com")
        with socket.socket() as s:
            with pytest.raises(OSError, match="refused"):
                s.connect(("192.0.2.1", 80))
            s.connect(("127.0.0.1", 8501))
        with (
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp,
            pytest.raises(OSError, match="refused"),
        ):
            udp.sendto(b"x", ("192.0.2.1", 53))
        socket.getaddrinfo("localhost", 8501)
    finally:
        uninstall()
    assert reached == [("connect", ("127.0.0.1", 8501)), ("getaddrinfo", "localhost")]
    assert log.read_text().splitlines() == [
        "getaddrinfo 'example.org'",
        "gethostbyname 'checkip.amazonaws.com'",
        "connect ('192.0.2.1', 80)",
        "sendto ('192.0.2.1', 53)",
    ]
