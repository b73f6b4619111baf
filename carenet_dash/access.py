"""Who may see and change what: optional lead and viewer passwords, or OpenID Connect."""

from __future__ import annotations

import hmac
import math
import os
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

LEAD = "lead"
VIEWER = "viewer"
LEAD_ENV = "CARENET_LEAD_PASSWORD"
VIEWER_ENV = "CARENET_VIEWER_PASSWORD"
# Wrong passwords: a few are free (typos), then each one pauses sign-in for that client, the
# pause doubling each time. An address is shared by everyone behind one office router, so it
# gets more free tries than one browser session.
SESSION_FREE_TRIES = 3
ADDRESS_FREE_TRIES = 10
FIRST_PAUSE_SECONDS = 5.0
LONGEST_PAUSE_SECONDS = 15 * 60.0
FORGET_AFTER_SECONDS = 24 * 3600.0


@dataclass(frozen=True)
class Policy:
    """What this deployment asks for. With nothing configured, everything is open (local use)."""

    lead_password: str | None = None
    viewer_password: str | None = None
    oidc: bool = False
    lead_emails: tuple[str, ...] = ()

    @property
    def writes_protected(self) -> bool:
        return bool(self.lead_password) or self.oidc

    @property
    def viewing_protected(self) -> bool:
        return bool(self.viewer_password) or self.oidc

    def oidc_role(self, email: str | None) -> str:
        """A signed-in user's role: lead if listed (or if no list is kept), else viewer."""
        if not self.lead_emails:
            return LEAD
        listed = {e.strip().casefold() for e in self.lead_emails}
        return LEAD if email and email.strip().casefold() in listed else VIEWER


def policy(
    secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Policy:
    """The policy from Streamlit secrets ([access] table, [auth] for OIDC) and the environment.

    The environment wins over secrets, so a server can be locked down without editing files.
    """
    secrets = secrets or {}
    environ = os.environ if environ is None else environ
    section = secrets.get("access", {}) or {}
    lead = environ.get(LEAD_ENV) or section.get("lead_password") or None
    viewer = environ.get(VIEWER_ENV) or section.get("viewer_password") or None
    oidc = bool(secrets.get("auth"))
    emails = tuple(section.get("lead_emails", ()) or ())
    return Policy(lead_password=lead, viewer_password=viewer, oidc=oidc, lead_emails=emails)


@dataclass(frozen=True)
class Attempt:
    """The outcome of a password attempt, with what to tell the person."""

    granted: str | None
    message: str


@dataclass(frozen=True)
class Client:
    """Who is signing in: their browser session, and their network address when it is known
    (Streamlit gives none for a connection from this machine)."""

    session: str
    address: str | None = None


def new_session_id() -> str:
    """An unguessable id for one browser session, kept on the server."""
    return secrets.token_urlsafe(16)


@dataclass
class _Record:
    failures: int = 0
    paused_until: float = 0.0
    last_failure: float = 0.0


@dataclass
class Lockout:
    """Wrong passwords counted per role and per client, each with its own growing pause.

    A client is its session and its address: a guesser opening new sessions from one address
    still meets the address's pause, while a stranger elsewhere never pauses anyone else. A
    success clears only that session's count for that role, never another role's.
    """

    session_free_tries: int = SESSION_FREE_TRIES
    address_free_tries: int = ADDRESS_FREE_TRIES
    first_pause: float = FIRST_PAUSE_SECONDS
    longest_pause: float = LONGEST_PAUSE_SECONDS
    forget_after: float = FORGET_AFTER_SECONDS
    max_records: int = 100_000
    clock: Callable[[], float] = time.monotonic
    _records: dict[tuple[str, str, str], _Record] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _keys(self, role: str, client: Client) -> list[tuple[tuple[str, str, str], int]]:
        keys = [((role, "session", client.session), self.session_free_tries)]
        if client.address:
            keys.append(((role, "address", client.address), self.address_free_tries))
        return keys

    def pause_after(self, failures: int, free_tries: int) -> float:
        """The pause that follows a number of failures: none for the first few, then
        doubling from ``first_pause`` up to ``longest_pause``."""
        if failures < free_tries:
            return 0.0
        return min(self.longest_pause, self.first_pause * 2.0 ** (failures - free_tries))

    def remaining(self, role: str, client: Client) -> float:
        """Seconds before this client may try this role's password again (0: now)."""
        now = self.clock()
        with self._lock:
            return max(
                [0.0]
                + [
                    self._records[key].paused_until - now
                    for key, _ in self._keys(role, client)
                    if key in self._records
                ]
            )

    def fail(self, role: str, client: Client) -> tuple[float, int]:
        """Record a failure; returns the pause now in force (0 if none) and the tries left
        before a pause starts."""
        now = self.clock()
        pause, left = 0.0, None
        with self._lock:
            self._prune(now)
            for key, free in self._keys(role, client):
                record = self._records.setdefault(key, _Record())
                if now - record.last_failure > self.forget_after:
                    record.failures = 0
                record.failures += 1
                record.last_failure = now
                wait = self.pause_after(record.failures, free)
                record.paused_until = max(record.paused_until, now + wait)
                pause = max(pause, record.paused_until - now)
                tries = max(0, free - record.failures)
                left = tries if left is None else min(left, tries)
        return pause, left or 0

    def succeed(self, role: str, client: Client) -> None:
        """The right password: this session's count for this role starts again. The
        address's count stays, so a guesser sharing it gains nothing from someone's success."""
        with self._lock:
            self._records.pop((role, "session", client.session), None)

    def _prune(self, now: float) -> None:
        # Bounded memory: a guesser cycling through sessions or addresses cannot grow this
        # without end. Records no longer pausing anyone go first, then the oldest.
        if len(self._records) < self.max_records:
            return
        for key in [k for k, r in self._records.items() if r.paused_until <= now]:
            del self._records[key]
        while len(self._records) >= self.max_records:
            oldest = min(self._records, key=lambda k: self._records[k].last_failure)
            del self._records[oldest]


LOCKOUT = Lockout()


def _matches(given: str, expected: str | None) -> bool:
    if not expected:
        return False
    # Constant-time comparison, so the time taken says nothing about how much was right.
    return hmac.compare_digest(given.encode(), expected.encode())


def _wait_text(seconds: float) -> str:
    if seconds < 90:
        whole = max(1, math.ceil(seconds))
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes"


def attempt(
    given: str, wanted: str, rules: Policy, client: Client, lockout: Lockout | None = None
) -> Attempt:
    """Check a password for the wanted role, against that role's password only.

    The lockout is looked up when called (``LOCKOUT`` unless one is given), so replacing
    ``access.LOCKOUT`` takes effect at once.
    """
    lockout = LOCKOUT if lockout is None else lockout
    waiting = lockout.remaining(wanted, client)
    if waiting > 0:
        return Attempt(None, f"Too many wrong passwords: try again in {_wait_text(waiting)}.")
    expected = rules.lead_password if wanted == LEAD else rules.viewer_password
    if wanted in (LEAD, VIEWER) and _matches(given, expected):
        lockout.succeed(wanted, client)
        return Attempt(wanted, "Signed in as lead." if wanted == LEAD else "Signed in.")
    pause, left = lockout.fail(wanted, client)
    if pause > 0:
        return Attempt(None, f"Wrong password. Try again in {_wait_text(pause)}.")
    return Attempt(None, f"Wrong password ({left} attempt(s) left before a pause).")


def can_view(rules: Policy, role: str | None) -> bool:
    return not rules.viewing_protected or role in (VIEWER, LEAD)


def can_write(rules: Policy, role: str | None) -> bool:
    return not rules.writes_protected or role == LEAD


def can_download_tables(rules: Policy, role: str | None, viewers_allowed: bool) -> bool:
    """Whether the tables' "Download as CSV" is offered: to whoever may write (the lead, or
    everyone when writes are open), and to viewers only where the network's lead allows it."""
    return can_write(rules, role) or (viewers_allowed and can_view(rules, role))
