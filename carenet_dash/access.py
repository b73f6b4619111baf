"""Who may see and change what: optional lead and viewer passwords, or OpenID Connect."""

from __future__ import annotations

import hmac
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

LEAD = "lead"
VIEWER = "viewer"
LEAD_ENV = "CARENET_LEAD_PASSWORD"
VIEWER_ENV = "CARENET_VIEWER_PASSWORD"
MAX_FAILURES = 5
LOCKOUT_SECONDS = 300


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


@dataclass
class Lockout:
    """Failed attempts per role; after MAX_FAILURES the role is locked for a while.

    Kept per process and shared by all sessions: a guesser opening new sessions gains nothing.
    """

    max_failures: int = MAX_FAILURES
    seconds: float = LOCKOUT_SECONDS
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, int] = field(default_factory=dict)
    _locked_until: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def remaining(self, role: str) -> float:
        with self._lock:
            return max(0.0, self._locked_until.get(role, 0.0) - self.clock())

    def fail(self, role: str) -> int:
        """Record a failure; returns attempts left before the lockout (0 when now locked)."""
        with self._lock:
            count = self._failures.get(role, 0) + 1
            if count >= self.max_failures:
                self._locked_until[role] = self.clock() + self.seconds
                self._failures[role] = 0
                return 0
            self._failures[role] = count
            return self.max_failures - count

    def succeed(self, role: str) -> None:
        with self._lock:
            self._failures.pop(role, None)


LOCKOUT = Lockout()


def _matches(given: str, expected: str | None) -> bool:
    if not expected:
        return False
    # Constant-time comparison, so the time taken says nothing about how much was right.
    return hmac.compare_digest(given.encode(), expected.encode())


def attempt(given: str, wanted: str, rules: Policy, lockout: Lockout = LOCKOUT) -> Attempt:
    """Check a password for the wanted role (lead or viewer). The lead password also lets a
    person view."""
    waiting = lockout.remaining(wanted)
    if waiting > 0:
        minutes = max(1, round(waiting / 60))
        return Attempt(None, f"Too many wrong passwords: try again in about {minutes} minute(s).")
    if _matches(given, rules.lead_password):
        lockout.succeed(wanted)
        return Attempt(LEAD, "Signed in as lead.")
    if wanted == VIEWER and _matches(given, rules.viewer_password):
        lockout.succeed(wanted)
        return Attempt(VIEWER, "Signed in.")
    left = lockout.fail(wanted)
    if left == 0:
        return Attempt(
            None, f"Wrong password. Sign-in is paused for {LOCKOUT_SECONDS // 60} minutes."
        )
    return Attempt(None, f"Wrong password ({left} attempt(s) left before a pause).")


def can_view(rules: Policy, role: str | None) -> bool:
    return not rules.viewing_protected or role in (VIEWER, LEAD)


def can_write(rules: Policy, role: str | None) -> bool:
    return not rules.writes_protected or role == LEAD
