"""A private PostgreSQL cluster for tests: Debian's binaries, a temp folder, a free local port.

PostgreSQL refuses to run as root, so as root (CI) the cluster belongs to the `postgres` user
that Debian's package creates, and its commands run through `runuser`. As a normal user the
cluster is simply the user's own.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
from psycopg import sql

BIN_GLOB = "/usr/lib/postgresql/*/bin"
BIN_ENV = "CARENET_PG_BIN"
SUPERUSER = "postgres"


def in_ci() -> bool:
    """CI must run every test; elsewhere a missing server may be skipped (loudly)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def find_bin() -> Path | None:
    """The newest PostgreSQL server binaries on this machine, if any."""
    configured = os.environ.get(BIN_ENV)
    candidates = [configured] if configured else glob.glob(BIN_GLOB)

    def version(path: str) -> tuple[int, ...]:
        name = Path(path).parent.name
        return tuple(int(part) for part in name.split(".") if part.isdigit())

    for folder in sorted(candidates, key=version, reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def missing_reason() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when they can."""
    if find_bin() is None:
        where = os.environ.get(BIN_ENV) or BIN_GLOB
        return (
            f"no initdb/pg_ctl under {where}; `make test` installs Debian's postgresql package "
            "(apt-get install postgresql)"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SUPERUSER)
        except KeyError:
            return "running as root, and no `postgres` user to own a server"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A throwaway PostgreSQL server; `database()` hands out fresh databases on it."""

    def __init__(self, bin_dir: Path, root: Path | None = None) -> None:
        """A cluster in a temporary folder, removed on stop; or in ``root``, kept between
        runs (the benchmarks keep a large store there)."""
        self.bin_dir = bin_dir
        self.keep = root is not None
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)
        self.root = root if root is not None else Path(tempfile.mkdtemp(prefix="carenet-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = 0
        self._names = itertools.count(1)
        if os.geteuid() == 0:
            # The server's user must own its folder and be able to reach it.
            owner = pwd.getpwnam(SUPERUSER)
            os.chown(self.root, owner.pw_uid, owner.pw_gid)

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}{log}")

    def start(self) -> None:
        if not (self.data / "PG_VERSION").exists():
            self._run(
                "initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                "--locale=C.UTF-8", "--no-sync",
            )  # fmt: skip
        # A test server: durability settings off (the tests kill clients, never the server).
        for attempt in range(3):
            self.port = _free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=200"
            )
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                          "-o", options, "start")  # fmt: skip
                break
            except RuntimeError:
                if attempt == 2:  # the port was taken between choosing and binding it
                    raise

    def stop(self) -> None:
        if self.keep:  # a clean shutdown, so the kept cluster starts again without recovery
            with contextlib.suppress(RuntimeError):
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
            return
        with contextlib.suppress(RuntimeError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        )

    def create_database(self, template: str = "template1", name: str | None = None) -> str:
        """A new database, empty or a copy of ``template``; returns its SQLAlchemy URL."""
        name = name or f"t{os.getpid()}_{next(self._names)}"
        with self._admin() as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = database_name(url)
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1]
