"""The page tests again, with the app's store on PostgreSQL instead of SQLite.

Importing a page test here collects it a second time; this module's ``demo_url`` makes that
run use a PostgreSQL copy of the demo store. Add the tests of new pages to the import below.
"""

from __future__ import annotations

import pytest

from tests.pages.test_overview import (
    test_both_demo_networks_render,
    test_no_hidden_dimension_leaks_a_number,
    test_overview_opens_on_the_latest_round_with_engine_numbers,
    test_switching_round_changes_the_numbers,
)
from tests.pages.test_upload import test_bad_files_get_a_message_and_change_nothing, upload

pytestmark = pytest.mark.postgres

__all__ = [
    "test_bad_files_get_a_message_and_change_nothing",
    "test_both_demo_networks_render",
    "test_no_hidden_dimension_leaks_a_number",
    "test_overview_opens_on_the_latest_round_with_engine_numbers",
    "test_switching_round_changes_the_numbers",
    "upload",
]


@pytest.fixture
def demo_url(pg_demo_url: str) -> str:
    return pg_demo_url


def test_the_app_really_runs_on_postgresql(app, demo_url):
    from carenet_dash import config

    assert demo_url.startswith("postgresql+psycopg://")
    assert config.database_url() == demo_url
    assert not app.exception
