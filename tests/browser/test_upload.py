"""In Chromium: upload the sample SurveyMonkey export, import it, and see it on the Overview."""

from __future__ import annotations

import pytest

from carenet_dash import config
from tests.browser.conftest import wait_ready

pytestmark = pytest.mark.browser

CHILDREN = "Riverside Children's Health Network"
SAMPLE = config.SAMPLES_DIR / "surveymonkey_2026_q4.csv"


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_upload_a_sample_and_see_the_round_on_the_overview(fresh_server, page):
    page.goto(fresh_server.url("upload"))
    wait_ready(page)
    page.set_input_files('input[type="file"]', str(SAMPLE))
    page.get_by_text("Respondents kept").wait_for()
    wait_ready(page)
    body = main_text(page)
    assert "SurveyMonkey" in body
    assert "IP Address" in body  # named among the dropped personal-data columns
    page.locator('[data-testid="stSelectbox"]', has_text="Into network").click()
    page.get_by_role("option", name=CHILDREN).click()
    wait_ready(page)
    page.get_by_role("button", name="Import round").click()
    page.get_by_text("Imported round").wait_for()
    wait_ready(page)
    assert f"Imported round 2026 Q4 into {CHILDREN}: 62 respondents." in main_text(page)
    page.get_by_role("link", name="See it on the Overview").click()
    page.get_by_text("Round 2026 Q4").wait_for()
    wait_ready(page)
    body = main_text(page)
    assert CHILDREN in body
    assert "Round 2026 Q4" in body
    assert "2026 Q3 → 2026 Q4" in body  # compared with the round before
