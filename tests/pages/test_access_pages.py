"""With passwords configured, nothing is shown or written before the right one is given."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from carenet_dash import access
from tests.pages.conftest import APP, ROOT, page, text_of


def app_with(monkeypatch, **passwords: str) -> AppTest:
    """The app run once with these passwords set (CARENET_<ROLE>_PASSWORD), lockouts cleared."""
    import streamlit as st

    for role, password in passwords.items():
        monkeypatch.setenv(f"CARENET_{role.upper()}_PASSWORD", password)
    monkeypatch.setattr(access, "LOCKOUT", access.Lockout())
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


@pytest.mark.parametrize("name", ["upload.py", "manage.py"])
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
    if name == "upload.py":
        assert at.get("file_uploader")
    else:
        assert any(b.label == "Delete round" for b in at.button)
