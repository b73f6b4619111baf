"""The Workshop as a presentation on a 1280 x 720 projector, in Chromium: step 1's scorecard,
each dimension's answers chart and the connection map inside the screen without scrolling,
the sidebar still collapsed after any number of steps, and the keys a clicker sends move the
steps."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from carenet_dash import workshop
from carenet_dash.instrument_files import get_instrument
from tests.browser.conftest import TIMEOUT, sidebar_shown, track, wait_ready

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
STEPS = workshop.steps(get_instrument())
DIMENSION_STEPS = [s.number for s in STEPS if s.kind == workshop.DIMENSION]


@pytest.fixture
def projector(browser) -> Iterator[object]:
    context = browser.new_context(viewport=PROJECTOR)
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT)
    track(opened)
    yield opened
    context.close()


def step_number(page) -> int:
    found = re.search(r"Step (\d+) of", page.locator('[data-testid="stMain"]').inner_text())
    assert found, "the step bar says which step this is"
    return int(found.group(1))


def first_chart_on_screen(page) -> bool:
    """The step's first chart lies wholly inside the 1280 x 720 screen, with nothing scrolled."""
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for()
    box = chart.bounding_box()
    scrolled = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop + window.scrollY"
    )
    return (
        scrolled == 0
        and box is not None
        and box["y"] >= 0
        and box["x"] >= 0
        and box["y"] + box["height"] <= PROJECTOR["height"]
        and box["x"] + box["width"] <= PROJECTOR["width"]
    )


def press(page, key: str, expected: int) -> None:
    page.keyboard.press(key)
    page.wait_for_function(
        "n => /Step (\\d+) of/.exec(document.querySelector('[data-testid=\"stMain\"]')"
        ".innerText)?.[1] == String(n)",
        arg=expected,
    )
    wait_ready(page)


def test_step_one_shows_the_scorecard_and_what_changed_on_one_screen(server, projector):
    projector.goto(server.url("workshop"))
    wait_ready(projector)
    assert not sidebar_shown(projector)
    assert step_number(projector) == 1
    assert first_chart_on_screen(projector)
    story = projector.locator('[data-testid="stPageLink"]', has_text="since 2025 Q4").first
    assert "Facilitative leadership" in projector.locator('[data-testid="stMain"]').inner_text()
    assert story.bounding_box()["y"] < PROJECTOR["height"]


def test_the_sidebar_stays_collapsed_through_five_steps(server, projector):
    projector.goto(server.url("workshop"))
    wait_ready(projector)
    for expected in range(2, 7):
        projector.get_by_role("button", name="Next ▶").first.click()
        projector.wait_for_url(f"**step={expected}*")
        wait_ready(projector)
        assert not sidebar_shown(projector), f"the sidebar opened on step {expected}"
    assert step_number(projector) == 6


def test_arrow_keys_page_keys_home_and_end_move_the_steps(server, projector):
    projector.goto(server.url("workshop"))
    wait_ready(projector)
    # The listener is a script the page mounts; it may land a moment after the run finishes.
    projector.wait_for_function("() => window.carenetStepKeys === true")
    projector.locator('[data-testid="stMain"] h1').click()  # focus on the page, not a field
    press(projector, "ArrowRight", 2)
    press(projector, "PageDown", 3)  # what a presentation clicker sends
    press(projector, "ArrowLeft", 2)
    press(projector, "PageUp", 1)
    press(projector, "End", len(STEPS))
    assert "step=" in projector.url  # the step stays in the address
    press(projector, "Home", 1)
    assert not sidebar_shown(projector)


def test_each_dimension_steps_answers_chart_is_on_screen(server, projector):
    projector.goto(server.url("workshop", step=str(DIMENSION_STEPS[0])))
    wait_ready(projector)
    for number in DIMENSION_STEPS:
        if number != DIMENSION_STEPS[0]:
            press(projector, "ArrowRight", number)
        assert first_chart_on_screen(projector), f"step {number}: the chart is cut off"
        # The headline and the members' words share the screen with it.
        heading = projector.locator('[data-testid="stMain"] h1').first.bounding_box()
        assert heading["y"] + heading["height"] <= PROJECTOR["height"]
        words = projector.get_by_text("In members' words").bounding_box()
        assert words["y"] + words["height"] <= PROJECTOR["height"]
        sizes = projector.evaluate(
            "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] text')]"
            ".map(t => parseFloat(getComputedStyle(t).fontSize)).filter(x => x)"
        )
        assert sizes, "the chart draws its text as SVG"
        assert min(sizes) >= 16, f"step {number}: chart text of {min(sizes)} px"


def test_the_connection_step_shows_the_map_and_its_words_on_one_screen(server, projector):
    number = next(s.number for s in STEPS if s.kind == workshop.CONNECTIONS)
    projector.goto(server.url("workshop", step=str(number)))
    wait_ready(projector)
    assert step_number(projector) == number
    assert not sidebar_shown(projector)
    assert first_chart_on_screen(projector), "the map is cut off"
    main = projector.locator('[data-testid="stMain"]')
    for text in ("Who works with whom", "For discussion"):
        box = main.get_by_text(text, exact=True).first.bounding_box()
        assert box is not None, text
        assert box["y"] + box["height"] <= PROJECTOR["height"], text
    sizes = projector.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] text')]"
        ".map(t => parseFloat(getComputedStyle(t).fontSize)).filter(x => x)"
    )
    assert sizes, "the map draws its text as SVG"
    assert min(sizes) >= 16, f"map text of {min(sizes)} px"
