"""With passwords configured, nothing is shown or written before the right one is given."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from carenet_dash import access
from tests.pages.conftest import APP, ROOT, page, text_of


def app_with(monkeypatch, **passwords: str) -> AppTest:
    """The app run once with these passwords set (CARENET_<ROLE>_PASSWORD), lockouts cleared."""
    monkeypatch.setattr(access, "LOCKOUT", access.Lockout())
    return another_session(monkeypatch, **passwords)


def another_session(monkeypatch, **passwords: str) -> AppTest:
    """One more browser session on the app, sharing the process (and its lockout)."""
    import streamlit as st

    for role, password in passwords.items():
        monkeypatch.setenv(f"CARENET_{role.upper()}_PASSWORD", password)
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


@pytest.fixture
def locked_app(demo_url, monkeypatch):
    return app_with(monkeypatch, viewer="members-only", lead="lead-only")


def test_a_protected_dashboard_shows_only_a_sign_in(locked_app):
    text = text_of(locked_app)
    assert "protected" in text
    assert "Riverside" not in text
    assert "Head and Neck" not in text
    assert not locked_app.selectbox
    assert not locked_app.dataframe
    assert not locked_app.get("vega_lite_chart")


def test_a_wrong_password_is_refused_and_the_right_one_opens(locked_app):
    locked_app.text_input(key="viewer_sign_in_password").set_value("guess")
    locked_app.button[0].click().run()
    assert "Wrong password" in text_of(locked_app)
    assert not locked_app.dataframe
    locked_app.text_input(key="viewer_sign_in_password").set_value("members-only")
    locked_app.button[0].click().run()
    assert not locked_app.exception
    assert locked_app.dataframe  # the Overview's scorecard


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "pages").glob("*.py")))
def test_no_page_opens_by_switching_without_signing_in(locked_app, name):
    locked_app.switch_page(page(name)).run()
    text = text_of(locked_app)
    assert "Riverside" not in text
    assert "Head and Neck" not in text
    assert not locked_app.dataframe


@pytest.fixture
def lead_locked_app(demo_url, monkeypatch):
    return app_with(monkeypatch, lead="lead-only")


@pytest.mark.parametrize("name", ["upload.py", "instruments.py", "manage.py"])
def test_writes_need_the_lead_password(lead_locked_app, name):
    at = lead_locked_app
    at.switch_page(page(name)).run()
    assert "Only the network lead can" in text_of(at)
    assert not at.get("file_uploader")
    assert not [b for b in at.button if b.label not in ("Sign in",)]
    at.text_input(key=next(t.key for t in at.text_input if t.key.endswith("_password"))).set_value(
        "lead-only"
    )
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert not at.exception
    assert "Only the network lead can" not in text_of(at)
    if name in ("upload.py", "instruments.py"):
        assert at.get("file_uploader")
    else:
        assert any(b.label == "Delete round" for b in at.button)


# --- sign-in rules: each form its own password, counts per role and per client -------------


class FakeClock:
    """The lockout's clock, moved by hand: pauses are tested without waiting for them."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(access, "LOCKOUT", access.Lockout(clock=fake))
    return fake


@pytest.fixture
def address(monkeypatch) -> dict[str, str | None]:
    """The client address the app sees (AppTest has none of its own): set ``["ip"]``."""
    import streamlit as st

    where: dict[str, str | None] = {"ip": None}
    monkeypatch.setattr(type(st.context), "ip_address", property(lambda self: where["ip"]))
    return where


def sign_in(at: AppTest, form: str, password: str) -> AppTest:
    at.text_input(key=f"{form}_password").set_value(password)
    at.button(key=f"FormSubmitter:{form}-Sign in").click().run()
    assert not at.exception, at.exception
    return at


def lead_form(at: AppTest) -> str:
    return next(t.key for t in at.text_input if t.key.startswith("lead_sign_in")).removesuffix(
        "_password"
    )


def new_session(monkeypatch, page_name: str | None = None, **passwords: str) -> AppTest:
    at = another_session(monkeypatch, **passwords)
    if page_name:
        at.switch_page(page(page_name)).run()
    return at


def test_the_viewer_form_refuses_the_lead_password(locked_app, clock):
    sign_in(locked_app, "viewer_sign_in", "lead-only")
    assert "Wrong password" in text_of(locked_app)
    assert not locked_app.dataframe
    assert "access_role" not in locked_app.session_state


def test_the_lead_signs_in_from_the_sign_in_screen_with_the_lead_form(locked_app, clock):
    sign_in(locked_app, "lead_sign_in", "members-only")  # the viewer password: not the lead's
    assert "Wrong password" in text_of(locked_app)
    assert not locked_app.dataframe
    sign_in(locked_app, "lead_sign_in", "lead-only")
    assert locked_app.dataframe
    locked_app.switch_page(page("upload.py")).run()
    assert locked_app.get("file_uploader")


def test_a_viewers_sign_in_does_not_clear_the_lead_count(demo_url, monkeypatch, clock, address):
    at = new_session(monkeypatch, viewer="members-only", lead="lead-only")
    at.switch_page(page("upload.py")).run()
    form = lead_form(at)
    for _ in range(2):
        sign_in(at, form, "guess")
    assert "1 attempt(s) left" in text_of(at)
    # The same person signs in as a viewer in between (the old way round the count)...
    sign_in(at, "viewer_sign_in", "members-only")
    at.switch_page(page("upload.py")).run()
    # ...and the next wrong lead password still starts a pause.
    sign_in(at, lead_form(at), "guess")
    assert "Wrong password. Try again in 5 seconds." in text_of(at)
    sign_in(at, lead_form(at), "lead-only")
    assert "Too many wrong passwords: try again in 5 seconds." in text_of(at)
    assert not at.get("file_uploader")
    clock.now += 5
    sign_in(at, lead_form(at), "lead-only")
    assert at.get("file_uploader"), text_of(at)


def test_pauses_grow_on_the_page(demo_url, monkeypatch, clock, address):
    at = new_session(monkeypatch, "upload.py", lead="lead-only")
    form = lead_form(at)
    seen = []
    for _ in range(5):
        sign_in(at, form, "guess")
        seen.append(next(e.value for e in at.error))
        here = access.Client(session=at.session_state["_access_session"])
        clock.now += access.LOCKOUT.remaining(access.LEAD, here)
    assert seen == [
        "Wrong password (2 attempt(s) left before a pause).",
        "Wrong password (1 attempt(s) left before a pause).",
        "Wrong password. Try again in 5 seconds.",
        "Wrong password. Try again in 10 seconds.",
        "Wrong password. Try again in 20 seconds.",
    ]


def test_a_stranger_cannot_lock_the_lead_out(demo_url, monkeypatch, clock, address):
    address["ip"] = "203.0.113.9"
    stranger = new_session(monkeypatch, "upload.py", lead="lead-only")
    form = lead_form(stranger)
    for _ in range(8):
        sign_in(stranger, form, "guess")
        clock.now += 1  # keeps guessing, through the pauses
    assert "again in" in text_of(stranger)  # paused

    address["ip"] = "198.51.100.4"
    lead = new_session(monkeypatch, "upload.py", lead="lead-only")
    sign_in(lead, lead_form(lead), "lead-only")
    assert lead.get("file_uploader")
    assert "Too many wrong passwords" not in text_of(lead)


def test_new_sessions_from_one_address_are_paused_too(demo_url, monkeypatch, clock, address):
    monkeypatch.setattr(access, "LOCKOUT", access.Lockout(address_free_tries=2, clock=clock))
    address["ip"] = "192.0.2.7"
    for _ in range(2):
        guesser = new_session(monkeypatch, "upload.py", lead="lead-only")
        sign_in(guesser, lead_form(guesser), "guess")
    assert "Wrong password. Try again in 5 seconds." in text_of(guesser)
    fresh = new_session(monkeypatch, "upload.py", lead="lead-only")
    sign_in(fresh, lead_form(fresh), "lead-only")
    assert "Too many wrong passwords" in text_of(fresh)
    assert not fresh.get("file_uploader")
