"""Untrusted text is text on every page: a network whose name, round labels, instrument,
comments, actions and notes are hostile Markdown, HTML and links, and a hostile export on the
Upload page, render no link, image, emphasis, code, colour, icon or HTML of their own."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from carenet_dash import workshop
from carenet_dash.store.opening import get_engine
from tests.hostile import (
    FILE_NAME,
    NETWORK,
    SHEETS,
    hostile_export,
    hostile_instrument,
    seed_hostile,
)
from tests.markdown_inert import MARK, markdown_bodies, page_problems
from tests.pages.conftest import APP, open_page

STEPS = workshop.steps(hostile_instrument())


@pytest.fixture
def hostile_app(demo_url) -> AppTest:
    seed_hostile(get_engine(demo_url))
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    # Sorted by name, "![EVIL]..." comes first: the app opens on it.
    assert at.selectbox(key="network").value == NETWORK
    return at


def assert_inert(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert page_problems(at) == []
    # The hostile words did reach the page, so the check above had something to check.
    assert any(MARK in body for _, body in markdown_bodies(at))


@pytest.mark.parametrize("name", ["overview", "compare", "segments", "comments", "manage"])
def test_a_page_shows_hostile_words_as_text(hostile_app, name):
    assert_inert(open_page(hostile_app, name))


def test_every_dimension_shows_hostile_words_as_text(hostile_app):
    at = open_page(hostile_app, "dimension")
    for dimension in hostile_instrument().dimensions:
        at.selectbox(key="dimension").set_value(dimension.id).run()
        assert_inert(at)


def test_segments_and_comments_by_group_show_hostile_words_as_text(hostile_app):
    at = open_page(hostile_app, "segments")
    at.toggle(key="change").set_value(True).run()
    assert_inert(at)
    at = open_page(hostile_app, "comments")
    for group in at.selectbox(key="group").options[1:]:
        at.selectbox(key="group").set_value(group).run()
        assert_inert(at)


def test_every_workshop_step_shows_hostile_words_as_text(hostile_app):
    at = open_page(hostile_app, "workshop")
    for step in STEPS:
        at.number_input(key="step").set_value(step.number).run()
        assert_inert(at)


def test_an_export_with_hostile_sheets_headers_cells_and_name_is_shown_as_text(hostile_app):
    at = open_page(hostile_app, "upload")
    at.file_uploader(key="upload").upload(FILE_NAME, hostile_export(), "application/vnd.ms-excel")
    at.run()
    # Two sheets could be the responses: the page asks which, naming both.
    assert_inert(at)
    at.selectbox(key="sheet").set_value(SHEETS[1]).run()
    assert_inert(at)
    text = " ".join(body for _, body in markdown_bodies(at))
    for what in ("cannot be scored", "Columns not used"):  # cells and headers reached the page
        assert what in text
