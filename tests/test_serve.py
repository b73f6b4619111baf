"""`python -m carenet_dash serve`: the server on loopback with safe settings, from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from carenet_dash import serve
from tests.browser.conftest import _free_port, stop_server, wait_healthy
from tests.browser.test_no_network import LOOPBACK, listening_addresses

ROOT = Path(__file__).resolve().parents[1]
HOSTILE_CONFIG = """\
[server]
address = "0.0.0.0"
headless = false
[browser]
gatherUsageStats = true
"""


def flags(args: list[str]) -> dict[str, str]:
    """The --key value pairs after `run APP`."""
    return dict(zip(args[2::2], args[3::2], strict=True))


def test_by_default_the_server_is_private(monkeypatch):
    monkeypatch.delenv("CARENET_MAX_UPLOAD_MB", raising=False)
    args = serve.streamlit_args(environ={})
    assert args[:2] == ["run", str(ROOT / "app.py")]
    assert Path(args[1]).is_absolute()
    assert flags(args) == {
        "--server.address": "127.0.0.1",
        "--server.headless": "true",
        "--browser.gatherUsageStats": "false",
        "--client.showErrorDetails": "none",
        "--server.maxUploadSize": "50",
    }


def test_the_upload_limit_follows_the_apps_setting(monkeypatch):
    monkeypatch.setenv("CARENET_MAX_UPLOAD_MB", "7")
    assert flags(serve.streamlit_args(environ={}))["--server.maxUploadSize"] == "7"


def test_the_lead_may_choose_otherwise_by_flag_or_environment():
    chosen = flags(serve.streamlit_args(address="0.0.0.0", port=8600, environ={}))
    assert (chosen["--server.address"], chosen["--server.port"]) == ("0.0.0.0", "8600")
    # A STREAMLIT_* variable is left to Streamlit (a flag would beat it)...
    from_env = serve.streamlit_args(environ={"STREAMLIT_SERVER_ADDRESS": "10.1.2.3"})
    assert "--server.address" not in flags(from_env)
    # ...unless serve's own flag names the address too.
    both = serve.streamlit_args(address="10.9.9.9", environ={"STREAMLIT_SERVER_ADDRESS": "x"})
    assert flags(both)["--server.address"] == "10.9.9.9"
    # Any other streamlit flag is passed on, and replaces serve's value for that setting.
    passed = serve.streamlit_args(
        extra=["--browser.gatherUsageStats=true", "--server.baseUrlPath", "dash"], environ={}
    )
    assert passed[-3:] == ["--browser.gatherUsageStats=true", "--server.baseUrlPath", "dash"]
    assert "--browser.gatherUsageStats" not in passed


def test_the_projects_config_file_is_read_and_a_missing_one_is_no_loss(tmp_path):
    settings = tmp_path / "config.toml"
    settings.write_text('[server]\naddress = "0.0.0.0"\n[browser]\ngatherUsageStats = true\n')
    chosen = flags(serve.streamlit_args(environ={}, settings_file=settings))
    assert chosen["--server.address"] == "0.0.0.0"
    assert chosen["--browser.gatherUsageStats"] == "true"
    missing = flags(serve.streamlit_args(environ={}, settings_file=tmp_path / "none.toml"))
    assert missing["--server.address"] == "127.0.0.1"
    assert missing["--browser.gatherUsageStats"] == "false"


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("server.address", "STREAMLIT_SERVER_ADDRESS"),
        ("server.maxUploadSize", "STREAMLIT_SERVER_MAX_UPLOAD_SIZE"),
        ("browser.gatherUsageStats", "STREAMLIT_BROWSER_GATHER_USAGE_STATS"),
    ],
)
def test_environment_names_are_streamlits(key, name):
    assert serve.env_name(key) == name


def test_unknown_flags_are_refused_by_every_other_command(capsys):
    from carenet_dash.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["networks", "--server.address", "0.0.0.0"])
    assert exited.value.code == 2
    assert "unrecognized arguments: --server.address 0.0.0.0" in capsys.readouterr().err


def test_started_from_another_folder_it_listens_on_loopback_only(tmp_path):
    """Started elsewhere, with config files there and in the home folder that would open it
    to every interface and turn usage statistics on: serve's flags win."""
    elsewhere = tmp_path / "elsewhere"
    home = tmp_path / "home"
    for folder in (elsewhere, home):
        (folder / ".streamlit").mkdir(parents=True)
        (folder / ".streamlit" / "config.toml").write_text(HOSTILE_CONFIG)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")},
        "HOME": str(home),
        "PYTHONPATH": str(ROOT),
        "CARENET_SALT": "serve-test",
    }
    port = _free_port()
    log = tmp_path / "serve.log"
    store = f"sqlite:///{tmp_path / 'store.db'}"
    process = subprocess.Popen(
        [sys.executable, "-m", "carenet_dash", "--db", store, "serve", "--port", str(port),
         "--server.fileWatcherType", "none"],
        cwd=elsewhere, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_healthy(process, f"http://127.0.0.1:{port}", log)
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and nothing else
        assert listening_addresses(port) <= LOOPBACK
        assert "Collecting usage statistics" not in log.read_text()
    finally:
        stop_server(process)
