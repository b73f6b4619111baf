"""Run a Python module with every outbound network call refused and recorded.

`python -m tests.netguard LOG -m MODULE ARGS...` runs MODULE as `python -m MODULE ARGS...`
would, except that a name lookup or a connection to anything but this machine (loopback, Unix
sockets) is refused before any packet leaves, and written as one line to LOG. The tests run
`streamlit run app.py` this way and expect LOG to stay empty. Code that opens sockets in C
(libpq, for instance) is out of its sight: the tests that use it run on SQLite.
"""

from __future__ import annotations

import errno
import ipaddress
import runpy
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def is_local(host: object) -> bool:
    """True for this machine: no host (a listening socket), loopback names and addresses."""
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    name = str(host).strip("[]").split("%", 1)[0].lower()
    if name in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def install(log: Path) -> Callable[[], None]:
    """Guard this process's socket module; returns a function that takes the guard off."""
    saved: list[tuple[Any, str, Any]] = []

    def refuse(call: str, target: object) -> OSError:
        with log.open("a") as out:
            out.write(f"{call} {target!r}\n")
        return OSError(errno.ENETUNREACH, f"netguard: {call} to {target!r} refused")

    def lookup(name: str) -> None:
        real = getattr(socket, name)

        def guarded(host: object, *args: Any, **kwargs: Any) -> Any:
            if not is_local(host):
                error = refuse(name, host)
                raise socket.gaierror(socket.EAI_NONAME, str(error))
            return real(host, *args, **kwargs)

        saved.append((socket, name, real))
        setattr(socket, name, guarded)

    def method(name: str) -> None:
        real = getattr(socket.socket, name)

        def guarded(self: socket.socket, *args: Any) -> Any:
            address = args[-1]  # connect(address), sendto(data[, flags], address)
            if self.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address[0]):
                raise refuse(name, address)
            return real(self, *args)

        saved.append((socket.socket, name, real))
        setattr(socket.socket, name, guarded)

    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        lookup(name)
    for name in ("connect", "connect_ex", "sendto"):
        method(name)

    def uninstall() -> None:
        for owner, name, real in reversed(saved):
            setattr(owner, name, real)

    return uninstall


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[1] != "-m":
        sys.exit("usage: python -m tests.netguard LOG -m MODULE [ARGS...]")
    log, module, args = Path(argv[0]), argv[2], argv[3:]
    log.touch()
    install(log)
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
