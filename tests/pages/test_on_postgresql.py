"""The page tests again, with the app's store on PostgreSQL instead of SQLite.

Importing a page test here collects it a second time; this module's ``demo_url`` makes that
run use a PostgreSQL copy of the demo store. Add the tests of new pages to the import below.
"""

from __future__ import annotations

import pytest

from tests.pages.test_instruments import (
    instruments,
    test_a_bad_file_lists_each_problem_on_its_own_line_and_adds_nothing,
    test_a_valid_file_is_checked_added_and_listed,
)
from tests.pages.test_overview import (
    test_both_demo_networks_render,
    test_no_hidden_dimension_leaks_a_number,
    test_overview_opens_on_the_latest_round_with_engine_numbers,
    test_switching_round_changes_the_numbers,
)
from tests.pages.test_scales_display import (
    test_rounds_on_different_scales_are_compared_on_favourable_share_and_the_page_says_so,
    two_scales,
)
from tests.pages.test_upload import test_bad_files_get_a_message_and_change_nothing
from tests.pages.test_upload_instruments import (
    test_a_draft_is_edited_saved_and_imports_the_file_it_came_from,
)

pytestmark = pytest.mark.postgres

__all__ = [
    "instruments",
    "test_a_bad_file_lists_each_problem_on_its_own_line_and_adds_nothing",
    "test_a_draft_is_edited_saved_and_imports_the_file_it_came_from",
    "test_a_valid_file_is_checked_added_and_listed",
    "test_bad_files_get_a_message_and_change_nothing",
    "test_both_demo_networks_render",
    "test_no_hidden_dimension_leaks_a_number",
    "test_overview_opens_on_the_latest_round_with_engine_numbers",
    "test_rounds_on_different_scales_are_compared_on_favourable_share_and_the_page_says_so",
    "test_switching_round_changes_the_numbers",
    "two_scales",
]


@pytest.fixture
def demo_url(pg_demo_url: str) -> str:
    return pg_demo_url


def test_the_app_really_runs_on_postgresql(app, demo_url):
    from carenet_dash import config

    assert demo_url.startswith("postgresql+psycopg://")
    assert config.database_url() == demo_url
    assert not app.exception
