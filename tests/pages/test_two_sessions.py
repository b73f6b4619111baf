"""Two people on the Workshop page at once: a change based on what an out-of-date screen
showed is refused with a message, and never overwrites the other person's change."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from carenet_dash import analysis, workshop
from carenet_dash.instrument_files import get_instrument
from carenet_dash.store import queries, workshop_queries
from tests.markdown_inert import as_read
from tests.pages.conftest import app_test, page

CANCER = "Head and Neck Cancer Support Network"  # the first network, so the one shown
STEPS = workshop.steps(get_instrument())
LEADERSHIP = next(s.number for s in STEPS if s.dimension_id == "leadership")
MATRIX = next(s.number for s in STEPS if s.kind == workshop.MATRIX)


def workshop_at(step: int) -> AppTest:
    at = app_test()
    at.run()
    at.switch_page(page("workshop.py")).run()
    at.number_input(key="step").set_value(step).run()
    assert not at.exception, at.exception
    return at


def status_box(at: AppTest, action_id: int):
    return next(s for s in at.selectbox if s.key.startswith(f"status_{action_id}_"))


def test_a_status_changed_from_an_out_of_date_screen_is_refused(demo_url):
    from carenet_dash.store.opening import get_engine

    engine = get_engine(demo_url)
    network = queries.network_by_name(engine, CANCER)
    current = queries.rounds(engine, network.id)[-1]
    agreed = analysis.previous_actions(engine, current.id)
    unfinished = agreed[(agreed["dimension_id"] == "leadership") & (agreed["status"] != "done")]
    action_id, shown = int(unfinished["action_id"].iloc[0]), unfinished["status"].iloc[0]

    first, second = workshop_at(LEADERSHIP), workshop_at(LEADERSHIP)
    assert status_box(first, action_id).value == status_box(second, action_id).value == shown

    status_box(first, action_id).set_value("done").run()
    assert not first.exception, first.exception
    assert "Status changed to “✓ Done”." in [as_read(s.value) for s in first.success]

    # The second screen still shows the old status, and its person chooses "dropped".
    status_box(second, action_id).set_value("dropped").run()
    assert not second.exception, second.exception
    errors = [as_read(e.value) for e in second.error]
    assert any("changed by someone else" in e and "reload" in e for e in errors), errors
    assert not second.success
    stored = workshop_queries.action_by_id(engine, action_id)
    assert (stored.status, stored.version) == ("done", 2)
    # Its screen now shows the status that was kept, ready to change from there.
    assert status_box(second, action_id).value == "done"
    status_box(second, action_id).set_value("in_progress").run()
    assert workshop_queries.action_by_id(engine, action_id).status == "in_progress"


def test_a_matrix_session_agreed_on_an_out_of_date_screen_is_refused(demo_url):
    from carenet_dash.store.opening import get_engine

    engine = get_engine(demo_url)
    network = queries.network_by_name(engine, CANCER)
    before = workshop_queries.matrix_sessions(engine, network.id)

    first, second = workshop_at(MATRIX), workshop_at(MATRIX)
    for at, level in ((first, 4), (second, 2)):
        at.date_input(key="matrix_held_on").set_value(dt.date(2026, 11, 20))
        at.selectbox(key="matrix_now_purpose").set_value(level)
        at.selectbox(key="matrix_target_purpose").set_value(5)
    first.button(key="FormSubmitter:matrix_form-Save this session").click().run()
    assert not first.exception, first.exception
    assert any(s.value.startswith("Session saved") for s in first.success)

    second.button(key="FormSubmitter:matrix_form-Save this session").click().run()
    assert not second.exception, second.exception
    assert any(
        "maturity matrix was changed by someone else" in as_read(e.value) for e in second.error
    )
    sessions = workshop_queries.matrix_sessions(engine, network.id)
    assert len(sessions) == len(before) + 1
    levels = workshop_queries.matrix_levels(engine, [sessions[-1].id])
    purpose = levels[levels["dimension_id"] == "purpose"].iloc[0]
    assert (purpose["current_level"], purpose["target_level"]) == (4, 5)
