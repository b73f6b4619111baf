"""Access rules: passwords compared in constant time, lockout after repeated failures."""

from __future__ import annotations

from carenet_dash import access


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_nothing_configured_means_open():
    rules = access.policy({}, {})
    assert access.can_view(rules, None)
    assert access.can_write(rules, None)


def test_environment_wins_over_secrets():
    rules = access.policy(
        {"access": {"lead_password": "from-secrets", "viewer_password": "v"}},
        {"CARENET_LEAD_PASSWORD": "from-env"},
    )
    assert rules.lead_password == "from-env"
    assert rules.viewer_password == "v"
    assert not access.can_write(rules, None)
    assert not access.can_view(rules, None)
    assert access.can_view(rules, access.VIEWER)
    assert not access.can_write(rules, access.VIEWER)
    assert access.can_write(rules, access.LEAD)


def test_lead_protection_leaves_viewing_open():
    rules = access.policy({}, {"CARENET_LEAD_PASSWORD": "s3cret"})
    assert access.can_view(rules, None)
    assert not access.can_write(rules, None)


def test_right_and_wrong_passwords():
    rules = access.Policy(lead_password="lead-pw", viewer_password="view-pw")
    lockout = access.Lockout(clock=Clock())
    assert access.attempt("view-pw", access.VIEWER, rules, lockout).granted == access.VIEWER
    assert access.attempt("lead-pw", access.VIEWER, rules, lockout).granted == access.LEAD
    assert access.attempt("view-pw", access.LEAD, rules, lockout).granted is None
    wrong = access.attempt("nope", access.LEAD, rules, lockout)
    assert wrong.granted is None
    assert "attempt(s) left" in wrong.message


def test_lockout_after_repeated_failures_then_it_lifts():
    clock = Clock()
    rules = access.Policy(lead_password="lead-pw")
    lockout = access.Lockout(max_failures=3, seconds=60, clock=clock)
    for _ in range(3):
        assert access.attempt("guess", access.LEAD, rules, lockout).granted is None
    # Locked: even the right password is refused for now.
    locked = access.attempt("lead-pw", access.LEAD, rules, lockout)
    assert locked.granted is None
    assert "try again" in locked.message
    clock.now += 61
    assert access.attempt("lead-pw", access.LEAD, rules, lockout).granted == access.LEAD


def test_oidc_roles_follow_the_lead_list():
    rules = access.policy(
        {"auth": {"client_id": "x"}, "access": {"lead_emails": ["Lead@x.org"]}}, {}
    )
    assert rules.oidc
    assert rules.oidc_role("lead@x.org") == access.LEAD
    assert rules.oidc_role("member@x.org") == access.VIEWER
    assert access.policy({"auth": {"client_id": "x"}}, {}).oidc_role("any@x.org") == access.LEAD
