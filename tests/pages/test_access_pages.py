"""With passwords configured, nothing is shown or written before the right one is given."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from carenet_dash import access
from tests.pages.conftest import APP, ROOT, page, text_of


@pytest.fixture
def locked_app(demo_url, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("CARENET_VIEWER_PASSWORD", "members-only")
    monkeypatch.setenv("CARENET_LEAD_PASSWORD", "lead-only")
    monkeypatch.setattr(access, "LOCKOUT", access.Lockout())
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


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
