"""The Workshop page: steps forward and back, the step in the URL, the engine's numbers on
every step, notes, actions, statuses and matrix sessions written through it, writes and
exports behind the lead password, and nothing hidden ever shown."""

from __future__ import annotations

import datetime as dt

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from carenet_dash import access, analysis, disclosure, present, workshop
from carenet_dash.instrument_files import get_instrument
from carenet_dash.store import queries, workshop_queries, workshop_writes, writes
from carenet_dash.store.opening import dispose_engines, get_engine
from carenet_dash.ui import export_panel
from tests.conftest import make_responses
from tests.markdown_inert import as_read
from tests.pages.conftest import app_test, page, text_of

CANCER = "Head and Neck Cancer Support Network"  # the first network, so the one shown
STEPS = workshop.steps(get_instrument())
STEP_OF = {s.dimension_id: s.number for s in STEPS if s.dimension_id}
MATRIX_STEP = next(s.number for s in STEPS if s.kind == workshop.MATRIX)
LAST_STEP = len(STEPS)


def go(at: AppTest, step: int) -> AppTest:
    at.number_input(key="step").set_value(step).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def shop(app):
    """The Workshop page on the demo store, first step."""
    app.switch_page(page("workshop.py")).run()
    assert not app.exception, app.exception
    return app


def latest(url: str, name: str = CANCER):
    engine = get_engine(url)
    network = queries.network_by_name(engine, name)
    rounds = queries.rounds(engine, network.id)
    return engine, network, rounds[-1], rounds[-2]


def submit(at: AppTest, form: str, label: str) -> AppTest:
    at.button(key=f"FormSubmitter:{form}-{label}").click().run()
    assert not at.exception, at.exception
    return at


def markdown(at: AppTest) -> list[str]:
    return [as_read(m.value) for m in at.markdown]


def titles(at: AppTest) -> list[str]:
    return [as_read(t.value) for t in at.title]


def captions(at: AppTest) -> str:
    return "\n".join(as_read(c.value) for c in at.caption)


def metrics(at: AppTest) -> dict[str, str]:
    return {as_read(m.label): as_read(m.value) for m in at.get("metric")}


# --- moving between steps -------------------------------------------------------------------


def test_previous_and_next_move_one_step_and_say_where_we_are(shop):
    assert len(STEPS) == 13
    assert "**Step 1 of 13** · The round at a glance" in markdown(shop)
    assert shop.button(key="previous_top").disabled
    shop.button(key="next_top").click().run()
    assert titles(shop)[0] == "Shared purpose & identity"
    assert "**Step 2 of 13** · Shared purpose & identity" in markdown(shop)
    shop.button(key="next_bottom").click().run()
    assert titles(shop)[0] == "Value to members"
    assert shop.query_params["step"] == "3"
    shop.button(key="previous_top").click().run()
    assert titles(shop)[0] == "Shared purpose & identity"
    go(shop, LAST_STEP)
    assert titles(shop)[0] == "What we agreed"
    assert shop.button(key="next_top").disabled
    assert shop.button(key="next_bottom").disabled


def test_a_shared_link_opens_the_same_step_and_theme(demo_url):
    st.cache_data.clear()
    follower = app_test()
    follower.run()
    follower.query_params["step"] = str(STEP_OF["governance"])
    follower.query_params["contrast"] = "true"
    follower.switch_page(page("workshop.py")).run()
    assert not follower.exception, follower.exception
    assert titles(follower)[0] == "Governance & decision-making"
    assert follower.toggle(key="contrast").value is True
    styles = " ".join(h.proto.body for h in follower.get("html"))
    assert "#000000" in styles  # the high-contrast sheet is applied
    follower.toggle(key="contrast").set_value(False).run()
    styles = " ".join(h.proto.body for h in follower.get("html"))
    assert "font-size: 2.4rem" in styles  # large type stays
    assert "#000000" not in styles


def test_the_title_step_is_the_rounds_headline(shop, demo_url):
    engine, network, current, _ = latest(demo_url)
    card = analysis.scorecard(engine, current.id, network.min_group_size)
    strengths, priorities = analysis.strengths_and_priorities(card)
    assert titles(shop)[0] == CANCER
    assert f"Workshop · round {current.label}" in captions(shop)
    assert f"{current.respondents} responses" in captions(shop)
    text = "\n".join(markdown(shop))
    assert len(strengths) == text.count("**: 4.")
    for row in priorities.itertuples():
        assert f"**{row.dimension}**: {row.mean:.2f} (n={int(row.n)})" in text
    # The scorecard chart is the step's picture.
    assert shop.get("vega_lite_chart")
    # The agenda lists every later step.
    for step in STEPS[1:]:
        assert f"{step.number}. {step.title}" in text


@pytest.mark.parametrize("dimension_id", ["trust", "leadership", "resources"])
def test_a_dimension_step_shows_the_engines_numbers(shop, demo_url, dimension_id):
    engine, network, current, before = latest(demo_url)
    go(shop, STEP_OF[dimension_id])
    card = analysis.scorecard(engine, current.id, network.min_group_size)
    row = card.set_index("dimension_id").loc[dimension_id]
    shown = metrics(shop)
    assert shown["Mean"] == f"{row['mean']:.2f}"
    assert shown["Responses"] == str(int(row["n"]))
    assert shown["Band"] == present.band(row["band"])
    assert shown[f"Change since {before.label}"] == present.change_label(
        row["change"], row["verdict"]
    )
    assert present.change_since(before.label, row) in captions(shop)
    assert f"n {int(row['previous_n'])} → {int(row['n'])}" in present.change_since(
        before.label, row
    )
    assert any(f.value.equals(present.answer_distribution_table(row)) for f in shop.dataframe)
    prompts = get_instrument().dimension(dimension_id).prompts
    assert "\n".join(f"- {p}" for p in prompts) in markdown(shop)


def test_two_or_three_comments_that_may_be_shown_and_others_on_request(shop, demo_url):
    engine, network, current, _ = latest(demo_url)
    go(shop, STEP_OF["trust"])
    found = analysis.round_comments(engine, current.id, network.min_group_size)
    own = analysis.select_comments(found, network.min_group_size, dimension_id="trust").comments
    first = [t.value for t in shop.text]
    assert 2 <= len(first) <= 3
    assert set(first) <= set(own["text"])
    shop.button(key="more_comments_trust").click().run()
    second = [t.value for t in shop.text]
    assert len(second) == 3
    assert set(second) <= set(own["text"])
    assert not set(second) & set(first)
    # A dimension no open question asks about shows the general comments its keywords find.
    go(shop, STEP_OF["governance"])
    governance = analysis.select_comments(found, network.min_group_size, dimension_id="governance")
    assert 1 <= len(shop.text) <= 3
    assert {t.value for t in shop.text} <= set(governance.comments["text"])


def test_what_we_agreed_last_time_comes_with_its_status(shop, demo_url):
    engine, _, current, _ = latest(demo_url)
    go(shop, STEP_OF["leadership"])
    agreed = analysis.previous_actions(engine, current.id)
    agreed = agreed[agreed["dimension_id"] == "leadership"]
    assert len(agreed) == 2
    lines = [t.value for t in shop.text]
    for row in agreed.itertuples():
        assert any(line.startswith(row.what) for line in lines)
        status = next(s for s in shop.selectbox if s.key.startswith(f"status_{row.action_id}_"))
        assert status.value == row.status
        assert status.format_func(status.value) == present.status(row.status)


# --- capture ----------------------------------------------------------------------------------


def test_recording_an_action_and_a_note_on_a_dimension(shop, demo_url):
    engine, network, current, _ = latest(demo_url)
    go(shop, STEP_OF["resources"])
    shop.text_input(key="resources_action_what").input("Ask the charity partners for a bid writer")
    shop.text_input(key="resources_action_owner").input("Network board")
    shop.date_input(key="resources_action_due").set_value(dt.date(2027, 1, 31))
    shop.selectbox(key="resources_action_status").set_value("in_progress")
    submit(shop, "resources_action_form", "Record the action")
    recorded = analysis.round_actions(engine, current.id)
    assert len(recorded) == 1
    action = recorded.iloc[0]
    assert (action["what"], action["owner"], action["due_on"], action["status"]) == (
        "Ask the charity partners for a bid writer",
        "Network board",
        dt.date(2027, 1, 31),
        "in_progress",
    )
    assert action["dimension_id"] == "resources"
    assert "Action recorded." in [as_read(s.value) for s in shop.success]
    assert shop.text_input(key="resources_action_what").value == ""  # ready for the next one
    assert any(t.value.startswith("Ask the charity partners") for t in shop.text)

    shop.text_area(key="resources_note_text").input("Two members can offer a day a month.")
    submit(shop, "resources_note_form", "Record the note")
    notes = workshop_queries.notes(engine, network.id, round_id=current.id)
    assert [(n.dimension_id, n.text) for n in notes] == [
        ("resources", "Two members can offer a day a month.")
    ]
    assert "Two members can offer a day a month." in [t.value for t in shop.text]
    # Stored against this dimension only: the next step does not show them.
    go(shop, STEP_OF["impact"])
    assert "Two members can offer a day a month." not in [t.value for t in shop.text]


def test_a_refused_action_says_why_keeps_the_text_and_writes_nothing(shop, demo_url):
    engine, network, _, _ = latest(demo_url)
    before = workshop_queries.actions(engine, network.id)
    go(shop, STEP_OF["value"])
    shop.text_input(key="value_action_what").input("Send the poll results round")
    shop.text_input(key="value_action_owner").input("pat@example.org")
    submit(shop, "value_action_form", "Record the action")
    assert "e-mail address" in as_read(shop.error[0].value)
    assert workshop_queries.actions(engine, network.id) == before
    assert shop.text_input(key="value_action_what").value == "Send the poll results round"


def test_changing_a_status_saves_it_at_once(shop, demo_url):
    engine, _, current, _ = latest(demo_url)
    go(shop, STEP_OF["leadership"])
    agreed = analysis.previous_actions(engine, current.id)
    open_one = agreed[(agreed["dimension_id"] == "leadership") & (agreed["status"] != "done")]
    action_id = int(open_one["action_id"].iloc[0])
    choice = next(s for s in shop.selectbox if s.key.startswith(f"status_{action_id}_"))
    choice.set_value("done").run()
    assert not shop.exception, shop.exception
    assert workshop_queries.action_by_id(engine, action_id).status == "done"
    assert "Status changed to “✓ Done”." in [as_read(s.value) for s in shop.success]
    again = next(s for s in shop.selectbox if s.key.startswith(f"status_{action_id}_"))
    assert again.value == "done"


def test_a_network_wide_action_on_the_last_step(shop, demo_url):
    engine, _, current, _ = latest(demo_url)
    go(shop, LAST_STEP)
    shop.text_input(key="network_action_what").input("Share the workshop notes with all members")
    submit(shop, "network_action_form", "Record the action")
    recorded = analysis.round_actions(engine, current.id)
    assert list(recorded["dimension"]) == [analysis.NETWORK_WIDE]
    assert any(t.value.startswith("Share the workshop notes") for t in shop.text)


# --- the maturity matrix ----------------------------------------------------------------------


def test_the_matrix_step_shows_the_last_session_beside_the_survey(shop, demo_url):
    engine, network, current, _ = latest(demo_url)
    go(shop, MATRIX_STEP)
    session = analysis.matrix_session_for_round(engine, network.id, current.id)
    summary = analysis.matrix_summary(engine, session, network.min_group_size)
    names = get_instrument().maturity.level_names
    expected = present.matrix_table(summary, names, network.min_group_size)
    assert any(f.value.equals(expected) for f in shop.dataframe)
    assert "#### Session held 18 Jun 2026, discussing round 2026 Q2" in markdown(shop)
    assert "The survey means beside this session are from round 2026 Q2." in text_of(shop)
    # Every level's descriptor is shown beside the choice.
    text = text_of(shop)
    for dimension in get_instrument().dimensions:
        for descriptor in dimension.levels:
            assert descriptor in text


def test_saving_a_matrix_session_records_it_with_its_date(shop, demo_url):
    engine, network, current, _ = latest(demo_url)
    go(shop, MATRIX_STEP)
    # The choices start from the last session's levels.
    assert shop.selectbox(key="matrix_now_leadership").value == 2
    shop.date_input(key="matrix_held_on").set_value(dt.date(2026, 11, 20))
    shop.selectbox(key="matrix_now_leadership").set_value(3)
    shop.selectbox(key="matrix_target_purpose").set_value(5)
    submit(shop, "matrix_form", "Save this session")
    sessions = workshop_queries.matrix_sessions(engine, network.id)
    assert len(sessions) == 2
    saved = sessions[-1]
    assert (saved.held_on, saved.round_id) == (dt.date(2026, 11, 20), current.id)
    levels = workshop_queries.matrix_levels(engine, [saved.id]).set_index("dimension_id")
    assert len(levels) == 9
    assert tuple(levels.loc["leadership", ["current_level", "target_level"]]) == (3, 4)
    assert tuple(levels.loc["purpose", ["current_level", "target_level"]]) == (4, 5)
    assert "#### Session held 20 Nov 2026, discussing round 2026 Q3" in markdown(shop)
    assert "The survey means beside this session" not in text_of(shop)
    # Two sessions now: the movement between them is shown.
    movement = analysis.matrix_movement(engine, network.id)
    assert any(f.value.equals(present.movement_table(movement)) for f in shop.dataframe)


# --- exports ----------------------------------------------------------------------------------


def test_exports_are_prepared_on_demand_and_dropped_when_the_store_changes(shop, demo_url):
    engine, _, current, _ = latest(demo_url)
    go(shop, LAST_STEP)
    assert not shop.get("download_button")
    shop.button(key="prepare_csv-actions").click().run()
    assert not shop.exception, shop.exception
    assert [d.key for d in shop.get("download_button")] == ["download_csv-actions"]
    prepared = shop.session_state[export_panel.EXPORTS_KEY]["csv-actions"][1]
    assert prepared.decode("utf-8-sig").startswith("network,round,dimension_id")
    assert "Set up co-chairing with a patient representative" in prepared.decode("utf-8-sig")
    shop.button(key="prepare_html").click().run()
    assert {d.key for d in shop.get("download_button")} == {
        "download_csv-actions",
        "download_html",
    }
    report = shop.session_state[export_panel.EXPORTS_KEY]["html"][1].decode()
    assert f"round {current.label}" in report
    # A write anywhere makes prepared files stale: they must be prepared again.
    workshop_writes.record_note(engine, current.id, "Written after the files were prepared.")
    shop.run()
    assert not shop.get("download_button")


# --- access -----------------------------------------------------------------------------------


@pytest.fixture
def lead_locked(demo_url, monkeypatch):
    monkeypatch.setenv("CARENET_LEAD_PASSWORD", "lead-only")
    monkeypatch.setattr(access, "LOCKOUT", access.Lockout())
    st.cache_data.clear()
    at = app_test()
    at.run()
    at.switch_page(page("workshop.py")).run()
    assert not at.exception, at.exception
    return at


def capture_buttons(at: AppTest) -> list[str]:
    """The forms' buttons, other than the lead sign-in's."""
    return [
        b.key
        for b in at.button
        if b.key.startswith("FormSubmitter:") and not b.key.startswith("FormSubmitter:lead_")
    ]


def test_every_write_and_export_waits_for_the_lead_password(lead_locked, demo_url):
    at = go(lead_locked, STEP_OF["leadership"])
    text = text_of(at)
    assert "Only the network lead can record notes and actions." in text
    assert not capture_buttons(at)
    assert not [s for s in at.selectbox if s.key.startswith("status_")]
    assert "Set up co-chairing with a patient representative" in text  # read-only table
    go(at, MATRIX_STEP)
    assert "Only the network lead can record a maturity-matrix session." in text_of(at)
    assert not capture_buttons(at)
    go(at, LAST_STEP)
    assert "Only the network lead can export." in text_of(at)
    assert not [b for b in at.button if b.key.startswith("prepare_")]

    go(at, STEP_OF["leadership"])
    at.text_input(key="lead_sign_in_record notes and actions_password").input("lead-only")
    submit(at, "lead_sign_in_record notes and actions", "Sign in")
    assert "FormSubmitter:leadership_action_form-Record the action" in [b.key for b in at.button]
    assert [s for s in at.selectbox if s.key.startswith("status_")]
    go(at, LAST_STEP)
    assert [b for b in at.button if b.key.startswith("prepare_")]


# --- disclosure -------------------------------------------------------------------------------

SMALL = "Small network"
MARKUP = "**bold** <script>alert(1)</script>"


def _small_network(engine) -> tuple[int, int]:
    """Two rounds: 2026 Q1 with 6 respondents of whom only 3 answered the Impact statements
    (so Impact is hidden), 2026 Q2 with 4 respondents (the whole round is hidden)."""
    instrument = get_instrument()
    impact = [i for i in instrument.items if instrument.dimension_of_item[i] == "impact"]
    ids = []
    for label, people in (("2026 Q1", 6), ("2026 Q2", 4)):
        rows, comments = [], []
        for person in range(1, people + 1):
            for item_id, item in instrument.items.items():
                if item_id in impact and person > 3:
                    continue
                # Person p answers 2 (or 4 on a reverse item): every dimension scores exactly 2,
                # except Impact, answered 1 by its three respondents.
                score = 1 if item_id in impact else 2
                rows.append((person, item_id, 6 - score if item.reverse else score, False))
            comments.append((person, "impact_comments", f"Remark {label} {person}."))
        comments.append((1, "trust_comments", MARKUP))
        ids.append(
            writes.import_round(
                engine,
                writes.RoundMeta(network=SMALL, label=label),
                instrument,
                make_responses(rows, comments=comments),
            )
        )
    network = queries.network_by_name(engine, SMALL)
    workshop_writes.record_matrix_session(
        engine,
        network.id,
        dt.date(2026, 3, 1),
        [workshop_writes.MatrixEntry("impact", 2, 4), workshop_writes.MatrixEntry("trust", 3, 4)],
        round_id=ids[0],
    )
    return ids[0], ids[1]


@pytest.fixture
def small_shop(shop, demo_url):
    _small_network(get_engine(demo_url))
    shop.run()
    shop.selectbox(key="network").set_value(SMALL).run()
    assert not shop.exception, shop.exception
    return shop


def test_half_a_level_pair_is_refused_whole(small_shop, demo_url):
    engine = get_engine(demo_url)
    network = queries.network_by_name(engine, SMALL)
    go(small_shop, MATRIX_STEP)
    # The last session agreed Impact and Trust only: the other dimensions start unset.
    assert small_shop.selectbox(key="matrix_now_purpose").value is None
    small_shop.selectbox(key="matrix_now_purpose").set_value(3)
    submit(small_shop, "matrix_form", "Save this session")
    assert as_read(small_shop.error[0].value) == (
        "Give both levels, now and target, or neither, for: Shared purpose & identity."
    )
    assert len(workshop_queries.matrix_sessions(engine, network.id)) == 1
    assert small_shop.selectbox(key="matrix_now_purpose").value == 3  # kept, to finish


def every_step(at: AppTest) -> str:
    texts = []
    for number in range(1, LAST_STEP + 1):
        go(at, number)
        texts.append(text_of(at))
    return "\n".join(texts)


def test_a_hidden_dimension_shows_no_figure_on_any_step(small_shop):
    small_shop.selectbox(key="round").set_value("2026 Q1").run()
    go(small_shop, STEP_OF["impact"])
    assert metrics(small_shop)["Mean"] == disclosure.hidden_text(5)
    assert metrics(small_shop)["Responses"] == disclosure.hidden_text(5)
    assert not small_shop.get("vega_lite_chart")
    text = every_step(small_shop)
    assert "1.00" not in text  # Impact's mean, from three respondents
    assert "n=3" not in text
    # Comments pass: the round has six respondents; shown as plain text, never as Markdown.
    go(small_shop, STEP_OF["trust"])
    assert MARKUP in [t.value for t in small_shop.text]
    assert not any("<script>" in m for m in markdown(small_shop))


def test_a_round_below_the_minimum_shows_no_number_and_no_comment(small_shop):
    small_shop.selectbox(key="round").set_value("2026 Q2").run()
    text = every_step(small_shop)
    assert "Remark 2026 Q2" not in text
    assert MARKUP not in text
    assert f"{disclosure.hidden_text(5)} in this round" in captions(go(small_shop, 1))
    for number in [1, *STEP_OF.values(), LAST_STEP]:
        shown = text_of(go(small_shop, number))
        assert "2.00" not in shown, number  # every dimension's mean, from four respondents
        assert "n=4" not in shown, number
        assert "→ 4" not in shown, number
    go(small_shop, STEP_OF["impact"])
    assert "its comments are not shown" in text_of(small_shop)
    # The matrix step shows the last session beside the round it discussed (Q1, six
    # respondents), never beside this one.
    go(small_shop, MATRIX_STEP)
    assert "#### Session held 01 Mar 2026, discussing round 2026 Q1" in markdown(small_shop)


# --- the overview, and a restart ---------------------------------------------------------------


def test_the_overview_lists_open_actions(app, demo_url):
    engine, network, _, _ = latest(demo_url)
    still_open = analysis.open_actions(engine, network.id)
    assert len(still_open) == 3
    # A table that wraps (no column cut off), each action with its words as typed.
    shown = next(t.value for t in app.table if "Action" in t.value.columns)  # no punctuation
    assert [as_read(a) for a in shown["Action"]] == still_open["what"].tolist()


def test_what_the_page_recorded_is_there_after_a_restart(shop, demo_url):
    go(shop, STEP_OF["trust"])
    shop.text_input(key="trust_action_what").input("Pair each new member with a buddy")
    submit(shop, "trust_action_form", "Record the action")
    dispose_engines()  # the server goes away...
    st.cache_data.clear()
    again = app_test()  # ...and a new one starts
    again.run()
    assert "Pair each new member with a buddy" in text_of(again)  # the Overview's open actions
    again.query_params["step"] = str(STEP_OF["trust"])
    again.switch_page(page("workshop.py")).run()
    assert any(t.value.startswith("Pair each new member with a buddy") for t in again.text)
