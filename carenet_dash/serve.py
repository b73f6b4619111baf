"""Start the dashboard's server with safe settings, wherever it is started from.

`python -m carenet_dash serve` runs ``streamlit run`` on the app by its absolute path, passing the
settings that keep it private as flags, so no config file in the current folder (or missing from
it) can loosen them: loopback only, no usage statistics, headless, error details hidden, and the
app's own upload limit. Each is taken from the project's ``.streamlit/config.toml`` when it sets
one; a ``STREAMLIT_*`` environment variable or a flag given to ``serve`` overrides it.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from carenet_dash import config

APP = config.PROJECT_ROOT / "app.py"
PROJECT_CONFIG = config.PROJECT_ROOT / ".streamlit" / "config.toml"
# What the server gets unless the project's config file, the environment or a flag says
# otherwise. Headless also stops Streamlit asking for an e-mail address on first start.
SAFE: dict[str, str] = {
    "server.address": "127.0.0.1",
    "server.headless": "true",
    "browser.gatherUsageStats": "false",
    "client.showErrorDetails": "none",
}
UPLOAD_LIMIT = "server.maxUploadSize"


def env_name(key: str) -> str:
    """The environment variable Streamlit reads for a setting: server.maxUploadSize ->
    STREAMLIT_SERVER_MAX_UPLOAD_SIZE."""
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key.replace(".", "_"))
    return f"STREAMLIT_{snake.upper()}"


def _flag_text(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def project_settings(path: Path = PROJECT_CONFIG) -> dict[str, str]:
    """The project's own values for the safe settings (missing file: none)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    found = {}
    for key in SAFE:
        section, option = key.split(".")
        if option in data.get(section, {}):
            found[key] = _flag_text(data[section][option])
    return found


def _given(extra: Sequence[str]) -> set[str]:
    """Settings the lead passed as flags themselves (--server.port 8600, --server.port=8600)."""
    return {arg[2:].split("=", 1)[0] for arg in extra if arg.startswith("--")}


def streamlit_args(
    *,
    address: str | None = None,
    port: int | None = None,
    extra: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
    settings_file: Path = PROJECT_CONFIG,
) -> list[str]:
    """The arguments of ``streamlit run`` for this app: the absolute app path, then every safe
    setting not set by the environment or by the lead's own flags, then those flags."""
    environ = os.environ if environ is None else environ
    chosen = {**SAFE, **project_settings(settings_file), UPLOAD_LIMIT: str(config.max_upload_mb())}
    if address:
        chosen["server.address"] = address
    if port:
        chosen["server.port"] = str(port)
    given = _given(extra)
    flags = []
    for key, value in chosen.items():
        explicit = (key == "server.address" and address) or (key == "server.port" and port)
        if key in given or (env_name(key) in environ and not explicit):
            continue
        flags += [f"--{key}", value]
    return ["run", str(APP), *flags, *extra]


def serve(*, address: str | None = None, port: int | None = None, extra: Sequence[str] = ()) -> int:
    """Run the server in this process until it is stopped; returns its exit status."""
    from streamlit.web import cli

    try:
        cli.main(
            args=streamlit_args(address=address, port=port, extra=extra), prog_name="streamlit"
        )
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0
