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


HERE = access.Client(session="s1", address="10.0.0.1")


def test_right_and_wrong_passwords():
    rules = access.Policy(lead_password="lead-pw", viewer_password="view-pw")
    lockout = access.Lockout(clock=Clock())
    assert access.attempt("view-pw", access.VIEWER, rules, HERE, lockout).granted == access.VIEWER
    assert access.attempt("lead-pw", access.LEAD, rules, HERE, lockout).granted == access.LEAD
    assert access.attempt("view-pw", access.LEAD, rules, HERE, lockout).granted is None
    wrong = access.attempt("nope", access.LEAD, rules, HERE, lockout)
    assert wrong.granted is None
    assert "attempt(s) left" in wrong.message


def test_each_form_checks_only_its_own_roles_password():
    rules = access.Policy(lead_password="lead-pw", viewer_password="view-pw")
    lockout = access.Lockout(clock=Clock())
    # The viewer form no longer lets the lead password through (it was a way round the lead
    # form's count): it is a wrong viewer password, and counted as one.
    refused = access.attempt("lead-pw", access.VIEWER, rules, HERE, lockout)
    assert refused.granted is None
    assert refused.message == "Wrong password (2 attempt(s) left before a pause)."
    # With no viewer password set, no viewer password is right, however it is spelled.
    lead_only = access.Policy(lead_password="lead-pw")
    assert access.attempt("", access.VIEWER, lead_only, HERE, lockout).granted is None
    assert access.attempt("lead-pw", access.VIEWER, lead_only, HERE, lockout).granted is None


def test_pauses_grow_with_each_failure_then_lift():
    clock = Clock()
    rules = access.Policy(lead_password="lead-pw")
    lockout = access.Lockout(session_free_tries=3, first_pause=5, longest_pause=60, clock=clock)
    messages = [access.attempt("guess", access.LEAD, rules, HERE, lockout).message]
    messages.append(access.attempt("guess", access.LEAD, rules, HERE, lockout).message)
    assert messages == [
        "Wrong password (2 attempt(s) left before a pause).",
        "Wrong password (1 attempt(s) left before a pause).",
    ]
    # 3rd failure: 5 s; then 10, 20, 40, and 60 from then on (the longest pause).
    waits = []
    for _ in range(6):
        result = access.attempt("guess", access.LEAD, rules, HERE, lockout)
        waits.append(result.message)
        # Paused: even the right password is refused, and says how long to wait.
        locked = access.attempt("lead-pw", access.LEAD, rules, HERE, lockout)
        assert locked.granted is None
        assert locked.message.startswith("Too many wrong passwords: try again in")
        clock.now += lockout.remaining(access.LEAD, HERE)
    assert waits == [
        "Wrong password. Try again in 5 seconds.",
        "Wrong password. Try again in 10 seconds.",
        "Wrong password. Try again in 20 seconds.",
        "Wrong password. Try again in 40 seconds.",
        "Wrong password. Try again in 60 seconds.",
        "Wrong password. Try again in 60 seconds.",
    ]
    assert access.attempt("lead-pw", access.LEAD, rules, HERE, lockout).granted == access.LEAD


def test_the_default_pauses_reach_fifteen_minutes():
    lockout = access.Lockout()
    assert [lockout.pause_after(n, 3) for n in range(1, 6)] == [0, 0, 5, 10, 20]
    assert lockout.pause_after(11, 3) == 900
    assert lockout.pause_after(50, 3) == 900


def test_a_success_for_one_role_never_clears_anothers_count():
    clock = Clock()
    rules = access.Policy(lead_password="lead-pw", viewer_password="view-pw")
    lockout = access.Lockout(session_free_tries=3, clock=clock)
    for _ in range(2):
        access.attempt("guess", access.LEAD, rules, HERE, lockout)
    assert access.attempt("view-pw", access.VIEWER, rules, HERE, lockout).granted == access.VIEWER
    third = access.attempt("guess", access.LEAD, rules, HERE, lockout)
    assert third.message == "Wrong password. Try again in 5 seconds."
    # And the other way round: the lead's success leaves the viewer count alone.
    for _ in range(2):
        access.attempt("guess", access.VIEWER, rules, HERE, lockout)
    clock.now += 5
    assert access.attempt("lead-pw", access.LEAD, rules, HERE, lockout).granted == access.LEAD
    paused = access.attempt("guess", access.VIEWER, rules, HERE, lockout)
    assert paused.message == "Wrong password. Try again in 5 seconds."


def test_a_stranger_cannot_pause_the_leads_sign_in():
    clock = Clock()
    rules = access.Policy(lead_password="lead-pw")
    lockout = access.Lockout(clock=clock)
    for n in range(50):
        stranger = access.Client(session=f"stranger-{n % 5}", address="203.0.113.9")
        access.attempt("guess", access.LEAD, rules, stranger, lockout)
    assert lockout.remaining(access.LEAD, access.Client("stranger-0", "203.0.113.9")) > 0
    lead = access.Client(session="lead", address="198.51.100.4")
    assert lockout.remaining(access.LEAD, lead) == 0
    assert access.attempt("lead-pw", access.LEAD, rules, lead, lockout).granted == access.LEAD
    # From this machine (no address), too.
    local = access.Client(session="local")
    assert access.attempt("lead-pw", access.LEAD, rules, local, lockout).granted == access.LEAD


def test_new_sessions_from_one_address_meet_the_addresss_pause():
    clock = Clock()
    rules = access.Policy(lead_password="lead-pw")
    lockout = access.Lockout(session_free_tries=3, address_free_tries=10, clock=clock)
    # A guesser opening a fresh session for every guess: the first ten are free, then the
    # address itself is paused, whatever session asks.
    results = [
        access.attempt("guess", access.LEAD, rules, access.Client(f"s{n}", "192.0.2.7"), lockout)
        for n in range(10)
    ]
    assert results[-1].message == "Wrong password. Try again in 5 seconds."
    fresh = access.Client("brand-new", "192.0.2.7")
    assert access.attempt("lead-pw", access.LEAD, rules, fresh, lockout).message.startswith(
        "Too many wrong passwords"
    )


def test_counts_are_forgotten_after_a_quiet_day():
    clock = Clock()
    rules = access.Policy(lead_password="lead-pw")
    lockout = access.Lockout(session_free_tries=3, clock=clock)
    for _ in range(2):
        access.attempt("guess", access.LEAD, rules, HERE, lockout)
    clock.now += access.FORGET_AFTER_SECONDS + 1
    again = access.attempt("guess", access.LEAD, rules, HERE, lockout)
    assert again.message == "Wrong password (2 attempt(s) left before a pause)."


def test_the_record_of_failures_stays_bounded():
    clock = Clock()
    rules = access.Policy(lead_password="lead-pw")
    lockout = access.Lockout(max_records=100, clock=clock)
    for n in range(1000):
        access.attempt("guess", access.LEAD, rules, access.Client(f"s{n}", f"a{n}"), lockout)
    assert len(lockout._records) <= 100


def test_attempt_uses_the_lockout_in_place_when_it_is_called(monkeypatch):
    """Tests replace access.LOCKOUT; attempt() must use the replacement, not a default bound
    when the module was imported (failures used to leak from test to test)."""
    rules = access.Policy(lead_password="lead-pw")
    fresh = access.Lockout(clock=Clock())
    monkeypatch.setattr(access, "LOCKOUT", fresh)
    access.attempt("guess", access.LEAD, rules, HERE)
    assert fresh._records[(access.LEAD, "session", "s1")].failures == 1


def test_oidc_roles_follow_the_lead_list():
    rules = access.policy(
        {"auth": {"client_id": "x"}, "access": {"lead_emails": ["Lead@x.org"]}}, {}
    )
    assert rules.oidc
    assert rules.oidc_role("lead@x.org") == access.LEAD
    assert rules.oidc_role("member@x.org") == access.VIEWER
    assert access.policy({"auth": {"client_id": "x"}}, {}).oidc_role("any@x.org") == access.LEAD
